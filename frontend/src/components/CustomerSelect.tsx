// Choosing a customer by searching GET /customers (name, code, pinyin, phone; at most 20 matches,
// only customers in the user's scope): contracts, payments, filters of the sales ledger.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { useDeferredValue, useState } from 'react';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';

export interface CustomerSelectProps extends Omit<SelectProps<number>, 'options' | 'loading' | 'onSearch' | 'showSearch'> {
  /** Label of the current value when it is not among the search results (e.g. `C202600001 某公司`). */
  currentLabel?: string | null;
}

export function customerLabel(c: { code: string; name: string }): string {
  return `${c.code} ${c.name}`;
}

export function CustomerSelect({ currentLabel, value, ...rest }: CustomerSelectProps) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const customers = useQuery({
    queryKey: ['customers', 'pick', q],
    queryFn: () => unwrap(api.GET('/api/v1/customers', { params: { query: { q: q || undefined, page: 1, page_size: 20 } } })),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const options = (customers.data?.items ?? []).map((c) => ({ value: c.id, label: customerLabel(c) }));
  if (value !== undefined && value !== null && currentLabel && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: currentLabel });
  }
  return (
    <Select<number>
      allowClear
      {...rest}
      value={value}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={customers.isFetching}
      options={options}
    />
  );
}
