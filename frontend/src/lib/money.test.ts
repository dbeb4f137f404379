import { describe, expect, it } from 'vitest';
import { fenToWanInput, fenToYuanInput, parseWan, parseYuan, wanToFen, yuanToFen } from './money';

describe('yuanToFen', () => {
  it('converts exactly, without floating-point drift', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('0.29')).toBe(29); // 0.29 * 100 = 28.999999999999996 in floating point
    expect(yuanToFen('1.15')).toBe(115); // 1.15 * 100 = 114.99999999999999
    expect(yuanToFen('4.35')).toBe(435);
    expect(yuanToFen('19.99')).toBe(1999);
    expect(yuanToFen('1234.5')).toBe(123450);
    expect(yuanToFen('10000000')).toBe(1_000_000_000);
    expect(yuanToFen('.5')).toBe(50);
    expect(yuanToFen('12.')).toBe(1200);
  });

  it('reads what people type: separators, spaces, the yuan sign', () => {
    expect(yuanToFen('1,234,567.89')).toBe(123456789);
    expect(yuanToFen(' 1 000 ')).toBe(100000);
    expect(yuanToFen('1，000')).toBe(100000);
    expect(yuanToFen('¥88.80')).toBe(8880);
    expect(yuanToFen('+5')).toBe(500);
  });

  it('treats an empty input as no amount', () => {
    expect(yuanToFen('')).toBeNull();
    expect(yuanToFen('   ')).toBeNull();
    expect(yuanToFen(undefined)).toBeNull();
  });

  it('refuses more than two decimals instead of rounding', () => {
    expect(parseYuan('1.005')).toEqual({ ok: false, problem: 'too_precise' });
    expect(() => yuanToFen('0.001')).toThrow(RangeError);
  });

  it('refuses text that is not an amount', () => {
    for (const bad of ['abc', '1.2.3', '1e5', '-', '.', '12a', '--1', '0x10']) {
      expect(parseYuan(bad), bad).toEqual({ ok: false, problem: 'invalid' });
    }
  });

  it('takes negatives only where allowed', () => {
    expect(parseYuan('-12.5')).toEqual({ ok: false, problem: 'negative' });
    expect(yuanToFen('-12.5', { allowNegative: true })).toBe(-1250);
    expect(yuanToFen('-0', { allowNegative: false })).toBe(0);
  });

  it('stays exact up to the largest safe integer of fen, and refuses more', () => {
    expect(yuanToFen('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(parseYuan('90071992547409.92')).toEqual({ ok: false, problem: 'too_large' });
    expect(yuanToFen('12345678901234.56')).toBe(1234567890123456);
  });
});

describe('fenToYuanInput', () => {
  it('writes fen as yuan for an input, round-tripping exactly', () => {
    expect(fenToYuanInput(123456)).toBe('1234.56');
    expect(fenToYuanInput(100)).toBe('1');
    expect(fenToYuanInput(5)).toBe('0.05');
    expect(fenToYuanInput(-1250)).toBe('-12.50');
    expect(fenToYuanInput(0)).toBe('0');
    expect(fenToYuanInput(null)).toBe('');
    for (const fen of [0, 1, 99, 101, 29, 115, 1_000_000_000, -7, Number.MAX_SAFE_INTEGER]) {
      expect(yuanToFen(fenToYuanInput(fen), { allowNegative: true })).toBe(fen);
    }
  });
});

describe('amounts in 万元', () => {
  it('converts exactly, with up to six decimals (one fen)', () => {
    expect(wanToFen('500')).toBe(500_000_000);
    expect(wanToFen('0.29')).toBe(290_000);
    expect(wanToFen('1.15')).toBe(1_150_000);
    expect(wanToFen('0.000001')).toBe(1);
    expect(wanToFen('12.345678')).toBe(12_345_678);
    expect(wanToFen('1,000万')).toBe(1_000_000_000);
    expect(wanToFen(' 50万元 ')).toBe(50_000_000);
    expect(wanToFen('')).toBeNull();
  });

  it('refuses what is not an amount, too precise, negative or too large', () => {
    expect(parseWan('abc')).toEqual({ ok: false, problem: 'invalid' });
    expect(parseWan('.')).toEqual({ ok: false, problem: 'invalid' });
    expect(parseWan('1.0000001')).toEqual({ ok: false, problem: 'too_precise' });
    expect(parseWan('-5')).toEqual({ ok: false, problem: 'negative' });
    expect(parseWan('-5', { allowNegative: true })).toEqual({ ok: true, fen: -5_000_000 });
    expect(parseWan('9007199255')).toEqual({ ok: false, problem: 'too_large' });
    expect(() => wanToFen('x')).toThrow(RangeError);
  });

  it('shows fen as the 万元 text of an input, round-tripping', () => {
    expect(fenToWanInput(500_000_000)).toBe('500');
    expect(fenToWanInput(1_250_000)).toBe('1.25');
    expect(fenToWanInput(1)).toBe('0.000001');
    expect(fenToWanInput(0)).toBe('0');
    expect(fenToWanInput(-30_000_000)).toBe('-30');
    expect(fenToWanInput(null)).toBe('');
    for (const fen of [0, 1, 99, 10_000, 123_456_789, 300_000_000]) expect(wanToFen(fenToWanInput(fen))).toBe(fen);
  });
});
