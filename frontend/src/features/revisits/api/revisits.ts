// 回访: the visits (GET /revisits), recording one (POST /revisits/{id}/complete), the compliance
// report (GET /revisits/compliance) and replanning at once (POST /revisits/replan).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CompleteRevisitBody, RevisitsQuery } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { notificationKeys, revisitKeys } from '@/lib/query-keys';

export const REVISIT_FILTERS = ['tab', 'status', 'overdue', 'role', 'office_id', 'from', 'to'] as const;
export type RevisitFilter = (typeof REVISIT_FILTERS)[number];

export function useRevisits(query: RevisitsQuery, enabled = true) {
  return useQuery({
    queryKey: revisitKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/revisits', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCompleteRevisit() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: CompleteRevisitBody }) =>
      unwrap(api.POST('/api/v1/revisits/{id}/complete', { params: { path: { id } }, body })),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: revisitKeys.all }),
        // The visit is recorded as an interaction (往来记录) on the customer card.
        qc.invalidateQueries({ queryKey: ['customers'] }),
        qc.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}

export function useCompliance(from: string, to: string, enabled: boolean) {
  return useQuery({
    queryKey: revisitKeys.compliance({ from, to }),
    queryFn: () => unwrap(api.GET('/api/v1/revisits/compliance', { params: { query: { from, to } } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useReplan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/revisits/replan')),
    onSettled: () => qc.invalidateQueries({ queryKey: revisitKeys.all }),
  });
}
