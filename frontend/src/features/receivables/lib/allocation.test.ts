import { describe, expect, it } from 'vitest';
import { fenToYuanInput, parseYuan } from '@/lib/money';
import { byDueDate, entriesOf, fifoPlan, manualPlan, planProblems, toAllocations, typedEntries } from './allocation';

// Deliberately out of order: the plan goes by due date, then id.
const OPEN = [
  { id: 3, due_date: '2026-10-31', balance_fen: 300_00 },
  { id: 1, due_date: '2026-09-30', balance_fen: 100_00 },
  { id: 2, due_date: '2026-09-30', balance_fen: 200_00 },
  { id: 4, due_date: '2026-08-31', balance_fen: 0 },
];

describe('FIFO allocation preview', () => {
  it('pays the oldest due first, then the older receivable of the same day', () => {
    expect(byDueDate(OPEN).map((r) => r.id)).toEqual([1, 2, 3]);
    const plan = fifoPlan(OPEN, 250_00);
    expect(plan.rows.map((r) => [r.id, r.allocate_fen, r.after_fen])).toEqual([
      [1, 100_00, 0],
      [2, 150_00, 50_00],
      [3, 0, 300_00],
    ]);
    expect(plan.allocated_fen).toBe(250_00);
    expect(plan.unallocated_fen).toBe(0);
  });

  it('leaves on the payment what is more than the open balances', () => {
    const plan = fifoPlan(OPEN, 700_00);
    expect(plan.rows.every((r) => r.after_fen === 0)).toBe(true);
    expect(plan.allocated_fen).toBe(600_00);
    expect(plan.unallocated_fen).toBe(100_00);
  });

  it('allocates nothing without an amount', () => {
    expect(fifoPlan(OPEN, null).allocated_fen).toBe(0);
    expect(fifoPlan([], 100).unallocated_fen).toBe(100);
  });
});

describe('manual allocation', () => {
  it('takes the amounts as given and flags one over its balance or a total over the payment', () => {
    const plan = manualPlan(OPEN, 400_00, new Map([[3, 300_00], [1, 120_00]]));
    expect(plan.rows.map((r) => [r.id, r.allocate_fen, r.over_balance])).toEqual([
      [1, 120_00, true],
      [2, 0, false],
      [3, 300_00, false],
    ]);
    expect(plan.over_amount).toBe(true);
    expect(planProblems(plan)).toEqual({ overBalance: [1], overAmount: true });
  });

  it('sends only the receivables given an amount, oldest first', () => {
    const plan = manualPlan(OPEN, 500_00, new Map([[3, 50_00], [2, 200_00], [1, null]]));
    expect(planProblems(plan)).toEqual({ overBalance: [], overAmount: false });
    expect(toAllocations(plan)).toEqual([
      { receivable_id: 2, amount_fen: 200_00 },
      { receivable_id: 3, amount_fen: 50_00 },
    ]);
    expect(plan.unallocated_fen).toBe(250_00);
  });

  it('reads the typed amounts in 元 and names those that are no amount', () => {
    const { entries, invalid } = typedEntries({ 1: '12.5', 2: '', 3: 'abc', 5: '1.234' }, parseYuan);
    expect([...entries]).toEqual([
      [1, 1250],
      [2, null],
    ]);
    expect(invalid).toEqual([3, 5]);
  });

  it('starts a manual split from the oldest-first one', () => {
    expect(entriesOf(fifoPlan(OPEN, 150_00), fenToYuanInput)).toEqual({ 1: '100', 2: '50', 3: '' });
  });
});
