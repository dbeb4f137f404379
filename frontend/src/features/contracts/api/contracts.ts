// GET/POST /contracts, GET/PATCH /contracts/{id}, the actions (submit, review, complete, cancel),
// and what the contract pages show next to a contract: the products to pick (with today's list
// price), its shipping notes and its receivables.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CONTRACT_STATUSES,
  type Contract,
  type ContractActionBody,
  type ContractReviewBody,
  type ContractsQuery,
  type NewContractBody,
  type UpdateContractBody,
} from '@/api/types';
import { api } from '@/lib/api-client';
import { isApiError, unwrap } from '@/lib/api-error';

export const CONTRACT_FILTERS = ['status', 'customer_id', 'q'] as const;
export type ContractFilter = (typeof CONTRACT_FILTERS)[number];

export const contractKeys = {
  all: ['contracts'] as const,
  list: (q: ContractsQuery) => ['contracts', 'list', q] as const,
  one: (id: number) => ['contracts', 'one', id] as const,
};

/** URL list state (all strings) → the typed query of GET /contracts. */
export function toContractsQuery(q: { page: number; page_size: number } & Partial<Record<ContractFilter, string>>): ContractsQuery {
  const customer = q.customer_id !== undefined ? Number(q.customer_id) : NaN;
  return {
    page: q.page,
    page_size: q.page_size,
    status: CONTRACT_STATUSES.find((s) => s === q.status),
    customer_id: Number.isSafeInteger(customer) && customer > 0 ? customer : undefined,
    q: q.q?.trim() || undefined,
  };
}

export function useContracts(query: ContractsQuery) {
  return useQuery({
    queryKey: contractKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/contracts', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useContract(id: number, enabled = true) {
  return useQuery({
    queryKey: contractKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/contracts/{id}', { params: { path: { id } } })),
    enabled,
  });
}

function useContractMutation<A>(fn: (args: A) => Promise<Contract>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (contract) => {
      qc.setQueryData(contractKeys.one(contract.id), contract);
      return qc.invalidateQueries({ queryKey: contractKeys.all });
    },
    // Changed by someone else meanwhile (409) or moved on already (422): show what is current.
    onError: (e) => {
      if (isApiError(e) && (e.status === 409 || e.status === 422 || e.status === 404)) void qc.invalidateQueries({ queryKey: contractKeys.all });
    },
  });
}

export const useCreateContract = () => useContractMutation((body: NewContractBody) => unwrap(api.POST('/api/v1/contracts', { body })));

export const useUpdateContract = () =>
  useContractMutation(({ id, body }: { id: number; body: UpdateContractBody }) =>
    unwrap(api.PATCH('/api/v1/contracts/{id}', { params: { path: { id } }, body })),
  );

export type ContractAction = 'submit' | 'complete' | 'cancel';

export const useContractAction = () =>
  useContractMutation(({ id, action, body }: { id: number; action: ContractAction; body: ContractActionBody }) => {
    const params = { params: { path: { id } }, body };
    if (action === 'submit') return unwrap(api.POST('/api/v1/contracts/{id}/submit', params));
    if (action === 'complete') return unwrap(api.POST('/api/v1/contracts/{id}/complete', params));
    return unwrap(api.POST('/api/v1/contracts/{id}/cancel', params));
  });

export const useReviewContract = () =>
  useContractMutation(({ id, body }: { id: number; body: ContractReviewBody }) =>
    unwrap(api.POST('/api/v1/contracts/{id}/review', { params: { path: { id } }, body })),
  );

/** Products on sale matching `q` (code or name), with today's list price: the line picker. */
export function useProductChoices(q: string) {
  return useQuery({
    queryKey: ['products', 'pick', q],
    queryFn: () => unwrap(api.GET('/api/v1/products', { params: { query: { q: q || undefined, active: true, page: 1, page_size: 50 } } })),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}

/** The contract's shipping notes (for users who read shipping notes). */
export function useContractNotes(contractId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['shipping-notes', 'list', { contract_id: contractId }],
    queryFn: () => unwrap(api.GET('/api/v1/shipping-notes', { params: { query: { contract_id: contractId, page: 1, page_size: 200 } } })),
    enabled,
  });
}

/**
 * The contract's receivables (for users who read receivables): the customer's, of which those of
 * this contract (the API filters receivables by customer).
 */
export function useContractReceivables(customerId: number, enabled: boolean) {
  return useQuery({
    queryKey: ['receivables', 'list', { customer_id: customerId, page: 1, page_size: 200 }],
    queryFn: () => unwrap(api.GET('/api/v1/receivables', { params: { query: { customer_id: customerId, page: 1, page_size: 200 } } })),
    enabled,
  });
}

/** The customer's tier under the policy in force: the contract form shows its price level. */
export function useCustomerTreatment(customerId: number | undefined) {
  return useQuery({
    queryKey: ['contracts', 'treatment', customerId],
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/rating', { params: { path: { id: customerId ?? 0 } } })),
    enabled: customerId !== undefined && customerId > 0,
    staleTime: 60_000,
  });
}
