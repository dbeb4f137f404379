import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-error';
import { errorMessage } from '@/lib/errors';
import { translate, type Lang, type MessageKey } from '@/lib/i18n';
import { canReviewContracts, contractActions, contractFormErrors, reviewError } from './contracts';

const SALES = { roles: ['salesman'] as const, permissions: ['contracts.read', 'contracts.write'] };
const STAFF = { roles: ['business_staff'] as const, permissions: ['contracts.read', 'contracts.write'] };
const VP = { roles: ['vice_president'] as const, permissions: ['contracts.read'] };

const line = (shipped: number) => ({
  id: 1,
  line_no: 1,
  product_id: 1,
  product_code: 'P',
  product_name: 'P',
  unit: '件',
  quantity: 10,
  list_price_fen: 100,
  price_fen: 100,
  amount_fen: 1000,
  shipped_quantity: shipped,
});

describe('contract actions', () => {
  it('lets the business department review, not sales or the VP', () => {
    expect(canReviewContracts({ ...STAFF, roles: [...STAFF.roles] })).toBe(true);
    expect(canReviewContracts({ roles: ['business_manager'], permissions: ['contracts.write'] })).toBe(true);
    expect(canReviewContracts({ ...SALES, roles: [...SALES.roles] })).toBe(false);
    expect(canReviewContracts({ ...VP, roles: [...VP.roles] })).toBe(false);
  });

  it('offers what each status allows', () => {
    const sales = { ...SALES, roles: [...SALES.roles] };
    expect(contractActions({ status: 'draft', lines: [line(0)] }, sales)).toEqual({ edit: true, submit: true, review: false, complete: false, cancel: true });
    expect(contractActions({ status: 'in_review', lines: [line(0)] }, sales)).toEqual({ edit: false, submit: false, review: false, complete: false, cancel: true });
    expect(contractActions({ status: 'in_review', lines: [line(0)] }, { ...STAFF, roles: [...STAFF.roles] }).review).toBe(true);
    expect(contractActions({ status: 'signed', lines: [line(0)] }, sales)).toEqual({ edit: false, submit: false, review: false, complete: true, cancel: true });
    // Shipped against: complete, never cancel.
    expect(contractActions({ status: 'signed', lines: [line(3)] }, sales).cancel).toBe(false);
    expect(contractActions({ status: 'completed', lines: [] }, sales)).toEqual({ edit: false, submit: false, review: false, complete: false, cancel: false });
    // Readers only read.
    expect(Object.values(contractActions({ status: 'draft', lines: [] }, { ...VP, roles: [...VP.roles] })).some(Boolean)).toBe(false);
  });
});

describe('contractFormErrors', () => {
  it('puts line errors on the line fields and the price on the 元 field', () => {
    const e = new ApiError(422, {
      code: 'validation.failed',
      errors: [
        { field: 'lines[1].quantity', code: 'out_of_range', message: '1 or more' },
        { field: 'lines[0].price_fen', code: 'out_of_range', message: 'from 0' },
        { field: 'lines[0].product_id', code: 'no_price', message: 'no price' },
        { field: 'credit_period_days', code: 'out_of_range', message: '0–365' },
      ],
    });
    const { fields, general } = contractFormErrors('zh-CN', e, 2, { 'lines.product_id.no_price': '今天没有标价', 'credit_period_days.out_of_range': '账期 0–365 天' });
    expect(fields).toEqual([
      { name: ['lines', 1, 'quantity'], errors: ['超出允许范围'] },
      { name: ['lines', 0, 'price'], errors: ['超出允许范围'] },
      { name: ['lines', 0, 'product_id'], errors: ['今天没有标价'] },
      { name: ['credit_period_days'], errors: ['账期 0–365 天'] },
    ]);
    expect(general).toBeNull();
  });

  it('says above the form what has no field (no lines at all, a line that is gone)', () => {
    const e = new ApiError(422, {
      code: 'validation.failed',
      errors: [
        { field: 'lines', code: 'required', message: 'at least one line' },
        { field: 'lines[5].quantity', code: 'out_of_range', message: '1 or more' },
      ],
    });
    const { fields, general } = contractFormErrors('en', e, 2, { 'lines.required': 'A contract needs a line' });
    expect(fields).toEqual([]);
    expect(general).toBe('A contract needs a line; Out of the allowed range');
  });
});

describe('reviewError', () => {
  const tr = (lang: Lang) => (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);

  it('tells the creator or submitter of a contract that someone else reviews it', () => {
    // 403 approval.self_approval: the contract's own words, not the approvals inbox's.
    const self = new ApiError(403, { code: 'approval.self_approval', status: 403, title: 'Self-approval' } as never);
    expect(reviewError(self, tr('zh-CN'))).toBe('这份合同由您起草或提交，您不能评审它：请由业务部的另一位同事评审');
    expect(reviewError(self, tr('en'))).toBe(
      'You drew up or submitted this contract, so you cannot review it: another member of the business department does',
    );
    // Without the page's wording the generic text still says it in the user's language.
    expect(errorMessage('zh-CN', self)).toBe('不能审批自己提交的申请');
  });

  it('names a stale version, and leaves everything else to the general message', () => {
    expect(reviewError(new ApiError(409, { code: 'conflict.stale_version' } as never), tr('zh-CN'))).toBe(
      '合同已被他人修改，已显示最新内容，请再试一次',
    );
    expect(reviewError(new ApiError(422, { code: 'validation.failed' } as never), tr('en'))).toBeNull();
    expect(reviewError(new Error('x'), tr('en'))).toBeNull();
  });
});
