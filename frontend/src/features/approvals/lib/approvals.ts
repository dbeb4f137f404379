// What the approvals pages need to know beyond the API's answers.
import type { ApprovalKind, ApprovalStatus } from '@/api/types';
import { PERMISSIONS, type Permission } from '@/lib/permissions';

/**
 * Permissions that make a user a decider of some kind of request (each kind adds its own):
 * borrowing (business manager and above), policy versions (the VP; the GM for the credit part),
 * rating runs (the VP).
 */
export const DECIDER_PERMISSIONS: readonly Permission[] = [
  PERMISSIONS.dossierBorrowingApprove,
  PERMISSIONS.policyVersionsApprove,
  PERMISSIONS.ratingRunsApprove,
];

export function isDecider(permissions: readonly Permission[]): boolean {
  return DECIDER_PERMISSIONS.some((p) => permissions.includes(p));
}

export const STATUS_COLORS: Record<ApprovalStatus, string> = {
  pending: 'processing',
  approved: 'success',
  rejected: 'error',
  cancelled: 'default',
};

export interface BorrowingPayload {
  days: number | null;
  reason: string;
}

/** A policy version to approve (管理办法修订, or its credit part for the GM). */
export interface PolicyPayload {
  versionId: number | null;
  number: number | null;
  effectiveFrom: string | null;
}

const POLICY_KINDS: readonly ApprovalKind[] = ['policy_version', 'credit_policy'];

const KNOWN_FIELDS: Record<ApprovalKind, readonly string[]> = {
  dossier_borrowing: ['days', 'reason'],
  policy_version: ['policy_version_id', 'number', 'effective_from'],
  credit_policy: ['policy_version_id', 'number', 'effective_from'],
  rating_run: ['rating_run_id', 'rating_date', 'customers'],
};

/** A rating run to approve (客户评级): its results are what the VP reads. */
export interface RatingRunPayload {
  runId: number | null;
  ratingDate: string | null;
  customers: number | null;
}

function record(payload: unknown): Record<string, unknown> {
  return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
}

const positiveInt = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);

/** The policy version a request of a policy kind is about; null for other kinds. */
export function policyOf(kind: ApprovalKind, payload: unknown): PolicyPayload | null {
  if (!POLICY_KINDS.includes(kind)) return null;
  const p = record(payload);
  return {
    versionId: positiveInt(p.policy_version_id),
    number: positiveInt(p.number),
    effectiveFrom: typeof p.effective_from === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(p.effective_from) ? p.effective_from : null,
  };
}

/** The rating run a request of kind `rating_run` is about; null for other kinds. */
export function ratingRunOf(kind: ApprovalKind, payload: unknown): RatingRunPayload | null {
  if (kind !== 'rating_run') return null;
  const p = record(payload);
  return {
    runId: positiveInt(p.rating_run_id),
    ratingDate: typeof p.rating_date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(p.rating_date) ? p.rating_date : null,
    customers: typeof p.customers === 'number' && Number.isSafeInteger(p.customers) && p.customers >= 0 ? p.customers : null,
  };
}

/**
 * The placeholders of a request's title in the user's language (`approvals.kindTitle.<kind>`):
 * the version number of a policy version, the date and customers of a rating run. Null when the
 * title cannot be made from them (then the server's title is shown).
 */
export function titleParams(kind: ApprovalKind, payload: unknown): Record<string, string | number> | null {
  const run = ratingRunOf(kind, payload);
  if (run) return run.ratingDate !== null && run.customers !== null ? { date: run.ratingDate, customers: run.customers } : null;
  const policy = policyOf(kind, payload);
  if (!policy) return {};
  return policy.number !== null ? { number: policy.number } : null;
}

/** The payload of a request as the detail page shows it: known fields by kind, the rest as they are. */
export function describePayload(
  kind: ApprovalKind,
  payload: unknown,
): { borrowing: BorrowingPayload | null; policy: PolicyPayload | null; ratingRun: RatingRunPayload | null; other: [string, string][] } {
  const p = record(payload);
  const known = KNOWN_FIELDS[kind] ?? [];
  const borrowing =
    kind === 'dossier_borrowing'
      ? {
          days: typeof p.days === 'number' && Number.isFinite(p.days) ? p.days : null,
          reason: typeof p.reason === 'string' ? p.reason : '',
        }
      : null;
  const other = Object.entries(p)
    .filter(([k]) => !known.includes(k))
    .map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
  return { borrowing, policy: policyOf(kind, payload), ratingRun: ratingRunOf(kind, payload), other };
}

/** A request's title in the user's language, else the server's (bilingual) title. */
export function approvalTitle(
  td: (key: string, fallback?: string, params?: Record<string, string | number>) => string,
  a: { kind: ApprovalKind; title: string; payload: unknown },
): string {
  const params = titleParams(a.kind, a.payload);
  return params ? td(`approvals.kindTitle.${a.kind}`, a.title, params) : a.title;
}
