// 登记回款 /payments/new?customer_id=: finance books a payment of a customer (date, amount in 元,
// method, bank reference) and sees beforehand how it pays the customer's open receivables:
// oldest due first, or split by hand. The server allocates the same way (and refuses a split
// over a balance or over the payment: `payment.over_allocated`); the rest stays on the payment.
import { SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, Row, Select, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { PAYMENT_METHODS, type PaymentMethod } from '@/api/types';
import { CustomerSelect, customerLabel } from '@/components/CustomerSelect';
import { BackLink } from '@/components/RecordHeader';
import { ForbiddenPage } from '@/components/StatusPages';
import { YuanItem } from '@/components/YuanItem';
import { useUser } from '@/lib/auth';
import { pathFormErrors } from '@/lib/field-paths';
import { DATE_FORMAT } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { parseYuan } from '@/lib/money';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';
import { positiveId, useCreatePayment, useCustomerReceivables } from '../api/receivables';
import { planProblems, toAllocations } from '../lib/allocation';
import { companyDay } from '../lib/day';
import { AllocationEditor, planOf, type AllocationState } from './AllocationEditor';

interface Values {
  customer_id?: number;
  received_on?: string | null;
  amount?: string;
  method?: PaymentMethod;
  bank_ref?: string;
}

type SetFields = Parameters<FormInstance<Values>['setFields']>[0];

export default function PaymentFormPage() {
  const me = useUser();
  if (!hasPermission(me.permissions, PERMISSIONS.receivablesWrite)) return <ForbiddenPage />;
  return <PaymentForm />;
}

function PaymentForm() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const create = useCreatePayment();
  const today = companyDay();
  const customerId = Form.useWatch('customer_id', form) as number | undefined;
  const amountText = Form.useWatch('amount', form) as string | undefined;
  const parsed = parseYuan(amountText);
  const amountFen = parsed.ok ? parsed.fen : null;
  const receivables = useCustomerReceivables(customerId ?? undefined, true);
  const open = receivables.data?.items ?? [];
  const [allocation, setAllocation] = useState<AllocationState>({ mode: 'fifo', typed: {} });
  const [serverErrors, setServerErrors] = useState<Map<number, string>>(new Map());
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    setServerErrors(new Map());
    const { plan, invalid } = planOf(open, amountFen, allocation);
    const manual = allocation.mode === 'manual';
    if (manual) {
      const problems = planProblems(plan);
      if (invalid.length > 0 || problems.overBalance.length > 0 || problems.overAmount) {
        setError(t('payments.fixAllocations'));
        return;
      }
    }
    const allocations = manual ? toAllocations(plan) : null;
    try {
      const payment = await create.mutateAsync({
        customer_id: v.customer_id ?? 0,
        received_on: v.received_on ?? today,
        amount_fen: amountFen ?? 0,
        method: v.method ?? 'bank_transfer',
        bank_ref: (v.bank_ref ?? '').trim(),
        allocations,
      });
      message.success(t('payments.created'));
      navigate(`/payments/${payment.id}`, { replace: true });
    } catch (e) {
      const rows = new Map<number, string>();
      const { fields, general } = pathFormErrors(
        lang,
        e,
        (path) => {
          const [head, index] = path;
          if (head === 'allocations' && typeof index === 'number') return null;
          if (path.length === 1 && typeof head === 'string' && ['customer_id', 'received_on', 'bank_ref'].includes(head)) return [head];
          return path.length === 1 && head === 'amount_fen' ? ['amount'] : null;
        },
        {
          'customer_id.unknown': t('payments.customerUnknown'),
          'received_on.out_of_range': t('receivables.notInFuture'),
          'amount_fen.out_of_range': t('ledger.amount.positive'),
          'allocations.payment.over_allocated': t('payments.overAmount'),
        },
        undefined,
        (path, code) => {
          const [head, index] = path;
          if (head !== 'allocations' || typeof index !== 'number' || !allocations) return undefined;
          const target = allocations[index];
          const text = code === 'payment.over_allocated' ? t('payments.overBalance') : t('payments.allocationRefused');
          if (target) rows.set(target.receivable_id, text);
          return text;
        },
      );
      form.setFields(fields as SetFields);
      setServerErrors(rows);
      setError(general);
    }
  };

  return (
    <>
      <BackLink to="/payments" testId="payment-back">
        {t('payments.back')}
      </BackLink>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('payments.newTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('payments.newIntro')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="payment-error" /> : null}
      <Card size="small" title={t('payments.details')} style={{ marginBottom: 16 }}>
        <Form<Values>
          form={form}
          layout="vertical"
          autoComplete="off"
          initialValues={{ customer_id: positiveId(params.get('customer_id')), received_on: today, method: 'bank_transfer', bank_ref: '' }}
          onValuesChange={(changed: Partial<Values>) => {
            if ('customer_id' in changed) setAllocation({ mode: allocation.mode, typed: {} });
          }}
          data-testid="payment-form"
        >
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item name="customer_id" label={t('payments.customer')} rules={[{ required: true, message: t('payments.customerRequired') }]}>
                <CustomerSelect
                  placeholder={t('payments.customerPlaceholder')}
                  currentLabel={open[0] ? customerLabel({ code: open[0].customer_code, name: open[0].customer_name }) : null}
                  data-testid="payment-customer"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={7}>
              <Form.Item
                name="received_on"
                label={t('payments.receivedOn')}
                rules={[{ required: true, message: t('fieldError.required') }]}
                getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
                normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
              >
                <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format(DATE_FORMAT) > today} />
              </Form.Item>
            </Col>
            <Col xs={12} md={7}>
              <YuanItem name="amount" label={t('payments.amount')} required positive testId="payment-amount" />
            </Col>
            <Col xs={12} md={10}>
              <Form.Item name="method" label={t('payments.method')}>
                <Select<PaymentMethod> options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`payments.method.${m}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={14}>
              <Form.Item name="bank_ref" label={`${t('payments.bankRef')}${t('common.optional')}`}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card size="small" title={t('payments.preview')} style={{ marginBottom: 16 }}>
        {customerId ? (
          <AllocationEditor
            open={open}
            loading={receivables.isFetching}
            amountFen={amountFen}
            state={allocation}
            onChange={setAllocation}
            serverErrors={serverErrors}
          />
        ) : (
          <Typography.Text type="secondary">{t('payments.pickCustomerFirst')}</Typography.Text>
        )}
      </Card>
      <Button type="primary" icon={<SaveOutlined />} loading={create.isPending} onClick={() => void save()} data-testid="payment-save">
        {t('payments.save')}
      </Button>
    </>
  );
}
