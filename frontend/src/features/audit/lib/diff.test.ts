import { describe, expect, it } from 'vitest';
import { diffJson, showValue } from './diff';

describe('audit diff', () => {
  it('lists changed, added, removed and unchanged fields, nested ones dotted', () => {
    const rows = diffJson(
      { name: '北京办', region: '华北', director: { id: 1, name: '张' }, roles: ['salesman'], version: 1 },
      { name: '北京办事处', director: { id: 2, name: '张' }, roles: ['salesman'], version: 2, code: 'BJ' },
    );
    expect(rows).toEqual([
      { field: 'name', before: '北京办', after: '北京办事处', status: 'changed' },
      { field: 'region', before: '华北', after: undefined, status: 'removed' },
      { field: 'director.id', before: 1, after: 2, status: 'changed' },
      { field: 'director.name', before: '张', after: '张', status: 'unchanged' },
      { field: 'roles', before: ['salesman'], after: ['salesman'], status: 'unchanged' },
      { field: 'version', before: 1, after: 2, status: 'changed' },
      { field: 'code', before: undefined, after: 'BJ', status: 'added' },
    ]);
  });

  it('handles creations and deletions (one side null)', () => {
    expect(diffJson(null, { a: 1 })).toEqual([{ field: 'a', before: undefined, after: 1, status: 'added' }]);
    expect(diffJson({ a: 1 }, null)).toEqual([{ field: 'a', before: 1, after: undefined, status: 'removed' }]);
    expect(diffJson(null, null)).toEqual([]);
  });

  it('shows values as text', () => {
    expect(showValue('x')).toBe('x');
    expect(showValue(null)).toBe('null');
    expect(showValue([1, 2])).toBe('[1,2]');
    expect(showValue(undefined)).toBe('');
  });
});
