// A customer's files (附件), shared by the dossier's files tab and the records that carry files
// (credit investigations and events): the upload (the file's bytes as the body, its name in the
// query; the server recognises the type by content and checks the size), the download with the
// session's token (audited), and the upload of the files picked in a form before the record
// that names them is sent — each file once, even when the record is sent again after an error.
import type { Attachment } from '@/api/types';
import { api } from './api-client';
import { unwrap } from './api-error';
import { fileOf, type DownloadedFile } from './download';

/** For the file picker: what the server accepts (the picker may still be told "all files"). */
export const ACCEPTED_FILES = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png';

/** How many files one record (an investigation, a credit event) may carry. */
export const MAX_RECORD_FILES = 20;

export interface UploadArgs {
  customerId: number;
  file: File;
  description?: string;
  entryId?: number | null;
}

/** Upload one file to the customer's attachments. */
export function uploadAttachment({ customerId, file, description, entryId }: UploadArgs): Promise<Attachment> {
  return unwrap(
    api.POST('/api/v1/customers/{id}/attachments', {
      params: {
        path: { id: customerId },
        query: { filename: file.name, description: description?.trim() || undefined, entry_id: entryId ?? undefined },
      },
      // The raw bytes (the generated type describes them as a byte array).
      body: file as unknown as number[],
      bodySerializer: (body) => body as unknown as File,
      headers: { 'Content-Type': 'application/octet-stream' },
    }),
  );
}

/** A customer's file, fetched with the session's token (the download is audited). */
export function downloadAttachment(id: number, filename: string): Promise<DownloadedFile> {
  return fileOf(api.GET('/api/v1/attachments/{id}', { params: { path: { id } }, parseAs: 'blob', headers: { Accept: '*/*' } }), filename);
}

/** A file picked in a form (antd's UploadFile has these). */
export interface PickedFile {
  uid: string;
  name: string;
  originFileObj?: File;
}

/** A picked file the server refused (or could not take): its name and the error. */
export class FileUploadError extends Error {
  readonly filename: string;
  readonly error: unknown;

  constructor(filename: string, error: unknown) {
    super(`upload of ${filename} failed`);
    this.name = 'FileUploadError';
    this.filename = filename;
    this.error = error;
  }
}

/** The picked files not uploaded yet (`uploaded`: picked file's uid → attachment id). */
export function pendingFiles<F extends PickedFile>(picked: readonly F[], uploaded: ReadonlyMap<string, number>): F[] {
  return picked.filter((f) => !uploaded.has(f.uid));
}

/**
 * Uploads the picked files not uploaded yet, one after the other, noting each one's attachment
 * id in `uploaded` as soon as it is stored (so a second attempt after an error uploads only what
 * is missing), and returns the attachment ids of all picked files in their order. The first
 * refusal stops and throws a FileUploadError naming the file.
 */
export async function uploadPicked(
  picked: readonly PickedFile[],
  uploaded: Map<string, number>,
  upload: (file: File) => Promise<{ id: number }>,
): Promise<number[]> {
  for (const f of pendingFiles(picked, uploaded)) {
    if (!f.originFileObj) throw new FileUploadError(f.name, new Error('the file cannot be read'));
    let stored: { id: number };
    try {
      stored = await upload(f.originFileObj);
    } catch (e) {
      throw new FileUploadError(f.name, e);
    }
    uploaded.set(f.uid, stored.id);
  }
  return picked.map((f) => uploaded.get(f.uid)).filter((id): id is number => id !== undefined);
}
