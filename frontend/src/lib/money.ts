// Amounts typed in 元 → integer fen for the API, exactly: the digits are handled as text and
// integers (BigInt), never as binary floating point ("0.1 + 0.2" cannot happen here).

/** The largest amount an API fen field takes from this client (Number.MAX_SAFE_INTEGER fen). */
const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);

export type YuanProblem = 'invalid' | 'too_precise' | 'negative' | 'too_large';

export type YuanParse = { ok: true; fen: number | null } | { ok: false; problem: YuanProblem };

/**
 * Reads an amount in 元 as typed: `"1234.5"`, `"1,234.56"`, `"-12"` (when negatives are
 * allowed), `""` (no amount → `fen: null`). At most two decimals: more is refused, not rounded.
 */
export function parseYuan(text: string | null | undefined, options: { allowNegative?: boolean } = {}): YuanParse {
  const s = (text ?? '').trim().replace(/[,，\s]/g, '').replace(/^[¥￥]/, '');
  if (s === '') return { ok: true, fen: null };
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) return { ok: false, problem: 'invalid' };
  const [, sign = '', whole = '', frac = ''] = m;
  if (whole === '' && frac === '') return { ok: false, problem: 'invalid' };
  if (frac.length > 2) return { ok: false, problem: 'too_precise' };
  const abs = BigInt(whole || '0') * 100n + BigInt(frac.padEnd(2, '0'));
  if (abs > MAX_FEN) return { ok: false, problem: 'too_large' };
  const negative = sign === '-' && abs !== 0n;
  if (negative && !options.allowNegative) return { ok: false, problem: 'negative' };
  return { ok: true, fen: Number(negative ? -abs : abs) };
}

/** `"1234.56"` 元 → `123456` fen; `""` → null. Throws a RangeError for text that is not an amount. */
export function yuanToFen(text: string | null | undefined, options: { allowNegative?: boolean } = {}): number | null {
  const r = parseYuan(text, options);
  if (!r.ok) throw new RangeError(`not an amount in yuan (${r.problem}): ${String(text)}`);
  return r.fen;
}

/** Integer fen → the text of an amount input in 元: `123456` → `"1234.56"`, `100` → `"1"`, null → `""`. */
export function fenToYuanInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an amount in fen: ${fen}`);
  const v = BigInt(fen);
  const abs = v < 0n ? -v : v;
  const cents = abs % 100n;
  const body = cents === 0n ? `${abs / 100n}` : `${abs / 100n}.${cents.toString().padStart(2, '0')}`;
  return v < 0n ? `-${body}` : body;
}

/**
 * Reads an amount typed in 万元 (the unit of the measures' thresholds and limits): `"500"`,
 * `"12.5"`, `"0.0001"` (1 元), `"1,000"`. At most six decimals (one fen), exactly, like
 * `parseYuan`: more is refused, not rounded. Empty → `fen: null`.
 */
export function parseWan(text: string | null | undefined, options: { allowNegative?: boolean } = {}): YuanParse {
  const s = (text ?? '').trim().replace(/[,，\s]/g, '').replace(/万元?$/, '');
  if (s === '') return { ok: true, fen: null };
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) return { ok: false, problem: 'invalid' };
  const [, sign = '', whole = '', frac = ''] = m;
  if (whole === '' && frac === '') return { ok: false, problem: 'invalid' };
  if (frac.length > 6) return { ok: false, problem: 'too_precise' };
  const abs = BigInt(whole || '0') * 1_000_000n + BigInt(frac.padEnd(6, '0'));
  if (abs > MAX_FEN) return { ok: false, problem: 'too_large' };
  const negative = sign === '-' && abs !== 0n;
  if (negative && !options.allowNegative) return { ok: false, problem: 'negative' };
  return { ok: true, fen: Number(negative ? -abs : abs) };
}

/** `"500"` 万元 → `500000000` fen; `""` → null. Throws a RangeError for text that is not an amount. */
export function wanToFen(text: string | null | undefined, options: { allowNegative?: boolean } = {}): number | null {
  const r = parseWan(text, options);
  if (!r.ok) throw new RangeError(`not an amount in 万元 (${r.problem}): ${String(text)}`);
  return r.fen;
}

/** Integer fen → the text of an amount input in 万元: `500000000` → `"500"`, `1250000` → `"1.25"`, null → `""`. */
export function fenToWanInput(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '';
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an amount in fen: ${fen}`);
  const v = BigInt(fen);
  const abs = v < 0n ? -v : v;
  const rest = abs % 1_000_000n;
  const frac = rest.toString().padStart(6, '0').replace(/0+$/, '');
  const body = rest === 0n ? `${abs / 1_000_000n}` : `${abs / 1_000_000n}.${frac}`;
  return v < 0n ? `-${body}` : body;
}
