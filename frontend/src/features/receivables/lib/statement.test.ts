import { describe, expect, it } from 'vitest';
import type { Statement } from '@/api/types';
import { translate } from '@/lib/i18n';
import type { MessageKey, Params } from '@/lib/i18n';
import { agingColumns, amountCell, defaultPeriod, pageCounterContent, periodFromSearch, periodProblem, periodSearch, statementAddsUp, statementRows } from './statement';

const zh = (key: MessageKey, params?: Params) => translate('zh-CN', key, params);
const en = (key: MessageKey, params?: Params) => translate('en', key, params);

/**
 * Opening 30,000.00 (a shipment of last year), this year: a shipment of 100,000.00, a payment of
 * 40,000.00 of which 10,000.00 is not allocated, a reversed payment of 5,000.00 and a credit note
 * of 2,000.00.
 */
function sample(over: Partial<Statement> = {}): Statement {
  return {
    customer_id: 7,
    customer_code: 'C2026-0007',
    customer_name: '保定市明辉照明工程有限公司',
    from: '2026-01-01',
    to: '2026-12-02',
    drawn_on: '2026-12-02',
    opening_fen: 3_000_000,
    debit_fen: 10_500_000,
    credit_fen: 4_200_000,
    closing_fen: 9_300_000,
    lines: [
      { id: 11, on: '2026-03-05', kind: 'shipment', reference: 'FH-2026-0001', contract_number: 'HT-2026-0001', debit_fen: 10_000_000, credit_fen: 0, balance_fen: 13_000_000 },
      { id: 21, on: '2026-04-10', kind: 'payment', reference: '工行 0410', contract_number: null, debit_fen: 0, credit_fen: 4_000_000, balance_fen: 9_000_000 },
      { id: 21, on: '2026-04-12', kind: 'payment_reversal', reference: '工行 0410', contract_number: null, debit_fen: 500_000, credit_fen: 0, balance_fen: 9_500_000 },
      { id: 31, on: '2026-05-01', kind: 'credit_note', reference: '质量折让', contract_number: 'HT-2026-0001', debit_fen: 0, credit_fen: 200_000, balance_fen: 9_300_000 },
    ],
    contracts: [{ id: 3, number: 'HT-2026-0001', signed_on: '2026-02-20', amount_fen: 10_000_000, status: 'signed' }],
    aging_buckets: ['1-30', '31-60', '>60'],
    aging_current_fen: 0,
    aging_buckets_fen: [0, 0, 10_300_000],
    aging_total_fen: 10_300_000,
    unallocated_fen: 1_000_000,
    ...over,
  };
}

describe('the period of a statement', () => {
  it('runs by default from the first day of this year to today', () => {
    expect(defaultPeriod('2026-12-02')).toEqual({ from: '2026-01-01', to: '2026-12-02' });
    expect(defaultPeriod('2027-01-01')).toEqual({ from: '2027-01-01', to: '2027-01-01' });
  });

  it('comes from the URL, a missing or malformed end taking the default', () => {
    const today = '2026-12-02';
    expect(periodFromSearch(new URLSearchParams(''), today)).toEqual({ from: '2026-01-01', to: '2026-12-02' });
    expect(periodFromSearch(new URLSearchParams('from=2025-07-01&to=2025-12-31'), today)).toEqual({ from: '2025-07-01', to: '2025-12-31' });
    expect(periodFromSearch(new URLSearchParams('from=2025-02-30&to=yesterday'), today)).toEqual({ from: '2026-01-01', to: '2026-12-02' });
    // Out of range periods are kept, to be said wrong.
    expect(periodFromSearch(new URLSearchParams('from=2026-12-01&to=2026-11-01'), today)).toEqual({ from: '2026-12-01', to: '2026-11-01' });
  });

  it('leaves the default period out of the URL', () => {
    expect(periodSearch({ from: '2026-01-01', to: '2026-12-02' }, '2026-12-02')).toEqual({});
    expect(periodSearch({ from: '2026-01-01', to: '2026-06-30' }, '2026-12-02')).toEqual({ from: '2026-01-01', to: '2026-06-30' });
  });

  it('says what the server would refuse: backwards, after today, over three years', () => {
    const today = '2026-12-02';
    expect(periodProblem({ from: '2026-01-01', to: '2026-12-02' }, today)).toBeNull();
    expect(periodProblem({ from: '2026-12-02', to: '2026-12-02' }, today)).toBeNull();
    expect(periodProblem({ from: '2026-12-03', to: '2026-12-02' }, today)).toBe('from_after_to');
    expect(periodProblem({ from: '2026-01-01', to: '2026-12-03' }, today)).toBe('to_after_today');
    // As the server counts: at most 3 × 366 days.
    expect(periodProblem({ from: '2023-11-30', to: '2026-12-02' }, today)).toBeNull();
    expect(periodProblem({ from: '2023-11-29', to: '2026-12-02' }, today)).toBe('too_long');
  });
});

describe('the lines of the sheet', () => {
  it('opens with the opening balance, ends with the totals and the closing balance', () => {
    const rows = statementRows(sample(), zh);
    expect(rows.map((r) => r.kind)).toEqual(['opening', 'line', 'line', 'line', 'line', 'totals', 'closing']);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(rows[0]).toMatchObject({ on: '2026-01-01', summary: '期初余额', debit: '', credit: '', balance: '30,000.00' });
    expect(rows[5]).toMatchObject({ on: '', summary: '本期合计', debit: '105,000.00', credit: '42,000.00', balance: '' });
    expect(rows[6]).toMatchObject({ on: '2026-12-02', summary: '期末余额', balance: '93,000.00' });
  });

  it('names each entry, leaves an empty side blank and shows the running balance', () => {
    const rows = statementRows(sample(), zh).filter((r) => r.kind === 'line');
    expect(rows.map((r) => r.summary)).toEqual(['发货', '回款', '回款冲销', '贷项通知单']);
    expect(rows[0]).toMatchObject({ reference: 'FH-2026-0001', contract: 'HT-2026-0001', debit: '100,000.00', credit: '', balance: '130,000.00' });
    expect(rows[1]).toMatchObject({ contract: '', debit: '', credit: '40,000.00', balance: '90,000.00' });
    expect(statementRows(sample(), en).filter((r) => r.kind === 'line').map((r) => r.summary)).toEqual(['Shipment', 'Payment', 'Payment reversed', 'Credit note']);
    expect(statementRows(sample({ lines: [{ id: 41, on: '2026-06-01', kind: 'write_off', reference: '破产清算', contract_number: 'HT-1', debit_fen: 0, credit_fen: 1, balance_fen: -1 }] }), zh)[1]).toMatchObject({
      summary: '坏账核销',
      credit: '0.01',
      balance: '-0.01',
    });
  });

  it('formats amounts exactly, blank for nothing', () => {
    expect(amountCell(0)).toBe('');
    expect(amountCell(123_456_789)).toBe('1,234,567.89');
    expect(amountCell(-5)).toBe('-0.05');
  });

  it('checks that the figures add up', () => {
    expect(statementAddsUp(sample())).toBe(true);
    expect(statementAddsUp(sample({ closing_fen: 9_300_001 }))).toBe(false);
    expect(statementAddsUp(sample({ credit_fen: 4_100_000 }))).toBe(false);
    expect(statementAddsUp(sample({ unallocated_fen: 0 }))).toBe(false);
    const s = sample();
    expect(statementAddsUp({ ...s, lines: s.lines.map((l, i) => (i === 1 ? { ...l, balance_fen: 9_000_001 } : l)) })).toBe(false);
    expect(
      statementAddsUp(sample({ lines: [], debit_fen: 0, credit_fen: 0, closing_fen: 3_000_000, aging_total_fen: 3_000_000, unallocated_fen: 0 })),
    ).toBe(true);
  });
});

describe('the aging summary', () => {
  it('lists not yet due, each bucket and the total', () => {
    expect(agingColumns(sample(), zh)).toEqual([
      { key: 'current', label: '未到期', amount: '0.00' },
      { key: 'b0', label: '逾期 1–30 天', amount: '0.00' },
      { key: 'b1', label: '逾期 31–60 天', amount: '0.00' },
      { key: 'b2', label: '逾期 60 天以上', amount: '103,000.00' },
      { key: 'total', label: '合计', amount: '103,000.00' },
    ]);
    expect(agingColumns(sample({ aging_buckets_fen: [] }), en)[1]).toEqual({ key: 'b0', label: '1–30 days overdue', amount: '0.00' });
  });
});

describe('the printed page number', () => {
  it('turns the template into CSS counters in both languages', () => {
    expect(pageCounterContent(translate('zh-CN', 'statement.pageOf'))).toBe('"第 " counter(page) " 页，共 " counter(pages) " 页"');
    expect(pageCounterContent(translate('en', 'statement.pageOf'))).toBe('"Page " counter(page) " of " counter(pages)');
  });

  it('escapes quotes and backslashes, and copes with an empty template', () => {
    expect(pageCounterContent('"{page}"\\')).toBe('"\\"" counter(page) "\\"\\\\"');
    expect(pageCounterContent('')).toBe('""');
  });
});
