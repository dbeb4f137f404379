// The files a dossier accepts (the server recognises them by content, not by name).

/** For the file picker: what the server accepts (the picker may still be told "all files"). */
export const ACCEPTED_FILES = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx,application/pdf,image/jpeg,image/png';

export type FileKind = 'pdf' | 'jpeg' | 'png' | 'docx' | 'xlsx' | 'other';

const KINDS: Record<string, FileKind> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/** A stored file's content type → the kind shown in the list. */
export function fileKind(contentType: string): FileKind {
  return KINDS[contentType.split(';')[0]?.trim().toLowerCase() ?? ''] ?? 'other';
}
