// The AR aging register's presentation: bucket headings in words, group labels for rows without
// an office, owner or grade, the drill-down query of a row, and the figures of the chart.
import type { AgingGroup, AgingQuery, AgingReport, AgingRow } from '@/api/types';
import { AGING_GROUPS, CUSTOMER_GRADES } from '@/api/types';
import { bucketLabel } from '@/lib/aging-buckets';
import type { TFunction } from '@/lib/i18n';

// The buckets in words are shared with the customer card's ledger section.
export { bucketLabel, lineBucket } from '@/lib/aging-buckets';

export const AGING_FILTERS = ['as_of', 'group_by', 'office_id', 'owner_user_id', 'grade', 'customer_id'] as const;
export type AgingFilter = (typeof AGING_FILTERS)[number];

function positiveId(v: string | undefined): number | undefined {
  const n = v === undefined ? NaN : Number(v);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** URL filters (all strings) → the typed query of GET /reports/ar-aging (no as-of: today). */
export function toAgingQuery(f: Partial<Record<AgingFilter, string>>): AgingQuery {
  return {
    as_of: f.as_of && /^\d{4}-\d{2}-\d{2}$/.test(f.as_of) ? f.as_of : undefined,
    group_by: AGING_GROUPS.find((g) => g === f.group_by),
    office_id: positiveId(f.office_id),
    owner_user_id: positiveId(f.owner_user_id),
    grade: CUSTOMER_GRADES.find((g) => g === f.grade),
    customer_id: positiveId(f.customer_id),
  };
}

/** A row's label; rows of customers without an office, owner or grade say so. */
export function rowLabel(row: Pick<AgingRow, 'key' | 'label'>, group: AgingGroup, t: TFunction): string {
  if (row.label.trim()) return row.label;
  if (group === 'office') return t('aging.noOffice');
  if (group === 'owner') return t('aging.noOwner');
  if (group === 'grade') return t('aging.noGrade');
  return t('common.none');
}

/**
 * The drill-down of a row: the report's query narrowed to the row's customer, office, owner or
 * grade; null when the row cannot be singled out (no office, owner or grade).
 */
export function drillQuery(query: AgingQuery, group: AgingGroup, row: Pick<AgingRow, 'key'>): AgingQuery | null {
  const key = row.key ?? null;
  if (key === null || key === '') return null;
  if (group === 'grade') {
    const grade = CUSTOMER_GRADES.find((g) => g === key);
    return grade ? { ...query, grade } : null;
  }
  const id = Number(key);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  if (group === 'customer') return { ...query, customer_id: id };
  if (group === 'office') return { ...query, office_id: id };
  return { ...query, owner_user_id: id };
}

export interface AgingSeries {
  /** Not yet due, then each bucket. */
  labels: string[];
  /** The totals in fen, in the same order. */
  fen: number[];
}

/** The totals per bucket (not yet due first), for the chart. */
export function agingSeries(report: Pick<AgingReport, 'buckets' | 'totals'>, t: TFunction): AgingSeries {
  return {
    labels: [t('aging.current'), ...report.buckets.map((b) => bucketLabel(b, t))],
    fen: [report.totals.current_fen, ...report.buckets.map((_, i) => report.totals.buckets_fen[i] ?? 0)],
  };
}
