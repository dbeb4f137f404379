// 合同 /contracts/new and /contracts/:id/edit (a draft): the customer, terms (credit period and
// form), note and lines — product (with its list price), quantity, contract price in 元 — with
// each line's amount and premium over list and the amount-weighted premium of the contract
// computed live, exactly as the server will. List prices are today's until the review signs the
// contract, which takes those in force on the signing date.
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { CREDIT_FORMS, type Contract, type CreditForm, type Product } from '@/api/types';
import { CustomerSelect, customerLabel } from '@/components/CustomerSelect';
import { BackLink } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';
import { ForbiddenPage } from '@/components/StatusPages';
import { YuanItem } from '@/components/YuanItem';
import { isApiError } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { formatFen } from '@/lib/format';
import { useI18n, type TFunction } from '@/lib/i18n';
import { fenToYuanInput } from '@/lib/money';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';
import { useContract, useCreateContract, useCustomerTreatment, useProductChoices, useUpdateContract } from '../api/contracts';
import { contractFormErrors } from '../lib/contracts';
import { contractFigures, lineFigures, toLineInputs, type LineValues } from '../lib/premium';
import { ContractStatusTag, Premium } from './ContractTags';

export interface ContractFormValues {
  customer_id?: number;
  number?: string;
  credit_period_days?: number | null;
  credit_form?: CreditForm;
  note?: string;
  lines?: LineValues[];
}

/** What a line needs to know of its product. */
interface ProductInfo {
  code: string;
  name: string;
  unit: string;
  list_price_fen: number | null;
}

type Known = Record<number, ProductInfo>;
type SetFields = Parameters<FormInstance<ContractFormValues>['setFields']>[0];

export default function ContractFormPage() {
  const { id: idParam } = useParams();
  const { t } = useI18n();
  const me = useUser();
  if (!hasPermission(me.permissions, PERMISSIONS.contractsWrite)) return <ForbiddenPage />;
  if (idParam === undefined) return <ContractForm />;
  return (
    <RecordLoader id={idParam} useRecord={useContract} notFound={t('contracts.notFound')}>
      {(contract) => <EditDraft contract={contract} />}
    </RecordLoader>
  );
}

function EditDraft({ contract }: { contract: Contract }) {
  const { t } = useI18n();
  if (contract.status !== 'draft') {
    return (
      <>
        <ContractBackLink to={`/contracts/${contract.id}`} label={t('contracts.backToContract')} />
        <Alert type="info" showIcon title={t('contracts.onlyDraftsEdited')} />
      </>
    );
  }
  return <ContractForm contract={contract} />;
}

function ContractBackLink({ to, label }: { to: string; label: string }) {
  return (
    <BackLink to={to} testId="contract-back">
      {label}
    </BackLink>
  );
}

/** Messages for `<field>.<code>` that say more than the code's generic one. */
function useContractMessages(): Partial<Record<string, string>> {
  const { t } = useI18n();
  return useMemo(
    () => ({
      'customer_id.required': t('contracts.customerRequired'),
      'number.duplicate': t('contracts.numberTaken'),
      'number.invalid': t('contracts.numberInvalid'),
      'credit_period_days.out_of_range': t('contracts.creditPeriodRange'),
      'lines.required': t('contracts.linesRequired'),
      'lines.too_long': t('contracts.linesTooMany'),
      'lines.product_id.unknown': t('contracts.productUnknown'),
      'lines.product_id.no_price': t('contracts.productNoPrice'),
      'lines.quantity.out_of_range': t('contracts.quantityRange'),
      'lines.price_fen.out_of_range': t('contracts.priceRange'),
      'status.invalid': t('contracts.notDraft'),
    }),
    [t],
  );
}

function initialValues(contract: Contract | undefined): ContractFormValues {
  if (!contract) return { credit_period_days: 30, credit_form: 'open_account', note: '', lines: [{}] };
  return {
    customer_id: contract.customer_id,
    number: contract.number,
    credit_period_days: contract.credit_period_days,
    credit_form: contract.credit_form,
    note: contract.note,
    lines: (contract.lines ?? []).map((l) => ({ product_id: l.product_id, quantity: l.quantity, price: fenToYuanInput(l.price_fen) })),
  };
}

function ContractForm({ contract }: { contract?: Contract }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ContractFormValues>();
  const create = useCreateContract();
  const update = useUpdateContract();
  const messages = useContractMessages();
  const [error, setError] = useState<ReactNode>(null);
  const [known, setKnown] = useState<Known>(() =>
    Object.fromEntries(
      (contract?.lines ?? []).map((l) => [l.product_id, { code: l.product_code, name: l.product_name, unit: l.unit, list_price_fen: l.list_price_fen }]),
    ),
  );
  const lines = (Form.useWatch('lines', form) as LineValues[] | undefined) ?? [];
  const customerId = (Form.useWatch('customer_id', form) as number | undefined) ?? contract?.customer_id;
  const totals = contractFigures(lines, (pid) => known[pid]?.list_price_fen);
  const saving = create.isPending || update.isPending;

  const save = async () => {
    let v: ContractFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    const body = {
      credit_period_days: v.credit_period_days ?? 0,
      credit_form: v.credit_form ?? 'open_account',
      note: (v.note ?? '').trim(),
      lines: toLineInputs(v.lines),
    };
    try {
      const saved = contract
        ? await update.mutateAsync({ id: contract.id, body: { version: contract.version, ...body } })
        : await create.mutateAsync({ ...body, customer_id: v.customer_id ?? 0, number: v.number?.trim() ? v.number.trim() : null });
      message.success(contract ? t('common.saved') : t('contracts.created'));
      navigate(`/contracts/${saved.id}`, { replace: !!contract });
    } catch (e) {
      const { fields, general } = contractFormErrors(lang, e, v.lines?.length ?? 0, messages);
      form.setFields(fields as SetFields);
      const conflict = isApiError(e) && e.code === 'conflict.stale_version';
      setError(
        general ? (
          <Space size={8} wrap>
            <span>{general}</span>
            {conflict && contract ? <Link to={`/contracts/${contract.id}`}>{t('contracts.reloadContract')}</Link> : null}
          </Space>
        ) : null,
      );
    }
  };

  return (
    <>
      <ContractBackLink to={contract ? `/contracts/${contract.id}` : '/contracts'} label={contract ? t('contracts.backToContract') : t('contracts.back')} />
      <Flex align="center" gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {contract ? t('contracts.editTitle', { number: contract.number }) : t('contracts.newTitle')}
        </Typography.Title>
        {contract ? <ContractStatusTag status={contract.status} /> : null}
      </Flex>
      <Typography.Paragraph type="secondary">{t('contracts.formIntro')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="contract-error" /> : null}
      <Form<ContractFormValues> form={form} layout="vertical" autoComplete="off" initialValues={initialValues(contract)} data-testid="contract-form">
        <Card size="small" title={t('contracts.terms')} style={{ marginBottom: 16 }}>
          <Row gutter={16}>
            <Col xs={24} md={10}>
              <Form.Item
                name="customer_id"
                label={t('contracts.customer')}
                rules={[{ required: true, message: t('contracts.customerRequired') }]}
                extra={<PriceLevel customerId={customerId} />}
              >
                <CustomerSelect
                  disabled={!!contract}
                  placeholder={t('contracts.customerPlaceholder')}
                  currentLabel={contract ? customerLabel({ code: contract.customer_code, name: contract.customer_name }) : null}
                  data-testid="contract-customer"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="number" label={`${t('contracts.number')}${contract ? '' : t('common.optional')}`} extra={contract ? undefined : t('contracts.numberHelp')}>
                <Input maxLength={40} disabled={!!contract} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item
                name="credit_period_days"
                label={t('contracts.creditPeriod')}
                rules={[{ required: true, message: t('contracts.creditPeriodRange') }]}
              >
                <InputNumber min={0} max={365} precision={0} suffix={t('contracts.daysUnit')} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="credit_form" label={t('contracts.creditForm')} rules={[{ required: true, message: t('fieldError.required') }]}>
                <Select<CreditForm> options={CREDIT_FORMS.map((c) => ({ value: c, label: t(`contracts.creditForm.${c}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="note" label={`${t('contracts.note')}${t('common.optional')}`} style={{ marginBottom: 0 }}>
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
          </Form.Item>
        </Card>

        <Card size="small" title={t('contracts.lines')} style={{ marginBottom: 16 }}>
          <Form.List name="lines">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, index) => (
                  <LineRow
                    key={field.key}
                    name={field.name}
                    index={index}
                    line={lines[index]}
                    known={known}
                    onKnown={(pid, info) => setKnown((k) => ({ ...k, [pid]: info }))}
                    onRemove={fields.length > 1 ? () => remove(field.name) : undefined}
                  />
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block data-testid="contract-line-add">
                  {t('contracts.addLine')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
      </Form>

      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 16 }}
        data-testid="contract-totals"
        items={[
          { key: 'amount', label: t('contracts.amount'), children: <span data-testid="contract-total-amount">{formatFen(totals.amountFen)}</span> },
          {
            key: 'list',
            label: t('contracts.listAmount'),
            children: <span data-testid="contract-total-list">{totals.complete ? formatFen(totals.listAmountFen) : t('common.none')}</span>,
          },
          { key: 'premium', label: t('contracts.weightedPremium'), children: <Premium bp={totals.premiumBp} testId="contract-total-premium" /> },
        ]}
      />
      <Typography.Paragraph type="secondary">{t('contracts.listPriceNote')}</Typography.Paragraph>
      <Button type="primary" icon={<SaveOutlined />} loading={saving} onClick={() => void save()} data-testid="contract-save">
        {contract ? t('common.save') : t('contracts.saveDraft')}
      </Button>
    </>
  );
}

function LineRow({
  name,
  index,
  line,
  known,
  onKnown,
  onRemove,
}: {
  name: number;
  index: number;
  line: LineValues | undefined;
  known: Known;
  onKnown: (productId: number, info: ProductInfo) => void;
  onRemove?: () => void;
}) {
  const { t } = useI18n();
  const product = line?.product_id ? known[line.product_id] : undefined;
  const figures = lineFigures(line, product?.list_price_fen);
  return (
    <Card
      size="small"
      type="inner"
      title={t('contracts.line', { n: index + 1 })}
      style={{ marginBottom: 12 }}
      data-testid="contract-line"
      extra={
        onRemove ? (
          <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={onRemove} data-testid="contract-line-remove">
            {t('contracts.removeLine')}
          </Button>
        ) : null
      }
    >
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item name={[name, 'product_id']} label={t('contracts.product')} rules={[{ required: true, message: t('contracts.productRequired') }]}>
            <ProductPicker current={line?.product_id && product ? { id: line.product_id, ...product } : undefined} onPick={onKnown} />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item name={[name, 'quantity']} label={t('contracts.quantity')} rules={[{ required: true, message: t('contracts.quantityRange') }]}>
            <InputNumber min={1} precision={0} style={{ width: '100%' }} suffix={product?.unit} data-testid="contract-line-quantity" />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <YuanItem name={[name, 'price']} label={t('contracts.price')} required noPreview testId="contract-line-price" />
        </Col>
      </Row>
      <Space size={24} wrap>
        <Typography.Text type="secondary">
          {t('contracts.listPrice')}{t('ledger.colon')}
          <span data-testid="line-list-price">
            {product?.list_price_fen !== null && product?.list_price_fen !== undefined
              ? t('contracts.pricePerUnit', { price: formatFen(product.list_price_fen), unit: product.unit })
              : t('common.none')}
          </span>
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('contracts.lineAmount')}{t('ledger.colon')}<span data-testid="line-amount">{figures.amountFen === null ? t('common.none') : formatFen(figures.amountFen)}</span>
        </Typography.Text>
        <Typography.Text type="secondary">
          {t('contracts.premium')}{t('ledger.colon')}<Premium bp={figures.premiumBp} testId="line-premium" />
        </Typography.Text>
      </Space>
    </Card>
  );
}

function productOptionLabel(p: { code: string; name: string; unit: string; list_price_fen?: number | null }, t: TFunction): string {
  const price =
    p.list_price_fen === null || p.list_price_fen === undefined
      ? t('contracts.noListPrice')
      : t('contracts.pricePerUnit', { price: formatFen(p.list_price_fen), unit: p.unit });
  return `${p.code} ${p.name} · ${price}`;
}

/** Searches the products on sale; shows each with today's list price. */
function ProductPicker({
  id,
  value,
  onChange,
  current,
  onPick,
}: {
  /** From the Form.Item, so that its label names this field. */
  id?: string;
  value?: number;
  onChange?: (v: number | undefined) => void;
  current?: ProductInfo & { id: number };
  onPick: (productId: number, info: ProductInfo) => void;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const products = useProductChoices(q);
  const items: Product[] = products.data?.items ?? [];
  const options = items.map((p) => ({ value: p.id, label: productOptionLabel(p, t) }));
  if (value !== undefined && current && !options.some((o) => o.value === value)) options.unshift({ value, label: productOptionLabel(current, t) });
  return (
    <Select<number>
      id={id}
      value={value}
      placeholder={t('contracts.productPlaceholder')}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={products.isFetching}
      options={options}
      onChange={(id) => {
        const p = items.find((x) => x.id === id);
        if (p) onPick(p.id, { code: p.code, name: p.name, unit: p.unit, list_price_fen: p.list_price_fen ?? null });
        onChange?.(id);
      }}
      data-testid="contract-line-product"
    />
  );
}

/** The price level the customer's tier gets (分类客户享有待遇), beside the customer. */
function PriceLevel({ customerId }: { customerId: number | undefined }) {
  const { t, td } = useI18n();
  const treatment = useCustomerTreatment(customerId);
  if (customerId === undefined || !treatment.data) return null;
  const { tier, category, grade } = treatment.data.treatment;
  if (!tier || !grade) return <span data-testid="contract-price-level">{t('contracts.priceLevelNotRated')}</span>;
  return (
    <span data-testid="contract-price-level">
      {t('contracts.priceLevelOf', {
        tier: t('revisits.tierOf', { category: td(`customers.category.${category}`, category), grade }),
        level: td(`policy.price.${tier.price_level}`, tier.price_level),
      })}
    </span>
  );
}
