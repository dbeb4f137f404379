// API field paths with indexes (`lines[2].quantity`, `allocations[0].amount_fen`) onto the fields
// of a form with lists: each error lands on its line's field, the rest goes above the form.
import { ApiError } from './api-error';
import { errorMessage, fieldErrorMessage } from './errors';
import type { Lang } from './i18n';

/** `lines[2].quantity` → `['lines', 2, 'quantity']`, `customer_id` → `['customer_id']`. */
export function apiFieldPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of field.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

export interface PathError {
  name: (string | number)[];
  errors: string[];
}

/**
 * Splits an API error into messages for a form's fields and a general message for the rest.
 * `resolve` turns an API field path into the form's field path (null: not a field of the form);
 * `overrides` are messages for `<key>.<code>` where `key` is what `overrideKey` makes of the API
 * path (by default the API field itself, e.g. `customer_id.unknown`; for lines, say,
 * `lines.quantity.shipping.over_ordered`).
 */
export function pathFormErrors(
  lang: Lang,
  error: unknown,
  resolve: (path: (string | number)[]) => (string | number)[] | null,
  overrides: Partial<Record<string, string>> = {},
  overrideKey: (path: (string | number)[], field: string) => string = (_, field) => field,
  /** A message for one error more precise still (e.g. naming what remains of a line); wins over `overrides`. */
  special?: (path: (string | number)[], code: string) => string | undefined,
): { fields: PathError[]; general: string | null } {
  if (!(error instanceof ApiError)) return { fields: [], general: errorMessage(lang, error) };
  const byField = new Map<string, PathError>();
  const generalParts: string[] = [];
  for (const fe of error.fieldErrors) {
    const path = apiFieldPath(fe.field);
    const target = resolve(path);
    const override = special?.(path, fe.code) ?? overrides[`${overrideKey(path, fe.field)}.${fe.code}`];
    if (!target) {
      generalParts.push(override ?? fieldErrorMessage(lang, fe.code, fe.message));
      continue;
    }
    const key = target.join('.');
    const entry = byField.get(key) ?? { name: target, errors: [] };
    entry.errors.push(override ?? fieldErrorMessage(lang, fe.code, fe.message));
    byField.set(key, entry);
  }
  const fields = [...byField.values()];
  const sep = lang === 'en' ? '; ' : '；';
  const general =
    generalParts.length > 0 ? [...new Set(generalParts)].join(sep) : fields.length > 0 ? null : errorMessage(lang, error);
  return { fields, general };
}
