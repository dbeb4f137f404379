// GET/POST /development-plans, GET/PATCH /development-plans/{id}, and the two steps of a plan:
// the office submits it (POST …/submit), the business department comments (POST …/comment).
// Both steps notify the other side, so they refresh the bell too.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DevelopmentPlan, DevelopmentPlansQuery, NewPlanBody, UpdatePlanBody } from '@/api/types';
import { api } from '@/lib/api-client';
import { isApiError, unwrap } from '@/lib/api-error';
import { notificationKeys } from '@/lib/query-keys';

export const PLAN_FILTERS = ['status', 'office_id'] as const;
export const PLAN_STATUSES = ['draft', 'submitted', 'commented'] as const satisfies readonly NonNullable<DevelopmentPlansQuery['status']>[];
export type PlanFilter = (typeof PLAN_FILTERS)[number];

export const planKeys = {
  all: ['development-plans'] as const,
  list: (q: DevelopmentPlansQuery) => ['development-plans', 'list', q] as const,
  one: (id: number) => ['development-plans', 'one', id] as const,
};

/** URL list state (all strings) → the typed query of GET /development-plans. */
export function toPlansQuery(q: { page: number; page_size: number } & Partial<Record<PlanFilter, string>>): DevelopmentPlansQuery {
  const office = q.office_id !== undefined ? Number(q.office_id) : NaN;
  return {
    page: q.page,
    page_size: q.page_size,
    status: PLAN_STATUSES.find((s) => s === q.status),
    office_id: Number.isSafeInteger(office) ? office : undefined,
  };
}

export function usePlans(query: DevelopmentPlansQuery) {
  return useQuery({
    queryKey: planKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/development-plans', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function usePlan(id: number) {
  return useQuery({
    queryKey: planKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/development-plans/{id}', { params: { path: { id } } })),
  });
}

function usePlanMutation<A>(fn: (args: A) => Promise<DevelopmentPlan>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (plan) => {
      qc.setQueryData(planKeys.one(plan.id), plan);
      return Promise.all([qc.invalidateQueries({ queryKey: planKeys.all }), qc.invalidateQueries({ queryKey: notificationKeys.all })]);
    },
    // Changed by someone else meanwhile (409), or submitted already (422): show what is current.
    onError: (e) => {
      if (isApiError(e) && (e.status === 409 || e.status === 422 || e.status === 404)) void qc.invalidateQueries({ queryKey: planKeys.all });
    },
  });
}

export const useCreatePlan = () => usePlanMutation((body: NewPlanBody) => unwrap(api.POST('/api/v1/development-plans', { body })));

export const useUpdatePlan = () =>
  usePlanMutation(({ id, body }: { id: number; body: UpdatePlanBody }) =>
    unwrap(api.PATCH('/api/v1/development-plans/{id}', { params: { path: { id } }, body })),
  );

export const useSubmitPlan = () =>
  usePlanMutation((id: number) => unwrap(api.POST('/api/v1/development-plans/{id}/submit', { params: { path: { id } } })));

export const useCommentPlan = () =>
  usePlanMutation(({ id, comment }: { id: number; comment: string }) =>
    unwrap(api.POST('/api/v1/development-plans/{id}/comment', { params: { path: { id } }, body: { comment } })),
  );

/**
 * The people of an office (GET /users/lookup, at most 20), to name the owners of a plan's lines:
 * a prospect carries its owner's id only. Shares the cache of the owner pickers of that office.
 */
export function useOfficePeople(officeId: number | undefined) {
  return useQuery({
    queryKey: ['users', 'lookup', '', officeId ?? '', ''],
    queryFn: () => unwrap(api.GET('/api/v1/users/lookup', { params: { query: { q: undefined, role: undefined, office_id: officeId } } })),
    staleTime: 30_000,
    enabled: officeId !== undefined,
  });
}
