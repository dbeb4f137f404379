import { describe, expect, it } from 'vitest';
import { creditCodeProblem, normalizeCreditCode, phoneOk, postalCodeOk } from './rules';

describe('creditCodeProblem', () => {
  it('accepts valid codes (check digit of GB 32100-2015)', () => {
    for (const valid of ['91350100M000100Y43', '91110000802100433B', '91130100MA07L7QG1A']) {
      expect(creditCodeProblem(valid), valid).toBeNull();
    }
  });

  it('says what is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check_digit');
    expect(creditCodeProblem('91350100M000100Y4')).toBe('length');
    expect(creditCodeProblem('91350100I000100Y43')).toBe('chars');
    expect(creditCodeProblem(normalizeCreditCode(' 91130100ma07l7qg1a '))).toBeNull();
  });
});

describe('formats', () => {
  it('mirrors the server on phones and postal codes', () => {
    expect(phoneOk('0311-88886666') && phoneOk('+86 138 0013 8000') && phoneOk('')).toBe(true);
    expect(phoneOk('call me') || phoneOk('123') || phoneOk('1+2345678')).toBe(false);
    expect(postalCodeOk('050000') && postalCodeOk('')).toBe(true);
    expect(postalCodeOk('05000') || postalCodeOk('abcdef')).toBe(false);
  });
});
