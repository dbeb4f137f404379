// GET/POST /offices, PATCH /offices/{id}.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreateOfficeBody, UpdateOfficeBody } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';

export type OfficeFilter = 'q';
export interface OfficesQuery {
  page: number;
  page_size: number;
  sort?: string;
  q?: string;
}

export const officeKeys = {
  all: ['offices'] as const,
  list: (q: OfficesQuery) => ['offices', 'list', q] as const,
};

export function officesQueryOptions(query: OfficesQuery) {
  return {
    queryKey: officeKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/offices', { params: { query } })),
    placeholderData: keepPreviousData,
  };
}

export function useOffices(query: OfficesQuery) {
  return useQuery(officesQueryOptions(query));
}

export function useCreateOffice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOfficeBody) => unwrap(api.POST('/api/v1/offices', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: officeKeys.all }),
  });
}

export function useUpdateOffice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateOfficeBody }) =>
      unwrap(api.PATCH('/api/v1/offices/{id}', { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: officeKeys.all }),
  });
}
