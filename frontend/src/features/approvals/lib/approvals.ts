// What the approvals pages need to know beyond the API's answers.
import type { components } from '@/api/schema';
import type { ApprovalStatus } from '@/api/types';
import { PERMISSIONS, type Permission } from '@/lib/permissions';

/**
 * Permissions that make a user a decider of some kind of request (each kind adds its own):
 * borrowing (business manager and above), policy versions (the VP; the GM for the credit part),
 * rating runs (the VP), credit limits (the VP, the GM above the policy's amount), special
 * contracts and write-offs (the GM).
 */
export const DECIDER_PERMISSIONS: readonly Permission[] = [
  PERMISSIONS.dossierBorrowingApprove,
  PERMISSIONS.policyVersionsApprove,
  PERMISSIONS.ratingRunsApprove,
  PERMISSIONS.creditLimitsApprove,
  PERMISSIONS.specialContractsApprove,
  PERMISSIONS.writeOffsApprove,
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

/** What a request asks, by kind: `{ kind, payload }` with the kind's payload (generated from the API). */
export type ApprovalRequest = components['schemas']['ApprovalPayload'];
/** 资料借阅: days and reason. */
export type BorrowingPayload = components['schemas']['BorrowingPayload'];
/** A policy version to approve (管理办法修订, or its credit part for the GM). */
export type PolicyVersionPayload = components['schemas']['PolicyVersionPayload'];
/** A rating run to approve (客户评级): its results are what the VP reads. */
export type RatingRunPayload = components['schemas']['RatingRunPayload'];

/** A change of a customer's credit grade and limit (the VP's, or the GM's above the policy amount). */
export type CreditLimitPayload = components['schemas']['CreditLimitPayload'];
/** A contract beyond the customer's credit (超过信用范围的特殊合同), for the GM. */
export type SpecialContractPayload = components['schemas']['SpecialContractPayload'];

/** A receivable's balance proposed for write-off (坏账核销), for the GM. */
export type WriteOffPayload = components['schemas']['WriteOffPayload'];

/** The borrowing a request of kind `dossier_borrowing` asks for; null for other kinds. */
export function borrowingOf(r: ApprovalRequest): BorrowingPayload | null {
  return r.kind === 'dossier_borrowing' ? r.payload : null;
}

/** The policy version a request of a policy kind is about; null for other kinds. */
export function policyOf(r: ApprovalRequest): PolicyVersionPayload | null {
  return r.kind === 'policy_version' || r.kind === 'credit_policy' ? r.payload : null;
}

/** The rating run a request of kind `rating_run` is about; null for other kinds. */
export function ratingRunOf(r: ApprovalRequest): RatingRunPayload | null {
  return r.kind === 'rating_run' ? r.payload : null;
}

/** The credit limit change a request of a credit-limit kind asks for; null for other kinds. */
export function creditLimitOf(r: ApprovalRequest): CreditLimitPayload | null {
  return r.kind === 'credit_limit' || r.kind === 'credit_limit_gm' ? r.payload : null;
}

/** The special contract a request of kind `special_contract` is about; null for other kinds. */
export function specialContractOf(r: ApprovalRequest): SpecialContractPayload | null {
  return r.kind === 'special_contract' ? r.payload : null;
}

/** The write-off a request of kind `write_off` asks for; null for other kinds. */
export function writeOffOf(r: ApprovalRequest): WriteOffPayload | null {
  return r.kind === 'write_off' ? r.payload : null;
}

/**
 * The placeholders of a request's title in the user's language (`approvals.kindTitle.<kind>`):
 * the version number of a policy version, the date and customers of a rating run.
 */
export function titleParams(r: ApprovalRequest): Record<string, string | number> {
  const run = ratingRunOf(r);
  if (run) return { date: run.rating_date, customers: run.customers };
  const limit = creditLimitOf(r);
  if (limit) return { oldGrade: limit.old_grade ?? '—', newGrade: limit.new_grade };
  const special = specialContractOf(r);
  if (special) return { number: special.contract_number };
  const writeOff = writeOffOf(r);
  if (writeOff) return { number: writeOff.contract_number };
  const policy = policyOf(r);
  return policy ? { number: policy.number } : {};
}

/** The payload of a request as the detail page shows it, by kind. */
export function describePayload(r: ApprovalRequest): {
  borrowing: BorrowingPayload | null;
  policy: PolicyVersionPayload | null;
  ratingRun: RatingRunPayload | null;
  creditLimit: CreditLimitPayload | null;
  specialContract: SpecialContractPayload | null;
  writeOff: WriteOffPayload | null;
} {
  return {
    borrowing: borrowingOf(r),
    policy: policyOf(r),
    ratingRun: ratingRunOf(r),
    creditLimit: creditLimitOf(r),
    specialContract: specialContractOf(r),
    writeOff: writeOffOf(r),
  };
}

/** A request's title in the user's language (the server's bilingual title as the fallback). */
export function approvalTitle(
  td: (key: string, fallback?: string, params?: Record<string, string | number>) => string,
  a: ApprovalRequest & { title: string },
): string {
  return td(`approvals.kindTitle.${a.kind}`, a.title, titleParams(a));
}
