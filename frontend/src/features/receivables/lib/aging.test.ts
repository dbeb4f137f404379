import { describe, expect, it } from 'vitest';
import { translate } from '@/lib/i18n';
import type { MessageKey, Params } from '@/lib/i18n';
import { agingSeries, bucketLabel, drillQuery, lineBucket, rowLabel, toAgingQuery } from './aging';

const zh = (key: MessageKey, params?: Params) => translate('zh-CN', key, params);
const en = (key: MessageKey, params?: Params) => translate('en', key, params);

describe('aging buckets in words', () => {
  it('names the server buckets in both languages', () => {
    expect(bucketLabel('1-30', zh)).toBe('逾期 1–30 天');
    expect(bucketLabel('181-365', zh)).toBe('逾期 181–365 天');
    expect(bucketLabel('>365', zh)).toBe('逾期 365 天以上');
    expect(bucketLabel('31-60', en)).toBe('31–60 days overdue');
    expect(bucketLabel('>365', en)).toBe('Over 365 days overdue');
    expect(bucketLabel('other', en)).toBe('other');
  });

  it('names a drill-down line’s bucket, not yet due when none', () => {
    const buckets = ['1-30', '31-60', '>60'];
    expect(lineBucket(null, buckets, zh)).toBe('未到期');
    expect(lineBucket(1, buckets, zh)).toBe('逾期 31–60 天');
    expect(lineBucket(2, buckets, en)).toBe('Over 60 days overdue');
    expect(lineBucket(9, buckets, en)).toBe('—');
  });

  it('charts the totals: not yet due first, then each bucket', () => {
    const s = agingSeries({ buckets: ['1-30', '>30'], totals: { label: '', current_fen: 500, buckets_fen: [100, 7], total_fen: 607 } }, zh);
    expect(s).toEqual({ labels: ['未到期', '逾期 1–30 天', '逾期 30 天以上'], fen: [500, 100, 7] });
  });
});

describe('aging rows', () => {
  it('says which rows have no office, owner or grade', () => {
    expect(rowLabel({ key: null, label: '' }, 'office', zh)).toBe('（未分配办事处）');
    expect(rowLabel({ key: null, label: '' }, 'grade', en)).toBe('(not rated)');
    expect(rowLabel({ key: '7', label: 'C202600001 某公司' }, 'customer', zh)).toBe('C202600001 某公司');
  });

  it('narrows the report to a row for its drill-down', () => {
    const q = { as_of: '2026-11-27', office_id: 3 };
    expect(drillQuery(q, 'customer', { key: '12' })).toEqual({ as_of: '2026-11-27', office_id: 3, customer_id: 12 });
    expect(drillQuery(q, 'office', { key: '4' })).toEqual({ as_of: '2026-11-27', office_id: 4 });
    expect(drillQuery(q, 'owner', { key: '9' })).toEqual({ as_of: '2026-11-27', office_id: 3, owner_user_id: 9 });
    expect(drillQuery(q, 'grade', { key: 'B' })).toEqual({ as_of: '2026-11-27', office_id: 3, grade: 'B' });
    expect(drillQuery(q, 'office', { key: null })).toBeNull();
    expect(drillQuery(q, 'grade', { key: 'Z' })).toBeNull();
  });

  it('reads the URL filters, ignoring what is not valid', () => {
    expect(toAgingQuery({ as_of: '2026-06-30', group_by: 'owner', office_id: '2', grade: 'A', customer_id: 'x' })).toEqual({
      as_of: '2026-06-30',
      group_by: 'owner',
      office_id: 2,
      owner_user_id: undefined,
      grade: 'A',
      customer_id: undefined,
    });
    expect(toAgingQuery({ as_of: 'yesterday', group_by: 'planet' })).toEqual({
      as_of: undefined,
      group_by: undefined,
      office_id: undefined,
      owner_user_id: undefined,
      grade: undefined,
      customer_id: undefined,
    });
  });
});
