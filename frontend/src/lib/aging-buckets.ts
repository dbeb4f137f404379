// The aging buckets of the policy in force in words, shared by the AR aging register and the
// customer card's ledger section: the server names them `1-30`, …, `>365`, and a receivable's
// bucket is an index into that list (none: not yet due).
import type { TFunction } from './i18n';

/**
 * A bucket of days past due in words: `1-30` → 逾期 1–30 天 / 1–30 days overdue, `>365` →
 * 逾期 365 天以上 / over 365 days overdue; anything else as the server names it.
 */
export function bucketLabel(bucket: string, t: TFunction): string {
  const range = /^(\d+)-(\d+)$/.exec(bucket);
  if (range) return t('aging.bucketRange', { from: range[1] ?? '', to: range[2] ?? '' });
  const over = /^>(\d+)$/.exec(bucket);
  if (over) return t('aging.bucketOver', { days: over[1] ?? '' });
  return bucket;
}

/** The bucket of a receivable in words (not yet due when none). */
export function lineBucket(bucket: number | null | undefined, buckets: readonly string[], t: TFunction): string {
  if (bucket === null || bucket === undefined) return t('aging.current');
  const b = buckets[bucket];
  return b === undefined ? t('common.none') : bucketLabel(b, t);
}
