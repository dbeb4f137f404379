// GET/POST /api-tokens, DELETE /api-tokens/{id}.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateApiTokenBody } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';

/** GET /api-tokens pages but does not sort (newest first). */
export interface ApiTokensQuery {
  page: number;
  page_size: number;
}

export const apiTokenKeys = {
  all: ['api-tokens'] as const,
  list: (q: ApiTokensQuery) => ['api-tokens', 'list', q] as const,
};

export function useApiTokens(query: ApiTokensQuery) {
  return useQuery({
    queryKey: apiTokenKeys.list(query),
    queryFn: () =>
      unwrap(api.GET('/api/v1/api-tokens', { params: { query: { page: query.page, page_size: query.page_size } } })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiTokenBody) => unwrap(api.POST('/api/v1/api-tokens', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}

export function useRevokeApiToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE('/api/v1/api-tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: apiTokenKeys.all }),
  });
}
