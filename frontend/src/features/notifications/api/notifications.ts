// The in-app inbox: unread count (for the bell, refreshed every 30 s), the latest
// notifications, marking one or all read.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { notificationKeys } from '@/lib/query-keys';

export const UNREAD_REFRESH_MS = 30_000;
/** How many notifications the bell's list shows. */
export const LATEST_COUNT = 10;

export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: () => unwrap(api.GET('/api/v1/notifications/unread-count')),
    select: (r) => r.unread,
    refetchInterval: UNREAD_REFRESH_MS,
  });
}

export function useLatestNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.latest,
    queryFn: () => unwrap(api.GET('/api/v1/notifications', { params: { query: { page: 1, page_size: LATEST_COUNT } } })),
    enabled,
    // Fresh each time the list opens.
    staleTime: 0,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/notifications/read-all')),
    onSettled: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
