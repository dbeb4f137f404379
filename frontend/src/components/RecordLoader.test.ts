import { describe, expect, it } from 'vitest';
import { parseRecordId } from './RecordLoader';

describe('parseRecordId', () => {
  it('takes a positive integer', () => {
    expect(parseRecordId('1')).toBe(1);
    expect(parseRecordId('4711')).toBe(4711);
  });
  it('refuses anything else', () => {
    for (const bad of [undefined, '', '0', '-3', '1.5', 'abc', 'new', '1e400', '9007199254740993']) {
      expect(parseRecordId(bad)).toBeNull();
    }
  });
});
