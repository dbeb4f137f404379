// Choosing a person by searching GET /users/lookup (every signed-in user may; at most 20
// matches, names, roles and offices only): owners, transfers, filters.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { useDeferredValue, useState } from 'react';
import type { Role, UserRef } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';

export interface PersonSelectProps extends Omit<SelectProps<number>, 'options' | 'loading' | 'onSearch' | 'showSearch'> {
  role?: Role;
  officeId?: number;
  /** Label of the current value when it is not among the search results. */
  currentLabel?: string | null;
}

export function personLabel(u: UserRef): string {
  return u.office_name ? `${u.display_name}（${u.username}）· ${u.office_name}` : `${u.display_name}（${u.username}）`;
}

export function PersonSelect({ role, officeId, currentLabel, value, ...rest }: PersonSelectProps) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const people = useQuery({
    queryKey: ['users', 'lookup', role ?? '', officeId ?? '', q],
    queryFn: () =>
      unwrap(api.GET('/api/v1/users/lookup', { params: { query: { q: q || undefined, role, office_id: officeId } } })),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  const options = (people.data ?? []).map((u) => ({ value: u.id, label: personLabel(u) }));
  if (value !== undefined && value !== null && currentLabel && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: currentLabel });
  }
  return (
    <Select<number>
      allowClear
      {...rest}
      value={value}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={people.isFetching}
      options={options}
    />
  );
}
