// 管理办法参数 /policies/:id — one version: its status, effective date and whether it is in force,
// the document as the measures' tables, and what it changes against the version it is based on
// (what the VP and the GM read before deciding). The business manager edits a draft here (every
// parameter; the server's problems shown at the parameter they name), saves it with the version
// read (a 409 offers to reload), submits it to the VP (422 errors by field) or withdraws it.
import { ExperimentOutlined, PlusOutlined, RollbackOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Form, Popconfirm, Space, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { PolicyDocument, PolicyVersion } from '@/api/types';
import { isApiError, type FieldProblem } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { errorMessage } from '@/lib/errors';
import { companyToday, formatDate, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { canOpen } from '@/lib/permissions';
import { usePolicy, useSimulatePolicy, useSubmitPolicy, useUpdatePolicy, useWithdrawPolicy } from '../api/policies';
import {
  allProblemFields,
  errorProblems,
  fromEditor,
  generalError,
  listLengths,
  placeProblems,
  toEditor,
  type EditorValues,
  type PlacedProblems,
} from '../lib/editor';
import { canDraft, canEdit, canSimulate, canWithdraw, inForceState, simulationPath } from '../lib/versions';
import { NewDraftModal } from './NewDraftModal';
import { PolicyChanges } from './PolicyChanges';
import { PolicyDocumentView } from './PolicyDocumentView';
import { PolicyEditor } from './PolicyEditor';
import { InForceTag, PolicyStatusTag } from './PolicyTags';
import { BackLink, RecordTitle } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';

export default function PolicyPage() {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <RecordLoader id={id} useRecord={usePolicy} notFound={t('policy.notFound')}>
      {/* A new id (another version opened from a link) starts a fresh editor. */}
      {(policy) => <PolicyView key={policy.id} policy={policy} />}
    </RecordLoader>
  );
}

function toValues(v: PolicyVersion): EditorValues | null {
  return v.document ? { effective_from: v.effective_from ?? null, note: v.note, document: toEditor(v.document) } : null;
}

type Tab = 'edit' | 'document' | 'changes';

function PolicyView({ policy }: { policy: PolicyVersion }) {
  const tr = useI18n();
  const { t, lang } = tr;
  const me = useUser();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<EditorValues>();
  const update = useUpdatePolicy();
  const submit = useSubmitPolicy();
  const withdraw = useWithdrawPolicy();
  const simulate = useSimulatePolicy();
  const navigate = useNavigate();
  const basedOn = usePolicyNumber(policy.based_on ?? null);
  const editable = canEdit(me.permissions, policy.status) && policy.document !== null && policy.document !== undefined;
  // The version the form was loaded from: a save with an older one is refused (409).
  const [baseVersion, setBaseVersion] = useState(policy.version);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<ReactNode>(null);
  const [problems, setProblems] = useState<PlacedProblems['list']>([]);
  const [creating, setCreating] = useState(false);
  const [initialValues] = useState(() => toValues(policy));
  const stale = editable && baseVersion !== policy.version && !update.isPending && !submit.isPending && !withdraw.isPending;
  const changes = policy.changes ?? [];
  const none = t('common.none');

  /** Shows these problems at their parameters (and in the list above), replacing the previous ones. */
  const showProblems = useCallback(
    (list: readonly FieldProblem[], doc: PolicyDocument | null | undefined) => {
      const lengths = listLengths(form.getFieldValue('document') as EditorValues['document'] | undefined);
      const placed = placeProblems(list, doc, lengths, tr);
      const fields = [...allProblemFields(lengths).map((name) => ({ name, errors: [] as string[] })), ...placed.fields];
      form.setFields(fields as unknown as Parameters<typeof form.setFields>[0]);
      setProblems(placed.list);
    },
    [form, tr],
  );

  // The problems of the draft as loaded.
  const shown = useRef(false);
  useEffect(() => {
    if (!editable || shown.current) return;
    shown.current = true;
    showProblems(policy.problems ?? [], policy.document);
  }, [editable, policy.problems, policy.document, showProblems]);

  const reload = () => {
    const values = toValues(policy);
    form.resetFields();
    if (values) form.setFieldsValue(values);
    setBaseVersion(policy.version);
    setDirty(false);
    setError(null);
    showProblems(policy.problems ?? [], policy.document);
  };

  const fail = (e: unknown) => {
    const fieldProblems = errorProblems(e);
    if (fieldProblems.length > 0) showProblems(fieldProblems, policy.document);
    const conflict = isApiError(e) && e.code === 'conflict.stale_version';
    setError(
      <Space size={8} wrap>
        <span>{fieldProblems.length > 0 ? generalError(e, tr) : errorMessage(lang, e)}</span>
        {conflict ? (
          <Button size="small" onClick={reload} data-testid="policy-reload">
            {t('policy.reload')}
          </Button>
        ) : null}
      </Space>,
    );
  };

  /** Saves the form; resolves to the saved version, or null when nothing was saved. */
  const save = async (): Promise<PolicyVersion | null> => {
    try {
      await form.validateFields();
    } catch {
      return null;
    }
    // Every value of the form, also those no input edits (a tier's category and grade).
    const values = form.getFieldsValue(true) as EditorValues;
    setError(null);
    try {
      const saved = await update.mutateAsync({
        id: policy.id,
        body: {
          version: baseVersion,
          document: fromEditor(values.document),
          effective_from: values.effective_from ?? null,
          note: (values.note ?? '').trim(),
        },
      });
      setBaseVersion(saved.version);
      setDirty(false);
      showProblems(saved.problems ?? [], saved.document);
      return saved;
    } catch (e) {
      fail(e);
      return null;
    }
  };

  const onSave = async () => {
    const saved = await save();
    if (!saved) return;
    const count = saved.problems?.length ?? 0;
    if (count > 0) message.warning(t('policy.savedWithProblems', { count }));
    else message.success(t('policy.saved'));
  };

  // Unsaved changes are saved first, so what is submitted is what the user sees.
  const onSubmit = async () => {
    const version = dirty ? (await save())?.version : baseVersion;
    if (version === undefined) return;
    setError(null);
    try {
      await submit.mutateAsync({ id: policy.id, version });
      message.success(t('policy.submitted'));
    } catch (e) {
      fail(e);
    }
  };

  const onWithdraw = async () => {
    setError(null);
    try {
      await withdraw.mutateAsync({ id: policy.id, version: editable ? baseVersion : policy.version });
      message.success(t('policy.withdrawn'));
    } catch (e) {
      fail(e);
    }
  };

  const tabs: { key: Tab; label: ReactNode; children: ReactNode }[] = [];
  if (editable && initialValues) {
    tabs.push({
      key: 'edit',
      label: <span data-testid="policy-tab-edit">{t('policy.tab.edit')}</span>,
      children: <PolicyEditor form={form} initialValues={initialValues} onChange={() => setDirty(true)} problems={problems} dirty={dirty} />,
    });
  }
  if (policy.document) {
    tabs.push({
      key: 'document',
      label: <span data-testid="policy-tab-document">{t('policy.tab.document')}</span>,
      children: <PolicyDocumentView document={policy.document} />,
    });
  }
  tabs.push({
    key: 'changes',
    label: <span data-testid="policy-tab-changes">{t('policy.tab.changes', { count: changes.length })}</span>,
    children: <PolicyChanges changes={changes} document={policy.document} basedOnNumber={basedOn} hasBase={policy.based_on !== null && policy.based_on !== undefined} />,
  });
  // A draft opens on its editor; a version with changes on the changes (what deciders read); else the document.
  const defaultTab: Tab = editable ? 'edit' : changes.length > 0 ? 'changes' : 'document';
  const asked = params.get('tab') as Tab | null;
  const tab = asked && tabs.some((x) => x.key === asked) ? asked : defaultTab;

  return (
    <>
      <BackLink to="/policies" testId="policy-back">
        {t('policy.back')}
      </BackLink>
      <RecordTitle
        title={t('policy.title', { number: policy.number })}
        testId="policy-title"
        tags={
          <>
            <PolicyStatusTag status={policy.status} />
            <InForceTag version={policy} />
            {editable && dirty ? <Typography.Text type="warning">{t('policy.unsaved')}</Typography.Text> : null}
          </>
        }
      >
        <Space wrap>
          {editable ? (
            <>
              <Button icon={<SaveOutlined />} loading={update.isPending} disabled={!dirty} onClick={() => void onSave()} data-testid="policy-save">
                {t('policy.save')}
              </Button>
              <Popconfirm
                title={t('policy.submitConfirm')}
                description={<div style={{ maxWidth: 320 }}>{dirty ? t('policy.submitSavesFirst') : t('policy.submitHint')}</div>}
                okText={t('policy.submit')}
                cancelText={t('common.cancel')}
                onConfirm={() => void onSubmit()}
              >
                <Button type="primary" icon={<SendOutlined />} loading={submit.isPending} data-testid="policy-submit">
                  {t('policy.submit')}
                </Button>
              </Popconfirm>
            </>
          ) : null}
          {canSimulate(me.permissions, policy.status) ? (
            <Popconfirm
              title={t('policy.simulateConfirm')}
              description={<div style={{ maxWidth: 320 }}>{editable && dirty ? t('policy.simulateUnsaved') : t('policy.simulateHint')}</div>}
              okText={t('policy.simulate')}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                simulate.mutate(policy.id, {
                  onSuccess: (run) => {
                    message.success(t('policy.simulating'));
                    navigate(simulationPath(run.id));
                  },
                  onError: (e) => setError(errorMessage(lang, e)),
                })
              }
            >
              <Button icon={<ExperimentOutlined />} loading={simulate.isPending} data-testid="policy-simulate">
                {t('policy.simulate')}
              </Button>
            </Popconfirm>
          ) : null}
          {canWithdraw(me.permissions, policy.status) ? (
            <Popconfirm
              title={t('policy.withdrawConfirm')}
              description={<div style={{ maxWidth: 320 }}>{t('policy.withdrawHint')}</div>}
              okText={t('policy.withdraw')}
              cancelText={t('common.cancel')}
              onConfirm={() => void onWithdraw()}
            >
              <Button danger icon={<RollbackOutlined />} loading={withdraw.isPending} data-testid="policy-withdraw">
                {t('policy.withdraw')}
              </Button>
            </Popconfirm>
          ) : null}
          {policy.active && canDraft(me.permissions) ? (
            <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="policy-create">
              {t('policy.newDraft')}
            </Button>
          ) : null}
        </Space>
      </RecordTitle>

      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        style={{ marginBottom: 16 }}
        data-testid="policy-details"
        items={[
          { key: 'status', label: t('policy.status'), children: <PolicyStatusTag status={policy.status} /> },
          { key: 'effective', label: t('policy.effectiveFrom'), children: <span data-testid="policy-effective">{formatDate(policy.effective_from)}</span> },
          {
            key: 'inForce',
            label: t('policy.inForce'),
            children: inForceState(policy, companyToday()) ? <InForceTag version={policy} /> : none,
          },
          {
            key: 'createdBy',
            label: t('policy.createdBy'),
            children: policy.created_by_name ?? (policy.created_by ? none : t('policy.system')),
          },
          { key: 'created', label: t('policy.createdAt'), children: formatDateTime(policy.created_at) },
          {
            key: 'basedOn',
            label: t('policy.basedOn'),
            children:
              policy.based_on !== null && policy.based_on !== undefined ? (
                <Link to={`/policies/${policy.based_on}`} data-testid="policy-based-on">
                  {basedOn !== null ? t('policy.numberText', { number: basedOn }) : `#${policy.based_on}`}
                </Link>
              ) : (
                none
              ),
          },
          { key: 'submitted', label: t('policy.submittedAt'), children: formatDateTime(policy.submitted_at) },
          { key: 'approved', label: t('policy.approvedAt'), children: formatDateTime(policy.approved_at) },
          {
            key: 'approval',
            label: t('policy.approval'),
            children:
              policy.approval_id !== null && policy.approval_id !== undefined && canOpen(me.permissions, 'approvals') ? (
                <Link to={`/approvals/${policy.approval_id}`} data-testid="policy-approval">
                  {t('policy.openApproval')}
                </Link>
              ) : (
                none
              ),
          },
          {
            key: 'note',
            label: t('policy.note'),
            span: 'filled',
            children: <span style={{ whiteSpace: 'pre-wrap' }}>{policy.note || none}</span>,
          },
        ]}
      />

      {stale ? (
        <Alert
          type="warning"
          showIcon
          title={t('policy.changedMeanwhile')}
          action={
            <Button size="small" onClick={reload} data-testid="policy-reload">
              {t('policy.reload')}
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="policy-error" /> : null}

      <Tabs
        activeKey={tab}
        onChange={(key) =>
          setParams(
            (prev) => {
              const next = new URLSearchParams(prev);
              if (key === defaultTab) next.delete('tab');
              else next.set('tab', key);
              return next;
            },
            { replace: true },
          )
        }
        items={tabs}
      />
      {creating ? <NewDraftModal open onClose={() => setCreating(false)} /> : null}
    </>
  );
}

/** The number of the version a draft is based on (its page is cached for the link). */
function usePolicyNumber(id: number | null): number | null {
  const based = usePolicyOrNull(id);
  return based?.number ?? null;
}

function usePolicyOrNull(id: number | null): PolicyVersion | undefined {
  // usePolicy needs an id; 0 is never a version and the query stays disabled below.
  const q = usePolicy(id ?? 0, id !== null);
  return q.data;
}
