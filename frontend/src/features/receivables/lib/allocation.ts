// How a payment would be split over a customer's open receivables before it is booked: oldest
// due first (what the server does without `allocations`), or as typed by hand (checked like the
// server: never more than a receivable's balance, never more than the payment in total). What is
// not allocated stays on the payment for later.
import type { Receivable } from '@/api/types';

export type OpenReceivable = Pick<Receivable, 'id' | 'due_date' | 'balance_fen'>;

export interface PlanRow {
  id: number;
  balance_fen: number;
  /** Allocated by this payment. */
  allocate_fen: number;
  /** Left open afterwards. */
  after_fen: number;
  /** Manual: more than the receivable's balance. */
  over_balance: boolean;
}

export interface AllocationPlan {
  rows: PlanRow[];
  allocated_fen: number;
  /** Stays on the payment (negative when a manual plan allocates more than the payment). */
  unallocated_fen: number;
  /** Manual: the allocations add up to more than the payment. */
  over_amount: boolean;
}

/** Oldest due date first, then the older receivable (the server's order). */
export function byDueDate<R extends OpenReceivable>(open: readonly R[]): R[] {
  return [...open].filter((r) => r.balance_fen > 0).sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : a.id - b.id));
}

/** The split the server makes without `allocations`: each receivable in turn, oldest first. */
export function fifoPlan(open: readonly OpenReceivable[], amountFen: number | null): AllocationPlan {
  let left = Math.max(0, amountFen ?? 0);
  const rows = byDueDate(open).map((r) => {
    const take = Math.min(r.balance_fen, left);
    left -= take;
    return { id: r.id, balance_fen: r.balance_fen, allocate_fen: take, after_fen: r.balance_fen - take, over_balance: false };
  });
  const allocated = rows.reduce((s, r) => s + r.allocate_fen, 0);
  return { rows, allocated_fen: allocated, unallocated_fen: Math.max(0, amountFen ?? 0) - allocated, over_amount: false };
}

/** A split typed by hand (fen per receivable id; missing or null is nothing). */
export function manualPlan(open: readonly OpenReceivable[], amountFen: number | null, entries: ReadonlyMap<number, number | null>): AllocationPlan {
  const rows = byDueDate(open).map((r) => {
    const take = Math.max(0, entries.get(r.id) ?? 0);
    return { id: r.id, balance_fen: r.balance_fen, allocate_fen: take, after_fen: r.balance_fen - take, over_balance: take > r.balance_fen };
  });
  const allocated = rows.reduce((s, r) => s + r.allocate_fen, 0);
  const amount = Math.max(0, amountFen ?? 0);
  return { rows, allocated_fen: allocated, unallocated_fen: amount - allocated, over_amount: allocated > amount };
}

/** The manual plan as the API's `allocations` (receivables given an amount, oldest first). */
export function toAllocations(plan: AllocationPlan): { receivable_id: number; amount_fen: number }[] {
  return plan.rows.filter((r) => r.allocate_fen > 0).map((r) => ({ receivable_id: r.id, amount_fen: r.allocate_fen }));
}

/** Is the plan acceptable to send (manual plans: no row over its balance, not over the payment)? */
export function planProblems(plan: AllocationPlan): { overBalance: number[]; overAmount: boolean } {
  return { overBalance: plan.rows.filter((r) => r.over_balance).map((r) => r.id), overAmount: plan.over_amount };
}

export type AllocationMode = 'fifo' | 'manual';

/** Amounts typed in 元 per receivable id → fen (empty is nothing); the ids whose text is no amount. */
export function typedEntries(typed: Readonly<Record<number, string | undefined>>, parse: (text: string) => { ok: boolean; fen?: number | null }): { entries: Map<number, number | null>; invalid: number[] } {
  const entries = new Map<number, number | null>();
  const invalid: number[] = [];
  for (const [key, text] of Object.entries(typed)) {
    const id = Number(key);
    const r = parse(text ?? '');
    if (!r.ok) invalid.push(id);
    else entries.set(id, r.fen ?? null);
  }
  return { entries, invalid };
}

/** The manual entries that reproduce a plan (e.g. the oldest-first one, to adjust by hand). */
export function entriesOf(plan: AllocationPlan, toText: (fen: number) => string): Record<number, string> {
  return Object.fromEntries(plan.rows.map((r) => [r.id, r.allocate_fen > 0 ? toText(r.allocate_fen) : '']));
}
