// The customer card (GET /customers/{id}/card: customer, dossier entries, active loans and
// changes in one answer), dossier entries (POST /customers/{id}/dossier, PATCH and DELETE
// /dossier-entries/{id}), an entry's versions (GET /dossier-entries/{id}/history) and the files
// (GET/POST /customers/{id}/attachments, GET and DELETE /attachments/{id}; the upload and the
// download themselves are in lib/attachments.ts, shared with the credit records' files).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DossierKind, NewDossierEntryBody, UpdateDossierEntryBody } from '@/api/types';
import { api } from '@/lib/api-client';
import { isApiError, unwrap } from '@/lib/api-error';
import { uploadAttachment, type UploadArgs } from '@/lib/attachments';
import { attachmentKeys } from '@/lib/query-keys';

// Under the customers' keys, so that a change of the customer (an edit, a transfer) refreshes
// the card too, and a dossier change refreshes the customer (its dossier date, its stale mark).
const CUSTOMERS = ['customers'] as const;
export const dossierKeys = {
  card: (customerId: number) => ['customers', 'card', customerId] as const,
  history: (entryId: number) => ['customers', 'dossier-history', entryId] as const,
  attachments: attachmentKeys.list,
};

export function useCustomerCard(customerId: number) {
  return useQuery({
    queryKey: dossierKeys.card(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/card', { params: { path: { id: customerId } } })),
  });
}

export function useEntryHistory(entryId: number | null) {
  return useQuery({
    queryKey: dossierKeys.history(entryId ?? 0),
    queryFn: () => unwrap(api.GET('/api/v1/dossier-entries/{id}/history', { params: { path: { id: entryId ?? 0 } } })),
    enabled: entryId !== null,
  });
}

function useDossierMutation<A, R>(fn: (args: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: CUSTOMERS }),
    // Someone else changed or removed the entry meanwhile: show what is current.
    onError: (e) => {
      if (isApiError(e) && (e.status === 409 || e.status === 404)) void qc.invalidateQueries({ queryKey: CUSTOMERS });
    },
  });
}

export const useCreateEntry = () =>
  useDossierMutation(({ customerId, kind, content }: { customerId: number; kind: DossierKind; content: Record<string, unknown> }) =>
    unwrap(api.POST('/api/v1/customers/{id}/dossier', { params: { path: { id: customerId } }, body: { kind, content: content as NewDossierEntryBody['content'] } })),
  );

export const useUpdateEntry = () =>
  useDossierMutation(({ id, version, content }: { id: number; version: number; content: Record<string, unknown> }) =>
    unwrap(api.PATCH('/api/v1/dossier-entries/{id}', { params: { path: { id } }, body: { version, content: content as UpdateDossierEntryBody['content'] } })),
  );

export const useDeleteEntry = () =>
  useDossierMutation((id: number) => unwrap(api.DELETE('/api/v1/dossier-entries/{id}', { params: { path: { id } } })));

export function useAttachments(customerId: number) {
  return useQuery({
    queryKey: dossierKeys.attachments(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/attachments', { params: { path: { id: customerId } } })),
  });
}

/** The file's bytes as the body, its name in the query; the server checks type and size. */
export const useUploadAttachment = () => useDossierMutation((args: UploadArgs) => uploadAttachment(args));

export const useDeleteAttachment = () =>
  useDossierMutation((id: number) => unwrap(api.DELETE('/api/v1/attachments/{id}', { params: { path: { id } } })));
