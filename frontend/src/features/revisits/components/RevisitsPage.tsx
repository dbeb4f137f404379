// 回访 /revisits: the visits each tier gets under the policy (who visits how often), planned on
// working days. Tabs (in the URL): my visits (of a role I hold), all visits in my scope (status,
// overdue, role, office filters), and the compliance report by tier and office over a period.
// An overdue visit is marked red; the holder of the visit's role records it (date, participants,
// what was discussed, follow-up), which files it as an interaction on the customer card.
import { CheckCircleOutlined, SyncOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Form, Input, Progress, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { REVISIT_STATUSES, ROLES, type ComplianceRow, type Revisit, type RevisitsQuery, type RevisitStatus, type Role } from '@/api/types';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ErrorState } from '@/components/ErrorState';
import { FormModal } from '@/components/FormModal';
import { OfficeSelect } from '@/components/OfficeSelect';
import { PageHeader } from '@/components/PageHeader';
import { useUser } from '@/lib/auth';
import { errorMessage } from '@/lib/errors';
import { companyToday, DATE_FORMAT, formatDate } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { REVISIT_FILTERS, useCompleteRevisit, useCompliance, useReplan, useRevisits, type RevisitFilter } from '../api/revisits';
import { canComplete, canReplan, defaultPeriod, defaultTab, rateStatus } from '../lib/revisits';

type Tab = 'mine' | 'all' | 'compliance';
const VISITING_ROLES: readonly Role[] = ROLES.filter((r) => ['salesman', 'office_director', 'business_manager', 'vice_president'].includes(r));
const STATUS_COLORS: Record<RevisitStatus, string> = { planned: 'processing', done: 'success', missed: 'error', cancelled: 'default' };

export default function RevisitsPage() {
  const { t, lang } = useI18n();
  const me = useUser();
  const { message } = App.useApp();
  const list = useListState(REVISIT_FILTERS, { sort: undefined });
  const f = list.filters;
  const tab: Tab = f.tab === 'mine' || f.tab === 'all' || f.tab === 'compliance' ? f.tab : defaultTab(me);
  const replan = useReplan();

  return (
    <>
      <PageHeader
        title={t('revisits.title')}
        intro={t('revisits.intro')}
        extra={
          canReplan(me) ? (
            <Button
              icon={<SyncOutlined />}
              loading={replan.isPending}
              onClick={() =>
                replan.mutate(undefined, {
                  onSuccess: (r) => message.success(t('revisits.replanned', { n: r.planned })),
                  onError: (e) => message.error(errorMessage(lang, e)),
                })
              }
              data-testid="revisits-replan"
            >
              {t('revisits.replan')}
            </Button>
          ) : null
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => list.setFilters({ tab: key, status: undefined, overdue: undefined, role: undefined, office_id: undefined })}
        items={[
          { key: 'mine', label: <span data-testid="revisits-tab-mine">{t('revisits.mine')}</span> },
          { key: 'all', label: <span data-testid="revisits-tab-all">{t('revisits.all')}</span> },
          { key: 'compliance', label: <span data-testid="revisits-tab-compliance">{t('revisits.compliance')}</span> },
        ]}
      />
      {tab === 'compliance' ? <ComplianceView from={f.from} to={f.to} onPeriod={(from, to) => list.setFilters({ from, to })} /> : <VisitList tab={tab} list={list} />}
    </>
  );
}

function VisitList({ tab, list }: { tab: 'mine' | 'all'; list: ReturnType<typeof useListState<RevisitFilter>> }) {
  const { t, td } = useI18n();
  const me = useUser();
  const f = list.filters;
  const query: RevisitsQuery = {
    page: list.page,
    page_size: list.pageSize,
    mine: tab === 'mine' ? true : undefined,
    status: (REVISIT_STATUSES as readonly string[]).includes(f.status ?? '') ? (f.status as RevisitStatus) : undefined,
    overdue: f.overdue === 'true' ? true : undefined,
    role: tab === 'all' && (ROLES as readonly string[]).includes(f.role ?? '') ? (f.role as Role) : undefined,
    office_id: tab === 'all' && f.office_id && Number(f.office_id) > 0 ? Number(f.office_id) : undefined,
  };
  const visits = useRevisits(query);
  const [recording, setRecording] = useState<Revisit | null>(null);
  const anyFilter = ['status', 'overdue', 'role', 'office_id'].some((k) => f[k as RevisitFilter] !== undefined);
  const none = t('common.none');

  const columns: DataColumns<Revisit> = [
    {
      key: 'customer',
      title: t('revisits.customer'),
      render: (_, v) => (
        <Link to={`/customers/${v.customer_id}`} data-testid="revisit-customer">
          {v.customer_code} {v.customer_name}
        </Link>
      ),
    },
    { key: 'office', title: t('revisits.office'), render: (_, v) => v.office_name ?? none },
    {
      key: 'tier',
      title: t('revisits.tier'),
      render: (_, v) => t('revisits.tierOf', { category: td(`customers.category.${v.category}`, v.category), grade: v.grade }),
    },
    { key: 'role', title: t('revisits.role'), render: (_, v) => td(`role.${v.role}`, v.role) },
    {
      key: 'due_on',
      title: t('revisits.dueOn'),
      render: (_, v) =>
        v.overdue ? (
          <Space size={4} data-testid="revisit-overdue">
            <Typography.Text type="danger" strong>
              {formatDate(v.due_on)}
            </Typography.Text>
            <Tag color="error">{t('revisits.overdue')}</Tag>
          </Space>
        ) : (
          formatDate(v.due_on)
        ),
    },
    {
      key: 'status',
      title: t('revisits.status'),
      render: (_, v) => (
        <Tag color={STATUS_COLORS[v.status]} data-testid="revisit-status">
          {td(`revisits.status.${v.status}`, v.status)}
        </Tag>
      ),
    },
    { key: 'done', title: t('revisits.doneOn'), render: (_, v) => (v.done_on ? `${formatDate(v.done_on)} · ${v.done_by_name ?? none}` : none) },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, v) =>
        canComplete(v, me) ? (
          <Button type="link" size="small" icon={<CheckCircleOutlined />} onClick={() => setRecording(v)} data-testid="revisit-record">
            {t('revisits.record')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Select<string>
          allowClear
          placeholder={t('revisits.allStatuses')}
          value={query.status}
          onChange={(v) => list.setFilters({ status: v })}
          style={{ width: 140 }}
          options={REVISIT_STATUSES.map((s) => ({ value: s, label: td(`revisits.status.${s}`, s) }))}
          data-testid="revisits-filter-status"
        />
        <Select<string>
          value={f.overdue === 'true' ? 'true' : 'all'}
          onChange={(v) => list.setFilters({ overdue: v === 'true' ? 'true' : undefined })}
          style={{ width: 140 }}
          options={[
            { value: 'all', label: t('revisits.anyDue') },
            { value: 'true', label: t('revisits.overdueOnly') },
          ]}
          data-testid="revisits-filter-overdue"
        />
        {tab === 'all' ? (
          <>
            <Select<string>
              allowClear
              placeholder={t('revisits.allRoles')}
              value={query.role}
              onChange={(v) => list.setFilters({ role: v })}
              style={{ width: 160 }}
              options={VISITING_ROLES.map((r) => ({ value: r, label: td(`role.${r}`, r) }))}
              data-testid="revisits-filter-role"
            />
            <OfficeSelect
              allowClear
              placeholder={t('revisits.allOffices')}
              value={query.office_id}
              onChange={(v?: number) => list.setFilters({ office_id: v ? String(v) : undefined })}
              style={{ width: 200 }}
            />
          </>
        ) : null}
        {anyFilter ? (
          <Button onClick={() => list.setFilters({ status: undefined, overdue: undefined, role: undefined, office_id: undefined })}>{t('common.reset')}</Button>
        ) : null}
      </Space>
      <DataTable<Revisit, RevisitFilter>
        rowKey="id"
        columns={columns}
        list={list}
        query={visits}
        filtered={anyFilter}
        testId="revisits-table"
      />
      {recording ? <RecordModal visit={recording} onClose={() => setRecording(null)} /> : null}
    </>
  );
}

interface RecordValues {
  visited_on: string | null;
  participants?: string;
  content?: string;
  follow_up?: string;
}

/** 记录回访: the day (today by default, not in the future), who took part, what was discussed, follow-up. */
function RecordModal({ visit, onClose }: { visit: Revisit; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const complete = useCompleteRevisit();
  const [form] = Form.useForm<RecordValues>();
  return (
    <FormModal<RecordValues>
      open
      title={t('revisits.recordTitle', { customer: visit.customer_name })}
      form={form}
      initialValues={{ visited_on: companyToday() }}
      onCancel={onClose}
      fieldMessages={{ 'content.required': t('revisits.contentRequired'), 'visited_on.out_of_range': t('revisits.notFuture') }}
      onSubmit={async (v) => {
        await complete.mutateAsync({
          id: visit.id,
          body: {
            visited_on: v.visited_on ?? null,
            participants: v.participants?.trim() || null,
            content: (v.content ?? '').trim(),
            follow_up: v.follow_up?.trim() || null,
          },
        });
        message.success(t('revisits.recorded'));
        onClose();
      }}
      testId="revisit-modal"
    >
      <Typography.Paragraph type="secondary">{t('revisits.recordHint', { due: visit.due_on })}</Typography.Paragraph>
      <Form.Item
        name="visited_on"
        label={t('revisits.visitedOn')}
        getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
        normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
      >
        <DatePicker style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="participants" label={t('revisits.participants')}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="content" label={t('revisits.content')} required>
        <Input.TextArea maxLength={4000} autoSize={{ minRows: 3, maxRows: 8 }} data-testid="revisit-content" />
      </Form.Item>
      <Form.Item name="follow_up" label={t('revisits.followUp')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>
    </FormModal>
  );
}

function ComplianceView({ from, to, onPeriod }: { from?: string; to?: string; onPeriod: (from: string, to: string) => void }) {
  const { t, td } = useI18n();
  const period = defaultPeriod(companyToday());
  const f = from && /^\d{4}-\d{2}-\d{2}$/.test(from) ? from : period.from;
  const tt = to && /^\d{4}-\d{2}-\d{2}$/.test(to) ? to : period.to;
  const report = useCompliance(f, tt, true);

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Typography.Text>{t('revisits.period')}</Typography.Text>
        <DatePicker.RangePicker
          value={[dayjs(f), dayjs(tt)]}
          allowClear={false}
          onChange={(range) => {
            const [a, b] = range ?? [];
            if (a && b) onPeriod(a.format(DATE_FORMAT), b.format(DATE_FORMAT));
          }}
          data-testid="compliance-period"
        />
      </Space>
      {report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {(
              [
                ['planned', t('revisits.planned'), report.data?.planned],
                ['done', t('revisits.done'), report.data?.done],
                ['overdue', t('revisits.overdueCount'), report.data?.overdue],
              ] as const
            ).map(([key, title, value]) => (
              <Col key={key} xs={8} md={4}>
                <Card size="small">
                  <Statistic title={title} value={value ?? 0} data-testid={`compliance-${key}`} />
                </Card>
              </Col>
            ))}
          </Row>
          <Table<ComplianceRow>
            rowKey={(r) => `${r.category}-${r.grade}-${r.office_id ?? 0}`}
            size="middle"
            loading={report.isFetching}
            dataSource={report.data?.rows ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="compliance-table"
            columns={[
              {
                key: 'tier',
                title: t('revisits.tier'),
                render: (_, r) => t('revisits.tierOf', { category: td(`customers.category.${r.category}`, r.category), grade: r.grade }),
              },
              { key: 'office', title: t('revisits.office'), render: (_, r) => r.office_name || t('common.none') },
              { key: 'planned', title: t('revisits.planned'), align: 'right', render: (_, r) => r.planned },
              { key: 'done', title: t('revisits.done'), align: 'right', render: (_, r) => r.done },
              {
                key: 'overdue',
                title: t('revisits.overdueCount'),
                align: 'right',
                render: (_, r) => (r.overdue > 0 ? <Typography.Text type="danger">{r.overdue}</Typography.Text> : 0),
              },
              {
                key: 'rate',
                title: t('revisits.rate'),
                render: (_, r) => (
                  <Progress
                    percent={r.rate_percent}
                    size="small"
                    status={rateStatus(r.rate_percent)}
                    format={(p) => `${p ?? 0}%`}
                    style={{ width: 160 }}
                    data-testid="compliance-rate"
                  />
                ),
              },
            ]}
          />
        </>
      )}
    </>
  );
}
