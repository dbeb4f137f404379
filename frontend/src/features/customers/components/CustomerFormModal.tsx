// Register or edit a customer: the fields of the paper form 客户概要信息登记表, grouped as on
// paper (basic data, contact, finance and banks, business, tags). Category, key-customer flag and
// first-deal date are not the form's: the business manager classifies, the first signed contract
// sets the first deal (ClassifyModal, FirstDealModal). Amounts are typed in
// 元 and sent as integer fen; the server's field errors land on their fields; a duplicate
// points at the existing customer (or says to ask for access when it is outside the scope).
import { AutoComplete, App, Col, DatePicker, Divider, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Customer } from '@/api/types';
import { RequestAccessButton } from '@/components/BorrowRequestModal';
import { FormModal } from '@/components/FormModal';
import { OfficeSelect } from '@/components/OfficeSelect';
import { PersonSelect } from '@/components/PersonSelect';
import { isApiError } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { borrowTargetOfDuplicate } from '@/lib/borrowing';
import { DATE_FORMAT, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { parseYuan } from '@/lib/money';
import { useCreateCustomer, useUpdateCustomer } from '../api/customers';
import {
  changedFields,
  customerToValues,
  emptyCustomerValues,
  NEGATIVE_ALLOWED,
  RENAME_FIELDS,
  valuesToBody,
  type CustomerFormValues,
} from '../lib/form';
import { creditCodeProblem, normalizeCreditCode, phoneOk, postalCodeOk } from '../lib/rules';

// Common values of the free-text fields, offered as suggestions (the stored data is Chinese).
const NATURES = ['国有企业', '集体企业', '民营企业', '股份制企业', '外商独资企业', '中外合资企业', '个体工商户', '事业单位'];
const SIZES = ['大型', '中型', '小型', '微型'];
const BANK_RATINGS = ['AAA', 'AA', 'A', 'BBB', 'BB', 'B'];
/** Roles that may register customers for others (an office, or any office). */
const REGISTER_FOR_OTHERS = ['office_director', 'business_staff', 'business_manager'];

const suggestions = (values: string[]) => values.map((v) => ({ value: v }));
const matchAnywhere = {
  filterOption: (input: string, option?: { value?: unknown }) => String(option?.value ?? '').includes(input.trim()),
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <>
      <Divider titlePlacement="start" style={{ marginTop: 8 }}>
        {title}
      </Divider>
      <Row gutter={16}>{children}</Row>
    </>
  );
}

/** A `YYYY-MM-DD` date field that cannot be in the future. */
function PastDateItem({ name, label }: { name: 'registration_date'; label: string }) {
  return (
    <Form.Item
      name={name}
      label={label}
      getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
      normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
    >
      <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
    </Form.Item>
  );
}

/** An amount in 元, checked as typed, with the amount in 万元 below it. */
function AmountItem({ name, label }: { name: keyof typeof NEGATIVE_ALLOWED; label: string }) {
  const { t, lang } = useI18n();
  const form = Form.useFormInstance<CustomerFormValues>();
  const value = Form.useWatch(name, form);
  const allowNegative = NEGATIVE_ALLOWED[name];
  const parsed = parseYuan(value, { allowNegative });
  const preview = parsed.ok && parsed.fen !== null ? t('customers.amountPreview', { amount: formatFenWan(parsed.fen, 2, lang) }) : undefined;
  return (
    <Form.Item
      name={name}
      label={label}
      extra={preview}
      rules={[
        {
          validator: (_, v: string | undefined) => {
            const r = parseYuan(v, { allowNegative });
            return r.ok ? Promise.resolve() : Promise.reject(new Error(t(`customers.amount.${r.problem}`)));
          },
        },
      ]}
    >
      <Input inputMode="decimal" suffix={t('customers.yuan')} maxLength={24} />
    </Form.Item>
  );
}

export function CustomerFormModal({
  customer,
  onClose,
  onSaved,
}: {
  /** The customer to edit (seen in full); none to register a new one. */
  customer?: Customer;
  onClose: () => void;
  onSaved?: (c: Customer) => void;
}) {
  const { t } = useI18n();
  const me = useUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<CustomerFormValues>();
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const showOwnership = !customer && me.roles.some((r) => REGISTER_FOR_OTHERS.includes(r));

  const onSubmit = async (v: CustomerFormValues) => {
    const body = valuesToBody(v);
    if (customer) {
      const changes = changedFields(valuesToBody(customerToValues(customer)), body);
      if (Object.keys(changes).length === 0) {
        message.info(t('customers.noChanges'));
        onClose();
        return;
      }
      const saved = await update.mutateAsync({ id: customer.id, body: { ...changes, version: customer.version } });
      message.success(t('common.saved'));
      onClose();
      onSaved?.(saved);
    } else {
      const saved = await create.mutateAsync(body);
      message.success(t('customers.created', { code: saved.code }));
      onClose();
      onSaved?.(saved);
    }
  };

  const duplicateNotice = (e: unknown): ReactNode | null => {
    if (!isApiError(e) || e.code !== 'customer.duplicate') return null;
    const d = e.duplicateOf;
    if (!d) {
      // Outside the scope: offer to borrow it (资料借阅) by the credit code or name that matched.
      return (
        <span data-testid="duplicate-hidden">
          {t('customers.duplicateHidden')}{' '}
          <RequestAccessButton target={borrowTargetOfDuplicate(e, form.getFieldsValue(['credit_code', 'name']))} />
        </span>
      );
    }
    return (
      <span data-testid="duplicate-of">
        {t('customers.duplicateOf', { code: d.code, name: d.name })}{' '}
        <Link to={`/customers/${d.id}`} onClick={onClose}>
          {t('customers.openDuplicate')}
        </Link>
      </span>
    );
  };

  const col = (span: 8 | 12 | 16 | 24, node: ReactNode) => (
    <Col xs={24} md={span === 24 ? 24 : span >= 12 ? span : 12} lg={span}>
      {node}
    </Col>
  );

  return (
    <FormModal<CustomerFormValues>
      open
      width={1040}
      title={customer ? `${t('customers.edit')} · ${customer.code}` : `${t('customers.create')} · ${t('customers.formTitle')}`}
      form={form}
      onCancel={onClose}
      onSubmit={onSubmit}
      renameFields={RENAME_FIELDS}
      errorNotice={duplicateNotice}
      fieldMessages={{
        'name.duplicate': t('customers.nameDuplicate'),
        'credit_code.duplicate': t('customers.creditCodeDuplicate'),
        'credit_code.invalid': t('customers.creditCodeInvalid'),
        'postal_code.invalid': t('customers.postalCodeInvalid'),
        'phone.invalid': t('customers.phoneInvalid'),
        'fax.invalid': t('customers.phoneInvalid'),
        'registration_date.out_of_range': t('customers.futureDate'),
        'registered_capital.out_of_range': t('customers.amount.negative'),
        'annual_revenue.out_of_range': t('customers.amount.negative'),
        'employees.out_of_range': t('customers.amount.negative'),
        'owner_user_id.invalid': t('customers.ownerOwnOnly'),
        'office_id.invalid': t('customers.officeOwnOnly'),
      }}
      initialValues={customer ? customerToValues(customer) : emptyCustomerValues()}
      testId="customer-form"
    >
      <Section title={t('customers.section.basic')}>
        {col(
          16,
          <Form.Item name="name" label={t('customers.name')} rules={[{ required: true, whitespace: true, message: t('customers.nameRequired') }]}>
            <Input maxLength={200} />
          </Form.Item>,
        )}
        {col(
          8,
          <Form.Item
            name="credit_code"
            label={t('customers.creditCode')}
            extra={t('customers.creditCodeHelp')}
            normalize={(v: string) => v.toUpperCase()}
            rules={[
              {
                validator: (_, v: string | undefined) => {
                  const code = normalizeCreditCode(v ?? '');
                  const problem = code ? creditCodeProblem(code) : null;
                  return problem ? Promise.reject(new Error(t(`customers.creditCode.${problem}`))) : Promise.resolve();
                },
              },
            ]}
          >
            <Input maxLength={18} style={{ fontFamily: 'monospace' }} />
          </Form.Item>,
        )}
        {col(
          8,
          <Form.Item name="legal_representative" label={t('customers.legalRepresentative')}>
            <Input maxLength={100} />
          </Form.Item>,
        )}
        {col(
          8,
          <Form.Item name="enterprise_nature" label={t('customers.enterpriseNature')}>
            <AutoComplete options={suggestions(NATURES)} showSearch={matchAnywhere} maxLength={100} />
          </Form.Item>,
        )}
        {col(
          8,
          <Form.Item name="industry" label={t('customers.industry')}>
            <Input maxLength={100} />
          </Form.Item>,
        )}
        {col(
          8,
          <Form.Item name="enterprise_size" label={t('customers.enterpriseSize')}>
            <AutoComplete options={suggestions(SIZES)} showSearch={matchAnywhere} maxLength={100} />
          </Form.Item>,
        )}
        {col(
          8,
          <Form.Item name="employees" label={t('customers.employees')}>
            <InputNumber<number> min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>,
        )}
        {col(8, <PastDateItem name="registration_date" label={t('customers.registrationDate')} />)}
      </Section>

      <Section title={t('customers.section.contact')}>
        {col(
          16,
          <Form.Item name="address" label={t('customers.address')}>
            <Input maxLength={500} />
          </Form.Item>,
        )}
        {col(
          8,
          <Form.Item
            name="postal_code"
            label={t('customers.postalCode')}
            rules={[{ validator: (_, v: string | undefined) => (postalCodeOk((v ?? '').trim()) ? Promise.resolve() : Promise.reject(new Error(t('customers.postalCodeInvalid')))) }]}
          >
            <Input maxLength={6} inputMode="numeric" />
          </Form.Item>,
        )}
        {col(
          12,
          <Form.Item
            name="phone"
            label={t('customers.phone')}
            rules={[{ validator: (_, v: string | undefined) => (phoneOk((v ?? '').trim()) ? Promise.resolve() : Promise.reject(new Error(t('customers.phoneInvalid')))) }]}
          >
            <Input maxLength={40} inputMode="tel" />
          </Form.Item>,
        )}
        {col(
          12,
          <Form.Item
            name="fax"
            label={t('customers.fax')}
            rules={[{ validator: (_, v: string | undefined) => (phoneOk((v ?? '').trim()) ? Promise.resolve() : Promise.reject(new Error(t('customers.phoneInvalid')))) }]}
          >
            <Input maxLength={40} inputMode="tel" />
          </Form.Item>,
        )}
      </Section>

      <Section title={t('customers.section.finance')}>
        {col(8, <AmountItem name="registered_capital" label={t('customers.registeredCapital')} />)}
        {col(8, <AmountItem name="annual_revenue" label={t('customers.annualRevenue')} />)}
        {col(8, <AmountItem name="net_assets" label={t('customers.netAssets')} />)}
        {col(
          12,
          <Form.Item name="rmb_bank" label={t('customers.rmbBank')}>
            <Input maxLength={200} />
          </Form.Item>,
        )}
        {col(
          12,
          <Form.Item name="rmb_account" label={t('customers.rmbAccount')}>
            <Input maxLength={60} />
          </Form.Item>,
        )}
        {col(
          12,
          <Form.Item name="fx_bank" label={t('customers.fxBank')}>
            <Input maxLength={200} />
          </Form.Item>,
        )}
        {col(
          12,
          <Form.Item name="fx_account" label={t('customers.fxAccount')}>
            <Input maxLength={60} />
          </Form.Item>,
        )}
        {col(
          8,
          <Form.Item name="bank_rating" label={t('customers.bankRating')}>
            <AutoComplete options={suggestions(BANK_RATINGS)} showSearch={matchAnywhere} maxLength={50} />
          </Form.Item>,
        )}
      </Section>

      <Section title={t('customers.section.business')}>
        {col(
          24,
          <Form.Item name="business_scope" label={t('customers.businessScope')}>
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>,
        )}
        {col(
          8,
          <Form.Item name="business_term" label={t('customers.businessTerm')}>
            <Input maxLength={100} />
          </Form.Item>,
        )}
        {col(
          8,
          <Form.Item name="superior_authority" label={t('customers.superiorAuthority')}>
            <Input maxLength={200} />
          </Form.Item>,
        )}
        {col(
          8,
          <Form.Item name="registration_authority" label={t('customers.registrationAuthority')}>
            <Input maxLength={200} />
          </Form.Item>,
        )}
      </Section>

      <Section title={t('customers.section.management')}>
        {col(
          24,
          <Form.Item name="tags" label={t('customers.tags')} extra={t('customers.tagsHelp')}>
            <Select<string[]> mode="tags" tokenSeparators={[',', '，']} maxCount={20} open={false} suffixIcon={null} />
          </Form.Item>,
        )}
      </Section>

      {showOwnership ? (
        <Section title={t('customers.section.ownership')}>
          {col(
            12,
            <Form.Item name="owner_user_id" label={t('customers.owner')} extra={t('customers.ownershipHelp')}>
              <PersonSelect role="salesman" placeholder={t('customers.personSearch')} />
            </Form.Item>,
          )}
          {col(
            12,
            <Form.Item name="office_id" label={t('customers.office')}>
              <OfficeSelect />
            </Form.Item>,
          )}
        </Section>
      ) : null}
    </FormModal>
  );
}
