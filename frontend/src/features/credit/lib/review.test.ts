import { describe, expect, it } from 'vitest';
import type { ReviewItem } from '@/api/types';
import { ApiError } from '@/lib/api-error';
import { translate } from '@/lib/i18n';
import { buildMenu } from '@/lib/permissions';
import {
  batchCount,
  canDecide,
  canReview,
  canStart,
  conflictAtField,
  decisionsFor,
  gradeAgrees,
  gradesFor,
  initialValues,
  itemStatusFilter,
  latestReviewMonth,
  limitNeedsRequest,
  periodOk,
  prefill,
  proposalFilter,
  reasonSentence,
  reasonSentences,
  reviewBody,
  reviewMonthAllowed,
  reviewProgress,
  reviewsPoll,
  stepGrade,
  termsText,
  type GradeTerms,
} from './review';

const WAN = 1_000_000;
const GRADES: GradeTerms[] = [
  { grade: 'AAA', limit_fen: 500 * WAN, credit_period_days: 90 },
  { grade: 'AA', limit_fen: 300 * WAN, credit_period_days: 60 },
  { grade: 'A', limit_fen: 100 * WAN, credit_period_days: 30 },
  { grade: 'B', limit_fen: 50 * WAN, credit_period_days: 15 },
  { grade: 'C', limit_fen: 0, credit_period_days: 0 },
];

function item(over: Partial<ReviewItem> = {}): ReviewItem {
  return {
    id: 7,
    review_id: 3,
    review_month: '2026-12',
    period_from: '2026-06-01',
    period_to: '2026-11-30',
    customer_id: 11,
    customer_code: 'C0011',
    customer_name: '保定市明辉照明工程有限公司',
    office_name: '保定办事处',
    owner_name: '郑销售',
    grade: 'A',
    limit_fen: 80 * WAN,
    credit_period_days: 30,
    sales_fen: 90 * WAN,
    open_ar_fen: 72 * WAN,
    overdue_fen: 0,
    dso_days: 40,
    late_receivables: 0,
    worst_days_late: 0,
    broken_promises: 0,
    events: 0,
    severe_events: 0,
    utilisation_pct: 90,
    proposal: 'upgrade',
    proposed_grade: 'AA',
    proposed_limit_fen: 300 * WAN,
    proposed_period_days: 60,
    reasons: ['good_payment_high_use'],
    status: 'proposed',
    decision: null,
    new_grade: null,
    new_limit_fen: null,
    new_period_days: null,
    opinion: '',
    reviewed_by_name: null,
    reviewed_at: null,
    decided_by_name: null,
    decided_at: null,
    decision_note: '',
    applied_request_id: null,
    version: 0,
    ...over,
  };
}

const zh = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('zh-CN', key, params);
const en = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate('en', key, params);

describe('a campaign’s progress', () => {
  it('is the share gathered while generating, whole once gathered', () => {
    expect(reviewProgress({ status: 'generating', done: 1, total: 3 })).toBe(33);
    expect(reviewProgress({ status: 'generating', done: 0, total: 0 })).toBe(0);
    expect(reviewProgress({ status: 'generating', done: 5, total: 4 })).toBe(100);
    expect(reviewProgress({ status: 'open', done: 0, total: 10 })).toBe(100);
  });

  it('is read every 2 s while a campaign is being gathered', () => {
    expect(reviewsPoll([{ status: 'open' }, { status: 'generating' }])).toBe(2000);
    expect(reviewsPoll([{ status: 'open' }, { status: 'failed' }])).toBe(false);
    expect(reviewsPoll(undefined)).toBe(false);
  });
});

describe('review months', () => {
  it('are the policy’s months up to the current one', () => {
    expect(reviewMonthAllowed('2026-12', [6, 12], '2026-12-02')).toBe(true);
    expect(reviewMonthAllowed('2026-06', [6, 12], '2026-12-02')).toBe(true);
    expect(reviewMonthAllowed('2026-11', [6, 12], '2026-12-02')).toBe(false);
    expect(reviewMonthAllowed('2027-06', [6, 12], '2026-12-02')).toBe(false);
    expect(reviewMonthAllowed('2026-6', [6, 12], '2026-12-02')).toBe(false);
  });

  it('default to the latest one not after today', () => {
    expect(latestReviewMonth([6, 12], '2026-12-02')).toBe('2026-12');
    expect(latestReviewMonth([6, 12], '2026-11-30')).toBe('2026-06');
    expect(latestReviewMonth([6, 12], '2027-03-01')).toBe('2026-12');
    expect(latestReviewMonth([3], '2027-02-01')).toBe('2026-03');
    expect(latestReviewMonth([], '2027-02-01')).toBeNull();
  });
});

describe('grades', () => {
  it('step up and down one at a time, staying at the ends', () => {
    expect(stepGrade('A', 'up')).toBe('AA');
    expect(stepGrade('A', 'down')).toBe('B');
    expect(stepGrade('AAA', 'up')).toBe('AAA');
    expect(stepGrade('C', 'down')).toBe('C');
  });

  it('a decision allows: above to upgrade, below to downgrade, the same to keep', () => {
    expect(gradesFor('upgrade', 'A')).toEqual(['AAA', 'AA']);
    expect(gradesFor('downgrade', 'A')).toEqual(['B', 'C']);
    expect(gradesFor('keep', 'A')).toEqual(['A']);
    expect(gradeAgrees('upgrade', 'A', 'A')).toBe(false);
    expect(gradeAgrees('downgrade', 'AA', 'B')).toBe(true);
    expect(decisionsFor('AAA')).toEqual(['keep', 'downgrade']);
    expect(decisionsFor('C')).toEqual(['upgrade', 'keep']);
    expect(decisionsFor('B')).toEqual(['upgrade', 'keep', 'downgrade']);
  });
});

describe('the review form', () => {
  it('starts from the rules’ proposal, or from the review filled in', () => {
    expect(initialValues(item(), GRADES)).toEqual({ decision: 'upgrade', new_grade: 'AA', new_limit: '3000000', new_period_days: 60, opinion: '' });
    const reviewed = item({ status: 'reviewed', decision: 'keep', new_grade: 'A', new_limit_fen: 80 * WAN + 50, new_period_days: 30, opinion: '维持' });
    expect(initialValues(reviewed, GRADES)).toEqual({ decision: 'keep', new_grade: 'A', new_limit: '800000.50', new_period_days: 30, opinion: '维持' });
  });

  it('prefills a changed decision by the rules', () => {
    // Keep: as it is.
    expect(prefill(item(), 'keep', GRADES)).toEqual({ decision: 'keep', new_grade: 'A', new_limit: '800000', new_period_days: 30 });
    // Downgrade: one grade down, its default limit but never above the current one.
    expect(prefill(item(), 'downgrade', GRADES)).toEqual({ decision: 'downgrade', new_grade: 'B', new_limit: '500000', new_period_days: 15 });
    expect(prefill(item({ limit_fen: 20 * WAN }), 'downgrade', GRADES).new_limit).toBe('200000');
    // Upgrade from a keep proposal: one grade up, never below the current limit.
    const kept = item({ proposal: 'keep', proposed_grade: 'A', proposed_limit_fen: 80 * WAN, proposed_period_days: 30, limit_fen: 400 * WAN });
    expect(prefill(kept, 'upgrade', GRADES)).toEqual({ decision: 'upgrade', new_grade: 'AA', new_limit: '4000000', new_period_days: 60 });
    // An upgrade raises the limit at most to the GM's amount (a larger raise is a limit request).
    expect(prefill(item({ proposal: 'keep', limit_fen: 80 * WAN }), 'upgrade', GRADES, 100 * WAN).new_limit).toBe('1000000');
    expect(prefill(kept, 'upgrade', GRADES, 100 * WAN).new_limit).toBe('4000000');
    // The proposal itself: the server's figures.
    expect(prefill(kept, 'keep', GRADES)).toEqual({ decision: 'keep', new_grade: 'A', new_limit: '800000', new_period_days: 30 });
    // Without the policy's grades: the limit and period stay.
    expect(prefill(kept, 'upgrade', [])).toEqual({ decision: 'upgrade', new_grade: 'AA', new_limit: '4000000', new_period_days: 30 });
  });

  it('sends the limit in fen exactly and the opinion trimmed', () => {
    expect(reviewBody({ decision: 'upgrade', new_grade: 'AA', new_limit: '1,234,567.89', new_period_days: 60, opinion: '  回款及时 \n' }, 4)).toEqual({
      decision: 'upgrade',
      new_grade: 'AA',
      new_limit_fen: 123_456_789,
      new_period_days: 60,
      opinion: '回款及时',
      version: 4,
    });
    expect(reviewBody({ decision: 'keep', new_grade: 'A', new_limit: '0', new_period_days: null, opinion: 'x' }, 0).new_limit_fen).toBe(0);
    expect(() => reviewBody({ decision: 'keep', new_grade: 'A', new_limit: '12.345', new_period_days: 30, opinion: 'x' }, 0)).toThrow(RangeError);
    expect(() => reviewBody({ decision: 'keep', new_grade: 'A', new_limit: '', new_period_days: 30, opinion: 'x' }, 0)).toThrow(RangeError);
  });

  it('refuses a raised limit above the GM’s threshold, and periods outside 0–365 days', () => {
    const gm = 100 * WAN;
    expect(limitNeedsRequest(150 * WAN, 80 * WAN, gm)).toBe(true);
    expect(limitNeedsRequest(150 * WAN, 200 * WAN, gm)).toBe(false); // lowered
    expect(limitNeedsRequest(150 * WAN, 150 * WAN, gm)).toBe(false); // kept
    expect(limitNeedsRequest(100 * WAN, 80 * WAN, gm)).toBe(false); // at the threshold
    expect(limitNeedsRequest(900 * WAN, 80 * WAN, null)).toBe(false);
    expect(periodOk(0)).toBe(true);
    expect(periodOk(365)).toBe(true);
    expect(periodOk(366)).toBe(false);
    expect(periodOk(-1)).toBe(false);
    expect(periodOk(1.5)).toBe(false);
    expect(periodOk(null)).toBe(false);
  });
});

describe('the reasons', () => {
  it('are sentences with the item’s figures, in Chinese and English', () => {
    const x = item({ utilisation_pct: 92, worst_days_late: 75, late_receivables: 4, broken_promises: 2, severe_events: 1, grade: 'C' });
    expect(reasonSentence('good_payment_high_use', x, zh)).toBe('评审期内无逾期回款、无违约承诺，额度使用率达 92%，符合升级条件');
    expect(reasonSentence('late_payment', x, zh)).toContain('最长逾期 75 天');
    expect(reasonSentence('many_late', x, zh)).toContain('逾期应收账款 4 笔');
    expect(reasonSentence('broken_promises', x, en)).toBe('2 promises to pay were broken in the period: a downgrade');
    expect(reasonSentence('severe_event', x, en)).toContain('1 severe credit events');
    expect(reasonSentence('bottom_grade', x, zh)).toBe('达到降级条件，但已是最低等级 C，维持');
    expect(reasonSentence('top_grade', item({ grade: 'AAA' }), en)).toContain('AAA is the highest grade');
  });

  it('say that no rule applied when there is none', () => {
    expect(reasonSentences(item({ reasons: [] }), zh)).toEqual(['未触发升降级规则，维持现有等级、额度与信用期']);
    expect(reasonSentences(item({ reasons: ['late_payment', 'many_late'], worst_days_late: 61, late_receivables: 3 }), zh)).toHaveLength(2);
  });

  it('write terms as grade, limit in 万元 and days', () => {
    expect(termsText('AA', 300 * WAN, 60, zh, 'zh-CN')).toBe('AA · 300.00万元 · 60 天');
    expect(termsText('AA', 300 * WAN, 60, en, 'en')).toBe('AA · ¥300.00 × 10k · 60 days');
  });
});

describe('who does what', () => {
  const BUSINESS = ['credit_reviews.read', 'credit_reviews.write'];
  const VP = ['credit_reviews.read', 'credit_reviews.approve'];
  const SALES = ['credit_reviews.read'];

  it('the business department reviews until the VP has decided; the VP decides reviewed items', () => {
    expect(canReview({ status: 'proposed' }, BUSINESS)).toBe(true);
    expect(canReview({ status: 'reviewed' }, BUSINESS)).toBe(true);
    expect(canReview({ status: 'approved' }, BUSINESS)).toBe(false);
    expect(canReview({ status: 'proposed' }, VP)).toBe(false);
    expect(canDecide({ status: 'reviewed' }, VP)).toBe(true);
    expect(canDecide({ status: 'proposed' }, VP)).toBe(false);
    expect(canDecide({ status: 'reviewed' }, BUSINESS)).toBe(false);
    expect(canStart(BUSINESS)).toBe(true);
    expect(canStart(VP)).toBe(true);
    expect(canStart(SALES)).toBe(false);
  });

  it('lists the reviews in the credit menu for their readers', () => {
    const credit = (perms: string[]) => buildMenu(perms).flatMap((n) => (n.kind === 'group' && n.key === 'credit' ? n.pages.map((p) => p.key) : []));
    expect(credit(SALES)).toEqual(['creditReviews']);
    expect(credit(['credit_reviews.read', 'credit_training.read'])).toEqual(['creditReviews', 'creditTrainings']);
    expect(credit(['credit_training.read'])).toEqual(['creditTrainings']);
  });

  it('a batch approves the reviewed less the exceptions', () => {
    expect(batchCount(5, 2)).toBe(3);
    expect(batchCount(1, 3)).toBe(0);
  });
});

describe('filters and errors', () => {
  it('keep only known statuses and proposals from the URL', () => {
    expect(itemStatusFilter('reviewed')).toBe('reviewed');
    expect(itemStatusFilter('junk')).toBeUndefined();
    expect(itemStatusFilter(undefined)).toBeUndefined();
    expect(proposalFilter('downgrade')).toBe('downgrade');
    expect(proposalFilter('up')).toBeUndefined();
  });

  it('put a conflict without field errors at the field', () => {
    const conflict = new ApiError(409, { code: 'conflict.duplicate', title: 'Conflict', detail: 'the review of 2026-12 exists' });
    const moved = conflictAtField(conflict, 'review_month') as ApiError;
    expect(moved.status).toBe(409);
    expect(moved.fieldErrors).toEqual([{ field: 'review_month', code: 'duplicate', message: 'the review of 2026-12 exists' }]);
    const invalid = new ApiError(422, { code: 'validation.failed', errors: [{ field: 'review_month', code: 'out_of_range', message: 'm' }] });
    expect(conflictAtField(invalid, 'review_month')).toBe(invalid);
    const other = new Error('x');
    expect(conflictAtField(other, 'review_month')).toBe(other);
  });
});
