// GET/POST /customers, GET/PATCH /customers/{id}, the transfer and status actions, the change
// history and the export of a list view (GET /customers/export.xlsx).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChangeStatusBody, CustomerFormBody, CustomersQuery, TransferCustomerBody } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { fileOf, type DownloadedFile } from '@/lib/download';

export const CUSTOMER_FILTERS = ['q', 'grade', 'category', 'status', 'office_id', 'owner_user_id', 'key_customer', 'tag', 'stale'] as const;
export type CustomerFilter = (typeof CUSTOMER_FILTERS)[number];

export const customerKeys = {
  all: ['customers'] as const,
  list: (q: CustomersQuery) => ['customers', 'list', q] as const,
  one: (id: number) => ['customers', 'one', id] as const,
  changes: (id: number) => ['customers', 'changes', id] as const,
};

function intOrUndefined(v: string | undefined): number | undefined {
  const n = v !== undefined ? Number(v) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

function boolOrUndefined(v: string | undefined): boolean | undefined {
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** URL list state (all strings) → the typed query of GET /customers. */
export function toCustomersQuery(q: { page: number; page_size: number; sort?: string } & Partial<Record<CustomerFilter, string>>): CustomersQuery {
  return {
    page: q.page,
    page_size: q.page_size,
    sort: q.sort,
    q: q.q,
    grade: q.grade as CustomersQuery['grade'],
    category: q.category as CustomersQuery['category'],
    status: q.status as CustomersQuery['status'],
    office_id: intOrUndefined(q.office_id),
    owner_user_id: intOrUndefined(q.owner_user_id),
    key_customer: boolOrUndefined(q.key_customer),
    tag: q.tag,
    stale: boolOrUndefined(q.stale),
  } as CustomersQuery;
}

export function useCustomers(query: CustomersQuery) {
  return useQuery({
    queryKey: customerKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/customers', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useCustomer(id: number) {
  return useQuery({
    queryKey: customerKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id } } })),
  });
}

/** Transfers and status changes, newest first (only for customers seen in full). */
export function useCustomerChanges(id: number, enabled: boolean) {
  return useQuery({
    queryKey: customerKeys.changes(id),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/changes', { params: { path: { id } } })),
    enabled,
  });
}

function useCustomerMutation<A, R>(fn: (args: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: customerKeys.all }),
  });
}

export const useCreateCustomer = () =>
  useCustomerMutation((body: CustomerFormBody) => unwrap(api.POST('/api/v1/customers', { body })));

export const useUpdateCustomer = () =>
  useCustomerMutation(({ id, body }: { id: number; body: CustomerFormBody }) =>
    unwrap(api.PATCH('/api/v1/customers/{id}', { params: { path: { id } }, body })),
  );

export const useTransferCustomer = () =>
  useCustomerMutation(({ id, body }: { id: number; body: TransferCustomerBody }) =>
    unwrap(api.POST('/api/v1/customers/{id}/transfer', { params: { path: { id } }, body })),
  );

export const useChangeCustomerStatus = () =>
  useCustomerMutation(({ id, body }: { id: number; body: ChangeStatusBody }) =>
    unwrap(api.POST('/api/v1/customers/{id}/status', { params: { path: { id } }, body })),
  );

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The list view as an .xlsx file: the same search, filters and sort, every page (under the scope). */
export function exportCustomers(query: CustomersQuery): Promise<DownloadedFile> {
  const { page: _page, page_size: _size, ...view } = query;
  return fileOf(
    api.GET('/api/v1/customers/export.xlsx', { params: { query: view }, parseAs: 'blob', headers: { Accept: `${XLSX}, application/problem+json` } }),
    'customers.xlsx',
  );
}
