// GET/POST /shipping-notes (`status=issued` is the warehouse's queue, by shipping priority),
// GET /shipping-notes/{id}, POST …/confirm and …/cancel; and GET /shippable-contracts, the signed
// contracts a note is issued against with their open lines and what remains of them (open to
// whoever writes shipping notes, the warehouse included, which may not read contracts).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NOTE_STATUSES, type NewShippingNoteBody, type ShippableQuery, type ShippingNote, type ShippingNotesQuery } from '@/api/types';
import { api } from '@/lib/api-client';
import { isApiError, unwrap } from '@/lib/api-error';

export const NOTE_FILTERS = ['status', 'customer_id', 'contract_id'] as const;
export type NoteFilter = (typeof NOTE_FILTERS)[number];

/** The list's views: the queue (issued notes, by shipping priority), one status, or every note. */
export const NOTE_VIEWS = ['issued', 'confirmed', 'cancelled', 'all'] as const;
export type NoteView = (typeof NOTE_VIEWS)[number];

export const noteKeys = {
  all: ['shipping-notes'] as const,
  list: (q: ShippingNotesQuery) => ['shipping-notes', 'list', q] as const,
  one: (id: number) => ['shipping-notes', 'one', id] as const,
  /** Under the notes' key: issuing or cancelling a note changes what remains to ship. */
  shippable: (q: ShippableQuery) => ['shipping-notes', 'shippable', 'list', q] as const,
  shippableOne: (contractId: number) => ['shipping-notes', 'shippable', 'one', contractId] as const,
};

/** The view of the URL's `status`: absent is the queue. */
export function noteView(status: string | undefined): NoteView {
  return NOTE_VIEWS.find((v) => v === status) ?? 'issued';
}

function positiveId(v: string | undefined): number | undefined {
  const n = v === undefined ? NaN : Number(v);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** URL list state (all strings) → the typed query of GET /shipping-notes. */
export function toNotesQuery(q: { page: number; page_size: number } & Partial<Record<NoteFilter, string>>): ShippingNotesQuery {
  const view = noteView(q.status);
  return {
    page: q.page,
    page_size: q.page_size,
    status: NOTE_STATUSES.find((s) => s === view),
    customer_id: positiveId(q.customer_id),
    contract_id: positiveId(q.contract_id),
  };
}

export function useNotes(query: ShippingNotesQuery) {
  return useQuery({
    queryKey: noteKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/shipping-notes', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useNote(id: number) {
  return useQuery({
    queryKey: noteKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/shipping-notes/{id}', { params: { path: { id } } })),
  });
}

function useNoteMutation<A>(fn: (args: A) => Promise<ShippingNote>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (note) => {
      qc.setQueryData(noteKeys.one(note.id), note);
      // Issuing and cancelling change the contract's shipped quantities; confirming creates a receivable.
      return Promise.all([
        qc.invalidateQueries({ queryKey: noteKeys.all }),
        qc.invalidateQueries({ queryKey: ['contracts'] }),
        qc.invalidateQueries({ queryKey: ['receivables'] }),
      ]);
    },
    onError: (e) => {
      if (isApiError(e) && (e.status === 409 || e.status === 422 || e.status === 404)) {
        void qc.invalidateQueries({ queryKey: noteKeys.all });
        void qc.invalidateQueries({ queryKey: ['contracts'] });
      }
    },
  });
}

export const useIssueNote = () => useNoteMutation((body: NewShippingNoteBody) => unwrap(api.POST('/api/v1/shipping-notes', { body })));

export const useConfirmNote = () =>
  useNoteMutation((id: number) => unwrap(api.POST('/api/v1/shipping-notes/{id}/confirm', { params: { path: { id } } })));

export const useCancelNote = () =>
  useNoteMutation((id: number) => unwrap(api.POST('/api/v1/shipping-notes/{id}/cancel', { params: { path: { id } } })));

/** Signed contracts with something left to ship whose number or customer (code, name) matches `q`. */
export function useShippableContracts(q: string) {
  const query: ShippableQuery = { q: q || undefined, page: 1, page_size: 50 };
  return useQuery({
    queryKey: noteKeys.shippable(query),
    queryFn: () => unwrap(api.GET('/api/v1/shippable-contracts', { params: { query } })),
    staleTime: 10_000,
    placeholderData: keepPreviousData,
  });
}

/**
 * One contract's open lines (ordered, shipped, remaining), or null when nothing of it can be
 * shipped: not signed, everything shipped, or not in the user's data scope.
 */
export function useShippableContract(id: number | undefined) {
  return useQuery({
    queryKey: noteKeys.shippableOne(id ?? 0),
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/shippable-contracts', { params: { query: { contract_id: id ?? 0, page: 1, page_size: 1 } } }));
      return page.items[0] ?? null;
    },
    enabled: id !== undefined,
  });
}

/** The contract itself, for the prices of its lines: only for those who may read contracts. */
export function useContractPrices(id: number | undefined) {
  return useQuery({
    queryKey: ['contracts', 'one', id ?? 0],
    queryFn: () => unwrap(api.GET('/api/v1/contracts/{id}', { params: { path: { id: id ?? 0 } } })),
    enabled: id !== undefined,
    select: (c) => new Map((c.lines ?? []).map((l) => [l.id, l.price_fen])),
  });
}
