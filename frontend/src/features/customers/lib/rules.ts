// Client-side hints that mirror the server's checks of the registration form
// (customers::rules); the server decides, and its field errors are shown on the fields.

/** Characters of the unified social credit code (GB 32100-2015): no I, O, Z, S, V. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'length' | 'chars' | 'check_digit';

/** What is wrong with a unified social credit code (统一社会信用代码), or null when it is valid. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  const chars = [...code];
  if (chars.length !== 18) return 'length';
  const values = chars.map((c) => USCC_CHARS.indexOf(c));
  if (values.some((v) => v < 0)) return 'chars';
  const sum = values.slice(0, 17).reduce((acc, v, i) => acc + v * (USCC_WEIGHTS[i] ?? 0), 0);
  const check = (31 - (sum % 31)) % 31;
  return values[17] === check ? null : 'check_digit';
}

/** The credit code as the server stores it: trimmed, upper case. */
export function normalizeCreditCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Six digits (or nothing). */
export function postalCodeOk(s: string): boolean {
  return s === '' || /^\d{6}$/.test(s);
}

/** 7–20 digits with spaces, '-', '(', ')' and an optional leading '+' (or nothing). */
export function phoneOk(s: string): boolean {
  if (s === '') return true;
  if (!/^\+?[\d\s\-()]*$/.test(s)) return false;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 20;
}
