import { describe, expect, it } from 'vitest';
import type { DossierEntry } from '@/api/types';
import { comparePeriods, formatRatio, ratioSeries } from './ratios';

describe('formatRatio', () => {
  it('shows the current ratio as a multiple and the others as percentages', () => {
    expect(formatRatio('current_ratio', 1.5)).toBe('1.50');
    expect(formatRatio('current_ratio', 2.345)).toBe('2.35');
    expect(formatRatio('debt_ratio', 0.4512)).toBe('45.12%');
    expect(formatRatio('net_margin', -0.0333)).toBe('-3.33%');
    expect(formatRatio('net_margin', 0)).toBe('0.00%');
    expect(formatRatio('debt_ratio', null)).toBe('—');
    expect(formatRatio('debt_ratio', undefined)).toBe('—');
  });
});

describe('comparePeriods', () => {
  it('orders years, halves and quarters as time goes', () => {
    expect(['2025-Q1', '2024', '2025', '2024-H2', '2024-H1', 'older'].sort(comparePeriods)).toEqual([
      '2024',
      '2024-H1',
      '2024-H2',
      '2025',
      '2025-Q1',
      'older',
    ]);
  });
});

describe('ratioSeries', () => {
  const entry = (id: number, period: string, ratios: DossierEntry['ratios'], restricted = false): DossierEntry =>
    ({
      id,
      customer_id: 1,
      kind: 'financial_statement',
      content: { period },
      ratios,
      restricted_hidden: restricted,
      version: 1,
      created_at: '',
      updated_at: '',
      stale: false,
    }) as unknown as DossierEntry;

  it('gives one point per visible period in time order, percentages for the debt ratio and net margin', () => {
    const s = ratioSeries([
      entry(1, '2025', { current_ratio: 1.8, debt_ratio: 0.4, net_margin: 0.123 }),
      entry(2, '2024', { current_ratio: 1.5, debt_ratio: 0.45, net_margin: null }),
      entry(3, '2023', null, true),
    ]);
    expect(s).toEqual({ periods: ['2024', '2025'], current: [1.5, 1.8], debt: [45, 40], margin: [null, 12.3] });
  });
});
