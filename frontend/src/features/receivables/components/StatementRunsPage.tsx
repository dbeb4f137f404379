// 月度对账单 /receivables/statement-runs (finance): the monthly statement runs, latest month first —
// the month and its period, the statements queued, sent, failed and still waiting (read again
// every few seconds while any waits), who started it (or the schedule) and when; the policy's
// schedule in a line; 发起对账 starts a month that is over by hand (last month by default; a month
// run already, or not over, is refused at the month). A run opens in a drawer (`?run=` in the
// URL) with its mails by customer code, filtered by state, each linking to the customer's
// statement of the run's period.
import { PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Descriptions, Drawer, Form, Select, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router';
import { STATEMENT_MAIL_STATUSES, type StatementMail, type StatementMailStatus, type StatementRun } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ErrorState } from '@/components/ErrorState';
import { FormModal } from '@/components/FormModal';
import { PageHeader } from '@/components/PageHeader';
import { companyToday, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { positiveId } from '../api/receivables';
import { useStartStatementRun, useStatementRun, useStatementRunMails, useStatementRules, useStatementRuns } from '../api/statement-mail';
import { lastMonth, MAIL_STATUS_KEYS, monthOver, statementLink } from '../lib/statement-mail';
import { useMailColumns } from './StatementMailTags';

const RUN_PARAM = 'run';
const MAILS_PAGE = 20;

export default function StatementRunsPage() {
  const { t } = useI18n();
  const list = useListState([]);
  const runs = useStatementRuns({ page: list.page, page_size: list.pageSize });
  const readsPolicy = useCan(PERMISSIONS.policyVersionsRead);
  const rules = useStatementRules(readsPolicy);
  const [search, setSearch] = useSearchParams();
  const [starting, setStarting] = useState(false);
  const openRun = positiveId(search.get(RUN_PARAM));

  // The drawer's run in the URL, beside the list's paging.
  const showRun = (id: number | undefined) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      if (id === undefined) next.delete(RUN_PARAM);
      else next.set(RUN_PARAM, String(id));
      return next;
    });

  const columns: DataColumns<StatementRun> = [
    {
      key: 'month',
      title: t('statementRun.month'),
      render: (_, r) => (
        <Typography.Link onClick={() => showRun(r.id)} data-testid="run-open">
          {r.month}
        </Typography.Link>
      ),
    },
    { key: 'period', title: t('statementRun.period'), render: (_, r) => t('statement.periodValue', { from: r.from, to: r.to }) },
    { key: 'queued', title: t('statementRun.queued'), align: 'right', render: (_, r) => <span data-testid="run-queued">{r.queued}</span> },
    {
      key: 'sent',
      title: t('statementRun.sent'),
      align: 'right',
      render: (_, r) => (
        <Typography.Text type={r.sent > 0 ? 'success' : undefined} data-testid="run-sent">
          {r.sent}
        </Typography.Text>
      ),
    },
    {
      key: 'failed',
      title: t('statementRun.failed'),
      align: 'right',
      render: (_, r) => (
        <Typography.Text type={r.failed > 0 ? 'danger' : undefined} data-testid="run-failed">
          {r.failed}
        </Typography.Text>
      ),
    },
    { key: 'waiting', title: t('statementRun.waiting'), align: 'right', render: (_, r) => <span data-testid="run-waiting">{r.waiting}</span> },
    {
      key: 'started',
      title: t('statementRun.startedBy'),
      render: (_, r) => (
        <Typography.Text>
          <span data-testid="run-started-by">{r.started_by_name ?? t('statementRun.bySchedule')}</span>{' '}
          <Typography.Text type="secondary">{formatDateTime(r.created_at)}</Typography.Text>
        </Typography.Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('statementRun.title')}
        intro={
          <>
            {t('statementRun.intro')}
            {rules.data ? (
              <>
                <br />
                <span data-testid="statement-runs-schedule">
                  {rules.data.monthly_run ? t('statementRun.schedule', { day: rules.data.run_working_day }) : t('statementRun.scheduleOff')}
                </span>
              </>
            ) : null}
          </>
        }
        extra={
          <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setStarting(true)} data-testid="statement-run-start">
            {t('statementRun.start')}
          </Button>
        }
      />
      <DataTable<StatementRun, never> rowKey="id" columns={columns} list={list} query={runs} testId="statement-runs" />
      {starting ? <StartRunModal onClose={() => setStarting(false)} /> : null}
      {openRun !== undefined ? <RunDrawer id={openRun} onClose={() => showRun(undefined)} /> : null}
    </>
  );
}

interface StartValues {
  month: string | null;
}

/** 发起对账: a month that is over, last month by default. */
function StartRunModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const start = useStartStatementRun();
  const [form] = Form.useForm<StartValues>();
  const today = companyToday();
  return (
    <FormModal<StartValues>
      open
      title={t('statementRun.startTitle')}
      form={form}
      initialValues={{ month: lastMonth(today) }}
      onCancel={onClose}
      okText={t('statementRun.startOk')}
      fieldMessages={{
        'month.duplicate': t('statementRun.monthDuplicate'),
        'month.out_of_range': t('statementRun.monthNotOver'),
        'month.invalid': t('statementRun.monthInvalid'),
        'month.mail.off': t('statementMail.off'),
      }}
      onSubmit={async (v) => {
        const run = await start.mutateAsync({ month: v.month ?? '' });
        message.success(t('statementRun.started', { month: run.month, n: run.queued }));
        onClose();
      }}
      testId="statement-run-start-modal"
    >
      <Typography.Paragraph type="secondary">{t('statementRun.startHelp')}</Typography.Paragraph>
      <Form.Item
        name="month"
        label={t('statementRun.month')}
        rules={[{ required: true, message: t('statementRun.monthRequired') }]}
        getValueProps={(v: string | null) => ({ value: v ? dayjs(`${v}-01`) : null })}
        normalize={(d: Dayjs | null) => (d ? d.format('YYYY-MM') : null)}
      >
        <DatePicker picker="month" format="YYYY-MM" style={{ width: 200 }} disabledDate={(d) => !monthOver(d.format('YYYY-MM'), today)} data-testid="statement-run-month" />
      </Form.Item>
    </FormModal>
  );
}

/** A run: its counts and its mails by customer code, filtered by state. */
function RunDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useI18n();
  const run = useStatementRun(id);
  const [status, setStatus] = useState<StatementMailStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const r = run.data;
  const mails = useStatementRunMails(id, { status, page, page_size: MAILS_PAGE }, (r?.waiting ?? 0) > 0);
  const today = companyToday();
  // Every mail of a run covers its month and was queued by it: the customer instead of the period and who asked.
  const columns = useMailColumns().filter((c) => c.key !== 'period' && c.key !== 'requested_by');

  return (
    <Drawer open onClose={onClose} size="large" title={r ? t('statementRun.drawerTitle', { month: r.month }) : t('statementRun.title')} data-testid="statement-run-drawer">
      {run.isError ? (
        <ErrorState error={run.error} onRetry={() => void run.refetch()} />
      ) : (
        <>
          {r ? (
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              style={{ marginBottom: 16 }}
              items={[
                { key: 'period', label: t('statementRun.period'), children: t('statement.periodValue', { from: r.from, to: r.to }) },
                { key: 'started', label: t('statementRun.startedBy'), children: `${r.started_by_name ?? t('statementRun.bySchedule')} ${formatDateTime(r.created_at)}` },
                { key: 'queued', label: t('statementRun.queued'), children: <span data-testid="run-drawer-queued">{r.queued}</span> },
                { key: 'sent', label: t('statementRun.sent'), children: <span data-testid="run-drawer-sent">{r.sent}</span> },
                { key: 'failed', label: t('statementRun.failed'), children: r.failed },
                { key: 'waiting', label: t('statementRun.waiting'), children: r.waiting },
              ]}
            />
          ) : null}
          <Space style={{ marginBottom: 12 }}>
            <Select<StatementMailStatus>
              allowClear
              placeholder={t('statementRun.allStatuses')}
              value={status}
              onChange={(v) => {
                setStatus(v);
                setPage(1);
              }}
              style={{ width: 160 }}
              options={STATEMENT_MAIL_STATUSES.map((s) => ({ value: s, label: t(MAIL_STATUS_KEYS[s]) }))}
              data-testid="run-mails-status"
            />
          </Space>
          {mails.isError && !mails.data ? (
            <ErrorState error={mails.error} onRetry={() => void mails.refetch()} />
          ) : (
            <Table<StatementMail>
              rowKey="id"
              size="small"
              loading={mails.isFetching && !mails.data}
              dataSource={mails.data?.items ?? []}
              scroll={{ x: 'max-content' }}
              onRow={() => ({ 'data-testid': 'run-mail-row' }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: status ? t('statementRun.noMailsFiltered') : t('statementRun.noMails') }}
              pagination={{ current: page, pageSize: MAILS_PAGE, total: mails.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
              data-testid="run-mails"
              columns={[
                {
                  key: 'customer',
                  title: t('statementMail.col.customer'),
                  render: (_, m) => (
                    <Link to={statementLink(m.customer_id, { from: m.from, to: m.to }, today)} data-testid="run-mail-customer">
                      {m.customer_code} {m.customer_name}
                    </Link>
                  ),
                },
                ...columns,
              ]}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
