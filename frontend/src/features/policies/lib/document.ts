// A policy document (管理办法参数) as the measures' tables read it: the rating indicators with
// their levels and points, the grades, the treatment matrix, reporting, credit and service — every
// amount in 万元, premiums in %, periods with their unit, names in the user's language. Also the
// readable name and value of one parameter (`rating.grade_a_min_points`, `treatment[2].price_level`)
// for the list of changes and the problems of a draft.
import type { CustomerCategory, CustomerGrade, PolicyDocument, PolicyTier, ReviewRules, Role, StatementRules } from '@/api/types';
import { apiFieldPath } from '@/lib/field-paths';
import { formatFenWan } from '@/lib/format';
import type { Lang, MessageKey, Params, TFunction } from '@/lib/i18n';

/** What the formatting needs from `useI18n()`. */
export interface Tr {
  t: TFunction;
  td: (key: string, fallback?: string, params?: Params) => string;
  lang: Lang;
}

const LEVEL_KEYS: readonly MessageKey[] = ['policy.level.1', 'policy.level.2', 'policy.level.3', 'policy.level.4'];

/** `0` → 一档 / Level 1. */
export function levelName(index: number, tr: Tr): string {
  const key = LEVEL_KEYS[index];
  return key ? tr.t(key) : String(index + 1);
}

/** Integer fen in 万元 with as few decimals as the amount needs: `500万元`, `12.5万元` / `¥500 × 10k`. */
export function wan(fen: number, lang: Lang): string {
  const abs = Math.abs(fen);
  const digits = abs % 1_000_000 === 0 ? 0 : abs % 10_000 === 0 ? 2 : abs % 100 === 0 ? 4 : 6;
  let text = formatFenWan(fen, digits, lang);
  // 12.50万元 → 12.5万元 (the digits are exact; trailing zeros of the decimals say nothing).
  if (digits > 0) text = text.replace(/(\.\d*?)0+(?=\D|$)/, '$1').replace(/\.(?=\D|$)/, '');
  return text;
}

/** Basis points as a percentage: `1000` → `10%`, `250` → `2.5%`, `-50` → `-0.5%`. */
export function percent(bp: number): string {
  const neg = bp < 0;
  const abs = Math.abs(Math.trunc(bp));
  const whole = Math.floor(abs / 100);
  const frac = (abs % 100).toString().padStart(2, '0').replace(/0+$/, '');
  return `${neg && abs !== 0 ? '-' : ''}${whole}${frac ? `.${frac}` : ''}%`;
}

/** Months of the year: `[6, 12]` → `6月、12月` / `Jun, Dec`; all twelve → 每月 / every month. */
export function monthsList(months: readonly number[], tr: Tr): string {
  if (months.length === 12 && months.every((m, i) => m === i + 1)) return tr.t('policy.months.every');
  if (months.length === 0) return tr.t('common.none');
  return months.map((m) => tr.td(`policy.month.${m}`, String(m))).join(tr.t('policy.listSeparator'));
}

/** A revisit or review cadence in months: 3 → 每季度, 6 → 每半年, 12 → 每年, else every N months. */
export function cadence(months: number, tr: Tr): string {
  const named: Partial<Record<number, MessageKey>> = {
    1: 'policy.cadence.monthly',
    3: 'policy.cadence.quarterly',
    6: 'policy.cadence.halfYearly',
    12: 'policy.cadence.yearly',
  };
  const key = named[months];
  return key ? tr.t(key) : tr.t('policy.cadence.months', { n: months });
}

/** The AR aging buckets from their upper ends: `[30, 60]` → `0–30 天`, `31–60 天`, `> 60 天`. */
export function agingBuckets(bounds: readonly number[], tr: Tr): string[] {
  const out: string[] = [];
  let from = 0;
  for (const b of bounds) {
    out.push(tr.t('policy.aging.range', { from, to: b }));
    from = b + 1;
  }
  const last = bounds.length > 0 ? bounds[bounds.length - 1] : 0;
  out.push(tr.t('policy.aging.over', { days: last ?? 0 }));
  return out;
}

/** 大客户 A 级 / Big customer, grade A. */
export function tierName(tier: { category: CustomerCategory; grade: CustomerGrade }, tr: Tr): string {
  return tr.t('policy.tier', { category: tr.td(`customers.category.${tier.category}`, tier.category), grade: tier.grade });
}

export function rolesText(roles: readonly Role[], tr: Tr): string {
  if (roles.length === 0) return tr.t('common.none');
  return roles.map((r) => tr.td(`role.${r}`, r)).join(tr.t('policy.listSeparator'));
}

// ---------------------------------------------------------------------------------------------
// The measures' tables.

export interface IndicatorRow {
  key: 'contract' | 'receivables' | 'premium' | 'strategic';
  indicator: string;
  /** The condition of levels 1–4. */
  levels: [string, string, string, string];
  note: string | null;
}

/** 客户评分指标: four indicators, each with the conditions of its four levels. */
export function indicatorRows(doc: PolicyDocument, tr: Tr): IndicatorRow[] {
  const r = doc.rating;
  const w = (fen: number | undefined) => wan(fen ?? 0, tr.lang);
  const [c1, c2, c3] = r.contract_amount_min_fen;
  const [r1, r2, r3] = r.receivables_max_fen;
  const [p1 = 0, p2 = 0, p3 = 0] = r.premium_above_bp;
  return [
    {
      key: 'contract',
      indicator: tr.t('policy.indicator.contract'),
      levels: [`≥ ${w(c1)}`, `≥ ${w(c2)}`, `≥ ${w(c3)}`, `< ${w(c3)}`],
      note: tr.t('policy.indicator.contractNote', { months: r.window_months, days: r.overdue_grace_days }),
    },
    {
      key: 'receivables',
      indicator: tr.t('policy.indicator.receivables'),
      levels: [`≤ ${w(r1)}`, `≤ ${w(r2)}`, `≤ ${w(r3)}`, `> ${w(r3)}`],
      note: tr.t('policy.indicator.receivablesNote'),
    },
    {
      key: 'premium',
      indicator: tr.t('policy.indicator.premium'),
      levels: [`> ${percent(p1)}`, `> ${percent(p2)}`, `> ${percent(p3)}`, `≤ ${percent(p3)}`],
      note: tr.t('policy.indicator.premiumNote', { months: r.window_months }),
    },
    {
      key: 'strategic',
      indicator: tr.t('policy.indicator.strategic'),
      levels: [tr.t('policy.strategic.1'), tr.t('policy.strategic.2'), tr.t('policy.strategic.3'), tr.t('policy.strategic.4')],
      note: tr.t('policy.indicator.strategicNote'),
    },
  ];
}

/** The column headings of the indicator table: 一档（25 分）… */
export function levelHeadings(doc: PolicyDocument, tr: Tr): string[] {
  return doc.rating.level_points.map((points, i) => tr.t('policy.levelPoints', { level: levelName(i, tr), points }));
}

export interface GradeRow {
  grade: CustomerGrade;
  name: string;
  rule: string;
}

/** 分级标准: A ≥ 85 分, B ≥ 70 分, C below. */
export function gradeRows(doc: PolicyDocument, tr: Tr): GradeRow[] {
  const { grade_a_min_points: a, grade_b_min_points: b } = doc.rating;
  return [
    { grade: 'A', name: tr.t('policy.grade.A'), rule: tr.t('policy.grade.atLeast', { points: a }) },
    { grade: 'B', name: tr.t('policy.grade.B'), rule: tr.t('policy.grade.between', { from: b, to: a }) },
    { grade: 'C', name: tr.t('policy.grade.C'), rule: tr.t('policy.grade.below', { points: b }) },
  ];
}

/** 评级资格: the rules around the score. */
export function eligibilityLines(doc: PolicyDocument, tr: Tr): string[] {
  const r = doc.rating;
  return [
    tr.t('policy.eligibility.window', {
      months: r.window_months,
      allowed: r.allowed_window_months.join(tr.t('policy.listSeparator')),
    }),
    tr.t('policy.eligibility.newCustomer', { months: r.new_customer_months }),
    tr.t('policy.eligibility.minBusiness', { months: r.min_business_months }),
    tr.t('policy.eligibility.bigSuggest', { amount: wan(r.big_customer_suggest_fen, tr.lang), months: r.window_months }),
  ];
}

export interface TreatmentRow {
  key: string;
  tier: string;
  priority: number;
  price: string;
  revisitBy: string;
  cadence: string;
}

/** 分类客户享有待遇: one row per tier (category × grade), by shipping priority. */
export function treatmentRows(doc: PolicyDocument, tr: Tr): TreatmentRow[] {
  return doc.treatment
    .map((tier: PolicyTier) => ({
      key: `${tier.category}-${tier.grade}`,
      tier: tierName(tier, tr),
      priority: tier.shipping_priority,
      price: tr.td(`policy.price.${tier.price_level}`, tier.price_level),
      revisitBy: rolesText(tier.revisit_roles, tr),
      cadence: cadence(tier.revisit_every_months, tr),
    }))
    .sort((x, y) => x.priority - y.priority);
}

export interface ReportingRow {
  grade: CustomerGrade;
  months: string;
}

/** 定期书面汇报: the months with a report due at month end, by grade. */
export function reportingRows(doc: PolicyDocument, tr: Tr): ReportingRow[] {
  const p = doc.reporting;
  return [
    { grade: 'A', months: monthsList(p.report_months_a, tr) },
    { grade: 'B', months: monthsList(p.report_months_b, tr) },
    { grade: 'C', months: monthsList(p.report_months_c, tr) },
  ];
}

export function forwardingLines(doc: PolicyDocument, tr: Tr): string[] {
  const p = doc.reporting;
  return [
    tr.t('policy.reporting.supervisorForward', { days: p.supervisor_forward_working_days }),
    tr.t('policy.reporting.managerForward', { days: p.manager_forward_working_days }),
    tr.t('policy.reporting.vpPasses'),
  ];
}

export interface CreditGradeRow {
  grade: string;
  limit: string;
  period: string;
}

/** 信用等级: each grade's default limit and credit period. */
export function creditGradeRows(doc: PolicyDocument, tr: Tr): CreditGradeRow[] {
  return doc.credit.grades.map((g) => ({
    grade: g.grade,
    limit: g.limit_fen === 0 ? tr.t('policy.credit.cashOnly') : wan(g.limit_fen, tr.lang),
    period: g.credit_period_days === 0 ? tr.t('common.none') : tr.t('policy.unit.days', { n: g.credit_period_days }),
  }));
}

export const EXPOSURE_PARTS = ['open_receivables', 'shipped_not_invoiced', 'unshipped_contracts'] as const;
export type ExposurePart = (typeof EXPOSURE_PARTS)[number];

export function exposureRows(doc: PolicyDocument, tr: Tr): { part: ExposurePart; label: string; included: boolean }[] {
  return EXPOSURE_PARTS.map((part) => ({ part, label: tr.t(`policy.exposure.${part}`), included: doc.credit.exposure[part] }));
}

export function followUpRows(doc: PolicyDocument, tr: Tr): { key: number; from: string; action: string }[] {
  return doc.credit.follow_up.map((f, i) => ({
    key: i,
    from: tr.t('policy.followUp.from', { days: f.days_overdue }),
    action: tr.td(`policy.action.${f.action}`, f.action),
  }));
}

/** Security instrument kinds by name (信用担保 counted toward the limit); none: a dash. */
export function instrumentsText(kinds: readonly string[], tr: Tr): string {
  if (kinds.length === 0) return tr.t('policy.credit.noInstruments');
  return kinds.map((k) => tr.td(`credit.instruments.kind.${k}`, k)).join(tr.t('policy.listSeparator'));
}

/** 升降级评审规则 as two sentences: when the review proposes a downgrade, and when an upgrade. */
export function reviewLines(r: ReviewRules, tr: Tr): { key: 'reviewDowngrade' | 'reviewUpgrade'; label: string; value: string }[] {
  const conditions = [
    tr.t('policy.credit.reviewWorstLate', { days: r.downgrade_worst_days_late }),
    tr.t('policy.credit.reviewLateCount', { n: r.downgrade_late_receivables }),
    tr.t('policy.credit.reviewBrokenCount', { n: r.downgrade_broken_promises }),
    ...(r.downgrade_on_severe_event ? [tr.t('policy.credit.reviewSevere')] : []),
  ];
  const downgrade = tr.t('policy.credit.reviewDowngrade', { conditions: conditions.join(tr.t('policy.credit.reviewOr')) });
  return [
    {
      key: 'reviewDowngrade',
      label: tr.t('policy.credit.reviewDowngradeLabel'),
      value: r.downgrade_on_severe_event ? downgrade : tr.t('policy.credit.reviewSevereIgnored', { sentence: downgrade }),
    },
    {
      key: 'reviewUpgrade',
      label: tr.t('policy.credit.reviewUpgradeLabel'),
      value: tr.t('policy.credit.reviewUpgrade', {
        late: r.upgrade_max_late_receivables,
        broken: r.upgrade_max_broken_promises,
        pct: r.upgrade_min_utilisation_pct,
      }),
    },
  ];
}

/** 月度对账单 as a sentence: on which working day the schedule mails last month's statements, or that it does not. */
export function statementsLine(r: StatementRules, tr: Tr): { key: 'statements'; label: string; value: string } {
  return {
    key: 'statements',
    label: tr.t('policy.param.credit.statements'),
    value: r.monthly_run ? tr.t('policy.credit.statementsRun', { day: r.run_working_day }) : tr.t('policy.credit.statementsManual'),
  };
}

/** The single-number rules of the credit part, as sentences. */
export function creditLines(doc: PolicyDocument, tr: Tr): { key: string; label: string; value: string }[] {
  const k = doc.credit;
  return [
    { key: 'collection', label: tr.t('policy.param.credit.normal_collection_days'), value: tr.t('policy.credit.collection', { days: k.normal_collection_days }) },
    { key: 'aging', label: tr.t('policy.param.credit.aging_buckets_days'), value: agingBuckets(k.aging_buckets_days, tr).join(tr.t('policy.listSeparator')) },
    { key: 'review', label: tr.t('policy.param.credit.review_months'), value: monthsList(k.review_months, tr) },
    { key: 'dealings', label: tr.t('policy.param.credit.dealings_report_day'), value: tr.t('policy.credit.dealingsDay', { day: k.dealings_report_day }) },
    {
      key: 'standard',
      label: tr.t('policy.credit.standard'),
      value: [
        tr.t('policy.credit.standardMonths', { months: k.standard.min_months_in_business }),
        tr.t('policy.credit.standardOverdue', { days: k.standard.max_overdue_days }),
        tr.t(k.standard.investigation_required ? 'policy.credit.standardInvestigation' : 'policy.credit.standardNoInvestigation'),
      ].join(tr.t('policy.sentenceSeparator')),
    },
    { key: 'vpRelease', label: tr.t('policy.param.credit.vp_release_max_fen'), value: tr.t('policy.credit.vpRelease', { amount: wan(k.vp_release_max_fen, tr.lang) }) },
    ...(k.gm_limit_above_fen !== undefined
      ? [{ key: 'gmLimit', label: tr.t('policy.param.credit.gm_limit_above_fen'), value: tr.t('policy.credit.gmLimit', { amount: wan(k.gm_limit_above_fen, tr.lang) }) }]
      : []),
    ...(k.limit_forms
      ? [
          {
            key: 'limitForms',
            label: tr.t('policy.credit.limitForms'),
            value: [
              tr.t(k.limit_forms.acceptance_bill ? 'policy.credit.formCounts' : 'policy.credit.formNotCounted', { form: tr.t('contracts.creditForm.acceptance_bill') }),
              tr.t(k.limit_forms.letter_of_credit ? 'policy.credit.formCounts' : 'policy.credit.formNotCounted', { form: tr.t('contracts.creditForm.letter_of_credit') }),
              tr.t('policy.credit.formsNever'),
            ].join(tr.t('policy.sentenceSeparator')),
          },
        ]
      : []),
    ...(k.counted_instruments
      ? [
          {
            key: 'instruments',
            label: tr.t('policy.param.credit.counted_instruments'),
            value: instrumentsText(k.counted_instruments, tr),
          },
        ]
      : []),
    ...(k.follow_up_act_working_days !== undefined
      ? [
          {
            key: 'followUpAct',
            label: tr.t('policy.param.credit.follow_up_act_working_days'),
            value: tr.t('policy.credit.followUpAct', { days: k.follow_up_act_working_days }),
          },
        ]
      : []),
    ...(k.training_every_months !== undefined
      ? [{ key: 'training', label: tr.t('policy.param.credit.training_every_months'), value: tr.t('policy.credit.training', { months: k.training_every_months }) }]
      : []),
    ...(k.special_contracts_cover_shipments !== undefined
      ? [
          {
            key: 'specialCover',
            label: tr.t('policy.param.credit.special_contracts_cover_shipments'),
            value: tr.t(k.special_contracts_cover_shipments ? 'policy.credit.specialCovers' : 'policy.credit.specialNotCovers'),
          },
        ]
      : []),
    ...(k.review ? reviewLines(k.review, tr) : []),
    ...(k.statements ? [statementsLine(k.statements, tr)] : []),
  ];
}

export function serviceLines(doc: PolicyDocument, tr: Tr): { key: string; label: string; value: string }[] {
  return [
    {
      key: 'complaint',
      label: tr.t('policy.param.service.complaint_handoff_working_days'),
      value: tr.t('policy.service.handoff', { days: doc.service.complaint_handoff_working_days }),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// One parameter by its path: its readable name and value.

type Segment = string | number;

/** `credit.grades[1].limit_fen` → `['credit', 'grades', 1, 'limit_fen']`. */
export function parsePath(path: string): Segment[] {
  return apiFieldPath(path);
}

/** The dotted name of a path without its indexes: `credit.grades[1].limit_fen` → `credit.grades.limit_fen`. */
export function pathKey(path: string | Segment[]): string {
  const segs = typeof path === 'string' ? parsePath(path) : path;
  return segs.filter((s) => typeof s === 'string').join('.');
}

const TUPLE_PARAMS: Record<string, MessageKey> = {
  'rating.level_points': 'policy.param.rating.level_points.item',
  'rating.contract_amount_min_fen': 'policy.param.rating.contract_amount_min_fen.item',
  'rating.receivables_max_fen': 'policy.param.rating.receivables_max_fen.item',
  'rating.premium_above_bp': 'policy.param.rating.premium_above_bp.item',
};

/**
 * A parameter's name in the user's language: `rating.grade_a_min_points` → A 级门槛（分）,
 * `treatment[2].price_level` → 一般客户 A 级 · 价格水平 (the tier named from `doc`),
 * `credit.grades[1].limit_fen` → 信用等级 AA · 默认额度. Unknown paths stay as they are.
 */
export function paramLabel(path: string, doc: PolicyDocument | null | undefined, tr: Tr): string {
  const segs = parsePath(path.replace(/^document\./, ''));
  const [head, second, third, fourth] = segs;
  const key = pathKey(segs);
  const named = (k: string) => tr.td(`policy.param.${k}`, path);

  if (head === 'treatment') {
    if (typeof second !== 'number') return named('treatment');
    const tier = doc?.treatment[second];
    const tierText = tier ? tierName(tier, tr) : tr.t('policy.param.treatment.item', { n: second + 1 });
    return typeof third === 'string' ? `${tierText} · ${named(`treatment.${third}`)}` : tierText;
  }
  if (head === 'credit' && second === 'grades') {
    if (typeof third !== 'number') return named('credit.grades');
    const grade = doc?.credit.grades[third]?.grade ?? String(third + 1);
    const gradeText = tr.t('policy.param.credit.grades.item', { grade });
    return typeof fourth === 'string' ? `${gradeText} · ${named(`credit.grades.${fourth}`)}` : gradeText;
  }
  if (head === 'credit' && second === 'follow_up') {
    if (typeof third !== 'number') return named('credit.follow_up');
    const levelText = tr.t('policy.param.credit.follow_up.item', { n: third + 1 });
    return typeof fourth === 'string' ? `${levelText} · ${named(`credit.follow_up.${fourth}`)}` : levelText;
  }
  if (head === 'credit' && second === 'aging_buckets_days' && typeof third === 'number') {
    return tr.t('policy.param.credit.aging_buckets_days.item', { n: third + 1 });
  }
  const tuple = TUPLE_PARAMS[key];
  const index = segs[segs.length - 1];
  if (tuple && typeof index === 'number') return tr.t(tuple, { level: levelName(index, tr) });
  // Months and other lists: the list's name, whichever element is meant.
  return named(key);
}

/** The unit of a single value, by the parameter's last name. */
function formatScalar(name: string, value: unknown, tr: Tr): string {
  if (value === null || value === undefined) return tr.t('common.none');
  if (typeof value === 'boolean') return tr.t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'number') {
    if (name.endsWith('_fen')) return wan(value, tr.lang);
    if (name.endsWith('_bp')) return percent(value);
    if (name === 'revisit_every_months') return cadence(value, tr);
    if (name.endsWith('working_days')) return tr.t('policy.unit.workingDays', { n: value });
    if (name.endsWith('_days') || name === 'days_overdue') return tr.t('policy.unit.days', { n: value });
    if (name.endsWith('_months')) return tr.t('policy.unit.months', { n: value });
    if (name.endsWith('_points') || name === 'level_points') return tr.t('policy.unit.points', { n: value });
    if (name === 'dealings_report_day') return tr.t('policy.unit.dayOfMonth', { n: value });
    if (name === 'run_working_day') return tr.t('policy.unit.workingDayOfMonth', { n: value });
    if (name.endsWith('_pct')) return `${value}%`;
    if (name.endsWith('_days_late')) return tr.t('policy.unit.days', { n: value });
    if (name.endsWith('_late_receivables')) return tr.t('policy.unit.count', { n: value });
    if (name.endsWith('_broken_promises')) return tr.t('policy.unit.times', { n: value });
    return String(value);
  }
  if (typeof value === 'string') {
    if (name === 'price_level') return tr.td(`policy.price.${value}`, value);
    if (name === 'action') return tr.td(`policy.action.${value}`, value);
    if (name === 'category') return tr.td(`customers.category.${value}`, value);
    return value;
  }
  return JSON.stringify(value);
}

const MONTH_LISTS = new Set(['report_months_a', 'report_months_b', 'report_months_c', 'review_months']);

/**
 * A parameter's value as the changes list shows it: amounts in 万元, premiums in %, months as
 * names, roles by name, a follow-up level or a credit grade as a phrase. `null` (an element that
 * was added or removed) is a dash.
 */
export function formatParam(path: string, value: unknown, tr: Tr): string {
  const segs = parsePath(path.replace(/^document\./, ''));
  const names = segs.filter((s): s is string => typeof s === 'string');
  const name = names[names.length - 1] ?? '';
  if (value === null || value === undefined) return tr.t('common.none');
  if (Array.isArray(value)) {
    if (MONTH_LISTS.has(name)) return monthsList(value as number[], tr);
    if (name === 'revisit_roles') return rolesText(value as Role[], tr);
    if (name === 'counted_instruments') return instrumentsText(value as string[], tr);
    if (name === 'aging_buckets_days') return agingBuckets(value as number[], tr).join(tr.t('policy.listSeparator'));
    if (name === 'allowed_window_months') return (value as number[]).map((m) => formatScalar('window_months', m, tr)).join(tr.t('policy.listSeparator'));
    return value.map((v) => formatScalar(name, v, tr)).join(' / ');
  }
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (name === 'follow_up' && typeof o.days_overdue === 'number') {
      return `${tr.t('policy.followUp.from', { days: o.days_overdue })}：${formatScalar('action', o.action, tr)}`;
    }
    if (name === 'grades' && typeof o.grade === 'string') {
      return `${o.grade} ${formatScalar('limit_fen', o.limit_fen, tr)} / ${formatScalar('credit_period_days', o.credit_period_days, tr)}`;
    }
    if (name === 'treatment' && typeof o.category === 'string' && typeof o.grade === 'string') {
      return tierName({ category: o.category as CustomerCategory, grade: o.grade as CustomerGrade }, tr);
    }
    // The whole rules, against a base version saved before they existed.
    if (name === 'review' && typeof o.downgrade_worst_days_late === 'number') {
      return reviewLines(o as unknown as ReviewRules, tr)
        .map((l) => l.value)
        .join(' ');
    }
    if (name === 'statements' && typeof o.run_working_day === 'number') return statementsLine(o as unknown as StatementRules, tr).value;
    return JSON.stringify(value);
  }
  return formatScalar(name, value, tr);
}

/** Which part of the document a change or problem belongs to (the credit part needs the GM too). */
export function sectionOf(path: string): 'rating' | 'treatment' | 'reporting' | 'credit' | 'service' | 'other' {
  const head = parsePath(path.replace(/^document\./, ''))[0];
  return head === 'rating' || head === 'treatment' || head === 'reporting' || head === 'credit' || head === 'service' ? head : 'other';
}

/** Does any of these changes touch the credit part (so the GM decides after the VP)? */
export function changesCredit(changes: readonly { path: string }[]): boolean {
  return changes.some((c) => sectionOf(c.path) === 'credit');
}
