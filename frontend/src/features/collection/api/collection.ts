// 催收: follow-up tasks (GET /collection/tasks, one, record an action or a payment promise), the
// planning department's collection cases (list, one, analysis and method, take, actions, close),
// write-offs (propose, list: the register) and the customer's files offered as evidence.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CaseUpdateBody,
  CloseCaseBody,
  CollectionCaseDetail,
  CollectionCasesQuery,
  CollectionTasksQuery,
  FollowUpTaskDetail,
  NewCaseActionBody,
  NewFollowUpActionBody,
  NewPaymentPromiseBody,
  NewWriteOffBody,
  WriteOffsQuery,
} from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { uploadAttachment } from '@/lib/attachments';
import { approvalKeys, attachmentKeys, collectionKeys, notificationKeys, policyKeys } from '@/lib/query-keys';

export const TASK_FILTERS = ['tab', 'status', 'level_days', 'office_id'] as const;
export type TaskFilter = (typeof TASK_FILTERS)[number];
export const CASE_FILTERS = ['tab', 'status'] as const;
export type CaseFilter = (typeof CASE_FILTERS)[number];
export const WRITE_OFF_FILTERS = ['status', 'from', 'to', 'customer_id'] as const;
export type WriteOffFilter = (typeof WRITE_OFF_FILTERS)[number];

const path = (id: number) => ({ path: { id } });

export function useTasks(query: CollectionTasksQuery, enabled = true) {
  return useQuery({
    queryKey: collectionKeys.tasks(query),
    queryFn: () => unwrap(api.GET('/api/v1/collection/tasks', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTask(id: number) {
  return useQuery({
    queryKey: collectionKeys.task(id),
    queryFn: () => unwrap(api.GET('/api/v1/collection/tasks/{id}', { params: path(id) })),
    enabled: id > 0,
  });
}

/** The customer card's collection: the customer's tasks, cases and promises. */
export function useCustomerCollection(customerId: number, enabled = true) {
  return useQuery({
    queryKey: collectionKeys.customer(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/collection', { params: path(customerId) })),
    enabled: enabled && customerId > 0,
  });
}

/** A change of a task: the answer is the task's new detail. */
function useTaskMutation<A>(id: number, fn: (args: A) => Promise<FollowUpTaskDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (detail) => {
      qc.setQueryData(collectionKeys.task(id), detail);
      return qc.invalidateQueries({ queryKey: collectionKeys.all });
    },
  });
}

export const useRecordAction = (id: number) =>
  useTaskMutation(id, (body: NewFollowUpActionBody) => unwrap(api.POST('/api/v1/collection/tasks/{id}/actions', { params: path(id), body })));

export const useRecordPromise = (id: number) =>
  useTaskMutation(id, (body: NewPaymentPromiseBody) => unwrap(api.POST('/api/v1/collection/tasks/{id}/promises', { params: path(id), body })));

export function useCases(query: CollectionCasesQuery, enabled = true) {
  return useQuery({
    queryKey: collectionKeys.cases(query),
    queryFn: () => unwrap(api.GET('/api/v1/collection/cases', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCase(id: number) {
  return useQuery({
    queryKey: collectionKeys.case(id),
    queryFn: () => unwrap(api.GET('/api/v1/collection/cases/{id}', { params: path(id) })),
    enabled: id > 0,
  });
}

/** A change of a case: the answer is the case's new detail. */
function useCaseMutation<A>(id: number, fn: (args: A) => Promise<CollectionCaseDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (detail) => {
      qc.setQueryData(collectionKeys.case(id), detail);
      return qc.invalidateQueries({ queryKey: collectionKeys.all });
    },
  });
}

export const useUpdateCase = (id: number) =>
  useCaseMutation(id, (body: CaseUpdateBody) => unwrap(api.PATCH('/api/v1/collection/cases/{id}', { params: path(id), body })));

export const useTakeCase = (id: number) => useCaseMutation(id, () => unwrap(api.POST('/api/v1/collection/cases/{id}/take', { params: path(id) })));

export const useCaseAction = (id: number) =>
  useCaseMutation(id, (body: NewCaseActionBody) => unwrap(api.POST('/api/v1/collection/cases/{id}/actions', { params: path(id), body })));

export const useCloseCase = (id: number) =>
  useCaseMutation(id, (body: CloseCaseBody) => unwrap(api.POST('/api/v1/collection/cases/{id}/close', { params: path(id), body })));

/** Propose a write-off: it goes to the GM's approvals inbox. */
export function useProposeWriteOff() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewWriteOffBody) => unwrap(api.POST('/api/v1/collection/write-offs', { body })),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: collectionKeys.all }),
        qc.invalidateQueries({ queryKey: approvalKeys.all }),
        qc.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}

export function useWriteOffs(query: WriteOffsQuery, enabled = true) {
  return useQuery({
    queryKey: collectionKeys.writeOffs(query),
    queryFn: () => unwrap(api.GET('/api/v1/collection/write-offs', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The customer's files (附件), to offer as a write-off's evidence. */
export function useCustomerFiles(customerId: number, enabled = true) {
  return useQuery({
    queryKey: attachmentKeys.list(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/attachments', { params: path(customerId) })),
    enabled: enabled && customerId > 0,
  });
}

/** Upload a file to the customer's attachments (then offered as evidence). */
export function useUploadEvidence(customerId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, description }: { file: File; description: string }) => uploadAttachment({ customerId, file, description }),
    onSuccess: () => qc.invalidateQueries({ queryKey: attachmentKeys.list(customerId) }),
  });
}

/** The follow-up levels of the policy in force (7 reminder, 30 phone, …), for the level filter. */
export function useFollowUpLevels() {
  return useQuery({
    queryKey: policyKeys.active,
    queryFn: () => unwrap(api.GET('/api/v1/policies/active')),
    select: (v) => v.document?.credit.follow_up ?? [],
    staleTime: 60_000,
  });
}
