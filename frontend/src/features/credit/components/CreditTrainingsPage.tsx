// 信用培训 /credit-trainings: the credit-risk training sessions (date, topic, trainer, attendees —
// expanded per row), filtered to one person's sessions; the business department records a session
// with its attendees; and who deals with credit but has not attended within the policy's
// `credit.training_every_months` (a session can be recorded for them at once).
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useDeferredValue, useState } from 'react';
import type { CreditTraining, TrainingDue } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ErrorState } from '@/components/ErrorState';
import { FormModal } from '@/components/FormModal';
import { PageHeader } from '@/components/PageHeader';
import { PersonSelect, personLabel } from '@/components/PersonSelect';
import { RoleTags } from '@/components/RoleTags';
import { companyToday, DATE_FORMAT, formatDate, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { usePeopleLookup, useRecordTraining, useTrainings, useTrainingsDue, TRAINING_FILTERS, type TrainingFilter } from '../api/trainings';
import { useActiveCreditPolicy } from '../api/policy';
import { attendeeSummary, chosenPeople, monthsBetween, trainingBody, type TrainingValues } from '../lib/training';

const DEFAULT_EVERY_MONTHS = 12;

/** Who to preselect in the form (the people due), with their names. */
interface Preset {
  people: { id: number; name: string }[];
}

export default function CreditTrainingsPage() {
  const { t } = useI18n();
  const list = useListState(TRAINING_FILTERS, { sort: undefined });
  const tab = list.filters.tab === 'due' ? 'due' : 'sessions';
  const canWrite = useCan(PERMISSIONS.creditTrainingWrite);
  const policy = useActiveCreditPolicy();
  const months = policy.data?.training_every_months ?? DEFAULT_EVERY_MONTHS;
  const [recording, setRecording] = useState<Preset | null>(null);

  return (
    <>
      <PageHeader
        title={t('training.title')}
        intro={t('training.intro', { months })}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording({ people: [] })} data-testid="training-new">
              {t('training.record')}
            </Button>
          ) : null
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => list.setFilters({ tab: key === 'due' ? 'due' : undefined, user_id: undefined })}
        items={[
          { key: 'sessions', label: <span data-testid="training-tab-sessions">{t('training.sessions')}</span> },
          { key: 'due', label: <span data-testid="training-tab-due">{t('training.dueTab', { months })}</span> },
        ]}
      />
      {tab === 'due' ? (
        <DueList months={months} canWrite={canWrite} onRecord={(people) => setRecording({ people })} />
      ) : (
        <SessionList list={list} />
      )}
      {recording ? <RecordModal preset={recording} onClose={() => setRecording(null)} /> : null}
    </>
  );
}

function SessionList({ list }: { list: ReturnType<typeof useListState<TrainingFilter>> }) {
  const { t } = useI18n();
  const userId = list.filters.user_id && Number(list.filters.user_id) > 0 ? Number(list.filters.user_id) : undefined;
  const sessions = useTrainings({ page: list.page, page_size: list.pageSize, user_id: userId });
  const none = t('common.none');

  const columns: DataColumns<CreditTraining> = [
    { key: 'held_on', title: t('training.heldOn'), render: (_, s) => <span data-testid="training-held-on">{formatDate(s.held_on)}</span> },
    { key: 'topic', title: t('training.topic'), render: (_, s) => <span data-testid="training-topic">{s.topic}</span> },
    { key: 'trainer', title: t('training.trainer'), render: (_, s) => s.trainer },
    {
      key: 'attendees',
      title: t('training.attendees'),
      render: (_, s) => {
        const { names, more } = attendeeSummary(s.attendees);
        return (
          <span data-testid="training-attendee-count">
            {t('training.attendeeCount', { n: s.attendees.length })}
            <Typography.Text type="secondary">
              {' · '}
              {names.join('、')}
              {more > 0 ? t('training.andMore', { n: more }) : ''}
            </Typography.Text>
          </span>
        );
      },
    },
    { key: 'recorded', title: t('training.recordedBy'), render: (_, s) => `${s.created_by_name ?? none} · ${formatDateTime(s.created_at)}` },
  ];

  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <PersonSelect
          placeholder={t('training.filterPerson')}
          value={userId}
          onChange={(v?: number) => list.setFilters({ user_id: v ? String(v) : undefined })}
          style={{ width: 260 }}
          data-testid="training-filter-person"
        />
      </Space>
      <DataTable<CreditTraining, TrainingFilter>
        rowKey="id"
        columns={columns}
        list={list}
        query={sessions}
        filtered={userId !== undefined}
        testId="training-table"
        expandable={{
          expandedRowRender: (s) => (
            <Space orientation="vertical" size={8} data-testid="training-expanded">
              <Space size={[4, 4]} wrap>
                <Typography.Text strong>{t('training.attendees')}</Typography.Text>
                {s.attendees.map((a) => (
                  <Tag key={a.user_id} data-testid="training-attendee">
                    {a.display_name}
                  </Tag>
                ))}
              </Space>
              <Typography.Text>
                <Typography.Text strong>{t('training.materials')}</Typography.Text>
                {'：'}
                {s.materials || none}
              </Typography.Text>
            </Space>
          ),
        }}
      />
    </>
  );
}

function DueList({ months, canWrite, onRecord }: { months: number; canWrite: boolean; onRecord: (people: Preset['people']) => void }) {
  const { t } = useI18n();
  const due = useTrainingsDue();
  const today = companyToday();
  if (due.isError) return <ErrorState error={due.error} onRetry={() => void due.refetch()} />;
  const rows = due.data ?? [];
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Typography.Text type="secondary">{t('training.dueIntro', { months, n: rows.length })}</Typography.Text>
        {canWrite && rows.length > 0 ? (
          <Button onClick={() => onRecord(rows.map((d) => ({ id: d.user_id, name: d.display_name })))} data-testid="training-record-due">
            {t('training.recordForDue')}
          </Button>
        ) : null}
      </Space>
      <Table<TrainingDue>
        rowKey="user_id"
        size="middle"
        loading={due.isFetching}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        scroll={{ x: 'max-content' }}
        data-testid="training-due-table"
        locale={{ emptyText: t('training.noneDue') }}
        columns={[
          { key: 'name', title: t('training.person'), render: (_, d) => <span data-testid="training-due-name">{d.display_name}</span> },
          { key: 'roles', title: t('training.roles'), render: (_, d) => <RoleTags roles={d.roles} /> },
          {
            key: 'last',
            title: t('training.lastTrained'),
            render: (_, d) =>
              d.last_trained_on ? (
                <span>
                  {formatDate(d.last_trained_on)}
                  <Typography.Text type="secondary">{` · ${t('training.monthsAgo', { n: monthsBetween(d.last_trained_on, today) })}`}</Typography.Text>
                </span>
              ) : (
                <Tag color="error">{t('training.never')}</Tag>
              ),
          },
        ]}
      />
    </>
  );
}

/** 登记培训: date (today by default), topic, trainer, materials and the attendees. */
function RecordModal({ preset, onClose }: { preset: Preset; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const record = useRecordTraining();
  const [form] = Form.useForm<TrainingValues>();
  return (
    <FormModal<TrainingValues>
      open
      title={t('training.recordTitle')}
      form={form}
      width={640}
      initialValues={{ held_on: companyToday(), attendee_ids: preset.people.map((p) => p.id) }}
      onCancel={onClose}
      fieldMessages={{
        'held_on.out_of_range': t('training.notFuture'),
        'attendee_ids.required': t('training.attendeesRequired'),
        'attendee_ids.too_long': t('training.tooManyAttendees'),
      }}
      onSubmit={async (v) => {
        await record.mutateAsync(trainingBody(v));
        message.success(t('training.recorded'));
        onClose();
      }}
      testId="training-modal"
    >
      <Form.Item
        name="held_on"
        label={t('training.heldOn')}
        rules={[{ required: true, message: t('training.heldOnRequired') }]}
        getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
        normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
      >
        <DatePicker style={{ width: 200 }} disabledDate={(d) => d.format(DATE_FORMAT) > companyToday()} data-testid="training-held-on-input" />
      </Form.Item>
      <Form.Item name="topic" label={t('training.topic')} rules={[{ required: true, whitespace: true, message: t('training.topicRequired') }]}>
        <Input maxLength={200} data-testid="training-topic-input" />
      </Form.Item>
      <Form.Item name="trainer" label={t('training.trainer')} rules={[{ required: true, whitespace: true, message: t('training.trainerRequired') }]}>
        <Input maxLength={100} data-testid="training-trainer-input" />
      </Form.Item>
      <Form.Item name="materials" label={t('training.materials')} extra={t('training.materialsHelp')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="training-materials-input" />
      </Form.Item>
      <Form.Item
        name="attendee_ids"
        label={t('training.attendees')}
        rules={[{ required: true, type: 'array', min: 1, message: t('training.attendeesRequired') }]}
      >
        <PeopleSelect initial={preset.people} />
      </Form.Item>
    </FormModal>
  );
}

/** A multiple choice of people searched by name (GET /users/lookup); chosen ones keep their names. */
function PeopleSelect({
  id,
  value,
  onChange,
  initial,
}: {
  /** Given by the form item, so its label names the field. */
  id?: string;
  value?: number[];
  onChange?: (v: number[]) => void;
  initial: Preset['people'];
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const people = usePeopleLookup(q);
  const [known, setKnown] = useState<ReadonlyMap<number, string>>(() => new Map(initial.map((p) => [p.id, p.name])));
  const found = (people.data ?? []).map((u) => ({ value: u.id, label: personLabel(u) }));
  const chosen = value ?? [];
  return (
    <>
      <Select<{ value: number; label: string }[]>
        id={id}
        mode="multiple"
        labelInValue
        value={chosenPeople(chosen, known)}
        onChange={(v) => {
          // The names of those picked, for when a later search no longer returns them.
          const next = new Map(known);
          for (const o of v) if (typeof o.label === 'string') next.set(o.value, o.label);
          setKnown(next);
          onChange?.(v.map((o) => o.value));
          setSearch('');
        }}
        showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
        loading={people.isFetching}
        options={found}
        placeholder={t('training.attendeesPlaceholder')}
        maxTagCount={30}
        data-testid="training-attendees-input"
      />
      {chosen.length > 0 ? (
        <Typography.Text type="secondary" data-testid="training-attendees-chosen">
          {t('training.attendeeCount', { n: chosen.length })}
        </Typography.Text>
      ) : null}
    </>
  );
}
