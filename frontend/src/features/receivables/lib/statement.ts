// 对账单: the period (defaults, from the URL, what the server would refuse), the lines of the
// paper form (the opening balance, the entries with their running balance, the period's totals,
// the closing balance), the aging summary and the page counter of the printed sheet.
import dayjs from 'dayjs';
import type { Statement, StatementLineKind, StatementQuery } from '@/api/types';
import { bucketLabel } from '@/lib/aging-buckets';
import { DATE_FORMAT, formatYuan } from '@/lib/format';
import type { MessageKey, TFunction } from '@/lib/i18n';

/** The longest period the server accepts, in days (three years of 366 days). */
export const MAX_PERIOD_DAYS = 3 * 366;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isDay(v: string | null | undefined): v is string {
  return !!v && DAY.test(v) && dayjs(v, DATE_FORMAT).format(DATE_FORMAT) === v;
}

/** The default period: from the first day of this year to today (`today` is YYYY-MM-DD). */
export function defaultPeriod(today: string): StatementQuery {
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

/**
 * The period of the URL's `from` and `to` (YYYY-MM-DD); a missing or malformed end takes the
 * default's. Out of range periods are kept: the page says what is wrong with them.
 */
export function periodFromSearch(search: URLSearchParams, today: string): StatementQuery {
  const d = defaultPeriod(today);
  const from = search.get('from');
  const to = search.get('to');
  return { from: isDay(from) ? from : d.from, to: isDay(to) ? to : d.to };
}

/** The URL parameters of a period: none for the default one (a clean link to the card's button). */
export function periodSearch(period: StatementQuery, today: string): Record<string, string> {
  const d = defaultPeriod(today);
  return period.from === d.from && period.to === d.to ? {} : { from: period.from, to: period.to };
}

export type PeriodProblem = 'from_after_to' | 'to_after_today' | 'too_long';

/** What the server would refuse about a period, checked before asking (null: fine). */
export function periodProblem(period: StatementQuery, today: string): PeriodProblem | null {
  if (period.from > period.to) return 'from_after_to';
  if (period.to > today) return 'to_after_today';
  if (dayjs(period.to).diff(dayjs(period.from), 'day') > MAX_PERIOD_DAYS) return 'too_long';
  return null;
}

export const LINE_KIND_KEYS: Record<StatementLineKind, MessageKey> = {
  shipment: 'statement.kind.shipment',
  payment: 'statement.kind.payment',
  payment_reversal: 'statement.kind.payment_reversal',
  credit_note: 'statement.kind.credit_note',
  write_off: 'statement.kind.write_off',
};

/** A debit or credit cell: blank for nothing, as on the paper form. */
export function amountCell(fen: number): string {
  return fen === 0 ? '' : formatYuan(fen);
}

export type StatementRowKind = 'opening' | 'line' | 'totals' | 'closing';

/** One row of the printed lines table (amounts already as text, in 元). */
export interface StatementRow {
  key: string;
  kind: StatementRowKind;
  on: string;
  summary: string;
  reference: string;
  contract: string;
  debit: string;
  credit: string;
  balance: string;
}

/**
 * The lines table of the sheet: the opening balance on the period's first day, each entry with
 * the balance after it, the period's totals, and the closing balance on its last day.
 */
export function statementRows(s: Statement, t: TFunction): StatementRow[] {
  const rows: StatementRow[] = [
    {
      key: 'opening',
      kind: 'opening',
      on: s.from,
      summary: t('statement.opening'),
      reference: '',
      contract: '',
      debit: '',
      credit: '',
      balance: formatYuan(s.opening_fen),
    },
  ];
  s.lines.forEach((l) => {
    rows.push({
      // A payment and its reversal share the payment's id.
      key: `${l.kind}-${l.id}`,
      kind: 'line',
      on: l.on,
      summary: t(LINE_KIND_KEYS[l.kind]),
      reference: l.reference,
      contract: l.contract_number ?? '',
      debit: amountCell(l.debit_fen),
      credit: amountCell(l.credit_fen),
      balance: formatYuan(l.balance_fen),
    });
  });
  rows.push(
    {
      key: 'totals',
      kind: 'totals',
      on: '',
      summary: t('statement.periodTotals'),
      reference: '',
      contract: '',
      debit: formatYuan(s.debit_fen),
      credit: formatYuan(s.credit_fen),
      balance: '',
    },
    {
      key: 'closing',
      kind: 'closing',
      on: s.to,
      summary: t('statement.closing'),
      reference: '',
      contract: '',
      debit: '',
      credit: '',
      balance: formatYuan(s.closing_fen),
    },
  );
  return rows;
}

/**
 * Do the figures add up: the opening balance plus the period's debits less its credits is the
 * closing balance, each line's balance follows from the one before, and the closing balance is
 * the aging total less the unallocated payments. False would mean the sheet is not to be sent.
 */
export function statementAddsUp(s: Statement): boolean {
  let balance = s.opening_fen;
  let debit = 0;
  let credit = 0;
  for (const l of s.lines) {
    balance += l.debit_fen - l.credit_fen;
    debit += l.debit_fen;
    credit += l.credit_fen;
    if (l.balance_fen !== balance) return false;
  }
  return (
    debit === s.debit_fen &&
    credit === s.credit_fen &&
    balance === s.closing_fen &&
    s.aging_total_fen - s.unallocated_fen === s.closing_fen
  );
}

/** The aging summary's columns: not yet due, each bucket, the total. */
export function agingColumns(s: Statement, t: TFunction): { key: string; label: string; amount: string }[] {
  return [
    { key: 'current', label: t('aging.current'), amount: formatYuan(s.aging_current_fen) },
    ...s.aging_buckets.map((b, i) => ({ key: `b${i}`, label: bucketLabel(b, t), amount: formatYuan(s.aging_buckets_fen[i] ?? 0) })),
    { key: 'total', label: t('aging.total'), amount: formatYuan(s.aging_total_fen) },
  ];
}

function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, ' ')}"`;
}

/**
 * The CSS `content` of the printed page number from a template with `{page}` and `{pages}`:
 * `第 {page} 页，共 {pages} 页` → `"第 " counter(page) " 页，共 " counter(pages) " 页"`.
 */
export function pageCounterContent(template: string): string {
  const parts = template.split(/(\{page\}|\{pages\})/).filter((p) => p !== '');
  if (parts.length === 0) return '""';
  return parts.map((p) => (p === '{page}' ? 'counter(page)' : p === '{pages}' ? 'counter(pages)' : cssString(p))).join(' ');
}
