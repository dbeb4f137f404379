// The credit part of the policy in force: the grades' default limits and periods and the amount
// above which the GM decides a limit request too (the limit request form shows them).
import { useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';
import { policyKeys } from '@/lib/query-keys';

export function useActiveCreditPolicy() {
  return useQuery({
    queryKey: policyKeys.active,
    queryFn: () => unwrap(api.GET('/api/v1/policies/active')),
    select: (v) => (v.document ? v.document.credit : null),
    staleTime: 60_000,
  });
}
