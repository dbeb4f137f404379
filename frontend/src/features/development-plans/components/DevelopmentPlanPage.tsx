// 新客户开发计划 /development-plans/:id (and /development-plans/new): the period, the office and
// the prospect lines (name, reason, target date, owner). The office director edits a draft and
// submits it to the business department; the business department writes its comment. Each step
// notifies the other side. A plan of another office is a 404.
import { DeleteOutlined, PlusOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Flex, Form, Input, Popconfirm, Row, Space, Table, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { DevelopmentPlan, Prospect } from '@/api/types';
import { personLabel, PersonSelect } from '@/components/PersonSelect';
import { BackLink, RecordTitle } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';
import { ForbiddenPage } from '@/components/StatusPages';
import { isApiError } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { errorMessage, fieldErrorMessage } from '@/lib/errors';
import { DATE_FORMAT, formatDate, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';
import { useCommentPlan, useCreatePlan, useOfficePeople, usePlan, useSubmitPlan, useUpdatePlan } from '../api/development-plans';
import { canCommentPlans, canEditPlan, fromProspects, planFormErrors, toProspects, type PlanFormValues } from '../lib/plans';
import { PlanStatusTag } from './PlanTags';

export default function DevelopmentPlanPage() {
  const { id } = useParams();
  const { t } = useI18n();
  if (id === 'new') return <NewPlan />;
  return (
    <RecordLoader id={id} useRecord={usePlan} notFound={t('plans.notFound')}>
      {(plan) => <PlanView plan={plan} />}
    </RecordLoader>
  );
}

function PlansBackLink() {
  const { t } = useI18n();
  return (
    <BackLink to="/development-plans" testId="plan-back">
      {t('plans.back')}
    </BackLink>
  );
}

type SetFields = Parameters<FormInstance<PlanFormValues>['setFields']>[0];

/** Messages for `<field>.<code>` that say more than the code's generic one. */
function usePlanMessages(): Partial<Record<string, string>> {
  const { t } = useI18n();
  return useMemo(
    () => ({
      'period.duplicate': t('plans.periodTaken'),
      'period.invalid': t('plans.periodInvalid'),
      'items.required': t('plans.itemsRequired'),
      'items.name.required': t('plans.nameRequired'),
      'items.reason.required': t('plans.reasonRequired'),
      'status.invalid': t('plans.notDraft'),
      'office_id.invalid': t('plans.noOffice'),
    }),
    [t],
  );
}

/** Puts an API error's field messages on the form and returns the rest for above it. */
function useShowErrors(form: FormInstance<PlanFormValues>) {
  const { lang } = useI18n();
  const messages = usePlanMessages();
  return (e: unknown): string | null => {
    const lines = (form.getFieldValue('items') as unknown[] | undefined)?.length ?? 0;
    const { fields, general } = planFormErrors(lang, e, lines, messages);
    form.setFields(fields as SetFields);
    return general;
  };
}

function NewPlan() {
  const { t } = useI18n();
  const me = useUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanFormValues>();
  const create = useCreatePlan();
  const showErrors = useShowErrors(form);
  const people = usePeopleNames(me.office?.id);
  const [error, setError] = useState<string | null>(null);
  if (!hasPermission(me.permissions, PERMISSIONS.developmentPlansWrite)) return <ForbiddenPage />;

  const save = async () => {
    let values: PlanFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    try {
      const plan = await create.mutateAsync({ period: (values.period ?? '').trim(), items: toProspects(values.items) });
      message.success(t('plans.created'));
      navigate(`/development-plans/${plan.id}`, { replace: true });
    } catch (e) {
      setError(showErrors(e));
    }
  };

  return (
    <>
      <PlansBackLink />
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('plans.newTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('plans.newIntro', { office: me.office?.name ?? t('plans.noOfficeName') })}</Typography.Paragraph>
      {!me.office ? <Alert type="warning" showIcon title={t('plans.noOffice')} style={{ marginBottom: 16 }} /> : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="plan-error" /> : null}
      <Form<PlanFormValues>
        form={form}
        layout="vertical"
        autoComplete="off"
        initialValues={{ period: String(dayjs().year() + 1), items: [{}] }}
        data-testid="plan-form"
      >
        <Form.Item
          name="period"
          label={t('plans.period')}
          extra={t('plans.periodHelp')}
          rules={[
            { required: true, whitespace: true, message: t('plans.periodRequired') },
            { max: 20, message: t('plans.periodInvalid') },
          ]}
          style={{ maxWidth: 320 }}
        >
          <Input placeholder="2027 / 2027-H1 / 2027-Q1" />
        </Form.Item>
        <ProspectLines officeId={me.office?.id} people={people} />
      </Form>
      <Flex gap={8} style={{ marginTop: 16 }}>
        <Button type="primary" icon={<SaveOutlined />} loading={create.isPending} disabled={!me.office} onClick={() => void save()} data-testid="plan-save">
          {t('plans.saveDraft')}
        </Button>
      </Flex>
    </>
  );
}

/** id → how to name a person, from the lookup of the plan's office. */
function usePeopleNames(officeId: number | undefined): Map<number, string> {
  const people = useOfficePeople(officeId);
  return useMemo(() => new Map((people.data ?? []).map((u) => [u.id, personLabel(u)])), [people.data]);
}

function PlanView({ plan }: { plan: DevelopmentPlan }) {
  const { t } = useI18n();
  const me = useUser();
  const { message } = App.useApp();
  const [form] = Form.useForm<PlanFormValues>();
  const update = useUpdatePlan();
  const submit = useSubmitPlan();
  const showErrors = useShowErrors(form);
  const people = usePeopleNames(plan.office_id);
  const editable = canEditPlan(me.permissions, plan.status);
  // The version the form's lines were loaded from: a save with an older one is refused (409).
  const [baseVersion, setBaseVersion] = useState(plan.version);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<ReactNode>(null);
  const stale = baseVersion !== plan.version && !update.isPending;
  const none = t('common.none');

  const reload = () => {
    // Clears the fields' errors too.
    form.resetFields();
    form.setFieldsValue({ items: fromProspects(plan.items) });
    setBaseVersion(plan.version);
    setDirty(false);
    setError(null);
  };

  const fail = (e: unknown) => {
    const general = showErrors(e);
    const conflict = isApiError(e) && e.code === 'conflict.stale_version';
    setError(
      general ? (
        <Space size={8} wrap>
          <span>{general}</span>
          {conflict ? (
            <Button size="small" onClick={reload} data-testid="plan-reload">
              {t('plans.reload')}
            </Button>
          ) : null}
        </Space>
      ) : null,
    );
  };

  /** Saves the lines; resolves to the saved plan, or null when nothing was saved. */
  const save = async (): Promise<DevelopmentPlan | null> => {
    let values: PlanFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return null;
    }
    setError(null);
    try {
      const saved = await update.mutateAsync({ id: plan.id, body: { version: baseVersion, items: toProspects(values.items) } });
      form.setFieldsValue({ items: fromProspects(saved.items) });
      setBaseVersion(saved.version);
      setDirty(false);
      return saved;
    } catch (e) {
      fail(e);
      return null;
    }
  };

  const onSave = async () => {
    if (await save()) message.success(t('plans.saved'));
  };

  // Unsaved changes are saved first, so what is submitted is what the user sees.
  const onSubmit = async () => {
    const current = dirty ? await save() : plan;
    if (!current) return;
    setError(null);
    try {
      await submit.mutateAsync(current.id);
      message.success(t('plans.submitted'));
    } catch (e) {
      fail(e);
    }
  };

  return (
    <>
      <PlansBackLink />
      <RecordTitle title={t('plans.title', { period: plan.period })} testId="plan-title" tags={<PlanStatusTag status={plan.status} />}>
        {editable ? (
          <Space>
            <Button icon={<SaveOutlined />} loading={update.isPending} disabled={!dirty} onClick={() => void onSave()} data-testid="plan-save">
              {t('common.save')}
            </Button>
            <Popconfirm
              title={t('plans.submitConfirm')}
              description={dirty ? t('plans.submitSavesFirst') : t('plans.submitHint')}
              okText={t('plans.submit')}
              cancelText={t('common.cancel')}
              onConfirm={() => void onSubmit()}
            >
              <Button type="primary" icon={<SendOutlined />} loading={submit.isPending} data-testid="plan-submit">
                {t('plans.submit')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null}
      </RecordTitle>

      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 24 }}
        data-testid="plan-details"
        items={[
          { key: 'office', label: t('plans.office'), children: plan.office_name ?? none },
          { key: 'period', label: t('plans.period'), children: plan.period },
          { key: 'status', label: t('plans.status'), children: <PlanStatusTag status={plan.status} /> },
          { key: 'submitted', label: t('plans.submittedAt'), children: formatDateTime(plan.submitted_at) },
          { key: 'commented', label: t('plans.commentedAt'), children: formatDateTime(plan.commented_at) },
          { key: 'updated', label: t('plans.updatedAt'), children: formatDateTime(plan.updated_at) },
        ]}
      />

      {stale && editable ? (
        <Alert
          type="warning"
          showIcon
          title={t('plans.changedMeanwhile')}
          action={
            <Button size="small" onClick={reload} data-testid="plan-reload">
              {t('plans.reload')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="plan-error" /> : null}

      <Card size="small" title={t('plans.prospects')} style={{ marginBottom: 24 }}>
        {editable ? (
          <Form<PlanFormValues>
            form={form}
            layout="vertical"
            autoComplete="off"
            initialValues={{ items: fromProspects(plan.items) }}
            onValuesChange={() => setDirty(true)}
            data-testid="plan-form"
          >
            <ProspectLines officeId={plan.office_id} people={people} />
          </Form>
        ) : (
          <ProspectTable items={plan.items} people={people} />
        )}
      </Card>

      <PlanComment plan={plan} canComment={canCommentPlans(me)} />
    </>
  );
}

/** The editable lines of a plan: name, target date, owner, reason; add and remove. */
function ProspectLines({ officeId, people }: { officeId: number | undefined; people: Map<number, string> }) {
  const { t } = useI18n();
  return (
    <Form.List name="items">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, index) => (
            <Card
              key={field.key}
              size="small"
              type="inner"
              title={t('plans.line', { n: index + 1 })}
              style={{ marginBottom: 12 }}
              data-testid="plan-line"
              extra={
                fields.length > 1 ? (
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} onClick={() => remove(field.name)} data-testid="plan-line-remove">
                    {t('plans.removeLine')}
                  </Button>
                ) : null
              }
            >
              <Row gutter={16}>
                <Col xs={24} md={9}>
                  <Form.Item
                    name={[field.name, 'name']}
                    label={t('plans.prospectName')}
                    rules={[{ required: true, whitespace: true, message: t('plans.nameRequired') }]}
                  >
                    <Input maxLength={200} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item
                    name={[field.name, 'target_date']}
                    label={t('plans.targetDate')}
                    rules={[{ required: true, message: t('plans.targetDateRequired') }]}
                    getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
                    normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
                  >
                    <DatePicker style={{ width: '100%' }} />
                  </Form.Item>
                </Col>
                <Col xs={24} md={9}>
                  <OwnerItem name={field.name} officeId={officeId} people={people} />
                </Col>
              </Row>
              <Form.Item
                name={[field.name, 'reason']}
                label={t('plans.reason')}
                rules={[{ required: true, whitespace: true, message: t('plans.reasonRequired') }]}
                style={{ marginBottom: 0 }}
              >
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} />
              </Form.Item>
            </Card>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block data-testid="plan-line-add">
            {t('plans.addLine')}
          </Button>
        </>
      )}
    </Form.List>
  );
}

function OwnerItem({ name, officeId, people }: { name: number; officeId: number | undefined; people: Map<number, string> }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<PlanFormValues>();
  const owner = Form.useWatch(['items', name, 'owner_user_id'], form) as number | null | undefined;
  return (
    <Form.Item name={[name, 'owner_user_id']} label={t('plans.owner')} extra={t('plans.ownerHelp')}>
      <PersonSelect
        officeId={officeId}
        placeholder={t('plans.ownerPlaceholder')}
        currentLabel={owner !== null && owner !== undefined ? (people.get(owner) ?? t('plans.userRef', { id: owner })) : null}
        data-testid="plan-line-owner"
      />
    </Form.Item>
  );
}

/** A submitted plan's lines. */
function ProspectTable({ items, people }: { items: Prospect[]; people: Map<number, string> }) {
  const { t } = useI18n();
  const none = t('common.none');
  return (
    <Table<Prospect>
      rowKey={(_, i) => String(i)}
      size="small"
      pagination={false}
      dataSource={items}
      scroll={{ x: 'max-content' }}
      data-testid="plan-prospects"
      columns={[
        { key: 'n', title: '#', width: 48, render: (_, __, i) => i + 1 },
        { key: 'name', title: t('plans.prospectName'), dataIndex: 'name' },
        { key: 'reason', title: t('plans.reason'), render: (_, p) => <span style={{ whiteSpace: 'pre-wrap' }}>{p.reason}</span> },
        { key: 'target_date', title: t('plans.targetDate'), render: (_, p) => formatDate(p.target_date) },
        {
          key: 'owner',
          title: t('plans.owner'),
          render: (_, p) =>
            p.owner_user_id !== null && p.owner_user_id !== undefined
              ? (people.get(p.owner_user_id) ?? t('plans.userRef', { id: p.owner_user_id }))
              : none,
        },
      ]}
    />
  );
}

/** The business department's comment: shown to everyone, written by the business department. */
function PlanComment({ plan, canComment }: { plan: DevelopmentPlan; canComment: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const comment = useCommentPlan();
  const [text, setText] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const messages = usePlanMessages();
  const open = plan.status !== 'draft';

  const send = () => {
    if (!text.trim()) {
      setFieldError(t('plans.commentRequired'));
      return;
    }
    setFieldError(null);
    setError(null);
    comment.mutate(
      { id: plan.id, comment: text.trim() },
      {
        onSuccess: () => {
          setText('');
          message.success(t('plans.commentSent'));
        },
        onError: (e) => {
          const fe = isApiError(e) ? e.fieldErrors.find((f) => f.field === 'comment') : undefined;
          if (fe) setFieldError(fe.code === 'required' ? t('plans.commentRequired') : fieldErrorMessage(lang, fe.code, fe.message));
          else {
            const status = isApiError(e) ? e.fieldErrors.find((f) => f.field === 'status') : undefined;
            setError(status ? (messages[`status.${status.code}`] ?? errorMessage(lang, e)) : errorMessage(lang, e));
          }
        },
      },
    );
  };

  return (
    <Card size="small" title={t('plans.comment')} data-testid="plan-comment">
      {plan.comment ? (
        <div style={{ marginBottom: canComment && open ? 16 : 0 }}>
          <div style={{ whiteSpace: 'pre-wrap' }} data-testid="plan-comment-text">
            {plan.comment}
          </div>
          <Typography.Text type="secondary">{t('plans.commentedOn', { at: formatDateTime(plan.commented_at) })}</Typography.Text>
        </div>
      ) : (
        <Typography.Paragraph type="secondary" style={{ marginBottom: canComment && open ? 16 : 0 }}>
          {open ? t('plans.noComment') : t('plans.commentAfterSubmit')}
        </Typography.Paragraph>
      )}
      {canComment && open ? (
        <>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
          <Input.TextArea
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              if (fieldError) setFieldError(null);
            }}
            status={fieldError ? 'error' : undefined}
            placeholder={t('plans.commentPlaceholder')}
            aria-label={t('plans.comment')}
            maxLength={2000}
            autoSize={{ minRows: 3, maxRows: 8 }}
            data-testid="plan-comment-input"
          />
          {fieldError ? <Typography.Text type="danger">{fieldError}</Typography.Text> : null}
          <Flex gap={8} style={{ marginTop: 12 }}>
            <Button type="primary" icon={<SendOutlined />} loading={comment.isPending} onClick={send} data-testid="plan-comment-send">
              {plan.comment ? t('plans.commentUpdate') : t('plans.commentSend')}
            </Button>
          </Flex>
        </>
      ) : null}
    </Card>
  );
}
