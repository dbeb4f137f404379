import { describe, expect, it } from 'vitest';
import type { ShippableContract } from '@/api/types';
import { ApiError } from '@/lib/api-error';
import { allRemaining, capQuantity, currentRows, noteAmount, noteFormErrors, noteLines, type NoteRow } from './shipping';

const row = (id: number, ordered: number, shipped: number): NoteRow => ({
  contract_line_id: id,
  line_no: id - 10,
  product_code: `P${id}`,
  product_name: `Product ${id}`,
  unit: '套',
  ordered,
  shipped,
  remaining: ordered - shipped,
});

const shippable = (lines: NoteRow[]): ShippableContract => ({
  contract_id: 7,
  contract_number: 'HT2026000007',
  customer_id: 3,
  customer_code: 'C0003',
  customer_name: '保定市明亮照明工程有限公司',
  shipping_priority: 2,
  signed_on: '2026-09-28',
  lines,
});

describe('shipping note rows', () => {
  const opened = [row(11, 100, 0), row(12, 50, 10), row(13, 20, 5)];

  it('keeps the rows the form was opened with, with what remains now', () => {
    // Nothing read again yet: the rows as opened.
    expect(currentRows(opened, undefined)).toEqual(opened);
    // Another note took 30 of the first line; the third was shipped in full (no longer listed).
    const now = currentRows(opened, shippable([{ ...row(11, 100, 30) }, row(12, 50, 10)]));
    expect(now.map((r) => [r.contract_line_id, r.shipped, r.remaining])).toEqual([
      [11, 30, 70],
      [12, 10, 40],
      [13, 20, 0],
    ]);
    // The contract is no longer shippable at all: nothing remains of any line, the rows stay.
    expect(currentRows(opened, null).map((r) => r.remaining)).toEqual([0, 0, 0]);
    expect(currentRows(opened, null).map((r) => r.product_name)).toEqual(['Product 11', 'Product 12', 'Product 13']);
  });

  it('caps a typed quantity at what remains of its line', () => {
    expect(capQuantity(120, 100)).toBe(100);
    expect(capQuantity(60, 100)).toBe(60);
    expect(capQuantity(7.6, 100)).toBe(7);
    expect(capQuantity(-3, 100)).toBe(0);
    expect(capQuantity(5, 0)).toBe(0);
    expect(capQuantity(null, 100)).toBeNull();
    expect(capQuantity(undefined, 100)).toBeNull();
  });

  it('fills in all that remains, leaving the lines with nothing left empty', () => {
    expect(allRemaining(currentRows(opened, shippable([row(11, 100, 30), row(12, 50, 10)])))).toEqual([70, 40, null]);
  });

  it('prices the note from the contract, only when the prices are known', () => {
    const prices = new Map([
      [11, 140_000],
      [12, 210_000],
    ]);
    expect(noteAmount(opened, [100, null, undefined], prices)).toBe(14_000_000n);
    expect(noteAmount(opened, [100, 2, null], prices)).toBe(14_420_000n);
    expect(noteAmount(opened, [100, 2, null], undefined)).toBeUndefined();
    // A quantity on a line whose price is unknown: no amount rather than a wrong one.
    expect(noteAmount(opened, [1, 0, 3], prices)).toBeUndefined();
  });
});

describe('shipping note lines', () => {
  it('sends only the lines given a quantity, remembering their place in the form', () => {
    const lines = [{ contract_line_id: 11 }, { contract_line_id: 12 }, { contract_line_id: 13 }];
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
