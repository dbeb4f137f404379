// The draft editor's form: the document with amounts typed in 万元 and premiums in %, converted
// exactly to fen and basis points (lib/money, string arithmetic); the server's `problems` and a
// submission's 422 errors (`document.rating.grade_b_min_points`, `effective_from`) put on the form
// field of the parameter they name, with a message in the user's language.
import type { PolicyDocument, PolicyTier, ReviewRules, StatementRules } from '@/api/types';
import { ApiError, type FieldProblem } from '@/lib/api-error';
import { errorMessage, fieldErrorMessage } from '@/lib/errors';
import type { MessageKey } from '@/lib/i18n';
import { fenToWanInput, parseWan, wanToFen, type YuanProblem } from '@/lib/money';
import { paramLabel, parsePath, pathKey, percent, type Tr } from './document';

/** The document as the form holds it: the API's names, amounts as 万元 text, premiums as % text. */
export interface EditorDocument {
  rating: Omit<PolicyDocument['rating'], 'contract_amount_min_fen' | 'receivables_max_fen' | 'premium_above_bp' | 'big_customer_suggest_fen'> & {
    contract_amount_min_fen: string[];
    receivables_max_fen: string[];
    premium_above_bp: string[];
    big_customer_suggest_fen: string;
  };
  treatment: PolicyTier[];
  reporting: PolicyDocument['reporting'];
  credit: Omit<
    PolicyDocument['credit'],
    | 'grades'
    | 'vp_release_max_fen'
    | 'gm_limit_above_fen'
    | 'limit_forms'
    | 'counted_instruments'
    | 'special_contracts_cover_shipments'
    | 'training_every_months'
    | 'follow_up_act_working_days'
    | 'review'
    | 'statements'
  > & {
    grades: { grade: PolicyDocument['credit']['grades'][number]['grade']; limit_fen: string; credit_period_days: number }[];
    vp_release_max_fen: string;
    gm_limit_above_fen: string;
    limit_forms: NonNullable<PolicyDocument['credit']['limit_forms']>;
    counted_instruments: NonNullable<PolicyDocument['credit']['counted_instruments']>;
    special_contracts_cover_shipments: boolean;
    training_every_months: number;
    follow_up_act_working_days: number;
    review: ReviewRules;
    statements: StatementRules;
  };
  service: PolicyDocument['service'];
}

export interface EditorValues {
  effective_from: string | null;
  note: string;
  document: EditorDocument;
}

// ---------------------------------------------------------------------------------------------
// Premiums in %.

export type PercentParse = { ok: true; bp: number | null } | { ok: false; problem: 'invalid' | 'too_precise' };

/** `"10"` → 1000 bp, `"2.5"` → 250, `"-0.25"` → -25; at most two decimals (one basis point). */
export function parsePercent(text: string | null | undefined): PercentParse {
  const s = (text ?? '').trim().replace(/%$/, '').trim();
  if (s === '') return { ok: true, bp: null };
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) return { ok: false, problem: 'invalid' };
  const [, sign = '', whole = '', frac = ''] = m;
  if (whole === '' && frac === '') return { ok: false, problem: 'invalid' };
  if (frac.length > 2) return { ok: false, problem: 'too_precise' };
  if (whole.length > 9) return { ok: false, problem: 'invalid' };
  const abs = Number(whole || '0') * 100 + Number(frac.padEnd(2, '0'));
  return { ok: true, bp: sign === '-' && abs !== 0 ? -abs : abs };
}

/** 1000 bp → `"10"`, 250 → `"2.5"`. */
export function bpToPercentInput(bp: number): string {
  return percent(bp).replace(/%$/, '');
}

function bpOf(text: string): number {
  const r = parsePercent(text);
  if (!r.ok || r.bp === null) throw new RangeError(`not a percentage: ${text}`);
  return r.bp;
}

function fenOf(text: string): number {
  const fen = wanToFen(text);
  if (fen === null) throw new RangeError('an amount is missing');
  return fen;
}

// ---------------------------------------------------------------------------------------------
// Document ↔ form.

/** The server's defaults of the credit parameters a document may lack (docs/policy-parameters.md). */
const DEFAULT_GM_LIMIT_ABOVE_FEN = 100 * 1_000_000;
const DEFAULT_LIMIT_FORMS = { acceptance_bill: true, letter_of_credit: false };
const DEFAULT_TRAINING_EVERY_MONTHS = 12;
const DEFAULT_FOLLOW_UP_ACT_WORKING_DAYS = 3;
/** The review rules of a document saved before they existed (backend ReviewRules::default). */
export const DEFAULT_REVIEW_RULES: Readonly<ReviewRules> = {
  upgrade_max_late_receivables: 0,
  upgrade_min_utilisation_pct: 80,
  upgrade_max_broken_promises: 0,
  downgrade_worst_days_late: 60,
  downgrade_late_receivables: 3,
  downgrade_broken_promises: 2,
  downgrade_on_severe_event: true,
};
/** The monthly statement run of a document saved before it existed (backend StatementRules::default). */
export const DEFAULT_STATEMENT_RULES: Readonly<StatementRules> = { monthly_run: true, run_working_day: 1 };
const DEFAULT_COUNTED_INSTRUMENTS: NonNullable<PolicyDocument['credit']['counted_instruments']> = ['guarantee', 'credit_insurance', 'mortgage'];

export function toEditor(doc: PolicyDocument): EditorDocument {
  return {
    rating: {
      ...doc.rating,
      contract_amount_min_fen: doc.rating.contract_amount_min_fen.map(fenToWanInput),
      receivables_max_fen: doc.rating.receivables_max_fen.map(fenToWanInput),
      premium_above_bp: doc.rating.premium_above_bp.map(bpToPercentInput),
      big_customer_suggest_fen: fenToWanInput(doc.rating.big_customer_suggest_fen),
      level_points: [...doc.rating.level_points],
      allowed_window_months: [...doc.rating.allowed_window_months],
    },
    treatment: doc.treatment.map((t) => ({ ...t, revisit_roles: [...t.revisit_roles] })),
    reporting: {
      ...doc.reporting,
      report_months_a: [...doc.reporting.report_months_a],
      report_months_b: [...doc.reporting.report_months_b],
      report_months_c: [...doc.reporting.report_months_c],
    },
    credit: {
      ...doc.credit,
      grades: doc.credit.grades.map((g) => ({ grade: g.grade, limit_fen: fenToWanInput(g.limit_fen), credit_period_days: g.credit_period_days })),
      exposure: { ...doc.credit.exposure },
      follow_up: doc.credit.follow_up.map((f) => ({ ...f })),
      aging_buckets_days: [...doc.credit.aging_buckets_days],
      review_months: [...doc.credit.review_months],
      standard: { ...doc.credit.standard },
      vp_release_max_fen: fenToWanInput(doc.credit.vp_release_max_fen),
      // A document saved before these parameters existed reads with the server's defaults.
      gm_limit_above_fen: fenToWanInput(doc.credit.gm_limit_above_fen ?? DEFAULT_GM_LIMIT_ABOVE_FEN),
      limit_forms: { ...(doc.credit.limit_forms ?? DEFAULT_LIMIT_FORMS) },
      counted_instruments: [...(doc.credit.counted_instruments ?? DEFAULT_COUNTED_INSTRUMENTS)],
      special_contracts_cover_shipments: doc.credit.special_contracts_cover_shipments ?? true,
      training_every_months: doc.credit.training_every_months ?? DEFAULT_TRAINING_EVERY_MONTHS,
      follow_up_act_working_days: doc.credit.follow_up_act_working_days ?? DEFAULT_FOLLOW_UP_ACT_WORKING_DAYS,
      review: { ...(doc.credit.review ?? DEFAULT_REVIEW_RULES) },
      statements: { ...(doc.credit.statements ?? DEFAULT_STATEMENT_RULES) },
    },
    service: { ...doc.service },
  };
}

const sortedMonths = (months: readonly number[]) => [...months].sort((a, b) => a - b);

/**
 * The form → the API's document. The form's own rules make sure every amount and percentage
 * reads (a RangeError here means a value slipped past them). Months chosen in a picker are sent
 * in calendar order.
 */
export function fromEditor(e: EditorDocument): PolicyDocument {
  return {
    rating: {
      ...e.rating,
      contract_amount_min_fen: e.rating.contract_amount_min_fen.map(fenOf),
      receivables_max_fen: e.rating.receivables_max_fen.map(fenOf),
      premium_above_bp: e.rating.premium_above_bp.map(bpOf),
      big_customer_suggest_fen: fenOf(e.rating.big_customer_suggest_fen),
      allowed_window_months: sortedMonths(e.rating.allowed_window_months),
    },
    treatment: e.treatment.map((t) => ({ ...t })),
    reporting: {
      ...e.reporting,
      report_months_a: sortedMonths(e.reporting.report_months_a),
      report_months_b: sortedMonths(e.reporting.report_months_b),
      report_months_c: sortedMonths(e.reporting.report_months_c),
    },
    credit: {
      ...e.credit,
      grades: e.credit.grades.map((g) => ({ grade: g.grade, limit_fen: fenOf(g.limit_fen), credit_period_days: g.credit_period_days })),
      follow_up: e.credit.follow_up.map((f) => ({ ...f })),
      aging_buckets_days: [...e.credit.aging_buckets_days],
      review_months: sortedMonths(e.credit.review_months),
      vp_release_max_fen: fenOf(e.credit.vp_release_max_fen),
      gm_limit_above_fen: fenOf(e.credit.gm_limit_above_fen),
      limit_forms: { ...e.credit.limit_forms },
      counted_instruments: [...e.credit.counted_instruments],
      review: { ...e.credit.review },
      statements: { ...e.credit.statements },
    },
    service: { ...e.service },
  };
}

/** What is wrong with a typed 万元 amount, for the form's rule; null when it reads. */
export function wanInputProblem(text: string | null | undefined): YuanProblem | 'required' | null {
  const r = parseWan(text);
  if (!r.ok) return r.problem;
  return r.fen === null ? 'required' : null;
}

export function percentInputProblem(text: string | null | undefined): 'invalid' | 'too_precise' | 'required' | null {
  const r = parsePercent(text);
  if (!r.ok) return r.problem;
  return r.bp === null ? 'required' : null;
}

// ---------------------------------------------------------------------------------------------
// Problems → form fields.

export type NamePath = (string | number)[];

/** Parameters edited as one picker of several values: an element's problem is the picker's. */
const PICKERS = new Set([
  'rating.allowed_window_months',
  'reporting.report_months_a',
  'reporting.report_months_b',
  'reporting.report_months_c',
  'credit.review_months',
  'credit.counted_instruments',
]);

/** Fixed-length parameters with one input per level. */
const TUPLES: Record<string, number> = {
  'rating.level_points': 4,
  'rating.contract_amount_min_fen': 3,
  'rating.receivables_max_fen': 3,
  'rating.premium_above_bp': 3,
};

/**
 * Lists edited row by row: the editable fields of a row, and the field an ordering problem of a
 * whole row (`credit.follow_up[2]`) is shown at. `null` fields: the rows are single inputs.
 */
const LISTS: Record<string, { fields: readonly string[] | null; rowField: string | null }> = {
  treatment: { fields: ['shipping_priority', 'price_level', 'revisit_roles', 'revisit_every_months'], rowField: null },
  'credit.grades': { fields: ['limit_fen', 'credit_period_days'], rowField: 'limit_fen' },
  'credit.follow_up': { fields: ['days_overdue', 'action'], rowField: 'days_overdue' },
  'credit.aging_buckets_days': { fields: null, rowField: null },
};

/** Single-value parameters (an input each). */
const SCALARS = new Set([
  'rating.window_months',
  'rating.overdue_grace_days',
  'rating.grade_a_min_points',
  'rating.grade_b_min_points',
  'rating.new_customer_months',
  'rating.min_business_months',
  'rating.big_customer_suggest_fen',
  'reporting.supervisor_forward_working_days',
  'reporting.manager_forward_working_days',
  'credit.exposure.open_receivables',
  'credit.exposure.shipped_not_invoiced',
  'credit.exposure.unshipped_contracts',
  'credit.normal_collection_days',
  'credit.dealings_report_day',
  'credit.standard.min_months_in_business',
  'credit.standard.max_overdue_days',
  'credit.standard.investigation_required',
  'credit.vp_release_max_fen',
  'credit.gm_limit_above_fen',
  'credit.limit_forms.acceptance_bill',
  'credit.limit_forms.letter_of_credit',
  'credit.special_contracts_cover_shipments',
  'credit.training_every_months',
  'credit.follow_up_act_working_days',
  'credit.review.upgrade_max_late_receivables',
  'credit.review.upgrade_min_utilisation_pct',
  'credit.review.upgrade_max_broken_promises',
  'credit.review.downgrade_worst_days_late',
  'credit.review.downgrade_late_receivables',
  'credit.review.downgrade_broken_promises',
  'credit.review.downgrade_on_severe_event',
  'credit.statements.monthly_run',
  'credit.statements.run_working_day',
  'service.complaint_handoff_working_days',
]);

/** The rows the form has now, per list (a problem about a row the form no longer has goes to the list). */
export type ListLengths = Partial<Record<keyof typeof LISTS, number>>;

export function listLengths(e: EditorDocument | undefined): ListLengths {
  return {
    treatment: e?.treatment?.length ?? 0,
    'credit.grades': e?.credit?.grades?.length ?? 0,
    'credit.follow_up': e?.credit?.follow_up?.length ?? 0,
    'credit.aging_buckets_days': e?.credit?.aging_buckets_days?.length ?? 0,
  };
}

/**
 * The form field a problem's path names, or null when the form has no place for it:
 * `document.rating.grade_b_min_points` → `['document', 'rating', 'grade_b_min_points']`,
 * `document.reporting.report_months_b[1]` → the months picker, `document.credit.follow_up[2]` → that
 * row's days, `document.treatment` → the treatment list itself, `effective_from` → the date.
 */
export function problemField(field: string, lengths: ListLengths): NamePath | null {
  if (field === 'effective_from' || field === 'note') return [field];
  if (!field.startsWith('document.')) return null;
  const segs = parsePath(field.slice('document.'.length));
  const key = pathKey(segs);
  const doc = (rest: NamePath): NamePath => ['document', ...rest];

  for (const [list, spec] of Object.entries(LISTS)) {
    const listSegs = list.split('.');
    if (!listSegs.every((s, i) => segs[i] === s)) continue;
    const index = segs[listSegs.length];
    const sub = segs[listSegs.length + 1];
    const rows = lengths[list] ?? 0;
    if (typeof index !== 'number' || index >= rows) return doc(listSegs);
    if (spec.fields === null) return segs.length === listSegs.length + 1 ? doc([...listSegs, index]) : doc(listSegs);
    if (sub === undefined) return spec.rowField ? doc([...listSegs, index, spec.rowField]) : doc(listSegs);
    if (typeof sub === 'string' && spec.fields.includes(sub) && segs.length === listSegs.length + 2) return doc([...listSegs, index, sub]);
    // Fields a row does not edit (a tier's category and grade, a credit grade's name).
    return doc(listSegs);
  }
  if (PICKERS.has(key)) return doc(key.split('.'));
  const size = TUPLES[key];
  if (size !== undefined) {
    const last = segs[segs.length - 1];
    const index = typeof last === 'number' && last < size ? last : 0;
    return doc([...key.split('.'), index]);
  }
  if (SCALARS.has(key) && segs.every((s) => typeof s === 'string')) return doc(key.split('.'));
  return null;
}

/** Every form field a problem can land on (to clear the previous problems before showing new ones). */
export function allProblemFields(lengths: ListLengths): NamePath[] {
  const out: NamePath[] = [['effective_from'], ['note']];
  for (const p of PICKERS) out.push(['document', ...p.split('.')]);
  for (const [t, size] of Object.entries(TUPLES)) for (let i = 0; i < size; i += 1) out.push(['document', ...t.split('.'), i]);
  for (const s of SCALARS) out.push(['document', ...s.split('.')]);
  for (const [list, spec] of Object.entries(LISTS)) {
    const listSegs = list.split('.');
    out.push(['document', ...listSegs]);
    for (let i = 0; i < (lengths[list] ?? 0); i += 1) {
      if (spec.fields === null) out.push(['document', ...listSegs, i]);
      else for (const f of spec.fields) out.push(['document', ...listSegs, i, f]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Problem messages.

/** Messages for `<code>` at a parameter (by its name without indexes) more precise than the code's. */
const MESSAGES: Record<string, Partial<Record<string, MessageKey>>> = {
  'policy.order': {
    'rating.level_points': 'policy.problem.levelPointsOrder',
    'rating.grade_b_min_points': 'policy.problem.gradeBOrder',
    'rating.contract_amount_min_fen': 'policy.problem.contractOrder',
    'rating.receivables_max_fen': 'policy.problem.receivablesOrder',
    'rating.premium_above_bp': 'policy.problem.premiumOrder',
    'rating.new_customer_months': 'policy.problem.newCustomerOrder',
    'reporting.report_months_a': 'policy.problem.monthsOrder',
    'reporting.report_months_b': 'policy.problem.monthsOrder',
    'reporting.report_months_c': 'policy.problem.monthsOrder',
    'credit.review_months': 'policy.problem.monthsOrder',
    'credit.grades.limit_fen': 'policy.problem.creditLimitOrder',
    'credit.follow_up': 'policy.problem.followUpOrder',
    'credit.aging_buckets_days': 'policy.problem.agingOrder',
  },
  'policy.tiers': {
    treatment: 'policy.problem.tiers',
    'credit.grades': 'policy.problem.creditGrades',
  },
  'policy.not_allowed': {
    'rating.window_months': 'policy.problem.windowNotAllowed',
  },
  'policy.immutable': {
    status: 'policy.problem.immutable',
  },
  duplicate: {
    'treatment.shipping_priority': 'policy.problem.priorityDuplicate',
  },
  required: {
    'treatment.revisit_roles': 'policy.problem.revisitRolesRequired',
    'rating.allowed_window_months': 'policy.problem.windowsRequired',
    'reporting.report_months_a': 'policy.problem.monthsRequired',
    'reporting.report_months_b': 'policy.problem.monthsRequired',
    'reporting.report_months_c': 'policy.problem.monthsRequired',
    'credit.review_months': 'policy.problem.monthsRequired',
    'credit.follow_up': 'policy.problem.followUpRequired',
    'credit.aging_buckets_days': 'policy.problem.agingRequired',
    effective_from: 'policy.problem.effectiveFromRequired',
  },
  out_of_range: {
    effective_from: 'policy.problem.effectiveFromPast',
  },
  too_long: {
    note: 'policy.problem.noteTooLong',
  },
  unknown: {
    based_on: 'policy.problem.basedOnUnknown',
  },
};

/**
 * Refusals of a parameter that must exceed another one (the server's code is `out_of_range`, its
 * message says the relation rather than a range): a downgrade count above what an upgrade allows.
 */
const ABOVE_OTHER: Record<string, MessageKey> = {
  'credit.review.downgrade_late_receivables': 'policy.problem.reviewLateAbove',
  'credit.review.downgrade_broken_promises': 'policy.problem.reviewBrokenAbove',
};

/** The largest amount of a range that means "no upper limit" on the server (i64::MAX / 4 fen). */
const UNBOUNDED = 1e15;

/** A problem in the user's language; ranges of the server's message are kept (in % for premiums). */
export function problemMessage(p: FieldProblem, tr: Tr): string {
  const field = p.field.replace(/^document\./, '');
  const key = pathKey(field);
  const specific = MESSAGES[p.code]?.[key];
  if (specific) return tr.t(specific);
  if (p.code === 'out_of_range') {
    const m = /from (-?\d+) to (-?\d+)/.exec(p.message ?? '');
    if (m) {
      const lo = Number(m[1]);
      const hi = Number(m[2]);
      if (key.endsWith('_fen') || hi >= UNBOUNDED) return tr.t(lo >= 0 ? 'policy.problem.notNegative' : 'fieldError.out_of_range');
      if (key.endsWith('_bp')) return tr.t('policy.problem.range', { lo: percent(lo), hi: percent(hi) });
      return tr.t('policy.problem.range', { lo, hi });
    }
    const above = ABOVE_OTHER[key];
    if (above) return tr.t(above);
  }
  return fieldErrorMessage(tr.lang, p.code, p.message);
}

export interface PlacedProblems {
  /** Messages per form field (its name path joined by dots as the key). */
  fields: { name: NamePath; errors: string[] }[];
  /** Every problem with its parameter's name, for the list above the form. */
  list: { field: string; label: string; message: string; name: NamePath | null }[];
}

/** Puts a draft's problems (or a 422's field errors) on the form's fields. */
export function placeProblems(problems: readonly FieldProblem[], doc: PolicyDocument | null | undefined, lengths: ListLengths, tr: Tr): PlacedProblems {
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const list: PlacedProblems['list'] = [];
  for (const p of problems) {
    const message = problemMessage(p, tr);
    const name = problemField(p.field, lengths);
    const label =
      p.field === 'effective_from'
        ? tr.t('policy.effectiveFrom')
        : p.field === 'note'
          ? tr.t('policy.note')
          : p.field.startsWith('document.')
            ? paramLabel(p.field, doc, tr)
            : p.field;
    list.push({ field: p.field, label, message, name });
    if (!name) continue;
    const k = name.join('.');
    const entry = byField.get(k) ?? { name, errors: [] };
    if (!entry.errors.includes(message)) entry.errors.push(message);
    byField.set(k, entry);
  }
  return { fields: [...byField.values()], list };
}

/** The field errors of a failed save or submission (422), or none; other errors say it in general. */
export function errorProblems(error: unknown): FieldProblem[] {
  return error instanceof ApiError && error.status === 422 ? error.fieldErrors : [];
}

/** What to say above the form about a failed call whose field errors are placed on the form. */
export function generalError(error: unknown, tr: Tr): string {
  if (error instanceof ApiError && error.status === 422 && error.fieldErrors.length > 0) {
    const immutable = error.fieldErrors.find((f) => f.code === 'policy.immutable');
    return immutable ? tr.t('policy.problem.immutable') : tr.t('policy.submitRefused');
  }
  return errorMessage(tr.lang, error);
}
