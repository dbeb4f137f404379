// Choosing a person by searching GET /users/lookup (every signed-in user may; at most 20
// matches, names, roles and offices only): owners, transfers, filters.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import type { Role, UserRef } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { SearchSelect, type SearchSelectProps } from './SearchSelect';

export interface PersonSelectProps extends SearchSelectProps {
  role?: Role;
  officeId?: number;
}

export function personLabel(u: UserRef): string {
  return u.office_name ? `${u.display_name}（${u.username}）· ${u.office_name}` : `${u.display_name}（${u.username}）`;
}

export function PersonSelect({ role, officeId, ...rest }: PersonSelectProps) {
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const people = useQuery({
    queryKey: ['users', 'lookup', role ?? '', officeId ?? '', q],
    queryFn: () =>
      unwrap(api.GET('/api/v1/users/lookup', { params: { query: { q: q || undefined, role, office_id: officeId } } })),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
  return (
    <SearchSelect {...rest} onSearch={setSearch} loading={people.isFetching} options={(people.data ?? []).map((u) => ({ value: u.id, label: personLabel(u) }))} />
  );
}
