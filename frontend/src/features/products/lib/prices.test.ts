import { describe, expect, it } from 'vitest';
import { priceInForce, priceStates } from './prices';

const PRICES = [
  { id: 3, effective_from: '2027-01-01' },
  { id: 2, effective_from: '2026-07-01' },
  { id: 1, effective_from: '2026-01-01' },
];

describe('list prices over time', () => {
  it('takes the latest effective date not after the day', () => {
    expect(priceInForce(PRICES, '2026-11-27')?.id).toBe(2);
    expect(priceInForce(PRICES, '2026-07-01')?.id).toBe(2);
    expect(priceInForce(PRICES, '2026-06-30')?.id).toBe(1);
    expect(priceInForce(PRICES, '2027-03-01')?.id).toBe(3);
    expect(priceInForce(PRICES, '2025-12-31')).toBeUndefined();
  });

  it('marks the one in force, the scheduled and the superseded', () => {
    expect([...priceStates(PRICES, '2026-11-27')]).toEqual([
      [3, 'scheduled'],
      [2, 'in_force'],
      [1, 'superseded'],
    ]);
  });
});
