// GET/PATCH /settings (administrators), and running today's collection pass now (POST /collection/run).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UpdateSettingsBody } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { collectionKeys, notificationKeys } from '@/lib/query-keys';

export const SETTINGS_KEY = ['settings'] as const;

export function useSettings() {
  return useQuery({ queryKey: SETTINGS_KEY, queryFn: () => unwrap(api.GET('/api/v1/settings')) });
}

export function useUpdateSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateSettingsBody) => unwrap(api.PATCH('/api/v1/settings', { body })),
    onSuccess: (s) => qc.setQueryData(SETTINGS_KEY, s),
  });
}

/** Today's collection pass (follow-up tasks, cases, promises) run now, e.g. after importing the ledger. */
export function useRunCollection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/collection/run')),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: collectionKeys.all }), qc.invalidateQueries({ queryKey: notificationKeys.all })]),
  });
}
