// Pieces the collection pages share: the receivables a task or a case carries, status tags,
// a task's level and action in words.
import { Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { CaseStatus, CollectionItem, FollowUpTask, PromiseStatus, TaskStatus, WriteOffStatus } from '@/api/types';
import { useCan } from '@/components/Can';
import { formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';

const TASK_COLORS: Record<TaskStatus, string> = { open: 'processing', closed: 'default' };
const PROMISE_COLORS: Record<PromiseStatus, string> = { open: 'processing', kept: 'success', broken: 'error' };
const CASE_COLORS: Record<CaseStatus, string> = { open: 'processing', closed: 'default' };
const WRITE_OFF_COLORS: Record<WriteOffStatus, string> = { pending: 'processing', approved: 'success', rejected: 'error', cancelled: 'default' };

/** "30 天 · 电话催收": the level (days overdue) and the action it calls for. */
export function useLevelText() {
  const { t, td } = useI18n();
  return (task: Pick<FollowUpTask, 'level_days' | 'action'>) =>
    t('collection.levelOf', { days: task.level_days, action: td(`collection.action.${task.action}`, task.action) });
}

export function TaskStatusTag({ task }: { task: Pick<FollowUpTask, 'status' | 'close_reason'> }) {
  const { td } = useI18n();
  const text =
    task.status === 'closed' && task.close_reason
      ? td(`collection.closeReason.${task.close_reason}`, task.close_reason)
      : td(`collection.taskStatus.${task.status}`, task.status);
  return (
    <Tag color={TASK_COLORS[task.status]} data-testid="task-status">
      {text}
    </Tag>
  );
}

export function PromiseStatusTag({ status }: { status: PromiseStatus }) {
  const { td } = useI18n();
  return (
    <Tag color={PROMISE_COLORS[status]} data-testid="promise-status">
      {td(`collection.promiseStatus.${status}`, status)}
    </Tag>
  );
}

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { td } = useI18n();
  return (
    <Tag color={CASE_COLORS[status]} data-testid="case-status">
      {td(`collection.caseStatus.${status}`, status)}
    </Tag>
  );
}

export function WriteOffStatusTag({ status }: { status: WriteOffStatus }) {
  const { td } = useI18n();
  return (
    <Tag color={WRITE_OFF_COLORS[status]} data-testid="write-off-status">
      {td(`collection.writeOffStatus.${status}`, status)}
    </Tag>
  );
}

/** A customer's name with its code, a link for those who open customers. */
export function CustomerLink({ id, code, name }: { id: number; code: string; name: string }) {
  const canCustomers = useCan(PERMISSIONS.customerMasterRead);
  const label = `${code} ${name}`;
  return canCustomers ? (
    <Link to={`/customers/${id}?tab=collection`} data-testid="collection-customer">
      {label}
    </Link>
  ) : (
    <span data-testid="collection-customer">{label}</span>
  );
}

/** The receivables of a task or a case: contract (linked), due date, days overdue, balances. */
export function ItemsTable({ items, action, testId }: { items: readonly CollectionItem[]; action?: (item: CollectionItem) => ReactNode; testId: string }) {
  const { t } = useI18n();
  const canContracts = useCan(PERMISSIONS.contractsRead);
  const canNotes = useCan(PERMISSIONS.shippingNotesRead);
  return (
    <Table<CollectionItem>
      rowKey="receivable_id"
      size="small"
      pagination={false}
      dataSource={[...items]}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      columns={[
        {
          key: 'contract',
          title: t('collection.contract'),
          render: (_, i) => (canContracts ? <Link to={`/contracts/${i.contract_id}`}>{i.contract_number}</Link> : i.contract_number),
        },
        {
          key: 'note',
          title: t('collection.shippingNote'),
          render: (_, i) =>
            i.shipping_note_id === null || i.shipping_note_id === undefined
              ? t('common.none')
              : canNotes
                ? <Link to={`/shipping-notes/${i.shipping_note_id}`}>{t('receivables.noteRef', { id: i.shipping_note_id })}</Link>
                : t('receivables.noteRef', { id: i.shipping_note_id }),
        },
        { key: 'due', title: t('collection.dueDate'), render: (_, i) => formatDate(i.due_date) },
        {
          key: 'overdue',
          title: t('collection.daysOverdue'),
          align: 'right',
          render: (_, i) => (i.days_overdue > 0 ? <Typography.Text type="danger">{t('collection.days', { n: i.days_overdue })}</Typography.Text> : t('common.none')),
        },
        { key: 'amount', title: t('collection.amount'), align: 'right', render: (_, i) => formatFen(i.amount_fen) },
        { key: 'then', title: t('collection.balanceThen'), align: 'right', render: (_, i) => formatFen(i.balance_then_fen) },
        {
          key: 'balance',
          title: t('collection.balance'),
          align: 'right',
          render: (_, i) => <span data-testid="item-balance">{formatFen(i.balance_fen)}</span>,
        },
        {
          key: 'handed',
          title: t('collection.handedOver'),
          render: (_, i) => (i.handed_over ? <Tag color="purple">{t('collection.handedOverTag')}</Tag> : t('common.none')),
        },
        ...(action ? [{ key: 'action', title: t('common.actions'), fixed: 'right' as const, render: (_: unknown, i: CollectionItem) => action(i) }] : []),
      ]}
    />
  );
}
