// The before/after comparison of an audit event: one row per (nested) field.
export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffRow {
  field: string;
  before: unknown;
  after: unknown;
  status: DiffStatus;
}

const MISSING = Symbol('missing');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isPlainObject(value) && (Object.keys(value).length > 0 || prefix === '')) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix !== '') {
    out.set(prefix, value);
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Compares two JSON snapshots (objects or null). Nested objects become dotted field names;
 * arrays and scalars are compared as whole values. Rows keep the order of the fields.
 */
export function diffJson(before: unknown, after: unknown): DiffRow[] {
  const b = new Map<string, unknown>();
  const a = new Map<string, unknown>();
  if (before !== null && before !== undefined) {
    if (isPlainObject(before)) flatten(before, '', b);
    else b.set('(value)', before);
  }
  if (after !== null && after !== undefined) {
    if (isPlainObject(after)) flatten(after, '', a);
    else a.set('(value)', after);
  }
  const fields = [...new Set([...b.keys(), ...a.keys()])];
  return fields.map((field) => {
    const bv = b.has(field) ? b.get(field) : MISSING;
    const av = a.has(field) ? a.get(field) : MISSING;
    const status: DiffStatus =
      bv === MISSING ? 'added' : av === MISSING ? 'removed' : same(bv, av) ? 'unchanged' : 'changed';
    return {
      field,
      before: bv === MISSING ? undefined : bv,
      after: av === MISSING ? undefined : av,
      status,
    };
  });
}

/** A value as shown in a diff cell. */
export function showValue(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}
