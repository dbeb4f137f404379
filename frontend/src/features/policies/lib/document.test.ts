import { describe, expect, it } from 'vitest';
import { translate, translateDynamic, type Lang } from '@/lib/i18n';
import { defaultDocument } from './default-document.fixture';
import {
  agingBuckets,
  cadence,
  changesCredit,
  creditGradeRows,
  creditLines,
  eligibilityLines,
  exposureRows,
  followUpRows,
  formatParam,
  forwardingLines,
  gradeRows,
  indicatorRows,
  levelHeadings,
  monthsList,
  paramLabel,
  percent,
  reportingRows,
  reviewLines,
  serviceLines,
  statementsLine,
  treatmentRows,
  wan,
  type Tr,
} from './document';

const tr = (lang: Lang): Tr => ({
  lang,
  t: (key, params) => translate(lang, key, params),
  td: (key, fallback, params) => translateDynamic(lang, key, params) ?? fallback ?? key,
});
const zh = tr('zh-CN');
const en = tr('en');

describe('units', () => {
  it('shows amounts in 万元 with only the decimals they need', () => {
    expect(wan(500_000_000, 'zh-CN')).toBe('500万元');
    expect(wan(12_500_000, 'zh-CN')).toBe('12.5万元');
    expect(wan(10_050_000, 'zh-CN')).toBe('10.05万元');
    expect(wan(1, 'zh-CN')).toBe('0.000001万元');
    expect(wan(0, 'zh-CN')).toBe('0万元');
    expect(wan(12_345_000_000, 'zh-CN')).toBe('12,345万元');
    expect(wan(500_000_000, 'en')).toBe('¥500 × 10k');
  });

  it('shows basis points as percentages', () => {
    expect(percent(1000)).toBe('10%');
    expect(percent(250)).toBe('2.5%');
    expect(percent(5)).toBe('0.05%');
    expect(percent(0)).toBe('0%');
    expect(percent(-50)).toBe('-0.5%');
  });

  it('names months, cadences and aging buckets', () => {
    expect(monthsList([6, 12], zh)).toBe('6月、12月');
    expect(monthsList([3, 6, 9, 12], en)).toBe('Mar, Jun, Sep, Dec');
    expect(monthsList([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], zh)).toBe('每月');
    expect(cadence(3, zh)).toBe('每季度');
    expect(cadence(6, zh)).toBe('每半年');
    expect(cadence(12, en)).toBe('yearly');
    expect(cadence(2, zh)).toBe('每 2 个月');
    expect(agingBuckets([30, 60, 90, 180, 365], zh)).toEqual(['0–30 天', '31–60 天', '61–90 天', '91–180 天', '181–365 天', '365 天以上']);
  });
});

describe('the measures’ tables of the default version', () => {
  const doc = defaultDocument();

  it('rating indicators: levels with their points, amounts in 万元, premiums in %', () => {
    expect(levelHeadings(doc, zh)).toEqual(['一档（25 分）', '二档（20 分）', '三档（15 分）', '四档（10 分）']);
    const rows = indicatorRows(doc, zh);
    expect(rows.map((r) => [r.indicator, ...r.levels])).toEqual([
      ['协议金额及回款', '≥ 500万元', '≥ 200万元', '≥ 50万元', '< 50万元'],
      ['年终应收账款', '≤ 10万元', '≤ 50万元', '≤ 100万元', '> 100万元'],
      ['协议溢价程度', '> 10%', '> 5%', '> 0%', '≤ 0%'],
      ['战略影响', '行业龙头', '关键地位', '一般', '零星'],
    ]);
    expect(rows[0]?.note).toBe('评分周期 12 个月内的协议金额；周期内有应收逾期超过 30 天的客户只能得四档。');
    expect(indicatorRows(doc, en)[0]?.levels[0]).toBe('≥ ¥500 × 10k');
  });

  it('grades and eligibility', () => {
    expect(gradeRows(doc, zh).map((g) => `${g.grade} ${g.name} ${g.rule}`)).toEqual([
      'A 重要客户 ≥ 85 分',
      'B 较重要客户 ≥ 70 分且 < 85 分',
      'C 一般性客户 < 70 分',
    ]);
    expect(eligibilityLines(doc, zh)).toEqual([
      '评分周期 12 个月（可选：6、12 个月）。',
      '首次成交距评级日不足 12 个月的客户定为 C 级（仍计算并显示得分）。',
      '正常业务不足 6 个月的客户不参加评级。',
      '评分周期（12 个月）内协议金额达到 300万元 时，系统建议列为大客户。',
    ]);
  });

  it('the treatment matrix, by shipping priority', () => {
    expect(treatmentRows(doc, zh).map((r) => [r.tier, r.priority, r.price, r.revisitBy, r.cadence])).toEqual([
      ['大客户 A 级', 1, '最优价格', '主管副总经理、业务部经理', '每季度'],
      ['大客户 B 级', 2, '较优价格', '主管副总经理、业务部经理', '每半年'],
      ['一般客户 A 级', 3, '较优价格', '业务部经理', '每年'],
      ['大客户 C 级', 4, '适当优惠', '业务部经理', '每年'],
      ['一般客户 B 级', 5, '适当优惠', '办事处主任', '每半年'],
      ['一般客户 C 级', 6, '标准价格', '办事处主任', '每年'],
    ]);
    const swapped = defaultDocument();
    swapped.treatment = swapped.treatment.map((tier, i) => (i === 0 ? { ...tier, shipping_priority: 3 } : i === 2 ? { ...tier, shipping_priority: 1 } : tier));
    expect(treatmentRows(swapped, zh)[0]?.tier).toBe('一般客户 A 级');
  });

  it('reporting months per grade and the forwarding days', () => {
    expect(reportingRows(doc, zh)).toEqual([
      { grade: 'A', months: '6月、12月' },
      { grade: 'B', months: '3月、6月、9月、12月' },
      { grade: 'C', months: '每月' },
    ]);
    expect(forwardingLines(doc, zh)[0]).toBe('业务员的报告月末交主管；主管在 3 个工作日内转交业务部经理。');
  });

  it('credit grades, exposure, follow-up and the credit rules', () => {
    expect(creditGradeRows(doc, zh)).toEqual([
      { grade: 'AAA', limit: '500万元', period: '90 天' },
      { grade: 'AA', limit: '300万元', period: '60 天' },
      { grade: 'A', limit: '100万元', period: '45 天' },
      { grade: 'B', limit: '30万元', period: '30 天' },
      { grade: 'C', limit: '不授信（款到发货）', period: '—' },
    ]);
    expect(exposureRows(doc, zh).map((e) => `${e.label}:${e.included}`)).toEqual([
      '应收账款余额:true',
      '已发货未开票金额:true',
      '已签合同未发货金额:true',
    ]);
    expect(followUpRows(doc, zh).map((f) => `${f.from} ${f.action}`)).toEqual([
      '逾期 7 天起 提醒',
      '逾期 30 天起 电话催收',
      '逾期 60 天起 发函催收',
      '逾期 90 天起 上门催收',
    ]);
    expect(Object.fromEntries(creditLines(doc, zh).map((l) => [l.key, l.value]))).toEqual({
      collection: '到期日后 90 天为正常收款期，之后转企划部追收。',
      aging: '0–30 天、31–60 天、61–90 天、91–180 天、181–365 天、365 天以上',
      review: '6月、12月',
      dealings: '每月 5 日前提交上月往来报告。',
      standard: '经营满 12 个月；没有逾期超过 90 天的应收账款；须有资信调查记录',
      vpRelease: '50万元以内由主管副总经理放行，超过由总经理放行。',
      gmLimit: '新额度超过100万元的申请，主管副总经理批准后还需总经理审批。',
      limitForms: '承兑汇票占用额度；信用证不占用额度；赊销始终占用，预付款和货到付款从不占用',
      instruments: '担保、信用保险、抵押',
      followUpAct: '催收任务开立后 3 个工作日内须有催收行动。',
      training: '凡涉及信用工作的人员，每 12 个月至少参加一次信用风险培训。',
      specialCover: '总经理批准的特殊合同，其发货检查不再计入该合同未发货金额',
      reviewDowngrade:
        '半年评审时，满足任一条件即建议降级：有应收账款逾期达 60 天及以上（已回款或仍未回款），或逾期应收账款达 3 笔，或违约付款承诺达 2 次，或评审期内记录了严重信用事件。',
      reviewUpgrade: '不降级时，逾期应收不超过 0 笔、违约承诺不超过 0 次，且应收余额不低于额度的 80%，建议升级；否则维持原等级。',
      statements: '每月第 1 个工作日，系统自动把上月对账单（附 .xlsx）邮件发送给有未结余额、且参加月度对账的客户。',
    });
    expect(serviceLines(doc, zh)[0]?.value).toBe('投诉在部门之间每次交接不超过 1 个工作日。');
  });
});

describe('parameter names and values', () => {
  const doc = defaultDocument();

  it('names every kind of parameter path', () => {
    expect(paramLabel('rating.grade_b_min_points', doc, zh)).toBe('B 级门槛（分）');
    expect(paramLabel('document.rating.grade_b_min_points', doc, zh)).toBe('B 级门槛（分）');
    expect(paramLabel('rating.level_points[1]', doc, zh)).toBe('二档分值');
    expect(paramLabel('rating.level_points', doc, zh)).toBe('各档分值');
    expect(paramLabel('rating.contract_amount_min_fen[0]', doc, zh)).toBe('协议金额一档下限');
    expect(paramLabel('treatment[2].price_level', doc, zh)).toBe('一般客户 A 级 · 价格水平');
    expect(paramLabel('treatment[2].price_level', doc, en)).toBe('General customer, grade A · Price level');
    expect(paramLabel('treatment', doc, zh)).toBe('分类客户待遇');
    expect(paramLabel('credit.grades[1].limit_fen', doc, zh)).toBe('信用等级 AA · 默认额度');
    expect(paramLabel('credit.follow_up[2].action', doc, zh)).toBe('催收跟进第 3 级 · 方式');
    expect(paramLabel('credit.follow_up[2]', doc, zh)).toBe('催收跟进第 3 级');
    expect(paramLabel('credit.aging_buckets_days[1]', doc, zh)).toBe('账龄分段第 2 个分界（天）');
    expect(paramLabel('reporting.report_months_b[1]', doc, zh)).toBe('B 级客户报告月份');
    expect(paramLabel('credit.vp_release_max_fen', doc, zh)).toBe('副总经理放行受阻发货的金额上限');
    expect(paramLabel('credit.standard.max_overdue_days', doc, zh)).toBe('信用标准：允许的最长逾期天数');
    expect(paramLabel('credit.training_every_months', doc, zh)).toBe('信用风险培训周期（月）');
    expect(paramLabel('credit.training_every_months', doc, en)).toBe('Credit-risk training at least every (months)');
    expect(paramLabel('credit.follow_up_act_working_days', doc, zh)).toBe('催收任务处理时限（工作日）');
    expect(paramLabel('credit.follow_up_act_working_days', doc, en)).toBe('Act on a follow-up task within (working days)');
    expect(paramLabel('credit.review.downgrade_late_receivables', doc, zh)).toBe('降级：逾期笔数达到');
    expect(paramLabel('document.credit.review.upgrade_min_utilisation_pct', doc, en)).toBe('Upgrade: utilisation of the limit at least (%)');
    expect(paramLabel('credit.review', doc, zh)).toBe('升降级评审规则');
    expect(paramLabel('something.new', doc, zh)).toBe('something.new');
  });

  it('formats values with their unit', () => {
    expect(formatParam('rating.grade_a_min_points', 88, zh)).toBe('88 分');
    expect(formatParam('rating.contract_amount_min_fen', [600_000_000, 200_000_000, 50_000_000], zh)).toBe('600万元 / 200万元 / 50万元');
    expect(formatParam('rating.premium_above_bp', [1200, 500, 0], zh)).toBe('12% / 5% / 0%');
    expect(formatParam('rating.level_points', [30, 20, 15, 10], zh)).toBe('30 分 / 20 分 / 15 分 / 10 分');
    expect(formatParam('credit.vp_release_max_fen', 80_000_000, zh)).toBe('80万元');
    expect(formatParam('credit.grades[0].limit_fen', 600_000_000, zh)).toBe('600万元');
    expect(formatParam('credit.grades[0].credit_period_days', 120, zh)).toBe('120 天');
    expect(formatParam('treatment[0].price_level', 'preferred', zh)).toBe('较优价格');
    expect(formatParam('treatment[0].revisit_roles', ['general_manager'], zh)).toBe('总经理');
    expect(formatParam('treatment[0].revisit_every_months', 6, zh)).toBe('每半年');
    expect(formatParam('reporting.report_months_a', [6, 12], zh)).toBe('6月、12月');
    expect(formatParam('reporting.supervisor_forward_working_days', 2, zh)).toBe('2 个工作日');
    expect(formatParam('credit.exposure.unshipped_contracts', false, zh)).toBe('否');
    expect(formatParam('credit.dealings_report_day', 10, zh)).toBe('10 日');
    expect(formatParam('credit.follow_up[4]', { days_overdue: 120, action: 'visit' }, zh)).toBe('逾期 120 天起：上门催收');
    expect(formatParam('credit.follow_up[4]', null, zh)).toBe('—');
    expect(formatParam('credit.aging_buckets_days', [30, 60], zh)).toBe('0–30 天、31–60 天、60 天以上');
    expect(formatParam('credit.review.upgrade_min_utilisation_pct', 75, zh)).toBe('75%');
    expect(formatParam('credit.review.downgrade_worst_days_late', 90, zh)).toBe('90 天');
    expect(formatParam('credit.review.downgrade_late_receivables', 4, zh)).toBe('4 笔');
    expect(formatParam('credit.review.upgrade_max_broken_promises', 1, zh)).toBe('1 次');
    expect(formatParam('credit.review.downgrade_on_severe_event', false, zh)).toBe('否');
  });

  it('shows the review rules as sentences, in the version and in a change against a version saved before them', () => {
    const base = defaultDocument().credit.review;
    if (!base) throw new Error('the default document has review rules');
    const rules = { ...base, downgrade_on_severe_event: false, upgrade_min_utilisation_pct: 60 };
    const lines = reviewLines(rules, en);
    expect(lines.map((l) => l.label)).toEqual(['Downgrade (credit review)', 'Upgrade (credit review)']);
    expect(lines[0]?.value).toBe(
      'The twice-yearly review proposes a downgrade when a receivable was paid, or is still open, 60 days or more after its due date, or 3 or more receivables were late, or 2 or more promises to pay were broken. A severe credit event alone does not downgrade.',
    );
    expect(lines[1]?.value).toContain('at least 60% of the limit');
    // A base without the rules: the change is the whole group, read as its sentences.
    expect(formatParam('credit.review', rules, zh)).toContain('严重信用事件不单独触发降级');
    expect(formatParam('credit.review', rules, zh)).toContain('不低于额度的 60%');
    // A version without the rules (never from this server) shows the others.
    const old = defaultDocument();
    delete old.credit.review;
    expect(creditLines(old, zh).map((l) => l.key)).not.toContain('reviewUpgrade');
  });

  it('names and shows the monthly statements (credit.statements), in the version and in a change against a version saved before them', () => {
    expect(paramLabel('credit.statements.run_working_day', doc, zh)).toBe('月度对账日（每月第几个工作日）');
    expect(paramLabel('document.credit.statements.monthly_run', doc, en)).toBe('Mail the statements every month');
    expect(paramLabel('credit.statements', doc, zh)).toBe('月度对账单');
    expect(formatParam('credit.statements.run_working_day', 3, zh)).toBe('第 3 个工作日');
    expect(formatParam('credit.statements.run_working_day', 3, en)).toBe('working day 3');
    expect(formatParam('credit.statements.monthly_run', false, zh)).toBe('否');
    expect(statementsLine({ monthly_run: true, run_working_day: 2 }, en)).toEqual({
      key: 'statements',
      label: 'Monthly statements',
      value: 'On working day 2 of each month, last month’s statement (with its .xlsx) is mailed to every customer with an open balance in the monthly run.',
    });
    expect(statementsLine({ monthly_run: false, run_working_day: 2 }, zh).value).toBe('不自动发送月度对账单，由财务部手动发起。');
    // A base without them: the change is the whole group, read as its sentence.
    expect(formatParam('credit.statements', { monthly_run: true, run_working_day: 5 }, zh)).toContain('每月第 5 个工作日');
    const old = defaultDocument();
    delete old.credit.statements;
    expect(creditLines(old, zh).map((l) => l.key)).not.toContain('statements');
  });

  it('tells whether the credit part changed', () => {
    expect(changesCredit([{ path: 'rating.grade_a_min_points' }])).toBe(false);
    expect(changesCredit([{ path: 'rating.grade_a_min_points' }, { path: 'credit.vp_release_max_fen' }])).toBe(true);
  });
});
