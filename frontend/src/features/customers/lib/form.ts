// The registration form (客户概要信息登记表) as the web form holds it, and the API body
// (CustomerForm) made from it: amounts typed in 元 become integer fen, empty text is "",
// empty optional values are null. An edit sends only what changed (absent = unchanged).
// Category, key-customer flag and first-deal date are decided elsewhere (classification, the
// first signed contract) and are not part of it.
import type { Customer, CustomerFormBody } from '@/api/types';
import { fenToYuanInput, yuanToFen } from '@/lib/money';
import { normalizeCreditCode } from './rules';

/** Text fields of the form: "" clears them (null would mean "unchanged" to the server). */
export const TEXT_FIELDS = [
  'address',
  'enterprise_nature',
  'postal_code',
  'industry',
  'phone',
  'fax',
  'superior_authority',
  'legal_representative',
  'enterprise_size',
  'business_term',
  'registration_authority',
  'rmb_bank',
  'rmb_account',
  'fx_bank',
  'fx_account',
  'bank_rating',
  'business_scope',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** Form field (in 元) → API field (in fen). */
export const AMOUNT_FIELDS = {
  registered_capital: 'registered_capital_fen',
  annual_revenue: 'annual_revenue_fen',
  net_assets: 'net_assets_fen',
} as const;
type AmountField = keyof typeof AMOUNT_FIELDS;

/** Net assets may be negative; capital and revenue may not. */
export const NEGATIVE_ALLOWED: Record<AmountField, boolean> = {
  registered_capital: false,
  annual_revenue: false,
  net_assets: true,
};

/** API field name → form field name, for the server's field errors. */
export const RENAME_FIELDS: Record<string, string> = Object.fromEntries(Object.entries(AMOUNT_FIELDS).map(([form, apiField]) => [apiField, form]));

export type CustomerFormValues = Record<TextField, string> &
  Record<AmountField, string> & {
    name: string;
    credit_code: string;
    employees: number | null;
    /** `YYYY-MM-DD` or null. */
    registration_date: string | null;
    tags: string[];
    /** Create only: another owner / office than the defaults. */
    owner_user_id?: number | null;
    office_id?: number | null;
  };

export function emptyCustomerValues(): CustomerFormValues {
  return {
    ...(Object.fromEntries(TEXT_FIELDS.map((f) => [f, ''])) as Record<TextField, string>),
    registered_capital: '',
    annual_revenue: '',
    net_assets: '',
    name: '',
    credit_code: '',
    employees: null,
    registration_date: null,
    tags: [],
    owner_user_id: null,
    office_id: null,
  };
}

/** A customer (seen in full) as form values. */
export function customerToValues(c: Customer): CustomerFormValues {
  const values = emptyCustomerValues();
  for (const f of TEXT_FIELDS) values[f] = c[f] ?? '';
  for (const [form, apiField] of Object.entries(AMOUNT_FIELDS) as [AmountField, (typeof AMOUNT_FIELDS)[AmountField]][]) {
    values[form] = fenToYuanInput(c[apiField]);
  }
  return {
    ...values,
    name: c.name,
    credit_code: c.credit_code ?? '',
    employees: c.employees ?? null,
    registration_date: c.registration_date ?? null,
    tags: c.tags ?? [],
  };
}

/** The API body of the form's values (every registration field; owner/office only when chosen). */
export function valuesToBody(v: CustomerFormValues): CustomerFormBody {
  const body: CustomerFormBody = {
    name: v.name.trim(),
    credit_code: v.credit_code.trim() ? normalizeCreditCode(v.credit_code) : null,
    employees: v.employees ?? null,
    registration_date: v.registration_date || null,
    tags: v.tags.map((t) => t.trim()).filter((t) => t !== ''),
  };
  for (const f of TEXT_FIELDS) body[f] = (v[f] ?? '').trim();
  for (const [form, apiField] of Object.entries(AMOUNT_FIELDS) as [AmountField, (typeof AMOUNT_FIELDS)[AmountField]][]) {
    body[apiField] = yuanToFen(v[form], { allowNegative: NEGATIVE_ALLOWED[form] });
  }
  if (v.owner_user_id !== null && v.owner_user_id !== undefined) body.owner_user_id = v.owner_user_id;
  if (v.office_id !== null && v.office_id !== undefined) body.office_id = v.office_id;
  return body;
}

/** The fields of `next` that differ from `before` (an edit sends only these, with the version). */
export function changedFields(before: CustomerFormBody, next: CustomerFormBody): CustomerFormBody {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if (JSON.stringify(v) !== JSON.stringify((before as Record<string, unknown>)[k])) out[k] = v;
  }
  return out as CustomerFormBody;
}
