import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-error';
import { formErrors } from '@/lib/errors';
import { changedKeys, contentErrorFields, contentToValues, KIND_FIELDS, valuesToContent } from './kinds';

describe('dossier content ↔ form values', () => {
  it('turns a financial statement in fen into 元 and back exactly', () => {
    const content = { period: '2025', revenue_fen: 1_234_567_829, net_profit_fen: -50, total_assets_fen: 0, total_liabilities_fen: null };
    const values = contentToValues('financial_statement', content);
    expect(values).toMatchObject({ period: '2025', revenue: '12345678.29', net_profit: '-0.50', total_assets: '0', total_liabilities: '' });
    expect(valuesToContent('financial_statement', { ...values, current_assets: '1,000.1' })).toEqual({
      period: '2025',
      revenue_fen: 1_234_567_829,
      net_profit_fen: -50,
      total_assets_fen: 0,
      total_liabilities_fen: null,
      current_assets_fen: 100_010,
      current_liabilities_fen: null,
    });
  });

  it('refuses a negative revenue but not a loss', () => {
    expect(() => valuesToContent('financial_statement', { period: '2025', revenue: '-1' })).toThrow(RangeError);
    expect(valuesToContent('financial_statement', { period: '2025', net_profit: '-1' }).net_profit_fen).toBe(-100);
  });

  it('sends empty optional text as none and required text as typed', () => {
    const person = valuesToContent('key_person', { name: ' 王总 ', position: '', age: 52, phone: ' 13800138000 ' });
    expect(person).toMatchObject({ name: '王总', position: null, age: 52, phone: '13800138000', hobbies: null });
    expect(valuesToContent('interaction', { date: '2026-11-20', kind: 'visit', content: '  ' })).toMatchObject({ content: '', follow_up: null });
  });

  it('starts an interaction as a visit and a section empty', () => {
    expect(contentToValues('interaction', null)).toEqual({ date: null, kind: 'visit', participants: '', content: '', follow_up: '' });
    expect(Object.values(contentToValues('characteristics', undefined)).every((v) => v === '')).toBe(true);
  });

  it('covers every kind with distinct field names', () => {
    for (const fields of Object.values(KIND_FIELDS)) expect(new Set(fields.map((f) => f.name)).size).toBe(fields.length);
  });
});

describe('content.<field> errors', () => {
  it('land on the form fields (amounts on their 元 field)', () => {
    const e = new ApiError(422, {
      code: 'validation.failed',
      errors: [
        { field: 'content.name', code: 'required', message: 'must not be empty' },
        { field: 'content.phone', code: 'invalid', message: '7–20 digits' },
      ],
    } as never);
    const fields = Object.keys(contentToValues('key_person', null));
    const r = formErrors('zh-CN', e, fields, contentErrorFields('key_person'));
    expect(r.general).toBeNull();
    expect(r.fields).toEqual([
      { name: 'name', errors: ['必填'] },
      { name: 'phone', errors: ['格式无效'] },
    ]);
    const money = new ApiError(422, { code: 'validation.failed', errors: [{ field: 'content.revenue_fen', code: 'out_of_range' }] } as never);
    const m = formErrors('en', money, Object.keys(contentToValues('financial_statement', null)), contentErrorFields('financial_statement'));
    expect(m.fields.map((f) => f.name)).toEqual(['revenue']);
  });

  it('leave an unknown content field to the general message', () => {
    const e = new ApiError(422, { code: 'validation.failed', errors: [{ field: 'content.salary', code: 'unknown_field' }] } as never);
    const r = formErrors('en', e, ['name'], contentErrorFields('key_person'));
    expect(r.fields).toEqual([]);
    expect(r.general).toBeTruthy();
  });
});

describe('changedKeys', () => {
  it('finds what an edit changed, treating empty and missing alike', () => {
    expect([...changedKeys({ name: '王总', hobbies: '钓鱼', family: '' }, { name: '王总', hobbies: '登山' })]).toEqual(['hobbies']);
    expect([...changedKeys(null, { a: 1 })]).toEqual(['a']);
  });
});
