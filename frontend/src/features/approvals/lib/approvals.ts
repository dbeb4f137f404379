// What the approvals pages need to know beyond the API's answers.
import type { ApprovalKind, ApprovalStatus } from '@/api/types';
import { PERMISSIONS, type Permission } from '@/lib/permissions';

/** Permissions that make a user a decider of some kind of request (each kind adds its own). */
export const DECIDER_PERMISSIONS: readonly Permission[] = [PERMISSIONS.dossierBorrowingApprove];

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

/** The payload of a request as the detail page shows it: known fields by kind, the rest as they are. */
export function describePayload(kind: ApprovalKind, payload: unknown): { borrowing: BorrowingPayload | null; other: [string, string][] } {
  const p = payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
  const known = kind === 'dossier_borrowing' ? ['days', 'reason'] : [];
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
  return { borrowing, other };
}
