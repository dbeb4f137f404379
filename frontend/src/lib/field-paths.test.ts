import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { apiFieldPath, pathFormErrors } from './field-paths';

describe('apiFieldPath', () => {
  it('splits indexes and nested names', () => {
    expect(apiFieldPath('lines[2].quantity')).toEqual(['lines', 2, 'quantity']);
    expect(apiFieldPath('allocations[0].amount_fen')).toEqual(['allocations', 0, 'amount_fen']);
    expect(apiFieldPath('customer_id')).toEqual(['customer_id']);
    expect(apiFieldPath('a[1][2]')).toEqual(['a', 1, 2]);
  });
});

describe('pathFormErrors', () => {
  const e = new ApiError(422, {
    code: 'validation.failed',
    errors: [
      { field: 'amount_fen', code: 'out_of_range', message: 'more than 0' },
      { field: 'allocations', code: 'payment.over_allocated', message: 'only 5 fen left' },
    ],
  });

  it('puts errors on the fields the form has, the rest above it', () => {
    const { fields, general } = pathFormErrors('zh-CN', e, (p) => (p[0] === 'amount_fen' ? ['amount'] : null), {
      'allocations.payment.over_allocated': '分配合计超过回款金额',
    });
    expect(fields).toEqual([{ name: ['amount'], errors: ['超出允许范围'] }]);
    expect(general).toBe('分配合计超过回款金额');
  });

  it('lets a special message win, and translates a non-API error', () => {
    const { fields } = pathFormErrors('en', e, (p) => p, {}, undefined, (p, code) => (p[0] === 'amount_fen' ? `special ${code}` : undefined));
    expect(fields[0]).toEqual({ name: ['amount_fen'], errors: ['special out_of_range'] });
    expect(fields[1]).toEqual({ name: ['allocations'], errors: ['More than can be allocated'] });
    expect(pathFormErrors('en', new Error('boom'), (p) => p).general).toContain('boom');
  });
});
