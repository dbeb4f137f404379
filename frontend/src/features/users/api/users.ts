// GET/POST /users, PATCH /users/{id} and the user actions (disable, enable, reset password, end sessions).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateUserBody, UpdateUserBody, UsersQuery } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';

export const USER_FILTERS = ['q', 'role', 'office_id', 'active', 'kind'] as const;
export type UserFilter = (typeof USER_FILTERS)[number];

export const userKeys = {
  all: ['users'] as const,
  list: (q: UsersQuery) => ['users', 'list', q] as const,
};

/** URL list state (all strings) → the typed query of GET /users. */
export function toUsersQuery(q: { page: number; page_size: number; sort?: string } & Partial<Record<UserFilter, string>>): UsersQuery {
  const officeId = q.office_id !== undefined ? Number(q.office_id) : undefined;
  return {
    page: q.page,
    page_size: q.page_size,
    sort: q.sort,
    q: q.q,
    role: q.role as UsersQuery['role'],
    office_id: officeId !== undefined && Number.isInteger(officeId) ? officeId : undefined,
    active: q.active === 'true' ? true : q.active === 'false' ? false : undefined,
    kind: q.kind as UsersQuery['kind'],
  } as UsersQuery;
}

export function useUsers(query: UsersQuery) {
  return useQuery({
    queryKey: userKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

function useUserMutation<A>(fn: (args: A) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export const useCreateUser = () =>
  useUserMutation((body: CreateUserBody) => unwrap(api.POST('/api/v1/users', { body })));

export const useUpdateUser = () =>
  useUserMutation(({ id, body }: { id: number; body: UpdateUserBody }) =>
    unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
  );

export const useSetUserActive = () =>
  useUserMutation(({ id, active }: { id: number; active: boolean }) =>
    active
      ? unwrap(api.POST('/api/v1/users/{id}/enable', { params: { path: { id } } }))
      : unwrap(api.POST('/api/v1/users/{id}/disable', { params: { path: { id } } })),
  );

export const useResetPassword = () =>
  useUserMutation(({ id, new_password }: { id: number; new_password: string }) =>
    unwrap(api.POST('/api/v1/users/{id}/reset-password', { params: { path: { id } }, body: { new_password } })),
  );

export const useEndSessions = () =>
  useUserMutation((id: number) => unwrap(api.POST('/api/v1/users/{id}/end-sessions', { params: { path: { id } } })));
