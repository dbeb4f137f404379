import { describe, expect, it } from 'vitest';
import { ApiError } from '@/lib/api-error';
import { apiFieldPath, canCommentPlans, canEditPlan, fromProspects, isPlanStatus, planFormErrors, toProspects } from './plans';

const DIRECTOR = {
  roles: ['office_director'] as const,
  permissions: ['customer_master.read', 'customer_master.write', 'development_plans.read', 'development_plans.write'],
};
const STAFF = { roles: ['business_staff'] as const, permissions: ['customer_master.read', 'customer_master.write', 'development_plans.read'] };
const MANAGER = { roles: ['business_manager'] as const, permissions: ['customer_master.read', 'customer_master.write', 'development_plans.read'] };
const VP = { roles: ['vice_president'] as const, permissions: ['customer_master.read', 'development_plans.read'] };

describe('who may do what', () => {
  it('lets the business department comment, not the office, not the management that only reads', () => {
    expect(canCommentPlans(STAFF)).toBe(true);
    expect(canCommentPlans(MANAGER)).toBe(true);
    expect(canCommentPlans(DIRECTOR)).toBe(false);
    expect(canCommentPlans(VP)).toBe(false);
    // An office director who is also VP sees every office and writes customers: the server lets them.
    expect(canCommentPlans({ roles: ['office_director', 'vice_president'], permissions: DIRECTOR.permissions })).toBe(true);
    // Finance sees every customer but neither writes them nor reads plans.
    expect(canCommentPlans({ roles: ['finance'], permissions: ['customer_master.read'] })).toBe(false);
  });

  it('lets the office change a draft only', () => {
    expect(canEditPlan(DIRECTOR.permissions, 'draft')).toBe(true);
    expect(canEditPlan(DIRECTOR.permissions, 'submitted')).toBe(false);
    expect(canEditPlan(DIRECTOR.permissions, 'commented')).toBe(false);
    expect(canEditPlan(STAFF.permissions, 'draft')).toBe(false);
  });

  it('knows the statuses', () => {
    expect(isPlanStatus('submitted')).toBe(true);
    expect(isPlanStatus('approved')).toBe(false);
  });
});

describe('the prospect lines', () => {
  it('trims names and reasons and sends a missing owner as null', () => {
    expect(
      toProspects([
        { name: ' 唐山某照明工程公司 ', reason: ' 市政路灯项目多\n', target_date: '2027-06-30', owner_user_id: 7 },
        { name: '保定某建材', reason: '新开发区', target_date: '2027-09-30' },
      ]),
    ).toEqual([
      { name: '唐山某照明工程公司', reason: '市政路灯项目多', target_date: '2027-06-30', owner_user_id: 7 },
      { name: '保定某建材', reason: '新开发区', target_date: '2027-09-30', owner_user_id: null },
    ]);
    expect(toProspects(undefined)).toEqual([]);
  });

  it('round-trips the API lines', () => {
    const items = [{ name: 'A', reason: 'B', target_date: '2027-01-31', owner_user_id: null }];
    expect(toProspects(fromProspects(items))).toEqual(items);
  });
});

describe('apiFieldPath', () => {
  it('splits indexes and nested names', () => {
    expect(apiFieldPath('period')).toEqual(['period']);
    expect(apiFieldPath('items[2].name')).toEqual(['items', 2, 'name']);
    expect(apiFieldPath('items')).toEqual(['items']);
    expect(apiFieldPath('a[0][1].b')).toEqual(['a', 0, 1, 'b']);
  });
});

describe('planFormErrors', () => {
  const problem = (errors: { field: string; code: string; message?: string }[], status = 422, code = 'validation.failed') =>
    new ApiError(status, { code, errors } as never);

  it('puts errors of lines and of the period on their fields', () => {
    const { fields, general } = planFormErrors(
      'zh-CN',
      problem([
        { field: 'items[0].name', code: 'required' },
        { field: 'items[1].reason', code: 'required' },
        { field: 'period', code: 'invalid' },
      ]),
      2,
    );
    expect(general).toBeNull();
    expect(fields).toEqual([
      { name: ['items', 0, 'name'], errors: ['必填'] },
      { name: ['items', 1, 'reason'], errors: ['必填'] },
      { name: ['period'], errors: ['格式无效'] },
    ]);
  });

  it('uses the more precise messages given, for the period and for any line', () => {
    const { fields } = planFormErrors('en', problem([{ field: 'period', code: 'duplicate' }, { field: 'items[0].name', code: 'required' }], 409, 'conflict.duplicate'), 1, {
      'period.duplicate': 'Your office has a plan for this period',
      'items.name.required': 'Name the prospect',
    });
    expect(fields).toEqual([
      { name: ['period'], errors: ['Your office has a plan for this period'] },
      { name: ['items', 0, 'name'], errors: ['Name the prospect'] },
    ]);
  });

  it('says above the form what has no field: no line at all, a submitted plan, a line that is gone', () => {
    expect(planFormErrors('en', problem([{ field: 'items', code: 'required' }]), 0, { 'items.required': 'Add at least one prospect' })).toEqual({
      fields: [],
      general: 'Add at least one prospect',
    });
    expect(planFormErrors('zh-CN', problem([{ field: 'status', code: 'invalid' }]), 1, { 'status.invalid': '计划已提交，不能再修改' }).general).toBe(
      '计划已提交，不能再修改',
    );
    const gone = planFormErrors('zh-CN', problem([{ field: 'items[3].name', code: 'required' }, { field: 'items[0].reason', code: 'required' }]), 1);
    expect(gone.fields).toEqual([{ name: ['items', 0, 'reason'], errors: ['必填'] }]);
    expect(gone.general).toBe('提交的内容有误，请按提示修改');
  });

  it('gives the translated message of an error without fields', () => {
    expect(planFormErrors('zh-CN', new ApiError(409, { code: 'conflict.stale_version' } as never), 1)).toEqual({
      fields: [],
      general: '该记录已被他人修改，请刷新后再试',
    });
    expect(planFormErrors('en', new Error('boom'), 1).fields).toEqual([]);
  });
});
