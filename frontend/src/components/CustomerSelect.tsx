// Choosing a customer by searching GET /customers (name, code, pinyin, phone; at most 20 matches,
// only customers in the user's scope): contracts, payments, filters of the sales ledger.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { SearchSelect, type SearchSelectProps } from './SearchSelect';

export type CustomerSelectProps = SearchSelectProps;

export function customerLabel(c: { code: string; name: string }): string {
  return `${c.code} ${c.name}`;
}

export function CustomerSelect(props: CustomerSelectProps) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const customers = useQuery({
    queryKey: ['customers', 'pick', q],
    queryFn: () => unwrap(api.GET('/api/v1/customers', { params: { query: { q: q || undefined, page: 1, page_size: 20 } } })),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  return (
    <SearchSelect {...props} onSearch={setSearch} loading={customers.isFetching} options={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: customerLabel(c) }))} />
  );
}
