// The dunning letter (催款函): what its template editor and its printed page work out from the
// text — the placeholders a body names (known or not), the body filled in with values (the
// editor's preview with sample values; the server fills the real letter the same way), where a
// placeholder typed at the caret lands, and the paragraphs of a body.

/** `{name}` in a template: a name of letters, digits and `_` between braces. */
const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * The placeholders the body names that are not among `known` (each once, in order of
 * appearance, with their braces): what the server refuses as `template.unknown_placeholder`.
 */
export function unknownPlaceholders(body: string, known: readonly string[]): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(PLACEHOLDER)) {
    const p = m[0];
    if (!known.includes(p) && !out.includes(p)) out.push(p);
  }
  return out;
}

/**
 * The template with each known placeholder (`{customer_name}` → its value) replaced everywhere;
 * anything else, unknown placeholders included, stays as written.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (m) => (Object.prototype.hasOwnProperty.call(values, m) ? (values[m] ?? m) : m));
}

/** The template split into the parts to show: plain text and placeholders (known or not). */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'value'; placeholder: string; text: string } | { kind: 'unknown'; text: string };

/** Like `fillTemplate`, but keeping which parts came from which placeholder (for highlighting). */
export function templateParts(template: string, values: Readonly<Record<string, string>>): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const start = m.index;
    if (start > at) parts.push({ kind: 'text', text: template.slice(at, start) });
    const p = m[0];
    const value = Object.prototype.hasOwnProperty.call(values, p) ? values[p] : undefined;
    parts.push(value === undefined ? { kind: 'unknown', text: p } : { kind: 'value', placeholder: p, text: value });
    at = start + p.length;
  }
  if (at < template.length) parts.push({ kind: 'text', text: template.slice(at) });
  return parts;
}

/**
 * The letter's paragraphs: the body split on its line breaks (`\n`, `\r\n`), each line trimmed
 * at its end, blank lines dropped (they only separate paragraphs on paper).
 */
export function paragraphs(body: string): string[] {
  return body
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
}

/**
 * `insert` typed into `text` over the selection `start`–`end` (the caret when equal): the new
 * text and where the caret goes (after what was inserted). Out-of-range positions are clamped;
 * no selection known (null) → at the end.
 */
export function insertAt(text: string, insert: string, start: number | null, end: number | null = start): { text: string; caret: number } {
  const clamp = (n: number | null, fallback: number) => (n === null || !Number.isFinite(n) ? fallback : Math.max(0, Math.min(text.length, n)));
  const s = clamp(start, text.length);
  const e = Math.max(s, clamp(end, s));
  return { text: text.slice(0, s) + insert + text.slice(e), caret: s + insert.length };
}

/** `2026-12-03` → `2026年12月3日`, as the server writes `{date}` and `{oldest_due_date}`. */
export function chineseDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** Integer fen → `12345.60 元`, as the server writes `{total}` (no grouping). */
export function letterYuan(fen: number): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} 元`;
}

/** The values the editor's preview fills in, for a letter drawn up on `today`. */
export function sampleValues(sample: { customerName: string; customerCode: string }, today: string, oldestDue: string): Record<string, string> {
  return {
    '{customer_name}': sample.customerName,
    '{customer_code}': sample.customerCode,
    '{date}': chineseDate(today),
    '{total}': letterYuan(12_345_600),
    '{count}': '3',
    '{oldest_due_date}': chineseDate(oldestDue),
  };
}
