// The mails the fake SMTP server of global-setup.ts received (E2E_MAIL_DIR: `<n>.eml` and its
// envelope `<n>.json`), and the files attached to one, read from the raw MIME message.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  /** The message as it came. */
  raw: string;
}

export interface MailFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

function mailDir(): string {
  const dir = process.env.E2E_MAIL_DIR;
  if (!dir) throw new Error('global-setup did not start the mail sink');
  return dir;
}

/** Every mail received so far, in the order it came. */
export function receivedMails(): ReceivedMail[] {
  const dir = mailDir();
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const envelope = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { to: string[] };
      const eml = join(dir, f.replace(/\.json$/, '.eml'));
      return { to: envelope.to, raw: existsSync(eml) ? readFileSync(eml, 'latin1') : '' };
    });
}

/** Waits for the mails to `address` that `match`, until there are `count` of them; returns them. */
export async function waitForMails(address: string, count: number, match: (m: ReceivedMail) => boolean = () => true): Promise<ReceivedMail[]> {
  let found: ReceivedMail[] = [];
  await expect
    .poll(
      () => {
        found = receivedMails().filter((m) => m.to.includes(address) && match(m));
        return found.length;
      },
      { message: `${count} mail(s) to ${address}`, timeout: 30_000 },
    )
    .toBeGreaterThanOrEqual(count);
  return found;
}

/** The headers of a MIME entity, unfolded, by lower-case name. */
function headers(block: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) out.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return out;
}

/**
 * A header parameter: `filename="a.xlsx"`, `filename=a.xlsx`, or RFC 2231's extended and continued
 * forms (`filename*=UTF-8''a.xlsx`, `filename*0="state"; filename*1="ment.xlsx"`, `filename*0*=…`).
 */
function param(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const pieces: { index: number; value: string }[] = [];
  for (const m of header.matchAll(new RegExp(`(?:^|[;\\s])${name}\\*(\\d*)(\\*?)=("[^"]*"|[^;\\s]*)`, 'gi'))) {
    const [, index = '', star = '', raw = ''] = m;
    let value = raw.replace(/^"|"$/g, '');
    // Percent-encoded: `name*=` and `name*N*=`; the first piece starts with charset'language'.
    if (index === '' || star === '*') {
      if (index === '' || index === '0') value = value.replace(/^[^']*'[^']*'/, '');
      value = decodeURIComponent(value);
    }
    pieces.push({ index: index === '' ? 0 : Number(index), value });
  }
  if (pieces.length > 0) return pieces.sort((a, b) => a.index - b.index).map((p) => p.value).join('');
  return new RegExp(`(?:^|[;\\s])${name}="?([^";]+)"?`, 'i').exec(header)?.[1];
}

/** The files attached to a mail (every part, at any depth, with a file name), decoded. */
export function attachments(raw: string): MailFile[] {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]!);
  if (boundaries.length === 0) return [];
  const escaped = boundaries.map((b) => b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = raw.split(new RegExp(`\\r?\\n--(?:${escaped.join('|')})(?:--)?[ \\t]*(?=\\r?\\n|$)`));
  const files: MailFile[] = [];
  for (const part of parts) {
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const h = headers(part.slice(0, split.index));
    const name = param(h.get('content-disposition'), 'filename') ?? param(h.get('content-type'), 'name');
    if (!name) continue;
    const body = part.slice(split.index + split[0].length);
    const encoding = (h.get('content-transfer-encoding') ?? '').toLowerCase();
    const bytes = encoding === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : Buffer.from(body, 'latin1');
    files.push({ name, contentType: (h.get('content-type') ?? '').split(';')[0]!.trim(), bytes });
  }
  return files;
}
