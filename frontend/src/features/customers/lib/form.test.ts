import { describe, expect, it } from 'vitest';
import type { Customer } from '@/api/types';
import { changedFields, customerToValues, emptyCustomerValues, valuesToBody } from './form';

const CUSTOMER: Customer = {
  id: 1,
  code: 'C202600001',
  name: '河北纪元光电有限公司',
  view: 'full',
  address: '河北省石家庄市高新区',
  phone: '0311-88886666',
  credit_code: '91130100MA07L7QG1A',
  enterprise_nature: '民营',
  postal_code: '050000',
  industry: '光电',
  fax: '',
  superior_authority: '',
  registered_capital_fen: 1_000_000_000,
  legal_representative: '李纪元',
  registration_date: '2010-05-01',
  enterprise_size: '中型',
  business_term: '长期',
  employees: 320,
  registration_authority: '石家庄市市场监督管理局',
  annual_revenue_fen: 12_345_678_912,
  net_assets_fen: -50,
  rmb_bank: '中国银行石家庄分行',
  rmb_account: '1234 5678 9012',
  fx_bank: '',
  fx_account: '',
  bank_rating: 'AA',
  business_scope: '光电器件',
  category: 'big',
  grade: null,
  status: 'prospect',
  key_customer: true,
  first_deal_date: '2024-03-01',
  tags: ['光伏'],
  borrowed: false,
  owner_user_id: 2,
  owner_name: '张三',
  office_id: 1,
  office_name: '石家庄办事处',
  dossier_stale: false,
  dossier_updated_at: '2026-11-26T08:00:00Z',
  version: 3,
  created_at: '2026-11-26T08:00:00Z',
  updated_at: '2026-11-26T08:00:00Z',
};

describe('customer form ↔ API body', () => {
  it('round-trips a customer exactly, amounts included', () => {
    const body = valuesToBody(customerToValues(CUSTOMER));
    expect(body.registered_capital_fen).toBe(1_000_000_000);
    expect(body.annual_revenue_fen).toBe(12_345_678_912);
    expect(body.net_assets_fen).toBe(-50);
    expect(body.credit_code).toBe('91130100MA07L7QG1A');
    expect(body.fax).toBe('');
    expect(body.owner_user_id).toBeUndefined();
    expect(changedFields(body, valuesToBody(customerToValues(CUSTOMER)))).toEqual({});
  });

  it('never carries the fields others decide: category, key-customer flag, first-deal date', () => {
    const body = valuesToBody(customerToValues(CUSTOMER));
    for (const field of ['category', 'key_customer', 'first_deal_date', 'grade', 'status']) {
      expect(field in body).toBe(false);
    }
  });

  it('sends only the changed fields of an edit, clearing with "" for text and null otherwise', () => {
    const before = valuesToBody(customerToValues(CUSTOMER));
    const v = customerToValues(CUSTOMER);
    v.phone = ' 0311-66668888 ';
    v.registered_capital = '12,000,000.10';
    v.annual_revenue = '';
    v.address = '';
    v.credit_code = '';
    v.tags = ['光伏', '重点'];
    expect(changedFields(before, valuesToBody(v))).toEqual({
      phone: '0311-66668888',
      registered_capital_fen: 1_200_000_010,
      annual_revenue_fen: null,
      address: '',
      credit_code: null,
      tags: ['光伏', '重点'],
    });
  });

  it('makes a create body from the empty form, with the owner and office only when chosen', () => {
    const v = { ...emptyCustomerValues(), name: ' 新客户 ', credit_code: '91130100ma07l7qg1a' };
    const body = valuesToBody(v);
    expect(body.name).toBe('新客户');
    expect(body.credit_code).toBe('91130100MA07L7QG1A');
    expect(body.registered_capital_fen).toBeNull();
    expect('owner_user_id' in body).toBe(false);
    expect(valuesToBody({ ...v, owner_user_id: 5, office_id: 2 })).toMatchObject({ owner_user_id: 5, office_id: 2 });
  });
});
