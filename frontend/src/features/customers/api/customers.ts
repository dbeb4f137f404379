// GET/POST /customers, GET/PATCH /customers/{id}, the transfer, status, classification and
// first-deal actions, the change history, the export of a list view (GET /customers/export.xlsx)
// and the import from a filled-in template (GET /customers/import/template.xlsx,
// POST /customers/import).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ChangeStatusBody,
  ClassifyCustomerBody,
  CorrectFirstDealBody,
  CustomerFormBody,
  CustomersQuery,
  ImportReport,
  TransferCustomerBody,
} from '@/api/types';
import { api } from '@/lib/api-client';
import { ApiError, unwrap } from '@/lib/api-error';
import { fileOf, type DownloadedFile } from '@/lib/download';
import { isImportReport } from '../lib/import';

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

/** The business manager's category and key-customer decision (with reason and version). */
export const useClassifyCustomer = () =>
  useCustomerMutation(({ id, body }: { id: number; body: ClassifyCustomerBody }) =>
    unwrap(api.POST('/api/v1/customers/{id}/classification', { params: { path: { id } }, body })),
  );

/** The business department's correction of the first-deal date (with reason and version). */
export const useCorrectFirstDeal = () =>
  useCustomerMutation(({ id, body }: { id: number; body: CorrectFirstDealBody }) =>
    unwrap(api.POST('/api/v1/customers/{id}/first-deal-date', { params: { path: { id } }, body })),
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

/** The empty import template (sheets 客户 and 关键人员 with the registration form's headings). */
export function downloadImportTemplate(): Promise<DownloadedFile> {
  return fileOf(
    api.GET('/api/v1/customers/import/template.xlsx', { parseAs: 'blob', headers: { Accept: `${XLSX}, application/problem+json` } }),
    'customer-import-template.xlsx',
  );
}

/**
 * Sends a filled-in template: checked only (`commit: false`) or written if every row is valid.
 * Resolves to the report either way — 200 (valid, or written) and 422 (problems, nothing
 * written) both answer one; anything else (not allowed, too large) is an ApiError.
 */
export async function importCustomers(file: File, commit: boolean): Promise<ImportReport> {
  let result;
  try {
    result = await api.POST('/api/v1/customers/import', {
      params: { query: { commit } },
      // The raw bytes (the generated type describes them as a byte array).
      body: file as unknown as number[],
      bodySerializer: (body) => body as unknown as File,
      headers: { 'Content-Type': XLSX },
    });
  } catch (e) {
    throw new ApiError(0, { code: 'network', title: e instanceof Error ? e.message : String(e) });
  }
  if (result.response.status === 422 && isImportReport(result.error)) return result.error;
  return unwrap(Promise.resolve(result));
}

export function useImportCustomers() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, commit }: { file: File; commit: boolean }) => importCustomers(file, commit),
    onSuccess: (report) => {
      if (report.committed) return qc.invalidateQueries({ queryKey: customerKeys.all });
    },
  });
}
