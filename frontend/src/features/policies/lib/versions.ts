// What the policy version pages know beyond the API's answers: the statuses, which version is in
// force when, who may do what (mirroring the server's checks, which decide).
import { POLICY_STATUSES, type PolicyStatus, type PolicyVersion } from '@/api/types';
import { hasPermission, PERMISSIONS, type Permission } from '@/lib/permissions';

export const POLICY_STATUS_COLORS: Record<PolicyStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  awaiting_gm: 'processing',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

export function isPolicyStatus(s: string | undefined): s is PolicyStatus {
  return s !== undefined && (POLICY_STATUSES as readonly string[]).includes(s);
}

export type InForce = 'current' | 'scheduled' | 'superseded';

/**
 * An approved version is in force from its effective date until a later one takes over: the one
 * in force today (`active`, computed by the server), one that starts later, or one superseded.
 */
export function inForceState(v: Pick<PolicyVersion, 'status' | 'active' | 'effective_from'>, today: string): InForce | null {
  if (v.active) return 'current';
  if (v.status !== 'approved') return null;
  return v.effective_from && v.effective_from > today ? 'scheduled' : 'superseded';
}

/** The business manager drafts, edits and submits. */
export function canDraft(permissions: readonly Permission[]): boolean {
  return hasPermission(permissions, PERMISSIONS.policyVersionsWrite);
}

export function canEdit(permissions: readonly Permission[], status: PolicyStatus): boolean {
  return canDraft(permissions) && status === 'draft';
}

/** A draft, or a version still waiting for a decision, can be withdrawn. */
export function canWithdraw(permissions: readonly Permission[], status: PolicyStatus): boolean {
  return canDraft(permissions) && (status === 'draft' || status === 'submitted' || status === 'awaiting_gm');
}

/**
 * May the user simulate a rating under this version (模拟评级)? Rating-run writers, for a version
 * not yet decided (the server refuses rejected and withdrawn ones).
 */
export function canSimulate(permissions: readonly Permission[], status: PolicyStatus): boolean {
  return hasPermission(permissions, PERMISSIONS.ratingRunsWrite) && (status === 'draft' || status === 'submitted' || status === 'awaiting_gm');
}

/** A what-if run's results, filtered to the customers whose grade or category would change. */
export function simulationPath(runId: number): string {
  return `/ratings/${runId}?changed=true`;
}
