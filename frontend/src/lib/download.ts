// Files from the API (an export, an attachment, a template): fetched with the session's token
// (a plain link would carry none), then handed to the browser as a download under the name the
// server gives in Content-Disposition.
import type { FetchResult } from './api-error';
import { unwrap } from './api-error';

/**
 * The file name of a Content-Disposition header: `filename*=UTF-8''…` (RFC 6266 / 5987, for
 * Chinese names) wins over `filename="…"`; `fallback` when there is neither.
 */
export function filenameFromContentDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const params = splitParams(header);
  const extended = params.get('filename*');
  if (extended !== undefined) {
    const m = /^([\w!#$%&+^`{}~-]+)'[\w-]*'(.*)$/.exec(extended);
    if (m) {
      const charset = (m[1] ?? '').toLowerCase();
      const raw = m[2] ?? '';
      const decoded = charset === 'utf-8' ? safeDecode(raw) : latin1Decode(raw);
      const name = decoded !== null ? cleanName(decoded) : '';
      if (name) return name;
    }
  }
  const plain = params.get('filename');
  if (plain !== undefined) {
    const name = cleanName(plain);
    if (name) return name;
  }
  return fallback;
}

/** `attachment; filename="a;b.xlsx"; x=1` → parameters by lower-case name (quotes removed). */
function splitParams(header: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /;\s*([^\s=;]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(header)) !== null) {
    const key = (m[1] ?? '').toLowerCase();
    let value = (m[2] ?? '').trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    if (!out.has(key)) out.set(key, value);
  }
  return out;
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function latin1Decode(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Only the last path segment, no control characters: the browser saves where the user says. */
function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return base === '.' || base === '..' ? '' : base;
}

export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/**
 * The file of a call made with `parseAs: 'blob'` (through the API client, so an expired token is
 * refreshed like for any call); an ApiError from its problem answer otherwise.
 */
export async function fileOf(call: Promise<FetchResult<Blob>>, fallbackName: string): Promise<DownloadedFile> {
  let response: Response | undefined;
  const blob = await unwrap(
    call.then((r) => {
      response = r.response;
      return r;
    }),
  );
  return { blob, filename: filenameFromContentDisposition(response?.headers.get('Content-Disposition'), fallbackName) };
}

/** Hands a file to the browser as a download. */
export function saveFile({ blob, filename }: DownloadedFile): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the URL is released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
