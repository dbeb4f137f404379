// A product's list prices over time: which one is in force on a date (the latest effective date
// not after it, as the server takes it for a contract signed that day), which are scheduled.
import type { ProductPrice } from '@/api/types';

export type PriceState = 'in_force' | 'scheduled' | 'superseded';

/** The price in force on `day` (YYYY-MM-DD): the latest effective date not after it; undefined before the first. */
export function priceInForce<P extends Pick<ProductPrice, 'effective_from'>>(prices: readonly P[], day: string): P | undefined {
  let best: P | undefined;
  for (const p of prices) {
    if (p.effective_from <= day && (!best || p.effective_from > best.effective_from)) best = p;
  }
  return best;
}

/** Each price's state on `day`: in force, scheduled (a later date), superseded (replaced since). */
export function priceStates<P extends Pick<ProductPrice, 'id' | 'effective_from'>>(prices: readonly P[], day: string): Map<number, PriceState> {
  const current = priceInForce(prices, day);
  return new Map(
    prices.map((p) => [p.id, p.effective_from > day ? 'scheduled' : p.id === current?.id ? 'in_force' : 'superseded'] as const),
  );
}
