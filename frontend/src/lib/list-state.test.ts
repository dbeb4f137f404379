import { describe, expect, it } from 'vitest';
import { hasFilters, idFilter, parseListState, sortFromTable, sortOrderOf } from './list-state';

describe('list state in the URL', () => {
  it('reads page, size, sort and filters with defaults', () => {
    const s = parseListState(new URLSearchParams('page=3&page_size=50&sort=-name&q=北京&role=&x=1'), ['q', 'role'] as const, { sort: 'code' });
    expect(s).toEqual({ page: 3, pageSize: 50, sort: '-name', filters: { q: '北京' } });
    const d = parseListState(new URLSearchParams('page=-1&page_size=9999'), [] as const, { sort: 'code' });
    expect(d).toEqual({ page: 1, pageSize: 200, sort: 'code', filters: {} });
  });

  it('maps antd sort orders to API sort strings and back', () => {
    expect(sortFromTable('name', 'ascend')).toBe('name');
    expect(sortFromTable('name', 'descend')).toBe('-name');
    expect(sortFromTable('name', null)).toBeUndefined();
    expect(sortOrderOf('-name,code', 'name')).toBe('descend');
    expect(sortOrderOf('name', 'name')).toBe('ascend');
    expect(sortOrderOf('code', 'name')).toBeNull();
  });

  it('tells whether a filter is set and turns a chosen id into a filter', () => {
    expect(hasFilters({ filters: {} })).toBe(false);
    expect(hasFilters({ filters: { q: 'x' } })).toBe(true);
    expect(idFilter(7)).toBe('7');
    expect(idFilter(undefined)).toBeUndefined();
    expect(idFilter(null)).toBeUndefined();
  });
});
