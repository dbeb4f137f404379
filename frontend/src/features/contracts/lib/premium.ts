// Contract amounts and premiums over list prices, computed exactly like the server (integer fen,
// BigInt, premiums in basis points rounded half away from zero), so the form shows live what the
// saved contract will say.
import { parseYuan } from '@/lib/money';

/**
 * (amount − list) / list in basis points, rounded half away from zero; null for a zero (or
 * missing) list amount. `premiumBp(110_00, 100_00) === 1000` (10 %).
 */
export function premiumBp(amountFen: number | bigint, listAmountFen: number | bigint | null | undefined): number | null {
  if (listAmountFen === null || listAmountFen === undefined) return null;
  const list = BigInt(listAmountFen);
  if (list === 0n) return null;
  const num = (BigInt(amountFen) - list) * 10_000n;
  const abs = num < 0n ? -num : num;
  const q = (abs * 2n + list) / (list * 2n);
  return Number(num < 0n ? -q : q);
}

/** quantity × price, exactly (a line may exceed Number.MAX_SAFE_INTEGER fen). */
export function lineAmountFen(quantity: number, priceFen: number): bigint {
  return BigInt(quantity) * BigInt(priceFen);
}

/**
 * A premium in basis points as a percentage with two decimals and its sign: `1250` → `+12.50%`,
 * `-500` → `-5.00%`, `0` → `0.00%`, null → `—`.
 */
export function formatPremium(bp: number | null | undefined): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return '—';
  const abs = Math.abs(Math.round(bp));
  const body = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
  if (bp > 0) return `+${body}`;
  if (bp < 0) return `-${body}`;
  return body;
}

/** The tag colour of a premium: above list green, below list red, at list neutral. */
export function premiumTone(bp: number | null | undefined): 'success' | 'danger' | undefined {
  if (bp === null || bp === undefined || bp === 0) return undefined;
  return bp > 0 ? 'success' : 'danger';
}

/** A line of the contract form as typed: the price in 元 as text. */
export interface LineValues {
  product_id?: number | null;
  quantity?: number | null;
  price?: string;
}

/** A line as far as it can be computed: amount and premium need a quantity and a valid price. */
export interface LineFigures {
  amountFen: bigint | null;
  listAmountFen: bigint | null;
  premiumBp: number | null;
}

/** The figures of one line; `listPriceFen` is the product's list price (null when unknown). */
export function lineFigures(line: LineValues | undefined, listPriceFen: number | null | undefined): LineFigures {
  const quantity = line?.quantity;
  const price = parseYuan(line?.price);
  if (quantity === null || quantity === undefined || !Number.isSafeInteger(quantity) || quantity <= 0 || !price.ok || price.fen === null) {
    return { amountFen: null, listAmountFen: null, premiumBp: null };
  }
  const amount = lineAmountFen(quantity, price.fen);
  const list = listPriceFen === null || listPriceFen === undefined ? null : lineAmountFen(quantity, listPriceFen);
  return { amountFen: amount, listAmountFen: list, premiumBp: list === null ? null : premiumBp(amount, list) };
}

export interface ContractFigures {
  amountFen: bigint;
  listAmountFen: bigint;
  /** Amount-weighted: (Σ amount − Σ list amount) / Σ list amount; null when a line lacks figures. */
  premiumBp: number | null;
  /** Every line has a quantity, a price and a known list price. */
  complete: boolean;
}

/** The contract's totals over the lines the form holds. */
export function contractFigures(lines: readonly (LineValues | undefined)[], listPriceOf: (productId: number) => number | null | undefined): ContractFigures {
  let amount = 0n;
  let list = 0n;
  let complete = lines.length > 0;
  for (const line of lines) {
    const productId = line?.product_id;
    const f = lineFigures(line, productId === null || productId === undefined ? null : listPriceOf(productId));
    if (f.amountFen === null || f.listAmountFen === null) {
      complete = false;
      if (f.amountFen !== null) amount += f.amountFen;
      continue;
    }
    amount += f.amountFen;
    list += f.listAmountFen;
  }
  return { amountFen: amount, listAmountFen: list, premiumBp: complete ? premiumBp(amount, list) : null, complete };
}

/** The form's lines → the API's lines (the server checks what is missing or out of range). */
export function toLineInputs(lines: readonly (LineValues | undefined)[] | undefined): { product_id: number; quantity: number; price_fen: number }[] {
  return (lines ?? []).map((l) => {
    const price = parseYuan(l?.price);
    return {
      product_id: l?.product_id ?? 0,
      quantity: l?.quantity ?? 0,
      price_fen: price.ok && price.fen !== null ? price.fen : -1,
    };
  });
}

