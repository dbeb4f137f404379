// What the collection pages decide from the API's answers and the user: the tasks page's tabs,
// who takes a case, which receivables of a case may still be proposed for write-off (and up to
// how much), and the dates a promise takes.
import type { CollectionCaseDetail, CollectionItem, Me, WriteOff } from '@/api/types';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';

type User = Pick<Me, 'roles' | 'permissions'>;

export type TaskTab = 'mine' | 'all' | 'overdue';

/** The tabs of the tasks page: "my tasks" for those who act on tasks (the salesman, the office director). */
export function taskTabs(user: User): TaskTab[] {
  return hasPermission(user.permissions, PERMISSIONS.collectionTasksWrite) ? ['mine', 'all', 'overdue'] : ['all', 'overdue'];
}

/** The tab a user opens on: the salesman his own tasks, everyone else all tasks in scope. */
export function defaultTaskTab(user: User): TaskTab {
  return hasPermission(user.permissions, PERMISSIONS.collectionTasksWrite) && user.roles.includes('salesman') ? 'mine' : 'all';
}

/** The tab from the URL, when the user has it; else the default. */
export function taskTab(requested: string | undefined, user: User): TaskTab {
  const tabs = taskTabs(user);
  return tabs.includes(requested as TaskTab) ? (requested as TaskTab) : defaultTaskTab(user);
}

/** "All" is the office's tasks for an office director (his scope), everyone's for the others. */
export function allTabIsOffice(user: User): boolean {
  return user.roles.includes('office_director') && !user.roles.some((r) => r === 'business_manager' || r === 'vice_president' || r === 'general_manager');
}

/**
 * May the user take the case? A planning member, while it is open and nobody holds it (a held
 * case is not taken over: the server answers `collection.case_held`).
 */
export function canTake(detail: Pick<CollectionCaseDetail, 'can_work'> & { case: { status: string; assigned_to?: number | null } }): boolean {
  return detail.can_work && detail.case.status === 'open' && (detail.case.assigned_to === null || detail.case.assigned_to === undefined);
}

/**
 * The receivables of a case that may be proposed for write-off, with the most that may be:
 * an open balance, and no proposal of it awaiting the GM (the balance less what is pending
 * otherwise would be written off twice).
 */
export function writeOffCandidates(items: readonly CollectionItem[], writeOffs: readonly Pick<WriteOff, 'receivable_id' | 'status'>[]): Map<number, number> {
  const pending = new Set(writeOffs.filter((w) => w.status === 'pending').map((w) => w.receivable_id));
  const out = new Map<number, number>();
  for (const i of items) if (i.balance_fen > 0 && !pending.has(i.receivable_id)) out.set(i.receivable_id, i.balance_fen);
  return out;
}

/** A date typed for a promise: from today on. */
export function promiseDateOk(date: string, today: string): boolean {
  return date >= today;
}
