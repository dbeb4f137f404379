// 催款函: the dunning letter's template (GET/PUT /collection/letter-template, kept by the business
// department) and a customer's letter as of today (GET /customers/{id}/dunning-letter).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { LetterTemplateUpdateBody } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { collectionKeys } from '@/lib/query-keys';

export function useLetterTemplate() {
  return useQuery({
    queryKey: collectionKeys.letterTemplate,
    queryFn: () => unwrap(api.GET('/api/v1/collection/letter-template')),
  });
}

/** Save the template: the answer is the template as saved (who, when). */
export function useSaveLetterTemplate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LetterTemplateUpdateBody) => unwrap(api.PUT('/api/v1/collection/letter-template', { body })),
    onSuccess: (saved) => {
      qc.setQueryData(collectionKeys.letterTemplate, saved);
      return qc.invalidateQueries({ queryKey: ['collection', 'letter'] });
    },
  });
}

export function useDunningLetter(customerId: number) {
  return useQuery({
    queryKey: collectionKeys.letter(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/dunning-letter', { params: { path: { id: customerId } } })),
    enabled: customerId > 0,
  });
}
