// The company calendar as the year view shows it: Monday-first month grids, what each day is
// (working day, weekend, holiday, make-up working day 调休), the working days of a year with the
// exceptions being edited, holidays grouped into periods (春节 1月28日–2月4日), and the server's
// errors of a saved list (`days[3].date`) or an imported file (`rows[5].kind`) by row, in the
// user's language.
import type { CalendarDay, DayKind } from '@/api/types';
import { ApiError } from '@/lib/api-error';
import { errorMessage, fieldErrorMessage } from '@/lib/errors';
import type { Lang, MessageKey, Params, TFunction } from '@/lib/i18n';

/** `2025, 1, 5` → `2025-01-05`. */
export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function parts(date: string): [number, number, number] {
  const [y = 0, m = 0, d = 0] = date.split('-').map(Number);
  return [y, m, d];
}

/** 0 Monday … 6 Sunday. */
export function weekdayOf(date: string): number {
  const [y, m, d] = parts(date);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function isWeekend(date: string): boolean {
  return weekdayOf(date) >= 5;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The date `n` calendar days after `date`. */
export function addDays(date: string, n: number): string {
  const [y, m, d] = parts(date);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export interface DayCell {
  date: string;
  day: number;
  /** 0 Monday … 6 Sunday. */
  weekday: number;
}

/** A month as weeks of seven cells, Monday first; days of other months are null. */
export function monthGrid(year: number, month: number): (DayCell | null)[][] {
  const first = weekdayOf(isoDate(year, month, 1));
  const cells: (DayCell | null)[] = Array.from({ length: first }, () => null);
  const n = daysInMonth(year, month);
  for (let day = 1; day <= n; day += 1) {
    const date = isoDate(year, month, day);
    cells.push({ date, day, weekday: weekdayOf(date) });
  }
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (DayCell | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export type DayState = 'working' | 'weekend' | 'holiday' | 'makeup';

/** What a day is with these exceptions (a holiday on a weekday, a make-up working day on a weekend). */
export function dayState(date: string, exceptions: ReadonlyMap<string, Pick<CalendarDay, 'kind'>>): DayState {
  const e = exceptions.get(date);
  if (e?.kind === 'holiday') return 'holiday';
  if (e?.kind === 'workday') return 'makeup';
  return isWeekend(date) ? 'weekend' : 'working';
}

export function isWorking(state: DayState): boolean {
  return state === 'working' || state === 'makeup';
}

export function exceptionMap(days: readonly CalendarDay[]): Map<string, CalendarDay> {
  return new Map(days.map((d) => [d.date, d]));
}

/** Working days in the year: Monday–Friday, minus the holidays, plus the make-up days. */
export function workingDaysInYear(year: number, days: readonly CalendarDay[]): number {
  const map = exceptionMap(days);
  let n = 0;
  for (let month = 1; month <= 12; month += 1) {
    for (let day = 1; day <= daysInMonth(year, month); day += 1) {
      if (isWorking(dayState(isoDate(year, month, day), map))) n += 1;
    }
  }
  return n;
}

export interface ExceptionPeriod {
  kind: DayKind;
  name: string;
  from: string;
  to: string;
  /** The listed days in the period (a holiday period's weekends are off anyway and not listed). */
  count: number;
}

/**
 * The exceptions as periods: holidays of the same name with only weekend days between them form
 * one period (春节 1月28日–2月4日, 6 days listed); make-up working days likewise. In date order.
 */
export function exceptionPeriods(days: readonly CalendarDay[]): ExceptionPeriod[] {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  const out: ExceptionPeriod[] = [];
  for (const d of sorted) {
    const last = out[out.length - 1];
    const name = d.name ?? '';
    if (last && last.kind === d.kind && last.name === name && onlyWeekendBetween(last.to, d.date)) {
      last.to = d.date;
      last.count += 1;
    } else {
      out.push({ kind: d.kind, name, from: d.date, to: d.date, count: 1 });
    }
  }
  return out;
}

function onlyWeekendBetween(a: string, b: string): boolean {
  for (let d = addDays(a, 1); d < b; d = addDays(d, 1)) if (!isWeekend(d)) return false;
  return true;
}

/** The periods that touch a month (for the month's legend). */
export function periodsInMonth(periods: readonly ExceptionPeriod[], year: number, month: number): ExceptionPeriod[] {
  const start = isoDate(year, month, 1);
  const end = isoDate(year, month, daysInMonth(year, month));
  return periods.filter((p) => p.from <= end && p.to >= start);
}

/** Replaces (or adds) the exception of a date, keeping the list in date order. */
export function upsertDay(days: readonly CalendarDay[], day: CalendarDay, replacing?: string): CalendarDay[] {
  const rest = days.filter((d) => d.date !== day.date && d.date !== replacing);
  return [...rest, day].sort((a, b) => a.date.localeCompare(b.date));
}

// ---------------------------------------------------------------------------------------------
// Errors.

const DATE_RE = /\d{4}-\d{2}-\d{2}/;
const QUOTED_RE = /“([^”]*)”/;

/** A problem with one listed day (or file row) in the user's language. */
export function dayProblem(
  t: TFunction,
  lang: Lang,
  problem: { column: string; code: string; message?: string | null },
  context: { year: number; date?: string },
): string {
  const date = context.date ?? DATE_RE.exec(problem.message ?? '')?.[0] ?? '';
  const value = QUOTED_RE.exec(problem.message ?? '')?.[1] ?? '';
  const params: Params = { date, year: context.year, value };
  const specific: Partial<Record<string, MessageKey>> = {
    'date.calendar.weekend_holiday': 'calendar.error.weekendHoliday',
    'date.calendar.weekday_workday': 'calendar.error.weekdayWorkday',
    'date.out_of_range': 'calendar.error.otherYear',
    'date.duplicate': 'calendar.error.duplicate',
    'date.invalid': 'calendar.error.badDate',
    'kind.invalid': 'calendar.error.badKind',
    'name.too_long': 'calendar.error.nameTooLong',
  };
  const key = specific[`${problem.column}.${problem.code}`];
  return key ? t(key, params) : fieldErrorMessage(lang, problem.code, problem.message);
}

export interface RowProblem {
  /** The index in the saved list, or the file's row number. */
  row: number;
  column: 'date' | 'kind' | 'name' | string;
  message: string;
}

const ROW_RE = /^(days|rows)\[(\d+)\](?:\.(\w+))?$/;

/**
 * A refused save (`days[i].…`, `days` the list sent) or import (`rows[N].…`, N the file's row):
 * the problems by row, and what is left for a general message (the file unreadable, not allowed …).
 */
export function calendarProblems(
  t: TFunction,
  lang: Lang,
  error: unknown,
  context: { year: number; days?: readonly CalendarDay[] },
): { rows: RowProblem[]; general: string | null } {
  if (!(error instanceof ApiError)) return { rows: [], general: errorMessage(lang, error) };
  if (error.code === 'request.too_large') return { rows: [], general: t('calendar.error.tooLarge') };
  const rows: RowProblem[] = [];
  const general: string[] = [];
  for (const fe of error.fieldErrors) {
    const m = ROW_RE.exec(fe.field);
    if (m) {
      const row = Number(m[2]);
      const column = m[3] ?? 'date';
      const date = m[1] === 'days' ? context.days?.[row]?.date : undefined;
      rows.push({ row, column, message: dayProblem(t, lang, { column, code: fe.code, message: fe.message }, { year: context.year, date }) });
    } else if (fe.field === 'file') {
      // A workbook beyond the import's bounds (cells past row 1000, a zip bomb …) is readable, only too large.
      general.push(t(fe.code === 'import.too_large' ? 'calendar.error.tooLarge' : 'calendar.error.badFile'));
    } else if (fe.field === 'year') {
      general.push(t('calendar.error.year'));
    } else {
      general.push(fieldErrorMessage(lang, fe.code, fe.message));
    }
  }
  rows.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  const text = general.length > 0 ? [...new Set(general)].join(lang === 'en' ? '; ' : '；') : rows.length > 0 ? null : errorMessage(lang, error);
  return { rows, general: text };
}
