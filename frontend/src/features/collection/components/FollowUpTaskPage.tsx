// A follow-up task (/collection/tasks/:id): the customer and level, the receivables it carries
// (contracts linked), the actions taken (timeline) and the payment promises with their status;
// the owner salesman and the office director (`can_act`) record an action (kind, date, whom they
// reached, outcome) and a promise (amount in 元, date, note); 打印催款函 opens the customer's dunning letter.
import { PhoneOutlined, DollarOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, Select, Space, Table, Timeline, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { FOLLOW_UP_ACTIONS, type FollowUpAction, type FollowUpTaskDetail, type PaymentPromise } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { BackLink, RecordTitle } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';
import { YuanItem } from '@/components/YuanItem';
import { companyToday, DATE_FORMAT, formatDate, formatDateTime, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { yuanToFen } from '@/lib/money';
import { useRecordAction, useRecordPromise, useTask } from '../api/collection';
import { promiseDateOk } from '../lib/collection';
import { CustomerLink, ItemsTable, PromiseStatusTag, TaskStatusTag, useLevelText } from './parts';

export default function FollowUpTaskPage() {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <RecordLoader id={id} useRecord={useTask} notFound={t('collection.task.notFound')}>
      {(detail) => <TaskView detail={detail} />}
    </RecordLoader>
  );
}

function TaskView({ detail }: { detail: FollowUpTaskDetail }) {
  const { t, td } = useI18n();
  const levelText = useLevelText();
  const task = detail.task;
  const [form, setForm] = useState<'action' | 'promise' | null>(null);
  const none = t('common.none');
  const navigate = useNavigate();
  const location = useLocation();
  // 催款函: the customer's letter as of today, to print and send (every reader of the task may).
  const letter = (
    <Button
      icon={<PrinterOutlined />}
      onClick={() => navigate(`/customers/${task.customer_id}/dunning-letter`, { state: { back: location.pathname } })}
      data-testid="task-dunning-letter"
    >
      {t('letter.open')}
    </Button>
  );

  return (
    <>
      <BackLink to="/collection/tasks" testId="task-back">
        {t('collection.tasks.back')}
      </BackLink>
      <RecordTitle
        title={t('collection.task.title', { customer: task.customer_name, level: levelText(task) })}
        testId="task-title"
        tags={<TaskStatusTag task={task} />}
      >
        <Space wrap>
          {detail.can_act ? (
            <>
              <Button type="primary" icon={<PhoneOutlined />} onClick={() => setForm('action')} data-testid="task-record-action">
                {t('collection.recordAction')}
              </Button>
              <Button icon={<DollarOutlined />} onClick={() => setForm('promise')} data-testid="task-record-promise">
                {t('collection.recordPromise')}
              </Button>
            </>
          ) : null}
          {letter}
        </Space>
      </RecordTitle>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 24 }}
        data-testid="task-details"
        items={[
          { key: 'customer', label: t('collection.customer'), children: <CustomerLink id={task.customer_id} code={task.customer_code} name={task.customer_name} /> },
          { key: 'office', label: t('collection.office'), children: task.office_name ?? none },
          { key: 'owner', label: t('collection.owner'), children: task.owner_name ?? none },
          { key: 'level', label: t('collection.level'), children: levelText(task) },
          { key: 'opened', label: t('collection.openedOn'), children: formatDate(task.opened_on) },
          {
            key: 'due',
            label: t('collection.actBy'),
            children: task.overdue ? <Typography.Text type="danger">{`${formatDate(task.due_on)} · ${t('collection.overdue')}`}</Typography.Text> : formatDate(task.due_on),
          },
          { key: 'open', label: t('collection.openAmount'), children: <span data-testid="task-open-fen">{formatFen(task.open_fen)}</span> },
          { key: 'last', label: t('collection.lastAction'), children: task.last_action_on ? formatDate(task.last_action_on) : none },
          ...(task.closed_on
            ? [{ key: 'closed', label: t('collection.closedOn'), children: `${formatDate(task.closed_on)} · ${task.close_reason ? td(`collection.closeReason.${task.close_reason}`, task.close_reason) : none}` }]
            : []),
          ...(task.raised_by_promise_id ? [{ key: 'raised', label: t('collection.raisedBy'), children: t('collection.raisedByPromise') }] : []),
        ]}
      />

      <Card size="small" title={t('collection.receivables')} style={{ marginBottom: 24 }}>
        <ItemsTable items={detail.items} testId="task-items" />
      </Card>

      <Card size="small" title={t('collection.actions')} style={{ marginBottom: 24 }}>
        {detail.actions.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('collection.noActions')} />
        ) : (
          <Timeline
            data-testid="task-actions"
            items={detail.actions.map((a) => ({
              key: a.id,
              content: (
                <div data-testid="task-action">
                  <Space size={8} wrap>
                    <Typography.Text strong>{td(`collection.action.${a.kind}`, a.kind)}</Typography.Text>
                    <span>{formatDate(a.done_on)}</span>
                    {a.contact ? <span>{t('collection.contactOf', { contact: a.contact })}</span> : null}
                    <Typography.Text type="secondary">{`${a.created_by_name ?? none} · ${formatDateTime(a.created_at)}`}</Typography.Text>
                  </Space>
                  <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{a.outcome}</div>
                </div>
              ),
            }))}
          />
        )}
      </Card>

      <Card size="small" title={t('collection.promises')}>
        <PromisesTable promises={detail.promises} testId="task-promises" />
      </Card>

      {form === 'action' ? <ActionModal detail={detail} onClose={() => setForm(null)} /> : null}
      {form === 'promise' ? <PromiseModal detail={detail} onClose={() => setForm(null)} /> : null}
    </>
  );
}

/** Promises: amount, made on, promised date, status (with when it was settled), note. */
export function PromisesTable({ promises, testId, taskLink }: { promises: readonly PaymentPromise[]; testId: string; taskLink?: (p: PaymentPromise) => ReactNode }) {
  const { t } = useI18n();
  const none = t('common.none');
  return (
    <Table<PaymentPromise>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={[...promises]}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      locale={{ emptyText: t('collection.noPromises') }}
      columns={[
        { key: 'amount', title: t('collection.promiseAmount'), align: 'right', render: (_, p) => <span data-testid="promise-amount">{formatFen(p.amount_fen)}</span> },
        { key: 'promised', title: t('collection.promisedOn'), render: (_, p) => formatDate(p.promised_on) },
        { key: 'made', title: t('collection.madeOn'), render: (_, p) => `${formatDate(p.made_on)} · ${p.created_by_name ?? none}` },
        {
          key: 'status',
          title: t('collection.status'),
          render: (_, p) => (
            <Space size={4}>
              <PromiseStatusTag status={p.status} />
              {p.settled_on ? <Typography.Text type="secondary">{formatDate(p.settled_on)}</Typography.Text> : null}
            </Space>
          ),
        },
        { key: 'note', title: t('collection.note'), render: (_, p) => p.note || none },
        ...(taskLink ? [{ key: 'task', title: t('collection.task'), render: (_: unknown, p: PaymentPromise) => taskLink(p) }] : []),
      ]}
    />
  );
}

interface ActionValues {
  kind: FollowUpAction;
  done_on: string | null;
  contact?: string;
  outcome?: string;
}

/** 记录催收: what was done (the level's action by default), when, whom it reached, the outcome. */
function ActionModal({ detail, onClose }: { detail: FollowUpTaskDetail; onClose: () => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const record = useRecordAction(detail.task.id);
  const [form] = Form.useForm<ActionValues>();
  return (
    <FormModal<ActionValues>
      open
      title={t('collection.recordActionTitle', { customer: detail.task.customer_name })}
      form={form}
      initialValues={{ kind: detail.task.action, done_on: companyToday() }}
      onCancel={onClose}
      fieldMessages={{
        'done_on.out_of_range': t('collection.doneOnRange'),
        'outcome.required': t('collection.outcomeRequired'),
        'contact.required': t('collection.contactRequired'),
      }}
      onSubmit={async (v) => {
        await record.mutateAsync({ kind: v.kind, done_on: v.done_on ?? '', contact: (v.contact ?? '').trim(), outcome: (v.outcome ?? '').trim() });
        message.success(t('collection.actionRecorded'));
        onClose();
      }}
      testId="task-action-modal"
    >
      <Form.Item name="kind" label={t('collection.actionKind')} rules={[{ required: true }]}>
        <Select<FollowUpAction> options={FOLLOW_UP_ACTIONS.map((a) => ({ value: a, label: td(`collection.action.${a}`, a) }))} data-testid="action-kind" />
      </Form.Item>
      <Form.Item
        name="done_on"
        label={t('collection.doneOn')}
        rules={[{ required: true, message: t('collection.dateRequired') }]}
        getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
        normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
      >
        <DatePicker style={{ width: 200 }} disabledDate={(d) => d.format(DATE_FORMAT) > companyToday() || d.format(DATE_FORMAT) < detail.task.opened_on} />
      </Form.Item>
      <Form.Item name="contact" label={t('collection.contact')} rules={[{ required: true, whitespace: true, message: t('collection.contactRequired') }]}>
        <Input maxLength={200} placeholder={t('collection.contactPlaceholder')} data-testid="action-contact" />
      </Form.Item>
      <Form.Item name="outcome" label={t('collection.outcome')} rules={[{ required: true, whitespace: true, message: t('collection.outcomeRequired') }]}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="action-outcome" />
      </Form.Item>
    </FormModal>
  );
}

interface PromiseValues {
  amount?: string;
  promised_on: string | null;
  note?: string;
}

/** 承诺付款: the amount (元, at most the open balance), the date, a note. */
function PromiseModal({ detail, onClose }: { detail: FollowUpTaskDetail; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const record = useRecordPromise(detail.task.id);
  const [form] = Form.useForm<PromiseValues>();
  const today = companyToday();
  return (
    <FormModal<PromiseValues>
      open
      title={t('collection.recordPromiseTitle', { customer: detail.task.customer_name })}
      form={form}
      initialValues={{ promised_on: null }}
      onCancel={onClose}
      renameFields={{ amount_fen: 'amount' }}
      fieldMessages={{ 'promised_on.out_of_range': t('collection.promiseDateRange'), 'amount.out_of_range': t('collection.promiseAmountRange') }}
      onSubmit={async (v) => {
        await record.mutateAsync({ amount_fen: yuanToFen(v.amount) ?? 0, promised_on: v.promised_on ?? '', note: (v.note ?? '').trim() });
        message.success(t('collection.promiseRecorded'));
        onClose();
      }}
      testId="task-promise-modal"
    >
      <Typography.Paragraph type="secondary">{t('collection.promiseHelp', { open: formatFen(detail.task.open_fen) })}</Typography.Paragraph>
      <YuanItem
        name="amount"
        label={t('collection.promiseAmount')}
        required
        positive
        testId="promise-amount-input"
      />
      <Form.Item
        name="promised_on"
        label={t('collection.promisedOn')}
        rules={[
          { required: true, message: t('collection.dateRequired') },
          { validator: (_, v: string | null) => (!v || promiseDateOk(v, today) ? Promise.resolve() : Promise.reject(new Error(t('collection.promiseDateRange')))) },
        ]}
        getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
        normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
      >
        <DatePicker style={{ width: 200 }} disabledDate={(d) => d.format(DATE_FORMAT) < today} data-testid="promise-date-input" />
      </Form.Item>
      <Form.Item name="note" label={t('collection.note')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="promise-note" />
      </Form.Item>
    </FormModal>
  );
}
