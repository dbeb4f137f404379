// What the revisits page decides from a visit and the user: who records a visit, who replans,
// the default period of the compliance report, and how a compliance rate is coloured.
import type { Me, Revisit } from '@/api/types';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';

type User = Pick<Me, 'roles' | 'permissions'>;

/**
 * May the user record this visit? The holder of the visit's role (the server checks that the
 * user holds it and sees the customer in full), while the visit is still planned.
 */
export function canComplete(v: Pick<Revisit, 'role' | 'status'>, user: User): boolean {
  return v.status === 'planned' && hasPermission(user.permissions, PERMISSIONS.revisitsWrite) && user.roles.includes(v.role);
}

/** Replanning at once is for writers who see every customer (the business manager, the VP). */
export function canReplan(user: User): boolean {
  return hasPermission(user.permissions, PERMISSIONS.revisitsWrite) && user.roles.some((r) => r === 'business_manager' || r === 'vice_president');
}

/** "My visits" is the default tab of those who make visits; the others see all in scope first. */
export function defaultTab(user: User): 'mine' | 'all' {
  return hasPermission(user.permissions, PERMISSIONS.revisitsWrite) ? 'mine' : 'all';
}

/** The compliance report's default period: from the first of the year to today. */
export function defaultPeriod(today: string): { from: string; to: string } {
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/** A compliance rate's tone: all done, most done, or lagging. */
export function rateStatus(percent: number): 'success' | 'normal' | 'exception' {
  if (percent >= 100) return 'success';
  if (percent >= 80) return 'normal';
  return 'exception';
}
