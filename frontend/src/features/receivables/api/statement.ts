// 对账单: a customer's statement of account over a period (GET /customers/{id}/statement) and
// the same as an .xlsx workbook (GET /customers/{id}/statement.xlsx).
import { useQuery } from '@tanstack/react-query';
import type { StatementQuery } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { fileOf, type DownloadedFile } from '@/lib/download';

export const statementKeys = {
  // Under the receivables' key: anything booked (payments, credit notes) refreshes it too.
  one: (customerId: number, q: StatementQuery) => ['receivables', 'statement', customerId, q] as const,
};

export function useStatement(customerId: number, query: StatementQuery, enabled = true) {
  return useQuery({
    queryKey: statementKeys.one(customerId, query),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/statement', { params: { path: { id: customerId }, query } })),
    enabled,
  });
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The statement of the period as an .xlsx workbook (the server names the file). */
export function exportStatement(customerId: number, query: StatementQuery): Promise<DownloadedFile> {
  return fileOf(
    api.GET('/api/v1/customers/{id}/statement.xlsx', {
      params: { path: { id: customerId }, query },
      parseAs: 'blob',
      headers: { Accept: `${XLSX}, application/problem+json` },
    }),
    `statement-${customerId}-${query.to}.xlsx`,
  );
}
