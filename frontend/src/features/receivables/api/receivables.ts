// Receivables (GET /receivables), payments (回款: GET/POST /payments, GET /payments/{id},
// POST …/allocate, POST …/reverse), credit notes (POST /credit-notes) and the AR aging register
// (GET /reports/ar-aging, its drill-down GET /reports/ar-aging/receivables, its .xlsx export).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgingQuery, AllocatePaymentBody, NewCreditNoteBody, NewPaymentBody, Payment, PaymentsQuery, ReceivablesQuery } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { fileOf, type DownloadedFile } from '@/lib/download';

export const RECEIVABLE_FILTERS = ['customer_id', 'open'] as const;
export type ReceivableFilter = (typeof RECEIVABLE_FILTERS)[number];
export const PAYMENT_FILTERS = ['customer_id'] as const;
export type PaymentFilter = (typeof PAYMENT_FILTERS)[number];

export const ledgerKeys = {
  receivables: ['receivables'] as const,
  receivableList: (q: ReceivablesQuery) => ['receivables', 'list', q] as const,
  payments: ['payments'] as const,
  paymentList: (q: PaymentsQuery) => ['payments', 'list', q] as const,
  payment: (id: number) => ['payments', 'one', id] as const,
  aging: ['ar-aging'] as const,
  agingReport: (q: AgingQuery) => ['ar-aging', 'report', q] as const,
  agingLines: (q: AgingQuery) => ['ar-aging', 'lines', q] as const,
};

export function positiveId(v: string | undefined | null): number | undefined {
  const n = v === undefined || v === null ? NaN : Number(v);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export function toReceivablesQuery(q: { page: number; page_size: number } & Partial<Record<ReceivableFilter, string>>): ReceivablesQuery {
  return { page: q.page, page_size: q.page_size, customer_id: positiveId(q.customer_id), open: q.open === 'true' ? true : undefined };
}

export function toPaymentsQuery(q: { page: number; page_size: number } & Partial<Record<PaymentFilter, string>>): PaymentsQuery {
  return { page: q.page, page_size: q.page_size, customer_id: positiveId(q.customer_id) };
}

export function useReceivables(query: ReceivablesQuery, enabled = true) {
  return useQuery({
    queryKey: ledgerKeys.receivableList(query),
    queryFn: () => unwrap(api.GET('/api/v1/receivables', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A customer's receivables, oldest due first (at most 200): open ones for allocating, all for naming allocations. */
export function useCustomerReceivables(customerId: number | undefined, openOnly: boolean) {
  return useReceivables({ customer_id: customerId, open: openOnly ? true : undefined, page: 1, page_size: 200 }, customerId !== undefined);
}

export function usePayments(query: PaymentsQuery) {
  return useQuery({
    queryKey: ledgerKeys.paymentList(query),
    queryFn: () => unwrap(api.GET('/api/v1/payments', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function usePayment(id: number) {
  return useQuery({
    queryKey: ledgerKeys.payment(id),
    queryFn: () => unwrap(api.GET('/api/v1/payments/{id}', { params: { path: { id } } })),
  });
}

/** Anything booked changes balances: receivables, payments, the aging register and the contracts' receivables. */
function useLedgerMutation<A, R>(fn: (args: A) => Promise<R>, onPayment?: (r: R) => Payment | undefined) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (r) => {
      const p = onPayment?.(r);
      if (p) qc.setQueryData(ledgerKeys.payment(p.id), p);
    },
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: ledgerKeys.receivables }),
        qc.invalidateQueries({ queryKey: ledgerKeys.payments }),
        qc.invalidateQueries({ queryKey: ledgerKeys.aging }),
      ]),
  });
}

export const useCreatePayment = () =>
  useLedgerMutation(
    (body: NewPaymentBody) => unwrap(api.POST('/api/v1/payments', { body })),
    (p) => p,
  );

export const useAllocatePayment = () =>
  useLedgerMutation(
    ({ id, body }: { id: number; body: AllocatePaymentBody }) => unwrap(api.POST('/api/v1/payments/{id}/allocate', { params: { path: { id } }, body })),
    (p) => p,
  );

export const useReversePayment = () =>
  useLedgerMutation(
    ({ id, reason }: { id: number; reason: string }) => unwrap(api.POST('/api/v1/payments/{id}/reverse', { params: { path: { id } }, body: { reason } })),
    (p) => p,
  );

export const useCreateCreditNote = () => useLedgerMutation((body: NewCreditNoteBody) => unwrap(api.POST('/api/v1/credit-notes', { body })));

export function useAgingReport(query: AgingQuery) {
  return useQuery({
    queryKey: ledgerKeys.agingReport(query),
    queryFn: () => unwrap(api.GET('/api/v1/reports/ar-aging', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useAgingLines(query: AgingQuery, enabled: boolean) {
  return useQuery({
    queryKey: ledgerKeys.agingLines(query),
    queryFn: () => unwrap(api.GET('/api/v1/reports/ar-aging/receivables', { params: { query } })),
    enabled,
  });
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The register as on screen (date, grouping, filters) as an .xlsx file (amounts in 元). */
export function exportAging(query: AgingQuery): Promise<DownloadedFile> {
  return fileOf(
    api.GET('/api/v1/reports/ar-aging.xlsx', { params: { query }, parseAs: 'blob', headers: { Accept: `${XLSX}, application/problem+json` } }),
    `ar-aging-${query.as_of ?? 'today'}.xlsx`,
  );
}
