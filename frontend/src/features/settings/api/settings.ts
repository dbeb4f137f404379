// GET/PATCH /settings (administrators).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UpdateSettingsBody } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';

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
