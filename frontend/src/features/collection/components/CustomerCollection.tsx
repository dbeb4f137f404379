// The customer card's 催收 tab (composed by the router for readers of collection tasks): the
// customer's follow-up tasks, its payment promises, its collection cases (GET
// /customers/{id}/collection) and, for those who read write-offs, the write-offs of its
// receivables, each linked to its page; 打印催款函 opens the customer's dunning letter.
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { CollectionCase, FollowUpTask } from '@/api/types';
import { useCan } from '@/components/Can';
import { ErrorState } from '@/components/ErrorState';
import { parseRecordId } from '@/components/RecordLoader';
import { formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';
import { useCustomerCollection, useWriteOffs } from '../api/collection';
import { WriteOffsTable } from './CollectionCasePage';
import { PromisesTable } from './FollowUpTaskPage';
import { CaseStatusTag, TaskStatusTag, useLevelText } from './parts';

const MAX = 50;

export default function CustomerCollection() {
  const { id } = useParams();
  const customerId = parseRecordId(id) ?? 0;
  const { t, td } = useI18n();
  const readsWriteOffs = useCan(PERMISSIONS.writeOffsRead);
  const collection = useCustomerCollection(customerId);
  const writeOffs = useWriteOffs({ customer_id: customerId, page: 1, page_size: MAX }, readsWriteOffs && customerId > 0);
  const levelText = useLevelText();
  const none = t('common.none');
  const navigate = useNavigate();
  const location = useLocation();

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="customer-collection">
      {collection.isError ? <ErrorState error={collection.error} onRetry={() => void collection.refetch()} /> : null}
      <Flex justify="flex-end">
        {/* 催款函: the letter as of today (its page says when nothing is overdue). */}
        <Button
          icon={<PrinterOutlined />}
          onClick={() => navigate(`/customers/${customerId}/dunning-letter`, { state: { back: `${location.pathname}${location.search}` } })}
          data-testid="customer-dunning-letter"
        >
          {t('letter.open')}
        </Button>
      </Flex>
      <Card size="small" title={t('collection.card.tasks')}>
        <Table<FollowUpTask>
          rowKey="id"
          size="small"
          loading={collection.isFetching}
          pagination={false}
          dataSource={collection.data?.tasks ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="customer-tasks"
          locale={{ emptyText: t('collection.card.noTasks') }}
          columns={[
            {
              key: 'level',
              title: t('collection.level'),
              render: (_, x) => (
                <Link to={`/collection/tasks/${x.id}`} data-testid="customer-task-link">
                  {levelText(x)}
                </Link>
              ),
            },
            { key: 'open', title: t('collection.openAmount'), align: 'right', render: (_, x) => formatFen(x.open_fen) },
            { key: 'opened', title: t('collection.openedOn'), render: (_, x) => formatDate(x.opened_on) },
            {
              key: 'due',
              title: t('collection.actBy'),
              render: (_, x) => (x.overdue ? <Typography.Text type="danger">{`${formatDate(x.due_on)} · ${t('collection.overdue')}`}</Typography.Text> : formatDate(x.due_on)),
            },
            { key: 'last', title: t('collection.lastAction'), render: (_, x) => (x.last_action_on ? formatDate(x.last_action_on) : none) },
            { key: 'status', title: t('collection.status'), render: (_, x) => <TaskStatusTag task={x} /> },
          ]}
        />
      </Card>
      <Card size="small" title={t('collection.promises')}>
        <PromisesTable
          promises={collection.data?.promises ?? []}
          testId="customer-promises"
          taskLink={(p) => <Link to={`/collection/tasks/${p.task_id}`}>{t('common.details')}</Link>}
        />
      </Card>
      <Card size="small" title={t('collection.card.cases')}>
        <Table<CollectionCase>
          rowKey="id"
          size="small"
          loading={collection.isFetching}
          pagination={false}
          dataSource={collection.data?.cases ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="customer-cases"
          locale={{ emptyText: t('collection.card.noCases') }}
          columns={[
            {
              key: 'opened',
              title: t('collection.openedOn'),
              render: (_, c) => (
                <Link to={`/collection/cases/${c.id}`} data-testid="customer-case-link">
                  {formatDate(c.opened_on)}
                </Link>
              ),
            },
            { key: 'assigned', title: t('collection.case.assigned'), render: (_, c) => c.assigned_name ?? <Tag color="warning">{t('collection.case.unassigned')}</Tag> },
            { key: 'method', title: t('collection.case.method'), render: (_, c) => (c.method ? td(`collection.method.${c.method}`, c.method) : none) },
            { key: 'open', title: t('collection.openAmount'), align: 'right', render: (_, c) => formatFen(c.open_fen) },
            {
              key: 'status',
              title: t('collection.status'),
              render: (_, c) => (
                <Space size={4}>
                  <CaseStatusTag status={c.status} />
                  {c.outcome ? td(`collection.outcome.${c.outcome}`, c.outcome) : null}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {readsWriteOffs ? (
        <Card size="small" title={t('collection.card.writeOffs')}>
          <WriteOffsTable rows={writeOffs.data?.items ?? []} testId="customer-write-offs" />
        </Card>
      ) : null}
    </Space>
  );
}
