// The kinds of file a dossier holds (the server recognises them by content, not by name; what
// the picker accepts is ACCEPTED_FILES in lib/attachments.ts).

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
