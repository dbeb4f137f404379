// GET/POST /policies, GET /policies/active, GET/PATCH /policies/{id} and the steps of a version:
// submit (to the VP's approvals inbox) and withdraw. A submission files an approval and notifies
// the deciders, so the approvals lists and the bell are refreshed too.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewPolicyBody, PoliciesQuery, PolicyStatus, PolicyVersion, UpdatePolicyBody } from '@/api/types';
import { api } from '@/lib/api-client';
import { isApiError, unwrap } from '@/lib/api-error';
import { approvalKeys, notificationKeys, policyKeys, ratingKeys } from '@/lib/query-keys';
import { isPolicyStatus } from '../lib/versions';

export const POLICY_FILTERS = ['status'] as const;
export type PolicyFilter = (typeof POLICY_FILTERS)[number];

/** URL list state (all strings) → the typed query of GET /policies (an unknown status is ignored). */
export function toPoliciesQuery(q: { page: number; page_size: number } & Partial<Record<PolicyFilter, string>>): PoliciesQuery {
  return {
    page: q.page,
    page_size: q.page_size,
    status: isPolicyStatus(q.status) ? (q.status as PolicyStatus) : undefined,
  };
}

export function usePolicies(query: PoliciesQuery) {
  return useQuery({
    queryKey: policyKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/policies', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useActivePolicy(enabled = true) {
  return useQuery({
    queryKey: policyKeys.active,
    queryFn: () => unwrap(api.GET('/api/v1/policies/active')),
    enabled,
  });
}

export function usePolicy(id: number, enabled = true) {
  return useQuery({
    queryKey: policyKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/policies/{id}', { params: { path: { id } } })),
    enabled,
  });
}

function usePolicyMutation<A>(fn: (args: A) => Promise<PolicyVersion>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (v) => {
      qc.setQueryData(policyKeys.one(v.id), v);
      return Promise.all([
        qc.invalidateQueries({ queryKey: ['policies', 'list'] }),
        qc.invalidateQueries({ queryKey: policyKeys.active }),
        qc.invalidateQueries({ queryKey: approvalKeys.all }),
        qc.invalidateQueries({ queryKey: notificationKeys.all }),
      ]);
    },
    // Changed meanwhile (409), submitted already (422 policy.immutable), gone (404): show what is current.
    onError: (e) => {
      if (isApiError(e) && (e.status === 409 || e.status === 404 || e.fieldErrors.some((f) => f.code === 'policy.immutable'))) {
        void qc.invalidateQueries({ queryKey: policyKeys.all });
      }
    },
  });
}

export const useCreatePolicyDraft = () => usePolicyMutation((body: NewPolicyBody) => unwrap(api.POST('/api/v1/policies', { body })));

export const useUpdatePolicy = () =>
  usePolicyMutation(({ id, body }: { id: number; body: UpdatePolicyBody }) =>
    unwrap(api.PATCH('/api/v1/policies/{id}', { params: { path: { id } }, body })),
  );

export const useSubmitPolicy = () =>
  usePolicyMutation(({ id, version }: { id: number; version: number }) =>
    unwrap(api.POST('/api/v1/policies/{id}/submit', { params: { path: { id } }, body: { version } })),
  );

export const useWithdrawPolicy = () =>
  usePolicyMutation(({ id, version }: { id: number; version: number }) =>
    unwrap(api.POST('/api/v1/policies/{id}/withdraw', { params: { path: { id } }, body: { version } })),
  );

/**
 * 模拟评级: a what-if rating run under this version (POST /rating-runs with policy_version_id),
 * answered at once while it computes; its page shows the customers whose grade would change.
 */
export function useSimulatePolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (policyVersionId: number) => unwrap(api.POST('/api/v1/rating-runs', { body: { policy_version_id: policyVersionId } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ratingKeys.runs }),
  });
}
