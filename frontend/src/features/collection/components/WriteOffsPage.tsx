// 坏账核销 /collection/write-offs: the write-offs (the register of approved ones — 坏账核销登记 —
// by default; pending, rejected or cancelled proposals on choice), by date written off and
// customer, with their count and amount.
import { Card, Col, DatePicker, Row, Select, Space, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { WRITE_OFF_STATUSES, type WriteOff, type WriteOffsQuery, type WriteOffStatus } from '@/api/types';
import { useCan } from '@/components/Can';
import { CustomerSelect } from '@/components/CustomerSelect';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { PageHeader } from '@/components/PageHeader';
import { DATE_FORMAT, formatDate, formatDateTime, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { useWriteOffs, WRITE_OFF_FILTERS, type WriteOffFilter } from '../api/collection';
import { CustomerLink, WriteOffStatusTag } from './parts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export default function WriteOffsPage() {
  const { t, td } = useI18n();
  const list = useListState(WRITE_OFF_FILTERS, { sort: undefined });
  const f = list.filters;
  const canContracts = useCan(PERMISSIONS.contractsRead);
  // The register (approved) unless another status, or all ("any"), is chosen.
  const status: WriteOffStatus | undefined =
    f.status === 'any' ? undefined : (WRITE_OFF_STATUSES as readonly string[]).includes(f.status ?? '') ? (f.status as WriteOffStatus) : 'approved';
  const from = f.from && DAY.test(f.from) ? f.from : undefined;
  const to = f.to && DAY.test(f.to) ? f.to : undefined;
  const customer = f.customer_id && Number(f.customer_id) > 0 ? Number(f.customer_id) : undefined;
  const query: WriteOffsQuery = { page: list.page, page_size: list.pageSize, status, from, to, customer_id: customer };
  const rows = useWriteOffs(query);
  const anyFilter = f.status !== undefined || from !== undefined || to !== undefined || customer !== undefined;
  const none = t('common.none');

  const columns: DataColumns<WriteOff> = [
    { key: 'on', title: t('collection.writeOff.writtenOffOn'), render: (_, w) => (w.written_off_on ? formatDate(w.written_off_on) : none) },
    { key: 'customer', title: t('collection.customer'), render: (_, w) => <CustomerLink id={w.customer_id} code={w.customer_code} name={w.customer_name} /> },
    {
      key: 'contract',
      title: t('collection.contract'),
      render: (_, w) => (canContracts ? <Link to={`/contracts/${w.contract_id}`}>{w.contract_number}</Link> : w.contract_number),
    },
    { key: 'amount', title: t('collection.writeOff.amount'), align: 'right', render: (_, w) => <span data-testid="write-off-amount-cell">{formatFen(w.amount_fen)}</span> },
    { key: 'reason', title: t('collection.writeOff.reason'), render: (_, w) => <Typography.Text style={{ maxWidth: 320 }} ellipsis={{ tooltip: w.reason }}>{w.reason}</Typography.Text> },
    { key: 'status', title: t('collection.status'), render: (_, w) => <WriteOffStatusTag status={w.status} /> },
    { key: 'proposed', title: t('collection.writeOff.proposedBy'), render: (_, w) => `${w.proposed_by_name ?? none} · ${formatDateTime(w.proposed_at)}` },
    { key: 'decided', title: t('collection.writeOff.decidedBy'), render: (_, w) => w.decided_by_name ?? none },
    { key: 'files', title: t('collection.writeOff.evidence'), align: 'right', render: (_, w) => t('collection.writeOff.fileCount', { n: w.attachment_ids.length }) },
    {
      key: 'links',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, w) => (
        <Space size={8}>
          {w.case_id ? <Link to={`/collection/cases/${w.case_id}`}>{t('collection.writeOff.openCase')}</Link> : null}
          {w.approval_id ? <Link to={`/approvals/${w.approval_id}`}>{t('collection.writeOff.openApproval')}</Link> : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('collection.writeOffs.title')} intro={t('collection.writeOffs.intro')} />
      <Space style={{ marginBottom: 16 }} wrap>
        <Select<string>
          value={status ?? 'any'}
          onChange={(v) => list.setFilters({ status: v === 'approved' ? undefined : v })}
          style={{ width: 160 }}
          options={[
            ...WRITE_OFF_STATUSES.map((s) => ({ value: s, label: td(`collection.writeOffStatus.${s}`, s) })),
            { value: 'any', label: t('collection.allStatuses') },
          ]}
          data-testid="write-offs-filter-status"
        />
        <DatePicker.RangePicker
          value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
          allowEmpty={[true, true]}
          onChange={(range) => {
            const [a, b] = range ?? [];
            list.setFilters({ from: a ? a.format(DATE_FORMAT) : undefined, to: b ? b.format(DATE_FORMAT) : undefined });
          }}
          placeholder={[t('collection.writeOff.from'), t('collection.writeOff.to')]}
          data-testid="write-offs-period"
        />
        <CustomerSelect
          placeholder={t('collection.allCustomers')}
          value={customer}
          onChange={(v?: number) => list.setFilters({ customer_id: v ? String(v) : undefined })}
          style={{ width: 260 }}
        />
      </Space>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('collection.writeOffs.count')} value={rows.data?.total ?? 0} data-testid="write-offs-count" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('collection.writeOffs.amount')} value={formatFen(rows.data?.total_fen ?? 0)} data-testid="write-offs-amount" />
          </Card>
        </Col>
      </Row>
      <DataTable<WriteOff, WriteOffFilter> rowKey="id" columns={columns} list={list} query={rows} filtered={anyFilter} testId="write-offs-table" />
    </>
  );
}
