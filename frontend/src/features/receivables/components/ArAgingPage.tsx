// 应收账款账龄登记表 /reports/ar-aging: open balances as of a date (payments and credit notes
// after it ignored), by customer, office, owner or grade, in the buckets of the policy in force
// on that date; filters and the date in the URL; the buckets as a chart; a row's receivables in a
// drawer (drill-down).
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Drawer, Segmented, Select, Space, Spin, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { AGING_GROUPS, CUSTOMER_GRADES, type AgingGroup, type AgingLine, type AgingQuery, type AgingRow } from '@/api/types';
import { useCan } from '@/components/Can';
import { CustomerFilter } from '@/components/ListFilters';
import { ErrorState } from '@/components/ErrorState';
import { OfficeSelect } from '@/components/OfficeSelect';
import { PageHeader } from '@/components/PageHeader';
import { PersonSelect } from '@/components/PersonSelect';
import { saveFile } from '@/lib/download';
import { errorMessage, fieldErrorAt } from '@/lib/errors';
import { DATE_FORMAT, formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { idFilter, useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { exportAging, useAgingLines, useAgingReport } from '../api/receivables';
import { AGING_FILTERS, agingSeries, bucketLabel, drillQuery, lineBucket, rowLabel, toAgingQuery } from '../lib/aging';
import { companyDay } from '../lib/day';

const AgingChart = lazy(() => import('./AgingChart'));

export default function ArAgingPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const list = useListState(AGING_FILTERS);
  const [exporting, setExporting] = useState(false);
  const f = list.filters;
  const query = toAgingQuery(f);
  const report = useAgingReport(query);
  const today = companyDay();
  const group: AgingGroup = report.data?.group_by ?? query.group_by ?? 'customer';
  const [drill, setDrill] = useState<{ row: AgingRow; query: AgingQuery } | null>(null);
  // A refused date (before the first policy version: `policy.none_in_force`) is said at the
  // date picker; the rows of the date before are not shown as if they were this date's.
  const failed = report.isError && (!report.data || report.isPlaceholderData);
  const asOfError = failed ? fieldErrorAt(lang, report.error, 'as_of') : null;
  const anyFilter = !!(f.office_id || f.owner_user_id || f.grade || f.customer_id);
  const series = useMemo(() => (report.data ? agingSeries(report.data, t) : null), [report.data, t]);
  const hasFigures = !!report.data && report.data.totals.total_fen !== 0;
  // The filtered owner's name, from the register's rows when they are by owner.
  const ownerLabel =
    query.owner_user_id !== undefined && report.data?.group_by === 'owner'
      ? (report.data.rows.find((r) => r.key === String(query.owner_user_id))?.label ?? null)
      : null;

  // The register as on screen: the same date, grouping and filters.
  const onExport = async () => {
    setExporting(true);
    try {
      saveFile(await exportAging(query));
    } catch (e) {
      message.error(fieldErrorAt(lang, e, 'as_of') ?? errorMessage(lang, e));
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<AgingRow> = [
    {
      key: 'label',
      title: t(`aging.group.${group}`),
      fixed: 'left',
      render: (_, r) => {
        const label = rowLabel(r, group, t);
        const q = report.data ? drillQuery(query, group, r) : null;
        return q ? (
          <Typography.Link onClick={() => setDrill({ row: r, query: q })} data-testid="aging-drill">
            {label}
          </Typography.Link>
        ) : (
          label
        );
      },
    },
    { key: 'current', title: t('aging.current'), align: 'right', render: (_, r) => formatFen(r.current_fen) },
    ...(report.data?.buckets ?? []).map((b, i) => ({
      key: `b${i}`,
      title: bucketLabel(b, t),
      align: 'right' as const,
      render: (_: unknown, r: AgingRow) => <span data-testid={`aging-bucket-${i}`}>{formatFen(r.buckets_fen[i] ?? 0)}</span>,
    })),
    { key: 'total', title: t('aging.total'), align: 'right', render: (_, r) => <strong data-testid="aging-row-total">{formatFen(r.total_fen)}</strong> },
  ];

  return (
    <>
      <PageHeader
        title={t('aging.title')}
        intro={t('aging.intro')}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()} data-testid="aging-export">
            {t('aging.export')}
          </Button>
        }
      />
      <Space style={{ marginBottom: 12 }} wrap>
        <Space size={4}>
          <label htmlFor="aging-as-of-input">{t('aging.asOf')}</label>
          <DatePicker
            id="aging-as-of-input"
            value={dayjs(query.as_of ?? today)}
            allowClear={false}
            onChange={(d: Dayjs | null) => {
              const day = d ? d.format(DATE_FORMAT) : today;
              list.setFilters({ as_of: day === today ? undefined : day });
            }}
            disabledDate={(d) => d.format(DATE_FORMAT) > today}
            status={asOfError ? 'error' : undefined}
            data-testid="aging-as-of"
          />
          {asOfError ? (
            <Typography.Text type="danger" data-testid="aging-as-of-error">
              {asOfError}
            </Typography.Text>
          ) : null}
        </Space>
        <Segmented<AgingGroup>
          value={query.group_by ?? 'customer'}
          onChange={(g) => list.setFilters({ group_by: g === 'customer' ? undefined : g })}
          options={AGING_GROUPS.map((g) => ({ value: g, label: t(`aging.by.${g}`) }))}
          data-testid="aging-group-by"
        />
      </Space>
      <Space style={{ marginBottom: 16 }} wrap>
        <OfficeSelect
          placeholder={t('aging.allOffices')}
          value={query.office_id}
          onChange={(id?: number) => list.setFilters({ office_id: idFilter(id) })}
          style={{ width: 200 }}
          data-testid="aging-filter-office"
        />
        <PersonSelect
          placeholder={t('aging.allOwners')}
          value={query.owner_user_id}
          currentLabel={ownerLabel}
          onChange={(id?: number) => list.setFilters({ owner_user_id: idFilter(id) })}
          style={{ width: 220 }}
          data-testid="aging-filter-owner"
        />
        <Select<string>
          allowClear
          placeholder={t('aging.allGrades')}
          value={query.grade}
          onChange={(grade) => list.setFilters({ grade })}
          style={{ width: 120 }}
          options={CUSTOMER_GRADES.map((g) => ({ value: g, label: t('aging.gradeN', { grade: g }) }))}
          data-testid="aging-filter-grade"
        />
        <CustomerFilter list={list} value={query.customer_id} rows={undefined} placeholder={t('aging.allCustomers')} width={260} testId="aging-filter-customer" />
        {anyFilter ? <Button onClick={() => list.setFilters({ office_id: undefined, owner_user_id: undefined, grade: undefined, customer_id: undefined })}>{t('common.reset')}</Button> : null}
      </Space>

      {asOfError ? null : failed ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <>
          {report.data ? (
            <Typography.Paragraph type="secondary" data-testid="aging-caption">
              {t('aging.caption', { date: report.data.as_of, version: report.data.policy_version_id })}
            </Typography.Paragraph>
          ) : null}
          {hasFigures && series ? (
            <Suspense fallback={<Spin />}>
              <AgingChart series={series} />
            </Suspense>
          ) : null}
          <Table<AgingRow>
            rowKey={(r) => `${r.key ?? ''}|${r.label}`}
            size="middle"
            loading={report.isFetching}
            dataSource={report.data?.rows ?? []}
            columns={columns}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="aging-table"
            onRow={() => ({ 'data-testid': 'aging-row' }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: t('aging.empty') }}
            summary={() =>
              report.data && report.data.rows.length > 0 ? (
                <Table.Summary fixed>
                  <Table.Summary.Row data-testid="aging-totals">
                    <Table.Summary.Cell index={0}>
                      <strong>{t('aging.total')}</strong>
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      <strong>{formatFen(report.data.totals.current_fen)}</strong>
                    </Table.Summary.Cell>
                    {report.data.buckets.map((b, i) => (
                      <Table.Summary.Cell key={b} index={i + 2} align="right">
                        <strong>{formatFen(report.data?.totals.buckets_fen[i] ?? 0)}</strong>
                      </Table.Summary.Cell>
                    ))}
                    <Table.Summary.Cell index={report.data.buckets.length + 2} align="right">
                      <strong data-testid="aging-grand-total">{formatFen(report.data.totals.total_fen)}</strong>
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
          />
        </>
      )}
      {drill && report.data ? (
        <DrillDrawer title={rowLabel(drill.row, group, t)} query={drill.query} buckets={report.data.buckets} onClose={() => setDrill(null)} />
      ) : null}
    </>
  );
}

function DrillDrawer({ title, query, buckets, onClose }: { title: string; query: AgingQuery; buckets: string[]; onClose: () => void }) {
  const { t } = useI18n();
  const lines = useAgingLines(query, true);
  const canReadReceivables = useCan(PERMISSIONS.receivablesRead);
  const rows = lines.data ?? [];
  return (
    <Drawer open onClose={onClose} size="large" title={t('aging.drillTitle', { label: title, date: query.as_of ?? companyDay() })} data-testid="aging-drill-drawer">
      {lines.isError ? (
        <ErrorState error={lines.error} onRetry={() => void lines.refetch()} />
      ) : (
        <>
          {rows.length >= 1000 ? <Alert type="info" showIcon title={t('aging.drillCapped')} style={{ marginBottom: 12 }} /> : null}
          <Table<AgingLine>
            rowKey="receivable_id"
            size="small"
            loading={lines.isFetching}
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50 } : false}
            scroll={{ x: 'max-content' }}
            data-testid="aging-lines"
            columns={[
              { key: 'contract', title: t('receivables.contract'), render: (_, l) => l.contract_number },
              { key: 'issued_on', title: t('receivables.issuedOn'), render: (_, l) => formatDate(l.issued_on) },
              { key: 'due_date', title: t('receivables.dueDate'), render: (_, l) => formatDate(l.due_date) },
              { key: 'amount', title: t('receivables.amount'), align: 'right', render: (_, l) => formatFen(l.amount_fen) },
              { key: 'open', title: t('aging.openBalance'), align: 'right', render: (_, l) => formatFen(l.open_fen) },
              { key: 'days', title: t('aging.daysPastDue'), align: 'right', render: (_, l) => l.days_past_due },
              { key: 'bucket', title: t('aging.bucket'), render: (_, l) => lineBucket(l.bucket, buckets, t) },
            ]}
          />
          {canReadReceivables && query.customer_id !== undefined ? (
            <Link to={`/receivables?customer_id=${query.customer_id}`}>{t('aging.customerReceivables')}</Link>
          ) : null}
        </>
      )}
    </Drawer>
  );
}
