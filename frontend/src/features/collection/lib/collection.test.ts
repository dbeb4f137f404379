import { describe, expect, it } from 'vitest';
import type { CollectionItem } from '@/api/types';
import { allTabIsOffice, canTake, defaultTaskTab, promiseDateOk, taskTab, taskTabs, writeOffCandidates } from './collection';

const SALESMAN = { roles: ['salesman' as const], permissions: ['collection_tasks.read', 'collection_tasks.write'] };
const DIRECTOR = { roles: ['office_director' as const], permissions: ['collection_tasks.read', 'collection_tasks.write'] };
const FINANCE = { roles: ['finance' as const], permissions: ['collection_tasks.read', 'collection_cases.read', 'write_offs.read', 'write_offs.write'] };

describe('the tasks page’s tabs', () => {
  it('gives "my tasks" to those who act, and opens the salesman’s own', () => {
    expect(taskTabs(SALESMAN)).toEqual(['mine', 'all', 'overdue']);
    expect(taskTabs(FINANCE)).toEqual(['all', 'overdue']);
    expect(defaultTaskTab(SALESMAN)).toBe('mine');
    expect(defaultTaskTab(DIRECTOR)).toBe('all');
    expect(defaultTaskTab(FINANCE)).toBe('all');
  });

  it('keeps a tab from the URL only when the user has it', () => {
    expect(taskTab('overdue', FINANCE)).toBe('overdue');
    expect(taskTab('mine', FINANCE)).toBe('all');
    expect(taskTab(undefined, SALESMAN)).toBe('mine');
    expect(taskTab('junk', DIRECTOR)).toBe('all');
  });

  it('names "all" the office’s for an office director', () => {
    expect(allTabIsOffice(DIRECTOR)).toBe(true);
    expect(allTabIsOffice(FINANCE)).toBe(false);
  });
});

describe('a collection case', () => {
  it('is taken by a planning member while open and held by nobody', () => {
    expect(canTake({ can_work: true, case: { status: 'open', assigned_to: null } })).toBe(true);
    expect(canTake({ can_work: true, case: { status: 'open' } })).toBe(true);
    expect(canTake({ can_work: true, case: { status: 'open', assigned_to: 7 } })).toBe(false);
    expect(canTake({ can_work: true, case: { status: 'closed', assigned_to: null } })).toBe(false);
    expect(canTake({ can_work: false, case: { status: 'open', assigned_to: null } })).toBe(false);
  });

  it('offers for write-off the receivables with a balance and no proposal pending, up to the balance', () => {
    const item = (receivable_id: number, balance_fen: number) => ({ receivable_id, balance_fen }) as CollectionItem;
    const items = [item(1, 500_00), item(2, 0), item(3, 800_00), item(4, 100_00)];
    const offs = [
      { receivable_id: 3, status: 'pending' as const },
      { receivable_id: 4, status: 'rejected' as const },
    ];
    expect([...writeOffCandidates(items, offs)]).toEqual([
      [1, 500_00],
      [4, 100_00],
    ]);
  });
});

describe('promises', () => {
  it('take a date from today on', () => {
    expect(promiseDateOk('2026-12-02', '2026-12-02')).toBe(true);
    expect(promiseDateOk('2026-12-01', '2026-12-02')).toBe(false);
  });
});
