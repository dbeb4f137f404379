// Choosing a user by searching GET /users (administrators only).
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { useDeferredValue, useState } from 'react';
import type { Role } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';

export interface UserSelectProps extends Omit<SelectProps<number>, 'options' | 'loading' | 'onSearch' | 'showSearch'> {
  role?: Role;
  /** Label of the current value when it is not among the search results. */
  currentLabel?: string | null;
}

export function UserSelect({ role, currentLabel, value, ...rest }: UserSelectProps) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search);
  const users = useQuery({
    queryKey: ['users', 'options', role ?? '', q],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/users', {
          params: { query: { q: q || undefined, role, page_size: 20, sort: 'display_name' } },
        }),
      ),
    staleTime: 30_000,
  });
  const options = (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.display_name}（${u.username}）` }));
  if (value !== undefined && value !== null && currentLabel && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: currentLabel });
  }
  return (
    <Select<number>
      allowClear
      {...rest}
      value={value}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={users.isFetching}
      options={options}
    />
  );
}
