// GET /approvals (inbox, mine, decided), GET /approvals/{id} with its history, and the
// decisions: approve, reject (with a comment), cancel one's own pending request.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApprovalBox, ApprovalsQuery, ApprovalStatus } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { approvalKeys, collectionKeys, creditKeys, notificationKeys, policyKeys, ratingKeys, revisitKeys } from '@/lib/query-keys';

export const APPROVAL_FILTERS = ['box', 'status'] as const;
export type ApprovalFilter = (typeof APPROVAL_FILTERS)[number];

/** How often the header's inbox count is refreshed. */
export const INBOX_REFRESH_MS = 30_000;

/** URL list state (all strings) → the typed query of GET /approvals. */
export function toApprovalsQuery(
  q: { page: number; page_size: number } & Partial<Record<ApprovalFilter, string>>,
  defaultBox: ApprovalBox,
): ApprovalsQuery {
  return {
    page: q.page,
    page_size: q.page_size,
    box: (q.box as ApprovalBox | undefined) ?? defaultBox,
    status: q.status as ApprovalStatus | undefined,
  };
}

export function useApprovals(query: ApprovalsQuery) {
  return useQuery({
    queryKey: approvalKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/approvals', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** Pending requests waiting for my decision (for the header), refreshed every 30 s. */
export function useInboxCount(enabled: boolean) {
  return useQuery({
    queryKey: approvalKeys.inboxCount,
    queryFn: () => unwrap(api.GET('/api/v1/approvals', { params: { query: { box: 'inbox', page: 1, page_size: 1 } } })),
    select: (page) => page.total,
    refetchInterval: INBOX_REFRESH_MS,
    enabled,
  });
}

export function useApproval(id: number) {
  return useQuery({
    queryKey: approvalKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/approvals/{id}', { params: { path: { id } } })),
  });
}

export type DecisionAction = 'approve' | 'reject' | 'cancel';

export function useDecide() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, comment }: { id: number; action: DecisionAction; comment?: string }) => {
      const params = { path: { id } };
      const body = { comment: comment?.trim() || null };
      if (action === 'approve') return unwrap(api.POST('/api/v1/approvals/{id}/approve', { params, body }));
      if (action === 'reject') return unwrap(api.POST('/api/v1/approvals/{id}/reject', { params, body }));
      return unwrap(api.POST('/api/v1/approvals/{id}/cancel', { params }));
    },
    onSuccess: (approval) => {
      qc.setQueryData(approvalKeys.one(approval.id), approval);
    },
    // Decided by someone else in between (409) also changes what the lists show.
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: approvalKeys.all }),
        qc.invalidateQueries({ queryKey: notificationKeys.all }),
        // An approved loan puts a customer in the requester's scope.
        qc.invalidateQueries({ queryKey: ['customers'] }),
        // A decision on a policy version moves the version on (approved, on to the GM, rejected).
        qc.invalidateQueries({ queryKey: policyKeys.all }),
        // A decision on a rating run approves it (grades applied, visits planned) or sends it back.
        qc.invalidateQueries({ queryKey: ratingKeys.all }),
        qc.invalidateQueries({ queryKey: revisitKeys.all }),
        // A credit limit decision changes the customer's credit; a special contract's signs it
        // (or sends it back to draft).
        qc.invalidateQueries({ queryKey: creditKeys.all }),
        qc.invalidateQueries({ queryKey: ['contracts'] }),
        // An approved write-off lowers a receivable's balance (the cases, the register, the ledger).
        qc.invalidateQueries({ queryKey: collectionKeys.all }),
        qc.invalidateQueries({ queryKey: ['receivables'] }),
      ]),
  });
}
