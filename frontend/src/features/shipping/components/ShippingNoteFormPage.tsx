// 开具发货单 /shipping-notes/new?contract_id=: a signed contract with something left to ship is
// picked (by number or customer, GET /shippable-contracts, which the warehouse may read although
// it may not read contracts); its open lines show what was ordered, shipped and remains; the
// warehouse enters the quantities shipped now (each at most what remains) and the ship date. The
// server reserves the quantities so that no line ships more than ordered; a refused quantity
// (`shipping.over_ordered`, e.g. another note was issued meanwhile) is shown at its line with what
// remains now, read again. Users who may read the contract also see the note's amount.
import { SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, InputNumber, Select, Space, Table, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { ShippableContract } from '@/api/types';
import { customerLabel } from '@/components/CustomerSelect';
import { ErrorState } from '@/components/ErrorState';
import { PageLoader } from '@/components/PageLoader';
import { BackLink } from '@/components/RecordHeader';
import { ForbiddenPage } from '@/components/StatusPages';
import { isApiError } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { COMPANY_TZ, DATE_FORMAT, formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';
import { useContractPrices, useIssueNote, useShippableContract, useShippableContracts } from '../api/shipping';
import { allRemaining, capQuantity, currentRows, noteAmount, noteFormErrors, noteLines, type NoteFormValues, type NoteRow } from '../lib/shipping';

type SetFields = Parameters<FormInstance<NoteFormValues>['setFields']>[0];

export default function ShippingNoteFormPage() {
  const { t } = useI18n();
  const me = useUser();
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('contract_id'));
  const contractId = Number.isSafeInteger(raw) && raw > 0 ? raw : undefined;
  if (!hasPermission(me.permissions, PERMISSIONS.shippingNotesWrite)) return <ForbiddenPage />;

  return (
    <>
      <BackLink to="/shipping-notes" testId="note-back">
        {t('shipping.back')}
      </BackLink>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('shipping.newTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('shipping.newIntro')}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }} wrap>
        <Typography.Text>{t('shipping.contract')}</Typography.Text>
        <ContractPicker value={contractId} onChange={(id) => setParams(id ? { contract_id: String(id) } : {})} />
      </Space>
      {contractId !== undefined ? <ContractNoteForm key={contractId} contractId={contractId} /> : null}
    </>
  );
}

function shippableLabel(c: ShippableContract): string {
  return `${c.contract_number} · ${customerLabel({ code: c.customer_code, name: c.customer_name })}`;
}

/** Searches the contracts with something left to ship by number or customer. */
function ContractPicker({ value, onChange }: { value?: number; onChange: (id: number | undefined) => void }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const contracts = useShippableContracts(q);
  const current = useShippableContract(value);
  const options = (contracts.data?.items ?? []).map((c) => ({ value: c.contract_id, label: shippableLabel(c) }));
  if (value !== undefined && current.data && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: shippableLabel(current.data) });
  }
  return (
    <Select<number>
      allowClear
      value={value}
      placeholder={t('shipping.contractPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={contracts.isFetching}
      options={options}
      onChange={(id) => onChange(id ?? undefined)}
      style={{ width: 420 }}
      data-testid="note-contract"
    />
  );
}

function ContractNoteForm({ contractId }: { contractId: number }) {
  const { t } = useI18n();
  const shippable = useShippableContract(contractId);
  // The form keeps the lines it was opened with: reading them again later (after a refused
  // quantity) updates what remains, even when the contract has nothing left any more.
  const [opened, setOpened] = useState<ShippableContract | null>(null);
  if (opened === null && shippable.data) setOpened(shippable.data);
  if (opened) return <NoteForm contract={opened} />;
  if (shippable.isPending) return <PageLoader />;
  if (shippable.isError) return <ErrorState error={shippable.error} onRetry={() => void shippable.refetch()} />;
  return <Alert type="warning" showIcon title={t('shipping.contractNotShippable')} data-testid="note-contract-not-shippable" />;
}

function NoteForm({ contract }: { contract: ShippableContract }) {
  const { t, lang } = useI18n();
  const me = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<NoteFormValues>();
  const issue = useIssueNote();
  const [error, setError] = useState<string | null>(null);
  const canReadContracts = hasPermission(me.permissions, PERMISSIONS.contractsRead);
  const shippable = useShippableContract(contract.contract_id);
  const prices = useContractPrices(canReadContracts ? contract.contract_id : undefined);
  const rows = useMemo(() => currentRows(contract.lines, shippable.data), [contract.lines, shippable.data]);
  const quantities = Form.useWatch('quantities', form) as NoteFormValues['quantities'];
  const amount = noteAmount(rows, quantities, prices.data);
  const today = dayjs().tz(COMPANY_TZ).format(DATE_FORMAT);
  const everythingShipped = rows.every((r) => r.remaining === 0);
  const overOrdered = (r: NoteRow) => t('shipping.overOrdered', { remaining: r.remaining, ordered: r.ordered, unit: r.unit });

  const submit = async () => {
    let v: NoteFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    const plan = noteLines(rows, v.quantities);
    if (plan.lines.length === 0) {
      setError(t('shipping.nothingToShip'));
      return;
    }
    try {
      const note = await issue.mutateAsync({ contract_id: contract.contract_id, ship_date: v.ship_date ?? today, lines: plan.lines });
      message.success(t('shipping.issued', { number: note.number }));
      navigate(`/shipping-notes/${note.id}`, { replace: true });
    } catch (e) {
      // A refused quantity: what remains has changed under the form (another note) — read it
      // again, so that the lines and the message say what remains now.
      let now = rows;
      if (isApiError(e) && e.status === 422) {
        const fresh = await shippable.refetch();
        now = currentRows(contract.lines, fresh.isError ? undefined : fresh.data);
      }
      const { fields, general } = noteFormErrors(
        lang,
        e,
        plan.positions,
        {
          'ship_date.out_of_range': t('shipping.shipDateRange'),
          'lines.quantity.out_of_range': t('shipping.quantityPositive'),
          'lines.contract_line_id.duplicate': t('shipping.lineTwice'),
          'contract_id.invalid': t('shipping.contractNotSigned', { number: contract.contract_number }),
          'lines.required': t('shipping.nothingToShip'),
        },
        (position, code) => {
          const row = now[position];
          return code === 'shipping.over_ordered' && row ? overOrdered(row) : undefined;
        },
      );
      form.setFields(fields as SetFields);
      setError(general);
    }
  };

  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 4 }}
        style={{ marginBottom: 16 }}
        data-testid="note-contract-details"
        items={[
          {
            key: 'number',
            label: t('shipping.contract'),
            children: canReadContracts ? <Link to={`/contracts/${contract.contract_id}`}>{contract.contract_number}</Link> : contract.contract_number,
          },
          { key: 'customer', label: t('shipping.customer'), children: customerLabel({ code: contract.customer_code, name: contract.customer_name }) },
          { key: 'signed_on', label: t('shipping.signedOn'), children: formatDate(contract.signed_on) },
          { key: 'priority', label: t('shipping.priority'), children: <span data-testid="note-contract-priority">{t('shipping.priorityN', { n: contract.shipping_priority })}</span> },
        ]}
      />
      {everythingShipped ? <Alert type="info" showIcon title={t('shipping.allShipped')} style={{ marginBottom: 16 }} /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="note-error" /> : null}
      <Form<NoteFormValues> form={form} layout="vertical" autoComplete="off" initialValues={{ ship_date: today, quantities: contract.lines.map(() => null) }} data-testid="note-form">
        <Form.Item
          name="ship_date"
          label={t('shipping.shipDate')}
          rules={[{ required: true, message: t('fieldError.required') }]}
          getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
          normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
          style={{ maxWidth: 240 }}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => !!contract.signed_on && d.format(DATE_FORMAT) < contract.signed_on} data-testid="note-ship-date" />
        </Form.Item>
        <Card
          size="small"
          title={t('shipping.lines')}
          style={{ marginBottom: 16 }}
          extra={
            <Button size="small" onClick={() => form.setFieldsValue({ quantities: allRemaining(rows) })} data-testid="note-fill-remaining">
              {t('shipping.fillRemaining')}
            </Button>
          }
        >
          <Table<NoteRow>
            rowKey="contract_line_id"
            size="small"
            pagination={false}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            data-testid="note-lines"
            columns={[
              { key: 'n', title: '#', width: 48, render: (_, r) => r.line_no },
              { key: 'product', title: t('shipping.product'), render: (_, r) => `${r.product_code} ${r.product_name}` },
              { key: 'ordered', title: t('shipping.ordered'), align: 'right', render: (_, r) => `${r.ordered} ${r.unit}` },
              { key: 'shipped', title: t('shipping.shipped'), align: 'right', render: (_, r) => r.shipped },
              { key: 'remaining', title: t('shipping.remaining'), align: 'right', render: (_, r) => <span data-testid="note-line-remaining">{r.remaining}</span> },
              {
                key: 'quantity',
                title: t('shipping.quantityNow'),
                width: 220,
                render: (_, r, i) => (
                  <Form.Item
                    name={['quantities', i]}
                    style={{ marginBottom: 0 }}
                    normalize={(q: number | null) => capQuantity(q, r.remaining)}
                    rules={[
                      { type: 'integer', min: 0, message: t('shipping.quantityPositive') },
                      { validator: (_, q: number | null | undefined) => (q && q > r.remaining ? Promise.reject(new Error(overOrdered(r))) : Promise.resolve()) },
                    ]}
                  >
                    <InputNumber
                      min={0}
                      max={r.remaining}
                      precision={0}
                      suffix={r.unit}
                      // A line shipped meanwhile stays editable while it holds a quantity, to clear it.
                      disabled={r.remaining === 0 && !quantities?.[i]}
                      style={{ width: '100%' }}
                      aria-label={t('shipping.quantityOf', { product: r.product_name })}
                      data-testid="note-line-quantity"
                    />
                  </Form.Item>
                ),
              },
            ]}
          />
        </Card>
      </Form>
      <Space size={24} align="center" wrap>
        {amount !== undefined ? (
          <Typography.Text>
            {t('shipping.amount')}
            {t('ledger.colon')}
            <span data-testid="note-amount">{formatFen(amount)}</span>
          </Typography.Text>
        ) : null}
        <Button type="primary" icon={<SendOutlined />} loading={issue.isPending} disabled={everythingShipped} onClick={() => void submit()} data-testid="note-issue">
          {t('shipping.issue')}
        </Button>
      </Space>
    </>
  );
}
