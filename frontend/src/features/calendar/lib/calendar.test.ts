import { describe, expect, it } from 'vitest';
import type { CalendarDay } from '@/api/types';
import { ApiError } from '@/lib/api-error';
import { translate, type Lang } from '@/lib/i18n';
import {
  addDays,
  calendarProblems,
  dayState,
  exceptionMap,
  exceptionPeriods,
  monthGrid,
  periodsInMonth,
  upsertDay,
  weekdayOf,
  workingDaysInYear,
} from './calendar';

const t = (lang: Lang) => (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => translate(lang, key, params);

// 2025 Spring Festival as the State Council published it: 1月28日–2月4日 off, 1月26日 (Sun) and
// 2月8日 (Sat) worked.
const SPRING_2025: CalendarDay[] = [
  ...['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04'].map(
    (date): CalendarDay => ({ date, kind: 'holiday', name: '春节' }),
  ),
  { date: '2025-01-26', kind: 'workday', name: '春节调休' },
  { date: '2025-02-08', kind: 'workday', name: '春节调休' },
];

describe('month grids', () => {
  it('lays a month out in Monday-first weeks', () => {
    // 2025-01-01 is a Wednesday.
    expect(weekdayOf('2025-01-01')).toBe(2);
    const jan = monthGrid(2025, 1);
    expect(jan).toHaveLength(5);
    expect(jan[0]?.map((c) => c?.day ?? null)).toEqual([null, null, 1, 2, 3, 4, 5]);
    expect(jan[4]?.map((c) => c?.day ?? null)).toEqual([27, 28, 29, 30, 31, null, null]);
    // February 2026 starts on a Sunday: its first week holds one day.
    const feb = monthGrid(2026, 2);
    expect(feb[0]?.map((c) => c?.day ?? null)).toEqual([null, null, null, null, null, null, 1]);
    expect(feb.flat().filter(Boolean)).toHaveLength(28);
    expect(monthGrid(2024, 2).flat().filter(Boolean)).toHaveLength(29);
    expect(jan.every((w) => w.length === 7)).toBe(true);
  });

  it('walks dates across months and years', () => {
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
  });
});

describe('days of the year', () => {
  const map = exceptionMap(SPRING_2025);

  it('tells working days, weekends, holidays and make-up days apart', () => {
    expect(dayState('2025-01-24', map)).toBe('working');
    expect(dayState('2025-01-25', map)).toBe('weekend');
    expect(dayState('2025-01-26', map)).toBe('makeup');
    expect(dayState('2025-01-28', map)).toBe('holiday');
    expect(dayState('2025-02-01', map)).toBe('weekend');
    expect(dayState('2025-02-08', map)).toBe('makeup');
  });

  it('counts the working days of a year with its exceptions', () => {
    expect(workingDaysInYear(2025, [])).toBe(261);
    // Six weekday holidays off, two make-up days worked.
    expect(workingDaysInYear(2025, SPRING_2025)).toBe(261 - 6 + 2);
    expect(workingDaysInYear(2024, [])).toBe(262);
  });

  it('groups holidays into periods across their weekends', () => {
    expect(exceptionPeriods(SPRING_2025)).toEqual([
      { kind: 'workday', name: '春节调休', from: '2025-01-26', to: '2025-01-26', count: 1 },
      { kind: 'holiday', name: '春节', from: '2025-01-28', to: '2025-02-04', count: 6 },
      { kind: 'workday', name: '春节调休', from: '2025-02-08', to: '2025-02-08', count: 1 },
    ]);
    // A working day between two holidays of the same name splits them.
    expect(
      exceptionPeriods([
        { date: '2025-05-01', kind: 'holiday', name: '劳动节' },
        { date: '2025-05-06', kind: 'holiday', name: '劳动节' },
      ]).map((p) => `${p.from}..${p.to}`),
    ).toEqual(['2025-05-01..2025-05-01', '2025-05-06..2025-05-06']);
    const periods = exceptionPeriods(SPRING_2025);
    expect(periodsInMonth(periods, 2025, 2).map((p) => p.from)).toEqual(['2025-01-28', '2025-02-08']);
    expect(periodsInMonth(periods, 2025, 3)).toEqual([]);
  });

  it('adds, replaces and moves an exception, keeping date order', () => {
    const days = upsertDay(SPRING_2025, { date: '2025-01-02', kind: 'holiday', name: '元旦' });
    expect(days[0]?.date).toBe('2025-01-02');
    const moved = upsertDay(days, { date: '2025-01-01', kind: 'holiday', name: '元旦' }, '2025-01-02');
    expect(moved.filter((d) => d.name === '元旦').map((d) => d.date)).toEqual(['2025-01-01']);
    expect(moved).toHaveLength(SPRING_2025.length + 1);
  });
});

describe('errors by row', () => {
  it('names the listed day of a refused save in the user’s language', () => {
    const days: CalendarDay[] = [
      { date: '2025-02-01', kind: 'holiday', name: '春节' },
      { date: '2025-02-05', kind: 'workday', name: '' },
    ];
    const e = new ApiError(422, {
      code: 'validation.failed',
      errors: [
        { field: 'days[1].date', code: 'calendar.weekday_workday', message: '2025-02-05 is a weekday: it is a working day already' },
        { field: 'days[0].date', code: 'calendar.weekend_holiday', message: '2025-02-01 is a weekend day: it is off already' },
      ],
    } as never);
    expect(calendarProblems(t('zh-CN'), 'zh-CN', e, { year: 2025, days })).toEqual({
      rows: [
        { row: 0, column: 'date', message: '2025-02-01 是周末，本来就休息，不必列为放假' },
        { row: 1, column: 'date', message: '2025-02-05 是工作日，本来就上班，不必列为调休上班' },
      ],
      general: null,
    });
    expect(calendarProblems(t('en'), 'en', e, { year: 2025, days }).rows[0]?.message).toBe(
      '2025-02-01 is a weekend day, off already; it need not be a holiday',
    );
  });

  it('names the file row of a refused import', () => {
    const e = new ApiError(422, {
      code: 'validation.failed',
      errors: [
        { field: 'rows[3].date', code: 'invalid', message: '“2025-13-01” is not a date such as 2025-01-28' },
        { field: 'rows[3].kind', code: 'invalid', message: '“休假日” is not 放假/上班 (holiday/workday)' },
        { field: 'rows[5].date', code: 'out_of_range', message: '2026-01-01 is not in 2025' },
        { field: 'rows[6].date', code: 'duplicate', message: '2025-01-28 is listed twice (also item 0)' },
        { field: 'rows[7].name', code: 'too_long', message: 'must be at most 50 characters' },
      ],
    } as never);
    const { rows, general } = calendarProblems(t('zh-CN'), 'zh-CN', e, { year: 2025 });
    expect(general).toBeNull();
    expect(rows).toEqual([
      { row: 3, column: 'date', message: '日期“2025-13-01”无效，应写成 2025-01-28 这样的格式' },
      { row: 3, column: 'kind', message: '类型“休假日”无效，应为“放假”或“上班”' },
      { row: 5, column: 'date', message: '2026-01-01 不在 2025 年内' },
      { row: 6, column: 'date', message: '2025-01-28 重复列出' },
      { row: 7, column: 'name', message: '名称最多 50 个字' },
    ]);
  });

  it('says in general what is not about a row', () => {
    const unreadable = new ApiError(422, { code: 'validation.failed', errors: [{ field: 'file', code: 'invalid', message: 'cannot read' }] } as never);
    expect(calendarProblems(t('zh-CN'), 'zh-CN', unreadable, { year: 2025 })).toEqual({
      rows: [],
      general: '无法读取文件：请上传 UTF-8 编码的 .csv 文件或 .xlsx 文件',
    });
    const beyond = new ApiError(422, {
      code: 'validation.failed',
      errors: [{ field: 'file', code: 'import.too_large', message: 'The file is too large: the sheet “Sheet1” has cells beyond row 1000 (at most 1000 rows)' }],
    } as never);
    expect(calendarProblems(t('zh-CN'), 'zh-CN', beyond, { year: 2025 }).general).toBe('文件太大');
    const big = new ApiError(413, { code: 'request.too_large' } as never);
    expect(calendarProblems(t('en'), 'en', big, { year: 2025 }).general).toBe('The file is too large');
    const forbidden = new ApiError(403, { code: 'auth.forbidden' } as never);
    expect(calendarProblems(t('zh-CN'), 'zh-CN', forbidden, { year: 2025 }).general).toBe('您没有执行此操作的权限');
  });
});
