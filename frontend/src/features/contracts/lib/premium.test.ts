import { describe, expect, it } from 'vitest';
import { contractFigures, formatPremium, lineAmountFen, lineFigures, premiumBp, premiumTone, toLineInputs } from './premium';

describe('premiumBp', () => {
  it('is the premium over list in basis points, like the server', () => {
    expect(premiumBp(110_00, 100_00)).toBe(1000);
    expect(premiumBp(95_00, 100_00)).toBe(-500);
    expect(premiumBp(100_00, 100_00)).toBe(0);
    expect(premiumBp(100_00, 0)).toBeNull();
    expect(premiumBp(100_00, null)).toBeNull();
  });

  it('rounds half away from zero', () => {
    expect(premiumBp(300_01, 300_00)).toBe(0);
    expect(premiumBp(301, 300)).toBe(33);
    expect(premiumBp(302, 300)).toBe(67);
    expect(premiumBp(299, 300)).toBe(-33);
    // 0.5 bp either way: 1 / 20,000 of the list amount.
    expect(premiumBp(20_001, 20_000)).toBe(1);
    expect(premiumBp(19_999, 20_000)).toBe(-1);
  });

  it('is exact beyond the safe integers', () => {
    const list = 9_000_000_000_000_000n;
    expect(premiumBp(list + list / 10n, list)).toBe(1000);
  });
});

describe('formatPremium', () => {
  it('shows a signed percentage with two decimals', () => {
    expect(formatPremium(1250)).toBe('+12.50%');
    expect(formatPremium(1000)).toBe('+10.00%');
    expect(formatPremium(5)).toBe('+0.05%');
    expect(formatPremium(-500)).toBe('-5.00%');
    expect(formatPremium(-33)).toBe('-0.33%');
    expect(formatPremium(0)).toBe('0.00%');
    expect(formatPremium(null)).toBe('—');
    expect(formatPremium(undefined)).toBe('—');
  });

  it('colours above list green and below list red', () => {
    expect(premiumTone(1)).toBe('success');
    expect(premiumTone(-1)).toBe('danger');
    expect(premiumTone(0)).toBeUndefined();
    expect(premiumTone(null)).toBeUndefined();
  });
});

describe('line and contract figures', () => {
  it('computes a line from the quantity and the price typed in 元', () => {
    expect(lineAmountFen(3, 1999)).toBe(5997n);
    const f = lineFigures({ product_id: 1, quantity: 100, price: '1,400' }, 128_000);
    expect(f.amountFen).toBe(14_000_000n);
    expect(f.listAmountFen).toBe(12_800_000n);
    // (1400 − 1280) / 1280 = 9.375 % → 938 bp
    expect(f.premiumBp).toBe(938);
  });

  it('has no figures until the quantity and a valid price are there', () => {
    expect(lineFigures({ product_id: 1, quantity: null, price: '10' }, 1000).amountFen).toBeNull();
    expect(lineFigures({ product_id: 1, quantity: 2, price: '10.001' }, 1000).amountFen).toBeNull();
    expect(lineFigures({ product_id: 1, quantity: 0, price: '10' }, 1000).amountFen).toBeNull();
    // An unknown list price still gives the amount, not the premium.
    const noList = lineFigures({ product_id: 1, quantity: 2, price: '10' }, null);
    expect(noList.amountFen).toBe(2000n);
    expect(noList.premiumBp).toBeNull();
  });

  it('weights the contract premium by amount', () => {
    // 100 × 1.20 over 100 × 1.00, and 50 × 2.00 at list: (220 − 200) / 200 = 10 %.
    const list: Record<number, number> = { 1: 100, 2: 200 };
    const f = contractFigures(
      [
        { product_id: 1, quantity: 100, price: '1.20' },
        { product_id: 2, quantity: 50, price: '2' },
      ],
      (id) => list[id],
    );
    expect(f).toEqual({ amountFen: 22_000n, listAmountFen: 20_000n, premiumBp: 1000, complete: true });
  });

  it('gives no contract premium while a line is incomplete, but sums what is there', () => {
    const f = contractFigures([{ product_id: 1, quantity: 10, price: '5' }, { product_id: 2 }], () => 400);
    expect(f.amountFen).toBe(5000n);
    expect(f.premiumBp).toBeNull();
    expect(f.complete).toBe(false);
    expect(contractFigures([], () => 1).premiumBp).toBeNull();
  });

  it('turns the form lines into the API lines in fen', () => {
    expect(toLineInputs([{ product_id: 3, quantity: 4, price: '12.5' }])).toEqual([{ product_id: 3, quantity: 4, price_fen: 1250 }]);
  });
});
