// 催收任务 /collection/tasks: the follow-up tasks the daily job opens per customer at each level
// of days overdue (the policy's 7 reminder / 30 phone / 60 letter / 90 visit), to be acted on
// within the policy's working days. Tabs (in the URL): my tasks (the salesman's customers), all
// in scope (the office director's office; everyone's for the business department, management,
// finance and planning) and the overdue ones (open, not acted on, past their due day).
import { Button, Select, Space, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { TASK_STATUSES, type CollectionTasksQuery, type FollowUpTask, type TaskStatus } from '@/api/types';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { OfficeSelect } from '@/components/OfficeSelect';
import { PageHeader } from '@/components/PageHeader';
import { useUser } from '@/lib/auth';
import { formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { TASK_FILTERS, useFollowUpLevels, useTasks, type TaskFilter } from '../api/collection';
import { allTabIsOffice, taskTab, taskTabs, type TaskTab } from '../lib/collection';
import { CustomerLink, TaskStatusTag, useLevelText } from './parts';

export default function FollowUpTasksPage() {
  const { t, td } = useI18n();
  const me = useUser();
  const list = useListState(TASK_FILTERS, { sort: undefined });
  const f = list.filters;
  const tab = taskTab(f.tab, me);
  const levels = useFollowUpLevels();
  const levelText = useLevelText();
  const status = (TASK_STATUSES as readonly string[]).includes(f.status ?? '') ? (f.status as TaskStatus) : undefined;
  const level = f.level_days && Number(f.level_days) > 0 ? Number(f.level_days) : undefined;
  const office = f.office_id && Number(f.office_id) > 0 ? Number(f.office_id) : undefined;
  const query: CollectionTasksQuery = {
    page: list.page,
    page_size: list.pageSize,
    mine: tab === 'mine' ? true : undefined,
    overdue: tab === 'overdue' ? true : undefined,
    status: tab === 'overdue' ? undefined : status,
    level_days: level,
    office_id: tab === 'mine' ? undefined : office,
  };
  const tasks = useTasks(query);
  const anyFilter = status !== undefined || level !== undefined || office !== undefined;
  const none = t('common.none');
  const labels: Record<TaskTab, string> = {
    mine: t('collection.tab.mine'),
    all: allTabIsOffice(me) ? t('collection.tab.office') : t('collection.tab.all'),
    overdue: t('collection.tab.overdue'),
  };

  const columns: DataColumns<FollowUpTask> = [
    { key: 'customer', title: t('collection.customer'), render: (_, x) => <CustomerLink id={x.customer_id} code={x.customer_code} name={x.customer_name} /> },
    { key: 'office', title: t('collection.office'), render: (_, x) => x.office_name ?? none },
    { key: 'owner', title: t('collection.owner'), render: (_, x) => x.owner_name ?? none },
    {
      key: 'level',
      title: t('collection.level'),
      render: (_, x) => (
        <Space size={4} wrap>
          <span data-testid="task-level">{levelText(x)}</span>
          {x.raised_by_promise_id ? <Tag color="warning">{t('collection.raisedByPromise')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'open',
      title: t('collection.openAmount'),
      align: 'right',
      render: (_, x) => (
        <span data-testid="task-open-amount">
          {formatFen(x.open_fen)}
          <Typography.Text type="secondary">{` · ${t('collection.receivableCount', { n: x.receivable_count })}`}</Typography.Text>
        </span>
      ),
    },
    { key: 'opened', title: t('collection.openedOn'), render: (_, x) => formatDate(x.opened_on) },
    {
      key: 'due',
      title: t('collection.actBy'),
      render: (_, x) =>
        x.overdue ? (
          <Space size={4} data-testid="task-overdue">
            <Typography.Text type="danger" strong>
              {formatDate(x.due_on)}
            </Typography.Text>
            <Tag color="error">{t('collection.overdue')}</Tag>
          </Space>
        ) : (
          formatDate(x.due_on)
        ),
    },
    {
      key: 'last',
      title: t('collection.lastAction'),
      render: (_, x) => (
        <Space size={4} wrap>
          <span>{x.last_action_on ? formatDate(x.last_action_on) : none}</span>
          {x.has_broken_promise ? <Tag color="error">{t('collection.brokenPromise')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'status', title: t('collection.status'), render: (_, x) => <TaskStatusTag task={x} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, x) => (
        <Link to={`/collection/tasks/${x.id}`} data-testid="task-open">
          {t('common.details')}
        </Link>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('collection.tasks.title')} intro={t('collection.tasks.intro')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => list.setFilters({ tab: key, status: undefined, level_days: undefined, office_id: undefined })}
        items={taskTabs(me).map((k) => ({ key: k, label: <span data-testid={`tasks-tab-${k}`}>{labels[k]}</span> }))}
      />
      <Space style={{ marginBottom: 16 }} wrap>
        {tab !== 'overdue' ? (
          <Select<string>
            allowClear
            placeholder={t('collection.allStatuses')}
            value={status}
            onChange={(v) => list.setFilters({ status: v })}
            style={{ width: 140 }}
            options={TASK_STATUSES.map((s) => ({ value: s, label: td(`collection.taskStatus.${s}`, s) }))}
            data-testid="tasks-filter-status"
          />
        ) : null}
        <Select<number>
          allowClear
          placeholder={t('collection.allLevels')}
          value={level}
          onChange={(v) => list.setFilters({ level_days: v ? String(v) : undefined })}
          style={{ width: 180 }}
          options={(levels.data ?? []).map((l) => ({ value: l.days_overdue, label: levelText({ level_days: l.days_overdue, action: l.action }) }))}
          data-testid="tasks-filter-level"
        />
        {tab !== 'mine' && !allTabIsOffice(me) ? (
          <OfficeSelect
            allowClear
            placeholder={t('collection.allOffices')}
            value={office}
            onChange={(v?: number) => list.setFilters({ office_id: v ? String(v) : undefined })}
            style={{ width: 200 }}
          />
        ) : null}
        {anyFilter ? <Button onClick={() => list.setFilters({ status: undefined, level_days: undefined, office_id: undefined })}>{t('common.reset')}</Button> : null}
      </Space>
      <DataTable<FollowUpTask, TaskFilter> rowKey="id" columns={columns} list={list} query={tasks} filtered={anyFilter} testId="tasks-table" />
    </>
  );
}
