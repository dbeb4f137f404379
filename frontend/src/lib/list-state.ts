// List state (page, page size, sort, filters) kept in the URL query, so a list view is
// shareable and survives a reload.
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const DEFAULT_PAGE_SIZE = 20;
export const PAGE_SIZES = [10, 20, 50, 100] as const;

export interface ListState<F extends string> {
  page: number;
  pageSize: number;
  /** `field` or `-field` (several separated by commas), as the API takes it. */
  sort: string | undefined;
  filters: Partial<Record<F, string>>;
}

export interface ListStateApi<F extends string> extends ListState<F> {
  setPaging: (page: number, pageSize: number) => void;
  setSort: (sort: string | undefined) => void;
  /** Changes some filters and goes back to page 1 (empty values remove the filter). */
  setFilters: (filters: Partial<Record<F, string | undefined | null>>) => void;
  reset: () => void;
  /** The query for the API call: `{page, page_size, sort?, ...filters}`. */
  query: { page: number; page_size: number; sort?: string } & Partial<Record<F, string>>;
}

function positiveInt(v: string | null, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = v === null ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/** Reads a list state from URL search params (pure; exported for tests). */
export function parseListState<F extends string>(
  params: URLSearchParams,
  filterKeys: readonly F[],
  defaults: { pageSize?: number; sort?: string } = {},
): ListState<F> {
  const filters: Partial<Record<F, string>> = {};
  for (const k of filterKeys) {
    const v = params.get(k);
    if (v !== null && v !== '') filters[k] = v;
  }
  return {
    page: positiveInt(params.get('page'), 1),
    pageSize: positiveInt(params.get('page_size'), defaults.pageSize ?? DEFAULT_PAGE_SIZE, 200),
    sort: params.get('sort') || defaults.sort,
    filters,
  };
}

export function useListState<F extends string>(
  filterKeys: readonly F[],
  defaults: { pageSize?: number; sort?: string } = {},
): ListStateApi<F> {
  const [params, setParams] = useSearchParams();
  const keyList = filterKeys.join(',');
  const state = useMemo(
    () => parseListState(params, keyList ? (keyList.split(',') as F[]) : [], defaults),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [params, keyList, defaults.pageSize, defaults.sort],
  );

  const update = useCallback(
    (change: (p: URLSearchParams) => void) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          change(next);
          return next;
        },
        { replace: false },
      );
    },
    [setParams],
  );

  const setPaging = useCallback(
    (page: number, pageSize: number) =>
      update((p) => {
        if (page > 1) p.set('page', String(page));
        else p.delete('page');
        if (pageSize !== (defaults.pageSize ?? DEFAULT_PAGE_SIZE)) p.set('page_size', String(pageSize));
        else p.delete('page_size');
      }),
    [update, defaults.pageSize],
  );
  const setSort = useCallback(
    (sort: string | undefined) =>
      update((p) => {
        if (sort && sort !== defaults.sort) p.set('sort', sort);
        else p.delete('sort');
        p.delete('page');
      }),
    [update, defaults.sort],
  );
  const setFilters = useCallback(
    (filters: Partial<Record<F, string | undefined | null>>) =>
      update((p) => {
        for (const [k, v] of Object.entries(filters) as [F, string | undefined | null][]) {
          if (v === undefined || v === null || v === '') p.delete(k);
          else p.set(k, v);
        }
        p.delete('page');
      }),
    [update],
  );
  const reset = useCallback(() => setParams(new URLSearchParams()), [setParams]);

  const query = useMemo(() => {
    const q: Record<string, string | number> = { page: state.page, page_size: state.pageSize };
    if (state.sort) q.sort = state.sort;
    for (const [k, v] of Object.entries(state.filters)) if (v) q[k] = v as string;
    return q as ListStateApi<F>['query'];
  }, [state]);

  return { ...state, setPaging, setSort, setFilters, reset, query };
}

/** antd Table sorter → API sort (`field` / `-field`). */
export function sortFromTable(field: string | undefined, order: 'ascend' | 'descend' | null | undefined): string | undefined {
  if (!field || !order) return undefined;
  return order === 'descend' ? `-${field}` : field;
}

/** The antd sortOrder of `field` in an API sort string. */
export function sortOrderOf(sort: string | undefined, field: string): 'ascend' | 'descend' | null {
  const first = sort?.split(',')[0];
  if (first === field) return 'ascend';
  if (first === `-${field}`) return 'descend';
  return null;
}

/** Is any filter of the list set? */
export function hasFilters<F extends string>(list: Pick<ListState<F>, 'filters'>): boolean {
  return Object.keys(list.filters).length > 0;
}

/** The filter value of a chosen id (a select's value; cleared: no filter). */
export function idFilter(id: number | null | undefined): string | undefined {
  return id === undefined || id === null ? undefined : String(id);
}
