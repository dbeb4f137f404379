// What the credit review pages (信用升降级评审) work out from the API's answers: a campaign's progress
// and polling, the review months a campaign may be started for, grades one step up or down and
// the grades a decision allows, the review form's values prefilled from the rules (the grades'
// default limits and periods of the policy in force) and its body in fen, the reasons of the
// rules' proposal in words, and what the user may do with an item.
import {
  CREDIT_GRADES,
  REVIEW_ITEM_STATUSES,
  REVIEW_PROPOSALS,
  type CreditGrade,
  type CreditReview,
  type ReviewFormBody,
  type ReviewItem,
  type ReviewItemStatus,
  type ReviewProposal,
  type ReviewReason,
} from '@/api/types';
import { ApiError, isApiError } from '@/lib/api-error';
import { formatFenWan } from '@/lib/format';
import type { Lang, TFunction } from '@/lib/i18n';
import { fenToYuanInput, parseYuan } from '@/lib/money';
import { hasPermission, PERMISSIONS, type Permission } from '@/lib/permissions';

/** How often a campaign being gathered is read again (ms). */
export const POLL_MS = 2000;

/** Per cent of the customers gathered (0–100, whole): 100 once the campaign is no longer generating. */
export function reviewProgress(review: Pick<CreditReview, 'status' | 'done' | 'total'>): number {
  if (review.status !== 'generating') return 100;
  if (review.total <= 0) return 0;
  return Math.min(100, Math.floor((Math.max(0, review.done) * 100) / review.total));
}

/** Poll every 2 s while one of the campaigns is being gathered, else not at all. */
export function reviewsPoll(reviews: readonly Pick<CreditReview, 'status'>[] | undefined): number | false {
  return reviews?.some((r) => r.status === 'generating') ? POLL_MS : false;
}

// ---------------------------------------------------------------------------------------------
// Review months

/** `YYYY-MM` of a `YYYY-MM-DD` day. */
export function monthOf(day: string): string {
  return day.slice(0, 7);
}

/** Is `month` (`YYYY-MM`) one of the policy's review months and not after the current month? */
export function reviewMonthAllowed(month: string, reviewMonths: readonly number[], today: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m) return false;
  const mm = Number(m[2]);
  return mm >= 1 && mm <= 12 && reviewMonths.includes(mm) && month <= monthOf(today);
}

/** The latest review month not after the current one (`YYYY-MM`), or null without review months. */
export function latestReviewMonth(reviewMonths: readonly number[], today: string): string | null {
  const months = [...new Set(reviewMonths.filter((m) => Number.isInteger(m) && m >= 1 && m <= 12))];
  if (months.length === 0) return null;
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  for (let i = 0; i < 12; i += 1) {
    if (months.includes(month)) return `${year}-${String(month).padStart(2, '0')}`;
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Grades

/** 0 for AAA (the highest) … 4 for C. */
export function gradeRank(grade: CreditGrade): number {
  return CREDIT_GRADES.indexOf(grade);
}

/** One grade up (`up`) or down, staying at the top or the bottom. */
export function stepGrade(grade: CreditGrade, direction: 'up' | 'down'): CreditGrade {
  const i = gradeRank(grade) + (direction === 'up' ? -1 : 1);
  return CREDIT_GRADES[Math.min(CREDIT_GRADES.length - 1, Math.max(0, i))] ?? grade;
}

/** The grades a decision allows from `current`: above it for an upgrade, below for a downgrade, itself to keep. */
export function gradesFor(decision: ReviewProposal, current: CreditGrade): CreditGrade[] {
  const r = gradeRank(current);
  if (decision === 'upgrade') return CREDIT_GRADES.filter((g) => gradeRank(g) < r);
  if (decision === 'downgrade') return CREDIT_GRADES.filter((g) => gradeRank(g) > r);
  return [current];
}

/** Does `grade` agree with the decision (the server refuses it at `new_grade` otherwise)? */
export function gradeAgrees(decision: ReviewProposal, current: CreditGrade, grade: CreditGrade): boolean {
  return gradesFor(decision, current).includes(grade);
}

/** The decisions possible from a grade: no upgrade from the top, no downgrade from the bottom. */
export function decisionsFor(current: CreditGrade): ReviewProposal[] {
  return REVIEW_PROPOSALS.filter((d) => gradesFor(d, current).length > 0);
}

// ---------------------------------------------------------------------------------------------
// The review form

/** A grade's default limit and period in the policy in force. */
export interface GradeTerms {
  grade: CreditGrade;
  limit_fen: number;
  credit_period_days: number;
}

export interface ReviewValues {
  decision: ReviewProposal;
  new_grade: CreditGrade;
  /** The limit as typed, in 元. */
  new_limit: string;
  new_period_days: number | null;
  opinion: string;
}

/**
 * The form's values for a decision, as the rules would fill them: the rules' own proposal when the
 * decision is it; otherwise to keep the grade, limit and period as they are, and for a move one
 * grade up or down with that grade's default limit (never below the current limit on an upgrade,
 * never above it on a downgrade; an upgrade raises it at most to `raiseCapFen`, the GM's amount —
 * more is a limit request) and its default period. The opinion is left as it is.
 */
export function prefill(
  item: Pick<ReviewItem, 'grade' | 'limit_fen' | 'credit_period_days' | 'proposal' | 'proposed_grade' | 'proposed_limit_fen' | 'proposed_period_days'>,
  decision: ReviewProposal,
  grades: readonly GradeTerms[],
  raiseCapFen: number | null = null,
): Omit<ReviewValues, 'opinion'> {
  if (decision === item.proposal) {
    return { decision, new_grade: item.proposed_grade, new_limit: fenToYuanInput(item.proposed_limit_fen), new_period_days: item.proposed_period_days };
  }
  if (decision === 'keep') {
    return { decision, new_grade: item.grade, new_limit: fenToYuanInput(item.limit_fen), new_period_days: item.credit_period_days };
  }
  const grade = stepGrade(item.grade, decision === 'upgrade' ? 'up' : 'down');
  const terms = grades.find((g) => g.grade === grade);
  const raised = terms ? (raiseCapFen === null ? terms.limit_fen : Math.min(terms.limit_fen, raiseCapFen)) : item.limit_fen;
  const limit = terms ? (decision === 'upgrade' ? Math.max(item.limit_fen, raised) : Math.min(item.limit_fen, terms.limit_fen)) : item.limit_fen;
  return { decision, new_grade: grade, new_limit: fenToYuanInput(limit), new_period_days: terms ? terms.credit_period_days : item.credit_period_days };
}

/** The form's first values: the review filled in already, else the rules' proposal. */
export function initialValues(item: ReviewItem, grades: readonly GradeTerms[]): ReviewValues {
  if (item.decision && item.new_grade && item.new_limit_fen !== null && item.new_limit_fen !== undefined) {
    return {
      decision: item.decision,
      new_grade: item.new_grade,
      new_limit: fenToYuanInput(item.new_limit_fen),
      new_period_days: item.new_period_days ?? item.credit_period_days,
      opinion: item.opinion,
    };
  }
  return { ...prefill(item, item.proposal, grades), opinion: item.opinion };
}

/** The form's values as the API takes them: the limit in fen (exactly), the opinion trimmed. */
export function reviewBody(v: ReviewValues, version: number): ReviewFormBody {
  const limit = parseYuan(v.new_limit);
  if (!limit.ok || limit.fen === null) throw new RangeError(`not a limit in yuan: ${v.new_limit}`);
  return {
    decision: v.decision,
    new_grade: v.new_grade,
    new_limit_fen: limit.fen,
    new_period_days: v.new_period_days ?? 0,
    opinion: v.opinion.trim(),
    version,
  };
}

/**
 * A limit the review form cannot give (the server refuses it at `new_limit_fen`): above the GM's
 * threshold and higher than the current limit — that takes a limit request the GM decides.
 */
export function limitNeedsRequest(limitFen: number, currentFen: number, gmAboveFen: number | null | undefined): boolean {
  return gmAboveFen !== null && gmAboveFen !== undefined && limitFen > gmAboveFen && limitFen > currentFen;
}

// ---------------------------------------------------------------------------------------------
// Reasons

/** A reason of the rules' proposal in a sentence, with the item's figures. */
export function reasonSentence(reason: ReviewReason, item: Pick<ReviewItem, 'grade' | 'utilisation_pct' | 'late_receivables' | 'worst_days_late' | 'broken_promises' | 'severe_events'>, t: TFunction): string {
  switch (reason) {
    case 'good_payment_high_use':
      return t('review.reason.good_payment_high_use', { pct: item.utilisation_pct ?? 0 });
    case 'late_payment':
      return t('review.reason.late_payment', { days: item.worst_days_late });
    case 'many_late':
      return t('review.reason.many_late', { n: item.late_receivables });
    case 'broken_promises':
      return t('review.reason.broken_promises', { n: item.broken_promises });
    case 'severe_event':
      return t('review.reason.severe_event', { n: item.severe_events });
    case 'top_grade':
      return t('review.reason.top_grade', { grade: item.grade });
    case 'bottom_grade':
      return t('review.reason.bottom_grade', { grade: item.grade });
  }
}

/** Every reason in a sentence; none → that no rule applied (the grade is kept). */
export function reasonSentences(item: Parameters<typeof reasonSentence>[1] & Pick<ReviewItem, 'reasons'>, t: TFunction): string[] {
  return item.reasons.length === 0 ? [t('review.reason.none')] : item.reasons.map((r) => reasonSentence(r, item, t));
}

/** "AA · 300.00万元 · 60 天": a grade with its limit and period. */
export function termsText(grade: CreditGrade, limitFen: number, periodDays: number, t: TFunction, lang: Lang): string {
  return `${grade} · ${formatFenWan(limitFen, 2, lang)} · ${t('credit.days', { n: periodDays })}`;
}

// ---------------------------------------------------------------------------------------------
// Who does what

/** The business department fills the form while the VP has not decided. */
export function canReview(item: Pick<ReviewItem, 'status'>, permissions: readonly Permission[]): boolean {
  return hasPermission(permissions, PERMISSIONS.creditReviewsWrite) && (item.status === 'proposed' || item.status === 'reviewed');
}

/** The VP decides a reviewed item (the server refuses his own review). */
export function canDecide(item: Pick<ReviewItem, 'status'>, permissions: readonly Permission[]): boolean {
  return hasPermission(permissions, PERMISSIONS.creditReviewsApprove) && item.status === 'reviewed';
}

/** The VP and the business department start a campaign. */
export function canStart(permissions: readonly Permission[]): boolean {
  return hasPermission(permissions, PERMISSIONS.creditReviewsWrite) || hasPermission(permissions, PERMISSIONS.creditReviewsApprove);
}

/** How many reviewed items a batch approval approves with these exceptions (own reviews aside). */
export function batchCount(reviewed: number, exceptions: number): number {
  return Math.max(0, reviewed - exceptions);
}

// ---------------------------------------------------------------------------------------------
// Filters

export function itemStatusFilter(v: string | undefined): ReviewItemStatus | undefined {
  return (REVIEW_ITEM_STATUSES as readonly string[]).includes(v ?? '') ? (v as ReviewItemStatus) : undefined;
}

export function proposalFilter(v: string | undefined): ReviewProposal | undefined {
  return (REVIEW_PROPOSALS as readonly string[]).includes(v ?? '') ? (v as ReviewProposal) : undefined;
}

/** Days typed for a credit period: a whole number 0…365. */
export function periodOk(days: number | null | undefined): boolean {
  return days !== null && days !== undefined && Number.isInteger(days) && days >= 0 && days <= 365;
}

/**
 * A conflict (409) without field errors as a `duplicate` error at `field`, so a form shows it
 * there (a review month whose campaign exists); any other error as it is.
 */
export function conflictAtField(error: unknown, field: string): unknown {
  if (!isApiError(error) || error.status !== 409 || error.fieldErrors.length > 0) return error;
  return new ApiError(409, { code: error.code, title: error.message, detail: error.detail ?? undefined, errors: [{ field, code: 'duplicate', message: error.detail ?? error.message }] });
}
