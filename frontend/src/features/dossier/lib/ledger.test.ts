import { describe, expect, it } from 'vitest';
import type { CardReceivable } from '@/api/types';
import { translate } from '@/lib/i18n';
import type { MessageKey, Params } from '@/lib/i18n';
import { agingBreakdown, ledgerLinks, paymentState } from './ledger';

const zh = (key: MessageKey, params?: Params) => translate('zh-CN', key, params);
const en = (key: MessageKey, params?: Params) => translate('en', key, params);

let nextId = 1;
function receivable(balance_fen: number, bucket: number | null): CardReceivable {
  const id = nextId++;
  return {
    id,
    contract_id: 100 + id,
    contract_number: `HT20260000${id}`,
    issued_on: '2026-01-01',
    due_date: '2026-02-01',
    amount_fen: balance_fen + 100,
    balance_fen,
    days_overdue: bucket === null ? 0 : 10,
    bucket,
  };
}

describe('the open balance by aging bucket', () => {
  const buckets = ['1-30', '31-90', '>90'];

  it('sums the open receivables into not yet due and each bucket, empty buckets included', () => {
    const a = agingBreakdown(
      { buckets, open_receivables: [receivable(9_000_000, 0), receivable(1_000_000, null), receivable(2_500, 0), receivable(7_500, 2)] },
      zh,
    );
    expect(a.rows.map((r) => r.label)).toEqual(['未到期', '逾期 1–30 天', '逾期 31–90 天', '逾期 90 天以上']);
    expect(a.rows.map((r) => r.fen)).toEqual([1_000_000, 9_002_500, 0, 7_500]);
    expect(a.rows.map((r) => r.count)).toEqual([1, 2, 0, 1]);
    expect(a.count).toBe(4);
    expect(a.totalFen).toBe(10_010_000);
    // Shares of the open balance, one decimal.
    expect(a.rows.map((r) => r.percent)).toEqual([10, 89.9, 0, 0.1]);
  });

  it('names the buckets in English too', () => {
    const a = agingBreakdown({ buckets: ['1-30', '>30'], open_receivables: [] }, en);
    expect(a.rows.map((r) => r.label)).toEqual(['Not yet due', '1–30 days overdue', 'Over 30 days overdue']);
  });

  it('has zero rows and zero shares when nothing is open', () => {
    const a = agingBreakdown({ buckets, open_receivables: [] }, zh);
    expect(a.totalFen).toBe(0);
    expect(a.count).toBe(0);
    expect(a.rows.every((r) => r.fen === 0 && r.percent === 0 && r.count === 0)).toBe(true);
  });

  it('keeps a receivable of a bucket the list does not name, so the rows add up to the balance', () => {
    const a = agingBreakdown({ buckets: ['1-30'], open_receivables: [receivable(300, 0), receivable(700, 5)] }, zh);
    expect(a.rows.map((r) => [r.key, r.fen])).toEqual([
      ['current', 0],
      ['0', 300],
      ['unknown', 700],
    ]);
    expect(a.rows.reduce((s, r) => s + r.fen, 0)).toBe(a.totalFen);
  });
});

describe('a payment on the card', () => {
  it('is fully allocated, partly allocated or reversed', () => {
    expect(paymentState({ amount_fen: 5_000_000, allocated_fen: 5_000_000, reversed_on: null })).toEqual({ state: 'allocated', unallocatedFen: 0 });
    expect(paymentState({ amount_fen: 5_000_000, allocated_fen: 1_000_000 })).toEqual({ state: 'partly', unallocatedFen: 4_000_000 });
    // A reversed payment has nothing left to allocate (the server sets its allocations to 0).
    expect(paymentState({ amount_fen: 5_000_000, allocated_fen: 0, reversed_on: '2026-03-01' })).toEqual({ state: 'reversed', unallocatedFen: 0 });
  });
});

describe('the ledger section links', () => {
  it('points at the customer’s lists and records for the pages the user may open', () => {
    const all = ledgerLinks(42, ['customer_master.read', 'contracts.read', 'shipping_notes.read', 'receivables.read']);
    expect(all.contracts).toBe('/contracts?customer_id=42');
    expect(all.contract?.(7)).toBe('/contracts/7');
    expect(all.shipments).toBe('/shipping-notes?status=all&customer_id=42');
    expect(all.shipment?.(8)).toBe('/shipping-notes/8');
    expect(all.receivables).toBe('/receivables?customer_id=42');
    expect(all.aging).toBe('/reports/ar-aging?customer_id=42');
    expect(all.payments).toBe('/payments?customer_id=42');
    expect(all.payment?.(9)).toBe('/payments/9');
  });

  it('offers no link to a page the role cannot open (planning reads receivables, not shipping notes)', () => {
    const planning = ledgerLinks(42, ['customer_master.read', 'contracts.read', 'receivables.read']);
    expect(planning.shipments).toBeUndefined();
    expect(planning.shipment).toBeUndefined();
    expect(planning.aging).toBe('/reports/ar-aging?customer_id=42');
    expect(ledgerLinks(42, ['customer_master.read'])).toEqual({});
  });
});
