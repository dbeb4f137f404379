// 信用升降级评审: the campaigns (GET/POST /credit/reviews, GET …/{id}, polled while gathering), their
// items (GET …/items, one, the business department's review form PUT …/items/{item_id}, the VP's
// decision POST …/decision and the whole campaign's approval POST …/approve) and a customer's
// review history (GET /customers/{id}/credit-reviews).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BatchApprovalBody, CreditReviewStatus, NewCreditReviewBody, ReviewDecisionBody, ReviewFormBody, ReviewItem, ReviewItemsQuery } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { approvalKeys, creditKeys, notificationKeys } from '@/lib/query-keys';
import { POLL_MS, reviewsPoll } from '../lib/review';

export const reviewKeys = {
  all: ['credit-reviews'] as const,
  list: ['credit-reviews', 'list'] as const,
  one: (id: number) => ['credit-reviews', 'one', id] as const,
  items: (id: number, q: object, status: CreditReviewStatus | undefined) => ['credit-reviews', 'items', id, q, status] as const,
  item: (id: number, itemId: number) => ['credit-reviews', 'item', id, itemId] as const,
  customer: (customerId: number) => ['credit-reviews', 'customer', customerId] as const,
};

export const ITEM_FILTERS = ['status', 'proposal', 'office_id', 'q'] as const;
export type ItemFilter = (typeof ITEM_FILTERS)[number];

const path = (id: number) => ({ path: { id } });
const itemPath = (id: number, itemId: number) => ({ path: { id, item_id: itemId } });

/** The campaigns, newest first; read every 2 s while one is being gathered. */
export function useReviews() {
  return useQuery({
    queryKey: reviewKeys.list,
    queryFn: () => unwrap(api.GET('/api/v1/credit/reviews')),
    refetchInterval: (q) => reviewsPoll(q.state.data),
  });
}

/** One campaign, read every 2 s while it is being gathered. */
export function useReview(id: number) {
  return useQuery({
    queryKey: reviewKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/credit/reviews/{id}', { params: path(id) })),
    refetchInterval: (q) => (q.state.data?.status === 'generating' ? POLL_MS : false),
    enabled: id > 0,
  });
}

/**
 * A page of the campaign's items. Keyed on the campaign's status too: the items gathered so far
 * while generating (read again with the campaign), all of them once it is open.
 */
export function useReviewItems(id: number, query: ReviewItemsQuery, status: CreditReviewStatus | undefined) {
  return useQuery({
    queryKey: reviewKeys.items(id, query, status),
    queryFn: () => unwrap(api.GET('/api/v1/credit/reviews/{id}/items', { params: { path: { id }, query } })),
    placeholderData: keepPreviousData,
    refetchInterval: status === 'generating' ? POLL_MS : false,
    enabled: id > 0 && status !== undefined,
  });
}

export function useReviewItem(id: number, itemId: number) {
  return useQuery({
    queryKey: reviewKeys.item(id, itemId),
    queryFn: () => unwrap(api.GET('/api/v1/credit/reviews/{id}/items/{item_id}', { params: itemPath(id, itemId) })),
    enabled: id > 0 && itemId > 0,
  });
}

/** A customer's review history (the customer card's credit tab), newest first. */
export function useCustomerReviews(customerId: number, enabled = true) {
  return useQuery({
    queryKey: reviewKeys.customer(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/credit-reviews', { params: path(customerId) })),
    enabled: enabled && customerId > 0,
  });
}

/** Start a review month's campaign: 202, gathering in the background. */
export function useStartReview() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCreditReviewBody) => unwrap(api.POST('/api/v1/credit/reviews', { body })),
    onSuccess: (review) => {
      qc.setQueryData(reviewKeys.one(review.id), review);
      return qc.invalidateQueries({ queryKey: reviewKeys.list });
    },
  });
}

/** An item changed: its form shows the answer; the campaign's counts and lists are read again. */
function useItemMutation<A>(id: number, itemId: number, fn: (args: A) => Promise<ReviewItem>, decided = false) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (item) => {
      qc.setQueryData(reviewKeys.item(id, itemId), item);
      return Promise.all([
        qc.invalidateQueries({ queryKey: reviewKeys.all }),
        // An approval applies the grade, limit and period to the credit profile and tells people.
        ...(decided ? [qc.invalidateQueries({ queryKey: creditKeys.all }), qc.invalidateQueries({ queryKey: notificationKeys.all })] : []),
      ]);
    },
    // A stale version (409) or a decision meanwhile: show the item as it is now.
    onError: () => qc.invalidateQueries({ queryKey: reviewKeys.item(id, itemId) }),
  });
}

export const useSaveReview = (id: number, itemId: number) =>
  useItemMutation(id, itemId, (body: ReviewFormBody) => unwrap(api.PUT('/api/v1/credit/reviews/{id}/items/{item_id}', { params: itemPath(id, itemId), body })));

export const useDecideItem = (id: number, itemId: number) =>
  useItemMutation(
    id,
    itemId,
    (body: ReviewDecisionBody) => unwrap(api.POST('/api/v1/credit/reviews/{id}/items/{item_id}/decision', { params: itemPath(id, itemId), body })),
    true,
  );

/** The VP approves every reviewed item of the campaign except those listed. */
export function useApproveReview(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BatchApprovalBody) => unwrap(api.POST('/api/v1/credit/reviews/{id}/approve', { params: path(id), body })),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: reviewKeys.all }),
        qc.invalidateQueries({ queryKey: creditKeys.all }),
        qc.invalidateQueries({ queryKey: approvalKeys.all }),
        qc.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}
