// 信用 tab of the customer page (/customers/:id?tab=credit, composed by the router into the
// dossier's tabs): grade, limit, period, validity and next review; the hold banner (set / lift for
// the business manager and above); the exposure against the limit, each part opening its
// documents; the credit standard item by item; security instruments, investigations, credit
// events and holds with their forms (investigations and events with their files, each a
// download); the grade and limit history; the limit request (business department) and the
// printable 客户信用管理卡; the credit review history (信用评审记录) for readers of credit reviews.
import { PlusOutlined, PrinterOutlined, StopOutlined, UnlockOutlined, EditOutlined, CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import type { CreditEvent, CreditHold, CreditInstrument, CreditInvestigation, CreditProfile, ExposurePart, LimitRequest, StandardItem } from '@/api/types';
import { useCan } from '@/components/Can';
import { RecordLoader } from '@/components/RecordLoader';
import { standardItemText } from '@/lib/credit';
import { companyToday, formatDate, formatDateTime, formatFen, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';
import { useCreditProfile } from '../api/credit';
import { useActiveCreditPolicy } from '../api/policy';
import { RecordFiles } from './CreditFiles';
import { EventModal, HoldModal, InstrumentModal, InvestigationModal, LimitRequestModal, VoidInstrumentModal } from './CreditForms';
import { CreditGradeTag, RequestStatusTag } from './CreditTags';
import { CustomerReviews } from './CustomerReviews';
import { ExposureBarView, ExposureDrawer } from './ExposureBar';

export default function CustomerCredit() {
  const { id } = useParams();
  return (
    <RecordLoader id={id} useRecord={useCreditProfile} notFound="" embedded>
      {(profile) => <CreditView profile={profile} />}
    </RecordLoader>
  );
}

type Dialog = 'request' | 'instrument' | 'investigation' | 'event' | 'hold' | 'lift' | null;

function CreditView({ profile: p }: { profile: CreditProfile }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const canWrite = useCan(PERMISSIONS.creditLimitsWrite);
  const canEvents = useCan(PERMISSIONS.creditEventsWrite);
  const canHolds = useCan(PERMISSIONS.creditHoldsWrite);
  // Instruments raise the limit: the VP and the GM record and void them.
  const canInstruments = useCan(PERMISSIONS.creditLimitsApprove);
  const readsReviews = useCan(PERMISSIONS.creditReviewsRead);
  const [voiding, setVoiding] = useState<CreditInstrument | null>(null);
  const policy = useActiveCreditPolicy();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [part, setPart] = useState<ExposurePart | null>(null);
  const none = t('common.none');
  const wan = (fen: number) => formatFenWan(fen, 2, lang);
  const pending = p.requests.some((r) => r.status === 'pending');
  const close = () => setDialog(null);

  const actions: ReactNode[] = [];
  if (canWrite) {
    actions.push(
      <Tooltip key="request" title={pending ? t('credit.requestPending') : undefined}>
        <Button type="primary" icon={<EditOutlined />} disabled={pending} onClick={() => setDialog('request')} data-testid="credit-request-limit">
          {t('credit.requestLimit')}
        </Button>
      </Tooltip>,
    );
  }
  if (canHolds && !p.hold) {
    actions.push(
      <Button key="hold" danger icon={<StopOutlined />} onClick={() => setDialog('hold')} data-testid="credit-hold-set">
        {t('credit.hold.set')}
      </Button>,
    );
  }
  actions.push(
    <Link key="print" to={`/customers/${p.customer_id}/credit-card`} data-testid="credit-print-link">
      <Button icon={<PrinterOutlined />}>{t('credit.printCard')}</Button>
    </Link>,
  );

  return (
    <div data-testid="customer-credit">
      {p.hold ? (
        <Alert
          type="error"
          showIcon
          icon={<StopOutlined />}
          style={{ marginBottom: 16 }}
          data-testid="credit-hold-banner"
          title={<Typography.Text strong>{t('credit.hold.banner', { reason: p.hold.reason })}</Typography.Text>}
          description={t('credit.hold.bannerDetail', { name: p.hold.set_by_name ?? none, at: formatDateTime(p.hold.set_at) })}
          action={
            canHolds ? (
              <Button size="small" icon={<UnlockOutlined />} onClick={() => setDialog('lift')} data-testid="credit-hold-lift">
                {t('credit.hold.lift')}
              </Button>
            ) : undefined
          }
        />
      ) : null}

      <Flex justify="flex-end" gap={8} wrap style={{ marginBottom: 12 }}>
        {actions}
      </Flex>

      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2, xl: 4 }}
        style={{ marginBottom: 16 }}
        data-testid="credit-summary"
        items={[
          { key: 'grade', label: t('credit.grade'), children: <CreditGradeTag grade={p.grade} testId="credit-grade" /> },
          {
            key: 'approved',
            label: t('credit.approvedLimit'),
            children: <span data-testid="credit-approved-limit">{p.has_credit ? wan(p.approved_limit_fen) : t('credit.noGrade')}</span>,
          },
          {
            key: 'limit',
            label: (
              <Tooltip title={t('credit.limitHelp')}>
                <span>{t('credit.limit')}</span>
              </Tooltip>
            ),
            children: <span data-testid="credit-limit">{wan(p.exposure.limit_fen)}</span>,
          },
          {
            key: 'period',
            label: t('credit.period'),
            children: <span data-testid="credit-period">{p.credit_period_days !== null && p.credit_period_days !== undefined ? t('credit.days', { n: p.credit_period_days }) : none}</span>,
          },
          { key: 'has', label: t('credit.hasCredit'), children: t(p.has_credit ? 'credit.hasCredit.yes' : 'credit.hasCredit.no') },
          { key: 'valid', label: t('credit.validUntil'), children: p.has_credit ? (p.valid_until ? formatDate(p.valid_until) : t('credit.noExpiry')) : none },
          { key: 'review', label: t('credit.nextReview'), children: formatDate(p.next_review_on) },
        ]}
      />

      <Card size="small" title={t('credit.exposure.title')} style={{ marginBottom: 16 }}>
        <ExposureBarView exposure={p.exposure} onOpen={setPart} />
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <StandardCard profile={p} />
        </Col>
        <Col xs={24} xl={12}>
          <Card
            size="small"
            title={t('credit.instruments.title')}
            style={{ marginBottom: 16 }}
            extra={
              canInstruments ? (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('instrument')} data-testid="credit-instrument-add">
                  {t('credit.instruments.add')}
                </Button>
              ) : null
            }
          >
            <InstrumentsTable rows={p.instruments} onVoid={canInstruments ? setVoiding : undefined} />
          </Card>
        </Col>
      </Row>

      <Card
        size="small"
        title={t('credit.requests.title')}
        style={{ marginBottom: 16 }}
        data-testid="credit-requests"
      >
        <RequestsTable rows={p.requests} />
      </Card>

      {readsReviews ? <CustomerReviews customerId={p.customer_id} /> : null}

      <Card
        size="small"
        title={t('credit.investigations.title')}
        style={{ marginBottom: 16 }}
        extra={
          canWrite ? (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('investigation')} data-testid="credit-investigation-add">
              {t('credit.investigations.add')}
            </Button>
          ) : null
        }
      >
        <InvestigationsTable rows={p.investigations} />
      </Card>

      <Card
        size="small"
        title={t('credit.events.title')}
        style={{ marginBottom: 16 }}
        extra={
          canEvents ? (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setDialog('event')} data-testid="credit-event-add">
              {t('credit.events.add')}
            </Button>
          ) : null
        }
      >
        <EventsTable rows={p.events} />
      </Card>

      <Card size="small" title={t('credit.hold.history')}>
        <HoldsTable rows={p.holds} />
      </Card>

      <ExposureDrawer customerId={p.customer_id} part={part} onClose={() => setPart(null)} />
      {dialog === 'request' ? (
        <LimitRequestModal
          profile={p}
          grades={policy.data?.grades ?? []}
          gmAboveFen={policy.data?.gm_limit_above_fen ?? null}
          onClose={() => {
            close();
          }}
        />
      ) : null}
      {dialog === 'instrument' ? <InstrumentModal customerId={p.customer_id} onClose={close} /> : null}
      {voiding ? <VoidInstrumentModal customerId={p.customer_id} instrument={voiding} onClose={() => setVoiding(null)} /> : null}
      {dialog === 'investigation' ? <InvestigationModal customerId={p.customer_id} onClose={close} /> : null}
      {dialog === 'event' ? (
        <EventModal customerId={p.customer_id} onClose={close} onDone={(hold) => message.success(t(hold ? 'credit.events.addedHold' : 'credit.events.added'))} />
      ) : null}
      {dialog === 'hold' || dialog === 'lift' ? (
        <HoldModal customerId={p.customer_id} action={dialog === 'hold' ? 'set' : 'lift'} onClose={close} />
      ) : null}
    </div>
  );
}

function StandardCard({ profile: p }: { profile: CreditProfile }) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      title={t('credit.standard.title')}
      style={{ marginBottom: 16 }}
      extra={
        <Tag color={p.standard.passed ? 'success' : 'error'} data-testid="credit-standard-result">
          {t(p.standard.passed ? 'credit.standard.passed' : 'credit.standard.failed')}
        </Tag>
      }
    >
      <StandardTable items={p.standard.items} />
    </Card>
  );
}

export function StandardTable({ items }: { items: StandardItem[] }) {
  const { t } = useI18n();
  return (
    <Table<StandardItem>
      rowKey="code"
      size="small"
      pagination={false}
      dataSource={items}
      data-testid="credit-standard"
      columns={[
        { key: 'condition', title: t('credit.standard.condition'), render: (_, i) => standardItemText(i, t).label },
        { key: 'actual', title: t('credit.standard.actual'), render: (_, i) => standardItemText(i, t).actual },
        { key: 'required', title: t('credit.standard.required'), render: (_, i) => standardItemText(i, t).required },
        {
          key: 'result',
          title: t('credit.standard.result'),
          render: (_, i) => (
            <Space size={4} data-testid={`credit-standard-${i.code}`}>
              {i.passed ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <CloseCircleTwoTone twoToneColor="#cf1322" />}
              {t(i.passed ? 'credit.standard.pass' : 'credit.standard.fail')}
            </Space>
          ),
        },
      ]}
    />
  );
}

export function InstrumentsTable({ rows, onVoid }: { rows: CreditInstrument[]; onVoid?: (instrument: CreditInstrument) => void }) {
  const { t } = useI18n();
  const today = companyToday();
  const none = t('common.none');
  return (
    <Table<CreditInstrument>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      data-testid="credit-instruments"
      rowClassName={(i) => (i.voided_at ? 'credit-instrument-voided' : '')}
      columns={[
        { key: 'kind', title: t('credit.instruments.kind'), render: (_, i) => t(`credit.instruments.kind.${i.kind}`) },
        { key: 'provider', title: t('credit.instruments.provider'), dataIndex: 'provider' },
        {
          key: 'amount',
          title: t('credit.instruments.amount'),
          align: 'right',
          render: (_, i) => (i.voided_at ? <Typography.Text delete>{formatFen(i.amount_fen)}</Typography.Text> : formatFen(i.amount_fen)),
        },
        { key: 'expires', title: t('credit.instruments.expiresOn'), render: (_, i) => formatDate(i.expires_on) },
        {
          key: 'counts',
          title: (
            <Tooltip title={t('credit.instruments.countsHelp')}>
              <span>{t('credit.instruments.counts')}</span>
            </Tooltip>
          ),
          render: (_, i) =>
            i.voided_at ? (
              <Tooltip title={t('credit.instruments.voidedAt', { at: formatDateTime(i.voided_at) })}>
                <Tag color="default" data-testid="credit-instrument-voided">
                  {t('credit.instruments.voidedTag')}
                </Tag>
              </Tooltip>
            ) : i.expires_on < today ? (
              <Tag data-testid="credit-instrument-expired">{t('credit.instruments.expired')}</Tag>
            ) : i.counts ? (
              <Tag color="success" data-testid="credit-instrument-counts">
                {t('credit.instruments.counts')}
              </Tag>
            ) : (
              <Tag data-testid="credit-instrument-not-counted">{t('credit.instruments.notCounted')}</Tag>
            ),
        },
        {
          key: 'note',
          title: t('credit.instruments.note'),
          render: (_, i) =>
            i.voided_at ? (
              <Flex vertical>
                {i.note ? <span>{i.note}</span> : null}
                <Typography.Text type="secondary" data-testid="credit-instrument-void-reason-text" style={{ whiteSpace: 'pre-wrap' }}>
                  {t('credit.instruments.voidReasonShown', { reason: i.void_reason ?? none })}
                </Typography.Text>
              </Flex>
            ) : (
              i.note || none
            ),
        },
        ...(onVoid
          ? [
              {
                key: 'actions',
                title: '',
                className: 'no-print',
                render: (_: unknown, i: CreditInstrument) =>
                  i.voided_at ? null : (
                    <Button size="small" danger type="link" onClick={() => onVoid(i)} data-testid="credit-instrument-void">
                      {t('credit.instruments.void')}
                    </Button>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}

export function RequestsTable({ rows }: { rows: LimitRequest[] }) {
  const { t, lang } = useI18n();
  const none = t('common.none');
  const wan = (fen: number) => formatFenWan(fen, 2, lang);
  return (
    <Table<LimitRequest>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      data-testid="credit-requests-table"
      columns={[
        { key: 'at', title: t('credit.requests.requestedAt'), render: (_, r) => formatDateTime(r.requested_at) },
        { key: 'grade', title: t('credit.requests.grade'), render: (_, r) => `${r.old_grade ?? none} → ${r.new_grade}` },
        { key: 'limit', title: t('credit.requests.limit'), render: (_, r) => `${wan(r.old_limit_fen)} → ${wan(r.new_limit_fen)}` },
        {
          key: 'period',
          title: t('credit.requests.period'),
          render: (_, r) =>
            `${r.old_period_days !== null && r.old_period_days !== undefined ? t('credit.days', { n: r.old_period_days }) : none} → ${t('credit.days', { n: r.credit_period_days })}`,
        },
        { key: 'valid', title: t('credit.requests.validUntil'), render: (_, r) => (r.valid_until ? formatDate(r.valid_until) : t('credit.noExpiry')) },
        { key: 'reason', title: t('credit.requests.reason'), render: (_, r) => <span style={{ whiteSpace: 'pre-wrap' }}>{r.reason}</span> },
        { key: 'requester', title: t('credit.requests.requester'), render: (_, r) => r.requested_by_name ?? none },
        { key: 'status', title: t('credit.requests.status'), render: (_, r) => <RequestStatusTag status={r.status} /> },
        { key: 'decided', title: t('credit.requests.decidedAt'), render: (_, r) => formatDateTime(r.decided_at) },
        {
          key: 'approval',
          title: t('credit.requests.approval'),
          className: 'no-print',
          render: (_, r) => (r.approval_id ? <Link to={`/approvals/${r.approval_id}`}>{t('credit.requests.openApproval')}</Link> : none),
        },
      ]}
    />
  );
}

export function InvestigationsTable({ rows }: { rows: CreditInvestigation[] }) {
  const { t } = useI18n();
  return (
    <Table<CreditInvestigation>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      data-testid="credit-investigations"
      columns={[
        { key: 'date', title: t('credit.investigations.date'), render: (_, i) => formatDate(i.investigated_on) },
        { key: 'source', title: t('credit.investigations.source'), render: (_, i) => t(`credit.investigations.source.${i.source}`) },
        { key: 'findings', title: t('credit.investigations.findings'), render: (_, i) => <span style={{ whiteSpace: 'pre-wrap' }}>{i.findings}</span> },
        { key: 'files', title: t('credit.files.label'), render: (_, i) => <RecordFiles files={i.files} /> },
        { key: 'by', title: t('credit.recordedBy'), render: (_, i) => i.created_by_name ?? t('common.none') },
      ]}
    />
  );
}

const SEVERITY_COLORS = { low: 'default', medium: 'orange', severe: 'red' } as const;

export function EventsTable({ rows }: { rows: CreditEvent[] }) {
  const { t } = useI18n();
  return (
    <Table<CreditEvent>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      data-testid="credit-events"
      columns={[
        { key: 'at', title: t('credit.recordedAt'), render: (_, e) => formatDateTime(e.created_at) },
        { key: 'kind', title: t('credit.events.kind'), render: (_, e) => t(`credit.events.kind.${e.kind}`) },
        { key: 'phase', title: t('credit.events.phase'), render: (_, e) => t(`credit.events.phase.${e.phase}`) },
        { key: 'severity', title: t('credit.events.severity'), render: (_, e) => <Tag color={SEVERITY_COLORS[e.severity]}>{t(`credit.events.severity.${e.severity}`)}</Tag> },
        { key: 'notes', title: t('credit.events.notes'), render: (_, e) => <span style={{ whiteSpace: 'pre-wrap' }}>{e.notes}</span> },
        { key: 'files', title: t('credit.files.label'), render: (_, e) => <RecordFiles files={e.files} /> },
        { key: 'by', title: t('credit.recordedBy'), render: (_, e) => e.created_by_name ?? t('common.none') },
      ]}
    />
  );
}

export function HoldsTable({ rows }: { rows: CreditHold[] }) {
  const { t } = useI18n();
  const none = t('common.none');
  return (
    <Table<CreditHold>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      data-testid="credit-holds"
      columns={[
        { key: 'set', title: t('credit.hold.setAt'), render: (_, h) => formatDateTime(h.set_at) },
        { key: 'by', title: t('credit.hold.setBy'), render: (_, h) => h.set_by_name ?? none },
        {
          key: 'reason',
          title: t('credit.hold.reason'),
          render: (_, h) => (
            <Space size={4} wrap>
              <span style={{ whiteSpace: 'pre-wrap' }}>{h.reason}</span>
              {h.event_id ? <Tag color="red">{t('credit.hold.fromEvent')}</Tag> : null}
            </Space>
          ),
        },
        {
          key: 'lifted',
          title: t('credit.hold.liftedAt'),
          render: (_, h) => (h.lifted_at ? formatDateTime(h.lifted_at) : <Tag color="red">{t('credit.hold.active')}</Tag>),
        },
        { key: 'liftedBy', title: t('credit.hold.liftedBy'), render: (_, h) => h.lifted_by_name ?? none },
        { key: 'liftReason', title: t('credit.hold.liftReason'), render: (_, h) => h.lift_reason || none },
      ]}
    />
  );
}
