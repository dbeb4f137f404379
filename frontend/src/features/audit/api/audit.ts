// GET /audit-events.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEvent, AuditQuery } from '@/api/types';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';

export const AUDIT_FILTERS = ['actor_id', 'entity', 'entity_id', 'action', 'from', 'to'] as const;
export type AuditFilter = (typeof AUDIT_FILTERS)[number];

/** URL list state → the query of GET /audit-events (which pages, newest first, and does not sort). */
export function toAuditQuery(q: { page: number; page_size: number } & Partial<Record<AuditFilter, string>>): AuditQuery {
  const actor = q.actor_id !== undefined ? Number(q.actor_id) : undefined;
  return {
    page: q.page,
    page_size: q.page_size,
    actor_id: actor !== undefined && Number.isInteger(actor) ? actor : undefined,
    entity: q.entity,
    entity_id: q.entity_id,
    action: q.action,
    from: q.from,
    to: q.to,
  } as AuditQuery;
}

export function useAuditEvents(query: AuditQuery) {
  return useQuery({
    queryKey: ['audit-events', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/audit-events', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useAuditEvent(id: number | null, initial?: AuditEvent) {
  return useQuery({
    queryKey: ['audit-events', 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/audit-events/{id}', { params: { path: { id: id ?? 0 } } })),
    enabled: id !== null,
    initialData: initial && initial.id === id ? initial : undefined,
    staleTime: 60_000,
  });
}
