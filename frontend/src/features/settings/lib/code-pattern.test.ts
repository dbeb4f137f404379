import { describe, expect, it } from 'vitest';
import { codePatternProblem, expandCodePattern } from './code-pattern';

const NOV_2026 = { year: 2026, month: 11 };

describe('customer code patterns', () => {
  it('expands like the server', () => {
    expect(expandCodePattern('C{YYYY}{SEQ:5}', NOV_2026, 42)).toBe('C202600042');
    expect(expandCodePattern('JY-{YY}{MM}-{SEQ:3}', { year: 2026, month: 3 }, 7)).toBe('JY-2603-007');
    expect(expandCodePattern('K{SEQ}', NOV_2026, 12)).toBe('K12');
  });

  it('finds what the server refuses', () => {
    expect(codePatternProblem('C{YYYY}{SEQ:5}')).toBeNull();
    expect(codePatternProblem('C{YYYY}')).toBe('no_seq');
    expect(codePatternProblem('C{DAY}{SEQ}')).toBe('unknown');
    expect(codePatternProblem('C{SEQ:13}')).toBe('unknown');
    expect(codePatternProblem('C{SEQ:4')).toBe('unclosed');
    expect(codePatternProblem(`${'X'.repeat(40)}{SEQ:4}`)).toBe('too_long');
  });
});
