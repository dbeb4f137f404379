// 资料借阅: which customer a borrow request names (POST /borrow-requests takes exactly one of
// its id, credit code or name) and the request body.
import type { BorrowRequestBody } from '@/api/types';
import { isApiError } from './api-error';

export const BORROW_MIN_DAYS = 1;
export const BORROW_MAX_DAYS = 30;
export const BORROW_DEFAULT_DAYS = 7;

export type BorrowBy = 'credit_code' | 'name' | 'customer_id';
export type BorrowTarget = { by: 'customer_id'; value: number } | { by: 'credit_code' | 'name'; value: string };

/**
 * A duplicate refusal outside the user's scope (`customer.duplicate` without `duplicate_of`)
 * names no customer; the request for access names it by what matched: the credit code when
 * that was the duplicate field, else the name. Null for any other error.
 */
export function borrowTargetOfDuplicate(
  error: unknown,
  values: { credit_code?: string | null; name?: string | null },
): BorrowTarget | null {
  if (!isApiError(error) || error.code !== 'customer.duplicate' || error.duplicateOf) return null;
  const fields = new Set(error.fieldErrors.map((f) => f.field));
  const creditCode = (values.credit_code ?? '').replace(/\s/g, '').toUpperCase();
  const name = (values.name ?? '').trim();
  if (creditCode && (fields.has('credit_code') || !fields.has('name'))) return { by: 'credit_code', value: creditCode };
  if (name) return { by: 'name', value: name };
  return creditCode ? { by: 'credit_code', value: creditCode } : null;
}

/** What the user typed to name a customer; null when it cannot name one (an id that is not a number). */
export function parseBorrowTarget(by: BorrowBy, text: string): BorrowTarget | null {
  const s = text.trim();
  if (!s) return null;
  if (by === 'customer_id') {
    const n = Number(s);
    return /^\d+$/.test(s) && Number.isSafeInteger(n) && n > 0 ? { by, value: n } : null;
  }
  return by === 'credit_code' ? { by, value: s.replace(/\s/g, '').toUpperCase() } : { by, value: s };
}

export function borrowBody(target: BorrowTarget, reason: string, days: number): BorrowRequestBody {
  const body: BorrowRequestBody = { reason: reason.trim(), days };
  if (target.by === 'customer_id') body.customer_id = target.value;
  else if (target.by === 'credit_code') body.credit_code = target.value;
  else body.name = target.value;
  return body;
}
