// Financial ratios (derived by the server from each statement: current ratio = current assets
// / current liabilities, debt ratio = liabilities / assets, net margin = net profit / revenue)
// as shown in the table and the chart.
import type { DossierEntry, FinancialRatios } from '@/api/types';

export type RatioKey = keyof FinancialRatios;
export const RATIO_KEYS = ['current_ratio', 'debt_ratio', 'net_margin'] as const satisfies readonly RatioKey[];
/** Shown as a percentage; the current ratio is a plain multiple (1.50). */
export const PERCENT_RATIOS: readonly RatioKey[] = ['debt_ratio', 'net_margin'];

const DASH = '—';

/** `1.5` → `1.50` (current ratio), `0.4512` → `45.12%` (debt ratio, net margin); none → `—`. */
export function formatRatio(key: RatioKey, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (PERCENT_RATIOS.includes(key)) return `${(Math.round(value * 10_000) / 100).toFixed(2)}%`;
  return (Math.round(value * 100) / 100).toFixed(2);
}

/**
 * Orders periods as time goes: `2024` < `2024-H1` < `2024-Q1`… by year first, then the part of
 * the year (a whole year before its halves and quarters), then as text.
 */
export function comparePeriods(a: string, b: string): number {
  const parse = (p: string) => {
    const m = /^(\d{4})(?:[-\s]?(.*))?$/.exec(p.trim());
    return m ? { year: Number(m[1]), rest: (m[2] ?? '').toUpperCase() } : { year: Number.MAX_SAFE_INTEGER, rest: p };
  };
  const x = parse(a);
  const y = parse(b);
  if (x.year !== y.year) return x.year - y.year;
  return x.rest < y.rest ? -1 : x.rest > y.rest ? 1 : 0;
}

export interface RatioSeries {
  periods: string[];
  /** Current ratio (a multiple). */
  current: (number | null)[];
  /** Debt ratio and net margin in percent. */
  debt: (number | null)[];
  margin: (number | null)[];
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 10_000) / 100);

/** The chart's series: one point per period (in time order) whose ratios the reader may see. */
export function ratioSeries(entries: readonly DossierEntry[]): RatioSeries {
  const rows = entries
    .flatMap((e) =>
      e.kind === 'financial_statement' && e.ratios && !e.restricted_hidden
        ? [{ period: String((e.content as Record<string, unknown>).period ?? ''), r: e.ratios }]
        : [],
    )
    .sort((a, b) => comparePeriods(a.period, b.period));
  return {
    periods: rows.map((x) => x.period),
    current: rows.map((x) => x.r.current_ratio ?? null),
    debt: rows.map((x) => pct(x.r.debt_ratio)),
    margin: rows.map((x) => pct(x.r.net_margin)),
  };
}
