import { describe, expect, it } from 'vitest';
import { parseClassification } from './history';

describe('a classification in the history', () => {
  it('reads the category and the key-customer flag', () => {
    expect(parseClassification('big+key')).toEqual({ category: 'big', key: true });
    expect(parseClassification('general')).toEqual({ category: 'general', key: false });
    expect(parseClassification('')).toEqual({ category: null, key: false });
  });
});
