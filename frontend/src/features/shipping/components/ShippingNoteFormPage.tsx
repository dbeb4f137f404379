// 开具发货单 /shipping-notes/new?contract_id=: a signed contract is picked, its lines show what
// was ordered, shipped and remains; the warehouse enters the quantities shipped now and the ship
// date. The server reserves the quantities so that no line ships more than ordered; a refused
// quantity (`shipping.over_ordered`) is shown at its line with what remains.
import { ArrowLeftOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, InputNumber, Select, Space, Table, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useDeferredValue, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Contract, ContractLine } from '@/api/types';
import { customerLabel } from '@/components/CustomerSelect';
import { ErrorState } from '@/components/ErrorState';
import { PageLoader } from '@/components/PageLoader';
import { ForbiddenPage } from '@/components/StatusPages';
import { isApiError } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { COMPANY_TZ, DATE_FORMAT, formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';
import { useIssueNote, useShippingContract, useSignedContracts } from '../api/shipping';
import { noteFormErrors, noteLines, remainingOf, type NoteFormValues } from '../lib/shipping';

type SetFields = Parameters<FormInstance<NoteFormValues>['setFields']>[0];

export default function ShippingNoteFormPage() {
  const { t } = useI18n();
  const me = useUser();
  const [params, setParams] = useSearchParams();
  const raw = Number(params.get('contract_id'));
  const contractId = Number.isSafeInteger(raw) && raw > 0 ? raw : undefined;
  const canReadContracts = hasPermission(me.permissions, PERMISSIONS.contractsRead);
  if (!hasPermission(me.permissions, PERMISSIONS.shippingNotesWrite)) return <ForbiddenPage />;

  return (
    <>
      <Link to="/shipping-notes" style={{ display: 'inline-block', marginBottom: 12 }} data-testid="note-back">
        <ArrowLeftOutlined /> {t('shipping.back')}
      </Link>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('shipping.newTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('shipping.newIntro')}</Typography.Paragraph>
      {canReadContracts ? (
        <>
          <Space style={{ marginBottom: 16 }} wrap>
            <Typography.Text>{t('shipping.contract')}</Typography.Text>
            <ContractPicker value={contractId} onChange={(id) => setParams(id ? { contract_id: String(id) } : {})} />
          </Space>
          {contractId !== undefined ? <ContractNoteForm key={contractId} contractId={contractId} /> : null}
        </>
      ) : (
        <Alert type="warning" showIcon title={t('shipping.needsContracts')} data-testid="note-needs-contracts" />
      )}
    </>
  );
}

/** Searches the signed contracts by number. */
function ContractPicker({ value, onChange }: { value?: number; onChange: (id: number | undefined) => void }) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const contracts = useSignedContracts(q, true);
  const current = useShippingContract(value);
  const options = (contracts.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number} · ${c.customer_name}` }));
  if (value !== undefined && current.data && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: `${current.data.number} · ${current.data.customer_name}` });
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
      style={{ width: 360 }}
      data-testid="note-contract"
    />
  );
}

function ContractNoteForm({ contractId }: { contractId: number }) {
  const { t } = useI18n();
  const contract = useShippingContract(contractId);
  if (contract.isPending) return <PageLoader />;
  if (contract.isError) {
    if (isApiError(contract.error) && contract.error.status === 404) return <Alert type="error" showIcon title={t('shipping.contractNotFound')} />;
    return <ErrorState error={contract.error} onRetry={() => void contract.refetch()} />;
  }
  if (contract.data.status !== 'signed') {
    return <Alert type="warning" showIcon title={t('shipping.contractNotSigned', { number: contract.data.number })} data-testid="note-contract-not-signed" />;
  }
  return <NoteForm contract={contract.data} />;
}

function NoteForm({ contract }: { contract: Contract }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<NoteFormValues>();
  const issue = useIssueNote();
  const [error, setError] = useState<string | null>(null);
  const lines = useMemo(() => contract.lines ?? [], [contract.lines]);
  const quantities = Form.useWatch('quantities', form) as NoteFormValues['quantities'];
  const amount = lines.reduce((sum, l, i) => {
    const q = quantities?.[i];
    return q ? sum + BigInt(q) * BigInt(l.price_fen) : sum;
  }, 0n);
  const today = dayjs().tz(COMPANY_TZ).format(DATE_FORMAT);
  const everythingShipped = lines.every((l) => remainingOf(l) === 0);

  const submit = async () => {
    let v: NoteFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    const plan = noteLines(lines, v.quantities);
    if (plan.lines.length === 0) {
      setError(t('shipping.nothingToShip'));
      return;
    }
    try {
      const note = await issue.mutateAsync({ contract_id: contract.id, ship_date: v.ship_date ?? today, lines: plan.lines });
      message.success(t('shipping.issued', { number: note.number }));
      navigate(`/shipping-notes/${note.id}`, { replace: true });
    } catch (e) {
      const { fields, general } = noteFormErrors(
        lang,
        e,
        plan.positions,
        {
          'ship_date.out_of_range': t('shipping.shipDateRange'),
          'lines.quantity.out_of_range': t('shipping.quantityPositive'),
          'lines.contract_line_id.duplicate': t('shipping.lineTwice'),
          'contract_id.invalid': t('shipping.contractNotSigned', { number: contract.number }),
          'lines.required': t('shipping.nothingToShip'),
        },
        (position, code) => {
          const line = lines[position];
          return code === 'shipping.over_ordered' && line ? t('shipping.overOrdered', { remaining: remainingOf(line), ordered: line.quantity, unit: line.unit }) : undefined;
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
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 16 }}
        data-testid="note-contract-details"
        items={[
          { key: 'number', label: t('shipping.contract'), children: <Link to={`/contracts/${contract.id}`}>{contract.number}</Link> },
          { key: 'customer', label: t('shipping.customer'), children: customerLabel({ code: contract.customer_code, name: contract.customer_name }) },
          { key: 'signed_on', label: t('shipping.signedOn'), children: formatDate(contract.signed_on) },
        ]}
      />
      {everythingShipped ? <Alert type="info" showIcon title={t('shipping.allShipped')} style={{ marginBottom: 16 }} /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="note-error" /> : null}
      <Form<NoteFormValues> form={form} layout="vertical" autoComplete="off" initialValues={{ ship_date: today, quantities: lines.map(() => null) }} data-testid="note-form">
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
            <Button size="small" onClick={() => form.setFieldsValue({ quantities: lines.map((l) => remainingOf(l) || null) })} data-testid="note-fill-remaining">
              {t('shipping.fillRemaining')}
            </Button>
          }
        >
          <Table<ContractLine>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={lines}
            scroll={{ x: 'max-content' }}
            data-testid="note-lines"
            columns={[
              { key: 'n', title: '#', width: 48, render: (_, l) => l.line_no },
              { key: 'product', title: t('shipping.product'), render: (_, l) => `${l.product_code} ${l.product_name}` },
              { key: 'ordered', title: t('shipping.ordered'), align: 'right', render: (_, l) => `${l.quantity} ${l.unit}` },
              { key: 'shipped', title: t('shipping.shipped'), align: 'right', render: (_, l) => l.shipped_quantity },
              { key: 'remaining', title: t('shipping.remaining'), align: 'right', render: (_, l) => <span data-testid="note-line-remaining">{remainingOf(l)}</span> },
              {
                key: 'quantity',
                title: t('shipping.quantityNow'),
                width: 220,
                render: (_, l, i) => (
                  <Form.Item name={['quantities', i]} style={{ marginBottom: 0 }} rules={[{ type: 'integer', min: 0, message: t('shipping.quantityPositive') }]}>
                    <InputNumber min={0} precision={0} suffix={l.unit} disabled={remainingOf(l) === 0} style={{ width: '100%' }} aria-label={t('shipping.quantityOf', { product: l.product_name })} data-testid="note-line-quantity" />
                  </Form.Item>
                ),
              },
            ]}
          />
        </Card>
      </Form>
      <Space size={24} align="center" wrap>
        <Typography.Text>
          {t('shipping.amount')}{t('ledger.colon')}<span data-testid="note-amount">{formatFen(amount)}</span>
        </Typography.Text>
        <Button type="primary" icon={<SendOutlined />} loading={issue.isPending} disabled={everythingShipped} onClick={() => void submit()} data-testid="note-issue">
          {t('shipping.issue')}
        </Button>
      </Space>
    </>
  );
}
