import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-error';
import { noteFormErrors, noteLines, remainingOf } from './shipping';

describe('shipping note lines', () => {
  it('knows what remains of a line', () => {
    expect(remainingOf({ quantity: 100, shipped_quantity: 40 })).toBe(60);
    expect(remainingOf({ quantity: 10, shipped_quantity: 10 })).toBe(0);
  });

  it('sends only the lines given a quantity, remembering their place in the form', () => {
    const lines = [{ id: 11 }, { id: 12 }, { id: 13 }];
    expect(noteLines(lines, [null, 5, 7])).toEqual({
      lines: [
        { contract_line_id: 12, quantity: 5 },
        { contract_line_id: 13, quantity: 7 },
      ],
      positions: [1, 2],
    });
    expect(noteLines(lines, [0, undefined, null])).toEqual({ lines: [], positions: [] });
    expect(noteLines(lines, undefined).lines).toEqual([]);
  });

  it('puts an over-ordered quantity on the contract line it came from, with what remains', () => {
    const e = new ApiError(422, {
      code: 'validation.failed',
      errors: [{ field: 'lines[1].quantity', code: 'shipping.over_ordered', message: 'only 60 of 100 remain to ship' }],
    });
    // The note's second line is the form's third contract line.
    const { fields, general } = noteFormErrors('zh-CN', e, [0, 2], {}, (position, code) =>
      code === 'shipping.over_ordered' ? `第 ${position + 1} 行只剩 60 件` : undefined,
    );
    expect(fields).toEqual([{ name: ['quantities', 2], errors: ['第 3 行只剩 60 件'] }]);
    expect(general).toBeNull();
    // Without a line message the code's own translation is used.
    expect(noteFormErrors('zh-CN', e, [0, 2]).fields[0]?.errors).toEqual(['超过剩余可发数量']);
    expect(noteFormErrors('en', e, [0, 2]).fields[0]?.errors).toEqual(['More than remains to ship']);
  });

  it('says above the form what belongs to no line', () => {
    const e = new ApiError(422, {
      code: 'validation.failed',
      errors: [
        { field: 'contract_id', code: 'invalid', message: 'only a signed contract is shipped against' },
        { field: 'ship_date', code: 'out_of_range', message: 'from the signing date' },
      ],
    });
    const { fields, general } = noteFormErrors('en', e, [], { 'contract_id.invalid': 'Not signed' });
    expect(fields).toEqual([{ name: ['ship_date'], errors: ['Out of the allowed range'] }]);
    expect(general).toBe('Not signed');
  });
});
