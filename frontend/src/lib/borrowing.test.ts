import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { borrowBody, borrowTargetOfDuplicate, parseBorrowTarget } from './borrowing';

const duplicate = (field: string, duplicateOf: unknown = null) =>
  new ApiError(409, { code: 'customer.duplicate', errors: [{ field, code: 'duplicate', message: 'exists' }], duplicate_of: duplicateOf } as never);

describe('borrowTargetOfDuplicate', () => {
  const values = { name: ' 保定某光电公司 ', credit_code: '91130100ma07l7qg1a' };

  it('asks for the customer by the credit code when that matched', () => {
    expect(borrowTargetOfDuplicate(duplicate('credit_code'), values)).toEqual({ by: 'credit_code', value: '91130100MA07L7QG1A' });
  });

  it('asks by the name when the name matched', () => {
    expect(borrowTargetOfDuplicate(duplicate('name'), values)).toEqual({ by: 'name', value: '保定某光电公司' });
    expect(borrowTargetOfDuplicate(duplicate('name'), { name: '', credit_code: 'X' })).toEqual({ by: 'credit_code', value: 'X' });
  });

  it('offers nothing when the existing customer is in scope (it is linked instead) or for other errors', () => {
    expect(borrowTargetOfDuplicate(duplicate('name', { id: 1, code: 'C1', name: 'n' }), values)).toBeNull();
    expect(borrowTargetOfDuplicate(new ApiError(422, { code: 'validation.failed' } as never), values)).toBeNull();
    expect(borrowTargetOfDuplicate(new Error('x'), values)).toBeNull();
    expect(borrowTargetOfDuplicate(duplicate('name'), {})).toBeNull();
  });
});

describe('parseBorrowTarget and borrowBody', () => {
  it('reads an id, a credit code or a name', () => {
    expect(parseBorrowTarget('customer_id', ' 42 ')).toEqual({ by: 'customer_id', value: 42 });
    expect(parseBorrowTarget('customer_id', '4x')).toBeNull();
    expect(parseBorrowTarget('customer_id', '0')).toBeNull();
    expect(parseBorrowTarget('credit_code', ' 9113 0100ma07l7qg1a')).toEqual({ by: 'credit_code', value: '91130100MA07L7QG1A' });
    expect(parseBorrowTarget('name', '  ')).toBeNull();
  });

  it('names the customer by exactly one field', () => {
    expect(borrowBody({ by: 'customer_id', value: 7 }, ' 拜访前了解 ', 7)).toEqual({ customer_id: 7, reason: '拜访前了解', days: 7 });
    expect(borrowBody({ by: 'name', value: '河北纪元' }, 'r', 3)).toEqual({ name: '河北纪元', reason: 'r', days: 3 });
    expect(borrowBody({ by: 'credit_code', value: 'A' }, 'r', 30)).toEqual({ credit_code: 'A', reason: 'r', days: 30 });
  });
});
