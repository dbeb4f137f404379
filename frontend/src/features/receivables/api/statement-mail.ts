// 对账单 by e-mail: the customer's statement address (GET/PUT /customers/{id}/statement-recipient),
// a statement mailed on request (POST …/statement/mail) and the customer's mails (GET
// …/statement/mails, read again while one waits for the mailer); the monthly runs (月度对账单:
// GET/POST /statement-runs, GET …/{id}, GET …/{id}/mails, read again while mails wait) and the
// policy's rules of the monthly run (GET /policies/active, `credit.statements`).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NewStatementRunBody, StatementMailBody, StatementRecipientBody, StatementRunMailsQuery, StatementRunsQuery } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { policyKeys } from '@/lib/query-keys';
import { mailsPoll, POLL_MS, runsPoll, statementRulesOf } from '../lib/statement-mail';

export const statementMailKeys = {
  all: ['statement-mail'] as const,
  recipient: (customerId: number) => ['statement-mail', 'recipient', customerId] as const,
  customer: (customerId: number) => ['statement-mail', 'customer', customerId] as const,
  runs: ['statement-mail', 'runs'] as const,
  runList: (q: StatementRunsQuery) => ['statement-mail', 'runs', 'list', q] as const,
  run: (id: number) => ['statement-mail', 'runs', 'one', id] as const,
  runMails: (id: number, q: StatementRunMailsQuery) => ['statement-mail', 'runs', 'mails', id, q] as const,
};

const path = (id: number) => ({ path: { id } });

/** Where the customer's statements are mailed, and whether the server sends mail at all. */
export function useStatementRecipient(customerId: number) {
  return useQuery({
    queryKey: statementMailKeys.recipient(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/statement-recipient', { params: path(customerId) })),
  });
}

/** Set or remove the statement address and the monthly run's switch (finance). */
export function useSaveStatementRecipient(customerId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: StatementRecipientBody) => unwrap(api.PUT('/api/v1/customers/{id}/statement-recipient', { params: path(customerId), body })),
    onSuccess: (recipient) => qc.setQueryData(statementMailKeys.recipient(customerId), recipient),
  });
}

/** The customer's statement mails, newest first; read again every few seconds while one waits. */
export function useCustomerStatementMails(customerId: number) {
  return useQuery({
    queryKey: statementMailKeys.customer(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/statement/mails', { params: path(customerId) })),
    refetchInterval: (q) => mailsPoll(q.state.data),
  });
}

/** Queue the statement of a period for mailing (finance): 202, sent by the mailer within seconds. */
export function useMailStatement(customerId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: StatementMailBody) => unwrap(api.POST('/api/v1/customers/{id}/statement/mail', { params: path(customerId), body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: statementMailKeys.customer(customerId) }),
  });
}

/** A page of the monthly runs, latest month first; read again while a run's mails wait. */
export function useStatementRuns(query: StatementRunsQuery) {
  return useQuery({
    queryKey: statementMailKeys.runList(query),
    queryFn: () => unwrap(api.GET('/api/v1/statement-runs', { params: { query } })),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => runsPoll(q.state.data?.items),
  });
}

export function useStatementRun(id: number | undefined) {
  return useQuery({
    queryKey: statementMailKeys.run(id ?? 0),
    queryFn: () => unwrap(api.GET('/api/v1/statement-runs/{id}', { params: path(id ?? 0) })),
    enabled: id !== undefined,
    refetchInterval: (q) => runsPoll(q.state.data ? [q.state.data] : undefined),
  });
}

/** A page of a run's mails by customer code; read again with the run while its mails wait. */
export function useStatementRunMails(id: number | undefined, query: StatementRunMailsQuery, waiting: boolean) {
  return useQuery({
    queryKey: statementMailKeys.runMails(id ?? 0, query),
    queryFn: () => unwrap(api.GET('/api/v1/statement-runs/{id}/mails', { params: { path: { id: id ?? 0 }, query } })),
    placeholderData: keepPreviousData,
    enabled: id !== undefined,
    refetchInterval: waiting ? POLL_MS : false,
  });
}

/** Start a month's run by hand (finance): 201, its mails queued for the mailer. */
export function useStartStatementRun() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewStatementRunBody) => unwrap(api.POST('/api/v1/statement-runs', { body })),
    onSuccess: (run) => {
      qc.setQueryData(statementMailKeys.run(run.id), run);
      // The customers' mail lists gain the run's mails too.
      return qc.invalidateQueries({ queryKey: statementMailKeys.all });
    },
  });
}

/** The policy's monthly run (`credit.statements`): whether the schedule starts it, and on which working day. */
export function useStatementRules(enabled: boolean) {
  return useQuery({
    queryKey: policyKeys.active,
    queryFn: () => unwrap(api.GET('/api/v1/policies/active')),
    select: (v) => (v.document ? statementRulesOf(v.document.credit) : null),
    staleTime: 60_000,
    enabled,
  });
}
