// Choosing a user by searching GET /users (administrators only).
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import type { Role } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { SearchSelect, type SearchSelectProps } from './SearchSelect';

export interface UserSelectProps extends SearchSelectProps {
  role?: Role;
}

export function UserSelect({ role, ...rest }: UserSelectProps) {
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
  return (
    <SearchSelect {...rest} onSearch={setSearch} loading={users.isFetching} options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.display_name}（${u.username}）` }))} />
  );
}
