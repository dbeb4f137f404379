// Credit control: GET /customers/{id}/credit (the credit tab), GET …/exposure/documents (one part
// of the exposure), the business department's records (limit requests, instruments,
// investigations), credit events, holds (set / lift), and the blocked shipments' worklist
// (GET /credit-blocks, release, reject, re-check). An investigation's or event's files are
// uploaded to the customer's attachments first and named by their ids.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import type {
  CreditBlocksQuery,
  CreditProfile,
  ExposurePart,
  NewCreditEventBody,
  NewInstrumentBody,
  NewInvestigationBody,
  NewLimitRequestBody,
  ShippingNote,
} from '@/api/types';
import { api } from '@/lib/api-client';
import { isApiError, unwrap } from '@/lib/api-error';
import { uploadAttachment, uploadPicked, type PickedFile } from '@/lib/attachments';
import { approvalKeys, attachmentKeys, creditKeys, notificationKeys } from '@/lib/query-keys';

/**
 * The credit profile: one query for the customer page's header, the credit tab's label and the
 * tab itself (same key, fetched once; the router shows them only to those who read credit limits).
 */
export function useCreditProfile(customerId: number) {
  return useQuery({
    queryKey: creditKeys.profile(customerId),
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/credit', { params: { path: { id: customerId } } })),
    enabled: customerId > 0,
  });
}

/**
 * The files picked in an investigation's or event's form, uploaded to the customer's attachments
 * (with `description`, so the files tab says what they belong to) before the record is sent:
 * `upload` gives their attachment ids, uploading each picked file once however often the form is
 * sent; `forget` drops what was uploaded (the server no longer knows an id: upload again).
 */
export function useRecordFiles(customerId: number) {
  const qc = useQueryClient();
  const uploaded = useRef(new Map<string, number>());
  const upload = useCallback(
    async (picked: readonly PickedFile[], description: string): Promise<number[]> => {
      const before = uploaded.current.size;
      try {
        return await uploadPicked(picked, uploaded.current, (file) => uploadAttachment({ customerId, file, description }));
      } finally {
        // The dossier's files tab (and its count) shows the new files.
        if (uploaded.current.size > before) void qc.invalidateQueries({ queryKey: attachmentKeys.list(customerId) });
      }
    },
    [customerId, qc],
  );
  const forget = useCallback(() => uploaded.current.clear(), []);
  return { upload, forget };
}

/** The customer's name and code (the printable card's head). */
export function useCreditCustomer(customerId: number) {
  return useQuery({
    queryKey: ['customers', 'one', customerId],
    queryFn: () => unwrap(api.GET('/api/v1/customers/{id}', { params: { path: { id: customerId } } })),
  });
}

/** The documents behind one part of the exposure (null: none asked for). */
export function useExposureDocuments(customerId: number, part: ExposurePart | null) {
  return useQuery({
    queryKey: creditKeys.documents(customerId, part ?? ''),
    queryFn: () =>
      unwrap(api.GET('/api/v1/customers/{id}/exposure/documents', { params: { path: { id: customerId }, query: { part: part ?? 'open_receivables' } } })),
    enabled: part !== null,
  });
}

/** A change of the credit profile: the answer is the new profile. */
function useProfileMutation<A>(customerId: number, fn: (args: A) => Promise<CreditProfile>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (profile) => {
      qc.setQueryData(creditKeys.profile(customerId), profile);
      // A hold (or a severe event) changes what the worklist, contracts and notes show.
      return qc.invalidateQueries({ queryKey: creditKeys.all });
    },
    onError: (e) => {
      if (isApiError(e) && (e.status === 409 || e.status === 422)) void qc.invalidateQueries({ queryKey: creditKeys.profile(customerId) });
    },
  });
}

const path = (id: number) => ({ path: { id } });

export const useAddInstrument = (customerId: number) =>
  useProfileMutation(customerId, (body: NewInstrumentBody) => unwrap(api.POST('/api/v1/customers/{id}/credit/instruments', { params: path(customerId), body })));

/** Void a security instrument with a reason (the VP or GM): it stops counting toward the limit. */
export const useVoidInstrument = (customerId: number) =>
  useProfileMutation(customerId, ({ instrumentId, reason }: { instrumentId: number; reason: string }) =>
    unwrap(
      api.POST('/api/v1/customers/{id}/credit/instruments/{instrument_id}/void', {
        params: { path: { id: customerId, instrument_id: instrumentId } },
        body: { reason },
      }),
    ),
  );

export const useAddInvestigation = (customerId: number) =>
  useProfileMutation(customerId, (body: NewInvestigationBody) =>
    unwrap(api.POST('/api/v1/customers/{id}/credit/investigations', { params: path(customerId), body })),
  );

export const useAddEvent = (customerId: number) =>
  useProfileMutation(customerId, (body: NewCreditEventBody) => unwrap(api.POST('/api/v1/customers/{id}/credit/events', { params: path(customerId), body })));

export const useSetHold = (customerId: number) =>
  useProfileMutation(customerId, (reason: string) => unwrap(api.POST('/api/v1/customers/{id}/credit/hold', { params: path(customerId), body: { reason } })));

export const useLiftHold = (customerId: number) =>
  useProfileMutation(customerId, (reason: string) => unwrap(api.POST('/api/v1/customers/{id}/credit/hold/lift', { params: path(customerId), body: { reason } })));

/** File a limit request: it goes to the VP's (and maybe the GM's) inbox. */
export function useRequestLimit(customerId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewLimitRequestBody) => unwrap(api.POST('/api/v1/customers/{id}/credit/limit-requests', { params: path(customerId), body })),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: creditKeys.profile(customerId) }),
        qc.invalidateQueries({ queryKey: approvalKeys.all }),
        qc.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}

export function useCreditBlocks(query: CreditBlocksQuery) {
  return useQuery({
    queryKey: creditKeys.blocks(query),
    queryFn: () => unwrap(api.GET('/api/v1/credit-blocks', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export type BlockAction = 'release' | 'reject' | 'recheck';

/** Release or reject (with a reason) or re-check a blocked note. */
export function useBlockAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: number; action: BlockAction; reason?: string }): Promise<ShippingNote> => {
      const params = path(id);
      if (action === 'release') return unwrap(api.POST('/api/v1/credit-blocks/{id}/release', { params, body: { reason: reason ?? '' } }));
      if (action === 'reject') return unwrap(api.POST('/api/v1/credit-blocks/{id}/reject', { params, body: { reason: reason ?? '' } }));
      return unwrap(api.POST('/api/v1/credit-blocks/{id}/recheck', { params }));
    },
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: creditKeys.all }),
        // The note's state, and a rejection returns quantities to the contract.
        qc.invalidateQueries({ queryKey: ['shipping-notes'] }),
        qc.invalidateQueries({ queryKey: ['contracts'] }),
      ]),
  });
}
