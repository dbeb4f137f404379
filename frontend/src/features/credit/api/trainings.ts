// 信用培训: the sessions (GET /credit-trainings, optionally those a user attended), recording one
// (POST /credit-trainings) and who has not attended within the policy's period (GET …/due).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CreditTrainingsQuery, NewCreditTrainingBody } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';

export const trainingKeys = {
  all: ['credit-trainings'] as const,
  list: (q: object) => ['credit-trainings', 'list', q] as const,
  due: ['credit-trainings', 'due'] as const,
};

export const TRAINING_FILTERS = ['tab', 'user_id'] as const;
export type TrainingFilter = (typeof TRAINING_FILTERS)[number];

export function useTrainings(query: CreditTrainingsQuery, enabled = true) {
  return useQuery({
    queryKey: trainingKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/credit-trainings', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useTrainingsDue(enabled = true) {
  return useQuery({
    queryKey: trainingKeys.due,
    queryFn: () => unwrap(api.GET('/api/v1/credit-trainings/due')),
    enabled,
  });
}

export function useRecordTraining() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCreditTrainingBody) => unwrap(api.POST('/api/v1/credit-trainings', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: trainingKeys.all }),
  });
}

/** People by name (GET /users/lookup, at most 20 a search), for the attendees' choice. */
export function usePeopleLookup(q: string) {
  return useQuery({
    queryKey: ['users', 'lookup', '', '', q],
    queryFn: () => unwrap(api.GET('/api/v1/users/lookup', { params: { query: { q: q || undefined } } })),
    staleTime: 30_000,
    placeholderData: keepPreviousData,
  });
}
