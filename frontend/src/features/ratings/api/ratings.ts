// Rating runs (GET/POST /rating-runs, GET /rating-runs/{id}, …/results, …/by-office, PATCH
// …/results/{customer_id}, POST …/submit and …/cancel) and a customer's rating and strategic
// influence (GET /customers/{id}/rating, GET/POST /customers/{id}/influence).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewAssessmentBody, NewRatingRunBody, OverrideBody, RatingResultsQuery, RatingRun, RatingRunsQuery } from '@/api/types';
import { api } from '@/lib/api-client';
import { fileOf, type DownloadedFile } from '@/lib/download';
import { unwrap } from '@/lib/api-error';
import { ratingKeys } from '@/lib/query-keys';
import { pollInterval } from '../lib/ratings';

export const RUN_FILTERS = ['status', 'purpose'] as const;
export type RunFilter = (typeof RUN_FILTERS)[number];
export const RESULT_FILTERS = ['q', 'changed', 'overridden', 'eligibility', 'grade', 'office_id'] as const;
export type ResultFilter = (typeof RESULT_FILTERS)[number];

export function useRatingRuns(query: RatingRunsQuery) {
  return useQuery({
    queryKey: ratingKeys.runList(query),
    queryFn: () => unwrap(api.GET('/api/v1/rating-runs', { params: { query } })),
    placeholderData: keepPreviousData,
    // A run still computing shows its progress in the list too.
    refetchInterval: (q) => (q.state.data?.items.some((r) => r.status === 'computing') ? 1000 : false),
  });
}

/** One run, polled every second while it is computing. */
export function useRatingRun(id: number) {
  return useQuery({
    queryKey: ratingKeys.run(id),
    queryFn: () => unwrap(api.GET('/api/v1/rating-runs/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => pollInterval(q.state.data),
  });
}

export function useRatingResults(id: number, query: RatingResultsQuery, enabled: boolean) {
  return useQuery({
    queryKey: ratingKeys.results(id, query),
    queryFn: () => unwrap(api.GET('/api/v1/rating-runs/{id}/results', { params: { path: { id }, query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useRunByOffice(id: number, enabled: boolean) {
  return useQuery({
    queryKey: ratingKeys.byOffice(id),
    queryFn: () => unwrap(api.GET('/api/v1/rating-runs/{id}/by-office', { params: { path: { id } } })),
    enabled,
  });
}

export function useCreateRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewRatingRunBody) => unwrap(api.POST('/api/v1/rating-runs', { body })),
    onSuccess: (run) => {
      qc.setQueryData(ratingKeys.run(run.id), run);
      return qc.invalidateQueries({ queryKey: ratingKeys.runs });
    },
  });
}

export type RunAction = 'submit' | 'cancel';

export function useRunAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ run, action }: { run: RatingRun; action: RunAction }) => {
      const params = { path: { id: run.id } };
      const body = { version: run.version };
      return action === 'submit'
        ? unwrap(api.POST('/api/v1/rating-runs/{id}/submit', { params, body }))
        : unwrap(api.POST('/api/v1/rating-runs/{id}/cancel', { params, body }));
    },
    onSuccess: (run) => qc.setQueryData(ratingKeys.run(run.id), run),
    // A stale version (409) also means the run changed: show what it is now.
    onSettled: () => qc.invalidateQueries({ queryKey: ratingKeys.all }),
  });
}

export function useOverride() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ runId, customerId, body }: { runId: number; customerId: number; body: OverrideBody }) =>
      unwrap(api.PATCH('/api/v1/rating-runs/{id}/results/{customer_id}', { params: { path: { id: runId, customer_id: customerId } }, body })),
    // The counts, the chart and the results all follow an override.
    onSuccess: (_r, v) => qc.invalidateQueries({ queryKey: ratingKeys.run(v.runId) }),
    onSettled: () => qc.invalidateQueries({ queryKey: ratingKeys.runs }),
  });
}

export function useCustomerRating(customerId: number) {
  return useQuery({
    queryKey: ratingKeys.customer(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/rating', { params: { path: { id: customerId } } })),
    retry: false,
  });
}

export function useAssess(customerId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewAssessmentBody) => unwrap(api.POST('/api/v1/customers/{id}/influence', { params: { path: { id: customerId } }, body })),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ratingKeys.customer(customerId) }),
        qc.invalidateQueries({ queryKey: ratingKeys.influence(customerId) }),
      ]),
  });
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The run's results with the filters on screen, every page, as an .xlsx (the rating table). */
export function exportResults(id: number, query: RatingResultsQuery): Promise<DownloadedFile> {
  const { page: _page, page_size: _size, ...filters } = query;
  return fileOf(
    api.GET('/api/v1/rating-runs/{id}/results.xlsx', {
      params: { path: { id }, query: filters },
      parseAs: 'blob',
      headers: { Accept: `${XLSX}, application/problem+json` },
    }),
    `rating-run-${id}.xlsx`,
  );
}
