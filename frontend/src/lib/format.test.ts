import { describe, expect, it } from 'vitest';
import {
  companyToday,
  formatBytes,
  formatDate,
  formatDateTime,
  formatFen,
  formatFenWan,
  formatYuan,
  instantToWallClock,
  splitDuration,
  startOfDayInstant,
  wallClockToInstant,
} from './format';

describe('money', () => {
  it('formats integer fen as 元 with thousands separators', () => {
    expect(formatFen(123456)).toBe('¥1,234.56');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(100)).toBe('¥1.00');
    expect(formatFen(-123456)).toBe('-¥1,234.56');
    expect(formatFen(123456789012)).toBe('¥1,234,567,890.12');
    expect(formatFen(null)).toBe('—');
    expect(formatYuan(100000000)).toBe('1,000,000.00');
  });

  it('is exact beyond the double range', () => {
    expect(formatFen(9007199254740993n)).toBe('¥90,071,992,547,409.93');
  });

  it('formats 万元 with rounding half up', () => {
    expect(formatFenWan(1234567800)).toBe('1,234.57万元');
    expect(formatFenWan(1000000)).toBe('1.00万元');
    expect(formatFenWan(5000)).toBe('0.01万元');
    expect(formatFenWan(4999)).toBe('0.00万元');
    expect(formatFenWan(-1234567800)).toBe('-1,234.57万元');
    expect(formatFenWan(1234567800, 0)).toBe('1,235万元');
    expect(formatFenWan(1234567800, 2, 'en')).toBe('¥1,234.57 × 10k');
    expect(formatFenWan(undefined)).toBe('—');
  });
});

describe('dates in Asia/Shanghai', () => {
  it('shows instants as YYYY-MM-DD HH:mm in the company time zone', () => {
    expect(formatDateTime('2026-11-26T08:00:00Z')).toBe('2026-11-26 16:00');
    expect(formatDateTime('2026-11-26T16:30:00Z')).toBe('2026-11-27 00:30');
    expect(formatDateTime('2026-11-26T08:00:00.123456Z')).toBe('2026-11-26 16:00');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('shows days', () => {
    expect(formatDate('2026-11-26T16:30:00Z')).toBe('2026-11-27');
    expect(formatDate('2026-03-01')).toBe('2026-03-01');
  });

  it('converts company wall-clock times to UTC instants and back', () => {
    expect(startOfDayInstant('2026-11-27')).toBe('2026-11-26T16:00:00Z');
    expect(wallClockToInstant('2026-11-27 09:30')).toBe('2026-11-27T01:30:00Z');
    expect(instantToWallClock('2026-11-27T01:30:00Z')).toBe('2026-11-27 09:30');
  });

  it('splits durations for lockout messages', () => {
    expect(splitDuration(59)).toEqual({ h: 0, m: 0, s: 59 });
    expect(splitDuration(900)).toEqual({ h: 0, m: 15, s: 0 });
    expect(splitDuration(3725)).toEqual({ h: 1, m: 2, s: 5 });
  });
});

describe('formatBytes', () => {
  it('shows file sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(10_485_759)).toBe('10 MB');
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MB');
    expect(formatBytes(250_000)).toBe('244 KB');
    expect(formatBytes(null)).toBe('—');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('companyToday', () => {
  it('is the date in Asia/Shanghai, whatever the browser’s zone', () => {
    expect(companyToday(new Date('2026-11-26T15:59:59Z'))).toBe('2026-11-26');
    expect(companyToday(new Date('2026-11-26T16:00:00Z'))).toBe('2026-11-27');
  });
});
