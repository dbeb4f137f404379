// 客户 /customers/:id — header (code, name, grade, category, status, key flag, owner, office),
// the registration data as on the paper form, the history of transfers, status changes,
// classifications and first-deal dates, and the actions the user may take — none on a customer
// seen through a loan (资料借阅), which is lent for reading. A customer outside the user's scope
// is a 404. Below the header's tags, another feature's line may follow (`headerExtra`, composed by
// the router: the credit figures for those who read credit limits), in the full view only.
import { CalendarOutlined, DownOutlined, EditOutlined, FileTextOutlined, StarOutlined, SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Dropdown, Flex, Space, Tag, Tooltip, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { Customer, CustomerStatus } from '@/api/types';
import { useCan } from '@/components/Can';
import { BackLink } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';
import { formatDate, formatDateTime, formatFen, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';
import { useCustomer } from '../api/customers';
import { nextStatuses } from '../lib/status';
import { ChangeStatusModal } from './ChangeStatusModal';
import { ClassifyModal } from './ClassifyModal';
import { CategoryLabel, GradeTag, KeyCustomerTag, StaleTag, StatusTag } from './CustomerTags';
import { CustomerFormModal } from './CustomerFormModal';
import { CustomerHistory } from './CustomerHistory';
import { FirstDealModal } from './FirstDealModal';
import { TransferModal } from './TransferModal';

type Dialog =
  | { kind: 'edit' }
  | { kind: 'status'; status: CustomerStatus }
  | { kind: 'transfer' }
  | { kind: 'classify' }
  | { kind: 'firstDeal' }
  | null;

export default function CustomerDetailPage({ headerExtra }: { headerExtra?: ReactNode }) {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <RecordLoader id={id} useRecord={useCustomer} notFound={t('page.customerNotFound')}>
      {(customer) => <CustomerView customer={customer} headerExtra={headerExtra} />}
    </RecordLoader>
  );
}

function CustomerView({ customer: c, headerExtra }: { customer: Customer; headerExtra?: ReactNode }) {
  const { t, td, lang } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const back = (location.state as { back?: string } | null)?.back ?? '/customers';
  const canWrite = useCan(PERMISSIONS.customerMasterWrite);
  const canTransfer = useCan(PERMISSIONS.customerTransferWrite);
  const canBlacklist = useCan(PERMISSIONS.customerBlacklistWrite);
  const canClassify = useCan(PERMISSIONS.customerClassificationWrite);
  const canCorrectFirstDeal = useCan(PERMISSIONS.firstDealDateWrite);
  const canReadReceivables = useCan(PERMISSIONS.receivablesRead);
  const [dialog, setDialog] = useState<Dialog>(null);
  const full = c.view === 'full';
  // A loan (资料借阅) lends the customer for reading: no action changes it.
  const mayChange = full && !c.borrowed;
  const none = t('common.none');
  const text = (v: string | null | undefined) => (v ? v : none);
  const money = (fen: number | null | undefined) =>
    fen === null || fen === undefined ? (
      none
    ) : (
      <Tooltip title={formatFenWan(fen, 2, lang)}>
        <span>{formatFen(fen)}</span>
      </Tooltip>
    );
  const statuses = mayChange && c.status ? nextStatuses(c.status, canBlacklist) : [];

  const actions: ReactNode[] = [];
  if (mayChange && canWrite) {
    actions.push(
      <Button key="edit" icon={<EditOutlined />} onClick={() => setDialog({ kind: 'edit' })} data-testid="customer-edit">
        {t('common.edit')}
      </Button>,
    );
    actions.push(
      statuses.length > 0 ? (
        <Dropdown
          key="status"
          trigger={['click']}
          menu={{
            items: statuses.map((s) => ({ key: s, label: td(`customers.status.${s}`, s), danger: s === 'blacklisted' })),
            onClick: ({ key }) => setDialog({ kind: 'status', status: key as CustomerStatus }),
          }}
        >
          <Button data-testid="customer-change-status">
            {t('customers.changeStatus')} <DownOutlined />
          </Button>
        </Dropdown>
      ) : (
        <Tooltip key="status" title={t('customers.noNextStatus')}>
          <Button disabled data-testid="customer-change-status">
            {t('customers.changeStatus')} <DownOutlined />
          </Button>
        </Tooltip>
      ),
    );
  }
  if (mayChange && canTransfer) {
    actions.push(
      <Button key="transfer" icon={<SwapOutlined />} onClick={() => setDialog({ kind: 'transfer' })} data-testid="customer-transfer">
        {t('customers.transfer')}
      </Button>,
    );
  }
  if (mayChange && canClassify) {
    actions.push(
      <Button key="classify" icon={<StarOutlined />} onClick={() => setDialog({ kind: 'classify' })} data-testid="customer-classify">
        {t('customers.classify')}
      </Button>,
    );
  }
  if (mayChange && canCorrectFirstDeal) {
    actions.push(
      <Button key="first-deal" icon={<CalendarOutlined />} onClick={() => setDialog({ kind: 'firstDeal' })} data-testid="customer-first-deal">
        {t('customers.correctFirstDeal')}
      </Button>,
    );
  }

  // 对账单: the customer's statement of account, for those who read receivables (a loan lends
  // the dossier, not the account).
  if (full && !c.borrowed && canReadReceivables) {
    actions.push(
      <Button key="statement" icon={<FileTextOutlined />} onClick={() => navigate(`/customers/${c.id}/statement`)} data-testid="customer-statement">
        {t('statement.open')}
      </Button>,
    );
  }

  const section = (title: string, items: DescriptionsProps['items'], testId?: string) => (
    <Descriptions
      title={title}
      bordered
      size="small"
      column={{ xs: 1, md: 2, xl: 3 }}
      items={items}
      // Even columns, as on the paper form.
      styles={{ label: { width: '13%', minWidth: 110 }, content: { width: '20%' } }}
      style={{ marginBottom: 24 }}
      data-testid={testId}
    />
  );

  return (
    <>
      <BackLink to={back} testId="customer-back">
        {t('customers.back')}
      </BackLink>
      <Flex justify="space-between" align="flex-start" gap={16} wrap style={{ marginBottom: 16 }}>
        <div>
          <Space size={8} align="center" wrap>
            <Typography.Text code style={{ fontSize: 14 }} data-testid="customer-code">
              {c.code}
            </Typography.Text>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="customer-name">
              {c.name}
            </Typography.Title>
          </Space>
          {full ? (
            <Space size={[8, 8]} wrap style={{ marginTop: 8 }} data-testid="customer-header">
              <GradeTag grade={c.grade} />
              <StatusTag status={c.status} />
              <span>{t('common.labelValue', { label: t('customers.category'), value: c.category ? td(`customers.category.${c.category}`, c.category) : none })}</span>
              {c.key_customer ? <KeyCustomerTag /> : null}
              <StaleTag customer={c} />
              {c.borrowed ? <Tag color="purple" data-testid="customer-borrowed">{t('customers.borrowedTag')}</Tag> : null}
              <span data-testid="customer-owner">{t('common.labelValue', { label: t('customers.owner'), value: c.owner_name ?? none })}</span>
              <span data-testid="customer-office">{t('common.labelValue', { label: t('customers.office'), value: c.office_name ?? none })}</span>
            </Space>
          ) : null}
          {full ? headerExtra : null}
        </div>
        {actions.length > 0 ? <Flex gap={8} wrap>{actions}</Flex> : null}
      </Flex>

      {full && c.borrowed ? (
        <Alert type="info" showIcon title={t('customers.borrowedNotice')} style={{ marginBottom: 16 }} data-testid="customer-borrowed-notice" />
      ) : null}
      {full ? (
        <>
          {section(t('customers.section.basic'), [
            { key: 'name', label: t('customers.name'), children: c.name, span: 2 },
            { key: 'credit_code', label: t('customers.creditCode'), children: text(c.credit_code) },
            { key: 'legal', label: t('customers.legalRepresentative'), children: text(c.legal_representative) },
            { key: 'nature', label: t('customers.enterpriseNature'), children: text(c.enterprise_nature) },
            { key: 'industry', label: t('customers.industry'), children: text(c.industry) },
            { key: 'size', label: t('customers.enterpriseSize'), children: text(c.enterprise_size) },
            { key: 'employees', label: t('customers.employees'), children: c.employees ?? none },
            { key: 'reg_date', label: t('customers.registrationDate'), children: formatDate(c.registration_date) },
          ], 'customer-basic')}
          {section(t('customers.section.contact'), [
            { key: 'address', label: t('customers.address'), children: text(c.address), span: 2 },
            { key: 'postal', label: t('customers.postalCode'), children: text(c.postal_code) },
            { key: 'phone', label: t('customers.phone'), children: text(c.phone) },
            { key: 'fax', label: t('customers.fax'), children: text(c.fax) },
          ])}
          {section(t('customers.section.finance'), [
            { key: 'capital', label: t('customers.registeredCapital'), children: money(c.registered_capital_fen) },
            { key: 'revenue', label: t('customers.annualRevenue'), children: money(c.annual_revenue_fen) },
            { key: 'assets', label: t('customers.netAssets'), children: money(c.net_assets_fen) },
            { key: 'rmb_bank', label: t('customers.rmbBank'), children: text(c.rmb_bank) },
            { key: 'rmb_account', label: t('customers.rmbAccount'), children: text(c.rmb_account), span: 2 },
            { key: 'fx_bank', label: t('customers.fxBank'), children: text(c.fx_bank) },
            { key: 'fx_account', label: t('customers.fxAccount'), children: text(c.fx_account), span: 2 },
            { key: 'rating', label: t('customers.bankRating'), children: text(c.bank_rating) },
          ], 'customer-finance')}
          {section(t('customers.section.business'), [
            { key: 'scope', label: t('customers.businessScope'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{text(c.business_scope)}</span>, span: 3 },
            { key: 'term', label: t('customers.businessTerm'), children: text(c.business_term) },
            { key: 'superior', label: t('customers.superiorAuthority'), children: text(c.superior_authority) },
            { key: 'authority', label: t('customers.registrationAuthority'), children: text(c.registration_authority) },
          ])}
          {section(t('customers.management'), [
            { key: 'category', label: t('customers.category'), children: <CategoryLabel category={c.category} /> },
            { key: 'key', label: t('customers.keyCustomer'), children: c.key_customer ? t('common.yes') : t('common.no') },
            {
              key: 'first_deal',
              label: (
                <Tooltip title={t('customers.firstDealHelp')}>
                  <span>{t('customers.firstDealDate')}</span>
                </Tooltip>
              ),
              children: <span data-testid="customer-first-deal-date">{formatDate(c.first_deal_date)}</span>,
            },
            { key: 'tags', label: t('customers.tags'), children: c.tags && c.tags.length > 0 ? c.tags.join('、') : none, span: 3 },
            { key: 'created', label: t('customers.createdAt'), children: formatDateTime(c.created_at) },
            { key: 'updated', label: t('customers.updatedAt'), children: formatDateTime(c.updated_at) },
            {
              key: 'dossier',
              label: t('customers.dossierUpdatedAt'),
              children: (
                <Space size={6}>
                  {formatDateTime(c.dossier_updated_at)}
                  <StaleTag customer={c} />
                </Space>
              ),
            },
          ])}
          <Card size="small" title={t('customers.history')} extra={<Typography.Text type="secondary">{t('customers.historyIntro')}</Typography.Text>}>
            <CustomerHistory customer={c} />
          </Card>
        </>
      ) : (
        <>
          <Alert type="info" showIcon title={t('customers.limitedView')} style={{ marginBottom: 16 }} data-testid="customer-limited" />
          {section(t('customers.section.contact'), [
            { key: 'code', label: t('customers.code'), children: c.code },
            { key: 'name', label: t('customers.name'), children: c.name, span: 2 },
            { key: 'address', label: t('customers.address'), children: text(c.address), span: 2 },
            { key: 'phone', label: t('customers.phone'), children: text(c.phone) },
          ])}
        </>
      )}

      {dialog?.kind === 'edit' ? <CustomerFormModal customer={c} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'status' ? (
        <ChangeStatusModal customer={c} options={statuses} initial={dialog.status} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'transfer' ? <TransferModal customer={c} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'classify' ? <ClassifyModal customer={c} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'firstDeal' ? <FirstDealModal customer={c} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
