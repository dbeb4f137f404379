import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-error';
import { translate, translateDynamic, type Lang } from '@/lib/i18n';
import type { Tr } from './document';
import { defaultDocument } from './default-document.fixture';
import {
  allProblemFields,
  bpToPercentInput,
  errorProblems,
  fromEditor,
  generalError,
  listLengths,
  parsePercent,
  percentInputProblem,
  placeProblems,
  problemField,
  problemMessage,
  toEditor,
  wanInputProblem,
} from './editor';

const tr = (lang: Lang): Tr => ({
  lang,
  t: (key, params) => translate(lang, key, params),
  td: (key, fallback, params) => translateDynamic(lang, key, params) ?? fallback ?? key,
});
const zh = tr('zh-CN');
const en = tr('en');

describe('the form of a document', () => {
  it('holds amounts as 万元 and premiums as % text, and gives the same document back', () => {
    const doc = defaultDocument();
    const form = toEditor(doc);
    expect(form.rating.contract_amount_min_fen).toEqual(['500', '200', '50']);
    expect(form.rating.premium_above_bp).toEqual(['10', '5', '0']);
    expect(form.rating.big_customer_suggest_fen).toBe('300');
    expect(form.credit.grades[4]).toEqual({ grade: 'C', limit_fen: '0', credit_period_days: 0 });
    expect(form.credit.vp_release_max_fen).toBe('50');
    expect(form.credit.training_every_months).toBe(12);
    expect(fromEditor(form)).toEqual(doc);
  });

  it('reads a document saved before the training interval existed with the server default', () => {
    const doc = defaultDocument();
    delete doc.credit.training_every_months;
    const form = toEditor(doc);
    expect(form.credit.training_every_months).toBe(12);
    form.credit.training_every_months = 6;
    expect(fromEditor(form).credit.training_every_months).toBe(6);
  });

  it('reads a document saved before the follow-up deadline existed with the server default (3 working days)', () => {
    const doc = defaultDocument();
    expect(toEditor(doc).credit.follow_up_act_working_days).toBe(3);
    delete doc.credit.follow_up_act_working_days;
    const form = toEditor(doc);
    expect(form.credit.follow_up_act_working_days).toBe(3);
    form.credit.follow_up_act_working_days = 5;
    expect(fromEditor(form).credit.follow_up_act_working_days).toBe(5);
    const problem = { field: 'document.credit.follow_up_act_working_days', code: 'out_of_range', message: 'must be from 1 to 30' };
    expect(problemMessage(problem, zh)).toBe('须在 1 到 30 之间');
    expect(problemField(problem.field, listLengths(form))).toEqual(['document', 'credit', 'follow_up_act_working_days']);
  });

  it('says the training interval\'s range in the user\'s language', () => {
    const problem = { field: 'document.credit.training_every_months', code: 'out_of_range', message: 'must be from 1 to 60' };
    expect(problemMessage(problem, zh)).toBe('须在 1 到 60 之间');
    expect(problemField(problem.field, listLengths(toEditor(defaultDocument())))).toEqual(['document', 'credit', 'training_every_months']);
    // The other credit parameters the form edits take their problems too.
    expect(problemField('document.credit.gm_limit_above_fen', listLengths(toEditor(defaultDocument())))).toEqual(['document', 'credit', 'gm_limit_above_fen']);
  });

  it('edits the review rules (credit.review), reading a document saved before them with the server defaults', () => {
    const doc = defaultDocument();
    expect(toEditor(doc).credit.review).toEqual(doc.credit.review);
    delete doc.credit.review;
    const form = toEditor(doc);
    expect(form.credit.review).toEqual({
      upgrade_max_late_receivables: 0,
      upgrade_min_utilisation_pct: 80,
      upgrade_max_broken_promises: 0,
      downgrade_worst_days_late: 60,
      downgrade_late_receivables: 3,
      downgrade_broken_promises: 2,
      downgrade_on_severe_event: true,
    });
    form.credit.review.downgrade_worst_days_late = 90;
    form.credit.review.downgrade_on_severe_event = false;
    const back = fromEditor(form);
    expect(back.credit.review?.downgrade_worst_days_late).toBe(90);
    expect(back.credit.review?.downgrade_on_severe_event).toBe(false);
    // The form's copy is its own: editing it leaves the defaults alone.
    expect(toEditor(doc).credit.review?.downgrade_worst_days_late).toBe(60);
  });

  it('puts the review rules\' refusals at their fields, in the user\'s language', () => {
    const lengths = listLengths(toEditor(defaultDocument()));
    for (const f of [
      'upgrade_max_late_receivables',
      'upgrade_min_utilisation_pct',
      'upgrade_max_broken_promises',
      'downgrade_worst_days_late',
      'downgrade_late_receivables',
      'downgrade_broken_promises',
      'downgrade_on_severe_event',
    ]) {
      expect(problemField(`document.credit.review.${f}`, lengths)).toEqual(['document', 'credit', 'review', f]);
      expect(allProblemFields(lengths).map((n) => n.join('.'))).toContain(`document.credit.review.${f}`);
    }
    const range = { field: 'document.credit.review.downgrade_late_receivables', code: 'out_of_range', message: 'must be from 1 to 1000' };
    const above = { field: 'document.credit.review.downgrade_late_receivables', code: 'out_of_range', message: 'above the late receivables an upgrade allows' };
    const broken = { field: 'document.credit.review.downgrade_broken_promises', code: 'out_of_range', message: 'above the broken promises an upgrade allows' };
    expect(problemMessage(range, zh)).toBe('须在 1 到 1000 之间');
    expect(problemMessage(above, zh)).toBe('须大于升级允许的逾期笔数');
    expect(problemMessage(above, en)).toBe('Must be above the late receivables an upgrade allows');
    expect(problemMessage(broken, zh)).toBe('须大于升级允许的违约承诺次数');
    // A count of 0 breaks both rules: both messages at the one field, the parameter named in the list.
    const placed = placeProblems([range, above], defaultDocument(), lengths, zh);
    expect(placed.fields).toEqual([
      { name: ['document', 'credit', 'review', 'downgrade_late_receivables'], errors: ['须在 1 到 1000 之间', '须大于升级允许的逾期笔数'] },
    ]);
    expect(placed.list[0]?.label).toBe('降级：逾期笔数达到');
    expect(problemMessage({ field: 'document.credit.review.upgrade_min_utilisation_pct', code: 'out_of_range', message: 'must be from 0 to 1000' }, zh)).toBe(
      '须在 0 到 1000 之间',
    );
  });

  it('edits the monthly statements (credit.statements), reading a document saved before them with the server defaults', () => {
    const doc = defaultDocument();
    expect(toEditor(doc).credit.statements).toEqual({ monthly_run: true, run_working_day: 1 });
    delete doc.credit.statements;
    const form = toEditor(doc);
    expect(form.credit.statements).toEqual({ monthly_run: true, run_working_day: 1 });
    form.credit.statements.monthly_run = false;
    form.credit.statements.run_working_day = 3;
    expect(fromEditor(form).credit.statements).toEqual({ monthly_run: false, run_working_day: 3 });
    // The form's copy is its own: editing it leaves the defaults alone.
    expect(toEditor(doc).credit.statements).toEqual({ monthly_run: true, run_working_day: 1 });
  });

  it('puts the monthly statements\' refusals at their fields, in the user\'s language', () => {
    const lengths = listLengths(toEditor(defaultDocument()));
    for (const f of ['monthly_run', 'run_working_day']) {
      expect(problemField(`document.credit.statements.${f}`, lengths)).toEqual(['document', 'credit', 'statements', f]);
      expect(allProblemFields(lengths).map((n) => n.join('.'))).toContain(`document.credit.statements.${f}`);
    }
    const problem = { field: 'document.credit.statements.run_working_day', code: 'out_of_range', message: 'must be from 1 to 15' };
    expect(problemMessage(problem, zh)).toBe('须在 1 到 15 之间');
    expect(problemMessage(problem, en)).toBe('From 1 to 15');
    const placed = placeProblems([problem], defaultDocument(), lengths, zh);
    expect(placed.fields).toEqual([{ name: ['document', 'credit', 'statements', 'run_working_day'], errors: ['须在 1 到 15 之间'] }]);
    expect(placed.list[0]?.label).toBe('月度对账日（每月第几个工作日）');
  });

  it('converts typed values exactly and sends months in calendar order', () => {
    const form = toEditor(defaultDocument());
    form.rating.contract_amount_min_fen = ['600.5', '200', '0.000001'];
    form.rating.premium_above_bp = ['12.25', '5', '-0.5'];
    form.credit.vp_release_max_fen = '1,000';
    form.reporting.report_months_a = [12, 6];
    const doc = fromEditor(form);
    expect(doc.rating.contract_amount_min_fen).toEqual([600_500_000, 200_000_000, 1]);
    expect(doc.rating.premium_above_bp).toEqual([1225, 500, -50]);
    expect(doc.credit.vp_release_max_fen).toBe(1_000_000_000);
    expect(doc.reporting.report_months_a).toEqual([6, 12]);
  });

  it('checks typed amounts and percentages', () => {
    expect(wanInputProblem('500')).toBeNull();
    expect(wanInputProblem('')).toBe('required');
    expect(wanInputProblem('abc')).toBe('invalid');
    expect(wanInputProblem('-1')).toBe('negative');
    expect(wanInputProblem('1.1234567')).toBe('too_precise');
    expect(parsePercent('10%')).toEqual({ ok: true, bp: 1000 });
    expect(parsePercent('-0.25')).toEqual({ ok: true, bp: -25 });
    expect(percentInputProblem('1.234')).toBe('too_precise');
    expect(percentInputProblem('x')).toBe('invalid');
    expect(percentInputProblem(' ')).toBe('required');
    expect(bpToPercentInput(250)).toBe('2.5');
  });
});

describe('problems on the form', () => {
  const lengths = listLengths(toEditor(defaultDocument()));

  it('finds the field of a parameter', () => {
    expect(problemField('document.rating.grade_b_min_points', lengths)).toEqual(['document', 'rating', 'grade_b_min_points']);
    expect(problemField('document.rating.level_points[1]', lengths)).toEqual(['document', 'rating', 'level_points', 1]);
    expect(problemField('document.rating.contract_amount_min_fen[2]', lengths)).toEqual(['document', 'rating', 'contract_amount_min_fen', 2]);
    expect(problemField('document.credit.vp_release_max_fen', lengths)).toEqual(['document', 'credit', 'vp_release_max_fen']);
    expect(problemField('document.credit.standard.max_overdue_days', lengths)).toEqual(['document', 'credit', 'standard', 'max_overdue_days']);
    expect(problemField('effective_from', lengths)).toEqual(['effective_from']);
  });

  it('puts an element of a months picker on the picker', () => {
    expect(problemField('document.reporting.report_months_b[1]', lengths)).toEqual(['document', 'reporting', 'report_months_b']);
    expect(problemField('document.reporting.report_months_a', lengths)).toEqual(['document', 'reporting', 'report_months_a']);
    expect(problemField('document.rating.allowed_window_months[0]', lengths)).toEqual(['document', 'rating', 'allowed_window_months']);
  });

  it('puts a row’s problems on the row’s field, and problems of the whole list or a missing row on the list', () => {
    expect(problemField('document.treatment[1].shipping_priority', lengths)).toEqual(['document', 'treatment', 1, 'shipping_priority']);
    expect(problemField('document.treatment[0].revisit_roles', lengths)).toEqual(['document', 'treatment', 0, 'revisit_roles']);
    expect(problemField('document.treatment', lengths)).toEqual(['document', 'treatment']);
    expect(problemField('document.treatment[0].category', lengths)).toEqual(['document', 'treatment']);
    expect(problemField('document.treatment[9].shipping_priority', lengths)).toEqual(['document', 'treatment']);
    expect(problemField('document.credit.grades[1].limit_fen', lengths)).toEqual(['document', 'credit', 'grades', 1, 'limit_fen']);
    expect(problemField('document.credit.grades', lengths)).toEqual(['document', 'credit', 'grades']);
    expect(problemField('document.credit.follow_up[2]', lengths)).toEqual(['document', 'credit', 'follow_up', 2, 'days_overdue']);
    expect(problemField('document.credit.follow_up[2].days_overdue', lengths)).toEqual(['document', 'credit', 'follow_up', 2, 'days_overdue']);
    expect(problemField('document.credit.follow_up', lengths)).toEqual(['document', 'credit', 'follow_up']);
    expect(problemField('document.credit.aging_buckets_days[1]', lengths)).toEqual(['document', 'credit', 'aging_buckets_days', 1]);
    expect(problemField('document.credit.aging_buckets_days', lengths)).toEqual(['document', 'credit', 'aging_buckets_days']);
  });

  it('has no field for what the form does not edit', () => {
    expect(problemField('status', lengths)).toBeNull();
    expect(problemField('document.rating.unknown', lengths)).toBeNull();
    expect(problemField('version', lengths)).toBeNull();
  });

  it('knows every field a problem can land on, to clear old ones', () => {
    const all = allProblemFields(lengths).map((n) => n.join('.'));
    for (const field of [
      'document.rating.grade_b_min_points',
      'document.reporting.report_months_b[1]',
      'document.treatment[5].revisit_roles',
      'document.credit.follow_up[3]',
      'document.credit.aging_buckets_days[4]',
      'document.credit.grades',
      'effective_from',
    ]) {
      expect(all).toContain(problemField(field, lengths)?.join('.'));
    }
  });

  it('says what is wrong in the user’s language', () => {
    const p = (field: string, code: string, message = '') => ({ field, code, message });
    expect(problemMessage(p('document.rating.grade_b_min_points', 'policy.order'), zh)).toBe('B 级门槛须大于 0 且低于 A 级门槛');
    expect(problemMessage(p('document.rating.grade_b_min_points', 'policy.order'), en)).toBe('Grade B must start above 0 and below grade A');
    expect(problemMessage(p('document.rating.grade_a_min_points', 'out_of_range', 'must be from 1 to 100'), zh)).toBe('须在 1 到 100 之间');
    expect(problemMessage(p('document.rating.premium_above_bp[0]', 'out_of_range', 'must be from -10000 to 100000'), zh)).toBe('须在 -100% 到 1000% 之间');
    expect(problemMessage(p('document.credit.vp_release_max_fen', 'out_of_range', 'must be from 0 to 2305843009213693951'), zh)).toBe('不能为负数');
    expect(problemMessage(p('document.credit.grades[2].limit_fen', 'policy.order'), zh)).toBe('较低信用等级的额度不能高于上一等级');
    expect(problemMessage(p('document.treatment[1].shipping_priority', 'duplicate'), zh)).toBe('每个层级的发货优先级须不同');
    expect(problemMessage(p('document.reporting.report_months_b[1]', 'policy.order'), zh)).toBe('月份须为 1–12，且不能重复');
    expect(problemMessage(p('effective_from', 'required'), zh)).toBe('请设置生效日期');
    expect(problemMessage(p('effective_from', 'out_of_range'), zh)).toBe('生效日期不能早于今天');
    expect(problemMessage(p('document.rating.window_months', 'policy.not_allowed'), zh)).toBe('默认评分周期须是可选周期之一');
    // A code without a message of its own: the generic one.
    expect(problemMessage(p('document.service.complaint_handoff_working_days', 'invalid_type'), zh)).toBe('类型不正确');
  });

  it('places problems with the parameters’ names, one message per field', () => {
    const doc = defaultDocument();
    const placed = placeProblems(
      [
        { field: 'document.rating.grade_b_min_points', code: 'policy.order', message: 'x' },
        { field: 'document.reporting.report_months_b[1]', code: 'policy.order', message: 'x' },
        { field: 'document.reporting.report_months_b[2]', code: 'policy.order', message: 'x' },
        { field: 'status', code: 'policy.immutable', message: 'x' },
      ],
      doc,
      lengths,
      zh,
    );
    expect(placed.fields).toEqual([
      { name: ['document', 'rating', 'grade_b_min_points'], errors: ['B 级门槛须大于 0 且低于 A 级门槛'] },
      { name: ['document', 'reporting', 'report_months_b'], errors: ['月份须为 1–12，且不能重复'] },
    ]);
    expect(placed.list.map((l) => `${l.label}：${l.message}`)).toEqual([
      'B 级门槛（分）：B 级门槛须大于 0 且低于 A 级门槛',
      'B 级客户报告月份：月份须为 1–12，且不能重复',
      'B 级客户报告月份：月份须为 1–12，且不能重复',
      'status：该版本已提交或已结束，不能再修改',
    ]);
  });

  it('reads the field errors of a refused submission', () => {
    const refused = new ApiError(422, {
      code: 'validation.failed',
      errors: [{ field: 'effective_from', code: 'required', message: 'set the date' }],
    } as never);
    expect(errorProblems(refused)).toEqual([{ field: 'effective_from', code: 'required', message: 'set the date' }]);
    expect(generalError(refused, zh)).toBe('草稿还有问题，请按各参数旁的提示修正后再提交');
    const stale = new ApiError(409, { code: 'conflict.stale_version' } as never);
    expect(errorProblems(stale)).toEqual([]);
    expect(generalError(stale, zh)).toBe('该记录已被他人修改，请刷新后再试');
  });
});
