// Display formats: instants in the company time zone, money from integer fen.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);
dayjs.extend(timezone);

/** The company's time zone (the server's JIYUAN_TIMEZONE default). */
export const COMPANY_TZ = 'Asia/Shanghai';
export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';
export const DATE_FORMAT = 'YYYY-MM-DD';
const DASH = '—';

/** `2026-11-26T08:00:00Z` → `2026-11-26 16:00` (Asia/Shanghai). */
export function formatDateTime(instant: string | null | undefined): string {
  if (!instant) return DASH;
  const d = dayjs(instant);
  return d.isValid() ? d.tz(COMPANY_TZ).format(DATE_TIME_FORMAT) : DASH;
}

/** An instant's calendar day in the company time zone; a plain `YYYY-MM-DD` stays as it is. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return DASH;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = dayjs(value);
  return d.isValid() ? d.tz(COMPANY_TZ).format(DATE_FORMAT) : DASH;
}

/** Today's date in the company time zone, `YYYY-MM-DD` (business dates: effective dates, deadlines). */
export function companyToday(now: Date = new Date()): string {
  return dayjs(now).tz(COMPANY_TZ).format(DATE_FORMAT);
}

/** Start of a company-time-zone day as a UTC RFC 3339 instant (for `from` filters). */
export function startOfDayInstant(day: string): string {
  return dayjs.tz(`${day} 00:00:00`, COMPANY_TZ).utc().format('YYYY-MM-DDTHH:mm:ss[Z]');
}

/** Company-time-zone wall-clock `YYYY-MM-DD HH:mm` as a UTC instant. */
export function wallClockToInstant(wallClock: string): string {
  return dayjs.tz(wallClock, COMPANY_TZ).utc().format('YYYY-MM-DDTHH:mm:ss[Z]');
}

/** A UTC instant as company wall-clock `YYYY-MM-DD HH:mm` (for pickers). */
export function instantToWallClock(instant: string): string {
  return dayjs(instant).tz(COMPANY_TZ).format(DATE_TIME_FORMAT);
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function toBigInt(fen: number | bigint): bigint {
  if (typeof fen === 'bigint') return fen;
  if (!Number.isFinite(fen)) throw new RangeError(`not a finite amount: ${fen}`);
  return BigInt(Math.round(fen));
}

/** Integer fen → `¥1,234.56` (negative: `-¥1,234.56`). Exact for any integer. */
export function formatFen(fen: number | bigint | null | undefined, options: { symbol?: boolean } = {}): string {
  if (fen === null || fen === undefined) return DASH;
  const v = toBigInt(fen);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const yuan = abs / 100n;
  const cents = abs % 100n;
  const body = `${group(yuan.toString())}.${cents.toString().padStart(2, '0')}`;
  return `${neg ? '-' : ''}${options.symbol === false ? '' : '¥'}${body}`;
}

/** Integer fen → 元 without the symbol: `1,234.56`. */
export function formatYuan(fen: number | bigint | null | undefined): string {
  return formatFen(fen, { symbol: false });
}

/**
 * Integer fen → 万元 with `digits` decimals, rounded half away from zero:
 * `formatFenWan(1234567800) === "12.35万元"`, `formatFenWan(123456789000, 2, 'en') === "¥12,345.68 × 10k"`.
 */
export function formatFenWan(fen: number | bigint | null | undefined, digits = 2, lang: 'zh-CN' | 'en' = 'zh-CN'): string {
  if (fen === null || fen === undefined) return DASH;
  const v = toBigInt(fen);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  // 1 万元 = 1,000,000 fen; keep `digits` decimals.
  const scale = 10n ** BigInt(digits);
  const scaled = (abs * scale * 2n + 1_000_000n) / 2_000_000n; // round half up on the absolute value
  const whole = scaled / scale;
  const frac = scaled % scale;
  const body = digits > 0 ? `${group(whole.toString())}.${frac.toString().padStart(digits, '0')}` : group(whole.toString());
  const sign = neg && scaled !== 0n ? '-' : '';
  return lang === 'en' ? `${sign}¥${body} × 10k` : `${sign}${body}万元`;
}

/** Seconds → a duration in words parts: {h, m, s}. */
export function splitDuration(totalSeconds: number): { h: number; m: number; s: number } {
  const t = Math.max(0, Math.ceil(totalSeconds));
  return { h: Math.floor(t / 3600), m: Math.floor((t % 3600) / 60), s: t % 60 };
}

/** A file size: `512 B`, `1.5 KB`, `10 MB` (binary units, one decimal below 10). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return DASH;
  const units = ['B', 'KB', 'MB', 'GB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  if (i === 0) return `${v} B`;
  const shown = v < 10 ? Math.round(v * 10) / 10 : Math.round(v);
  // 1023.96 KB rounds to 1024: say 1 MB instead.
  if (shown >= 1024 && i < units.length - 1) return `1 ${units[i + 1]}`;
  return `${shown} ${units[i]}`;
}
