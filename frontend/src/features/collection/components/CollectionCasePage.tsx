// A collection case (/collection/cases/:id): the customer, holder, status; the planning
// department (`can_work`) takes it, writes the debt analysis (欠款分析) and the recovery method,
// records actions with their cost and closes it with an outcome; the receivables it carries,
// each with 提议核销 (`can_propose_write_off`: planning, finance) while it has a balance and no
// proposal awaits the GM — amount, reason and evidence from the customer's files; the case's
// write-offs with their status and approval.
import { CheckSquareOutlined, FileAddOutlined, UserAddOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, DatePicker, Descriptions, Empty, Form, Input, Select, Space, Table, Timeline, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  CASE_OUTCOMES,
  RECOVERY_METHODS,
  type CaseOutcome,
  type CollectionCaseDetail,
  type CollectionItem,
  type RecoveryMethod,
  type WriteOff,
} from '@/api/types';
import { useCan } from '@/components/Can';
import { FormModal } from '@/components/FormModal';
import { BackLink, RecordTitle } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';
import { YuanItem } from '@/components/YuanItem';
import { ACCEPTED_FILES } from '@/lib/attachments';
import { errorMessage, formErrors } from '@/lib/errors';
import { companyToday, DATE_FORMAT, formatDate, formatDateTime, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { fenToYuanInput, yuanToFen } from '@/lib/money';
import { PERMISSIONS } from '@/lib/permissions';
import { useCase, useCaseAction, useCloseCase, useCustomerFiles, useProposeWriteOff, useTakeCase, useUpdateCase, useUploadEvidence } from '../api/collection';
import { canTake, writeOffCandidates } from '../lib/collection';
import { CaseStatusTag, CustomerLink, ItemsTable, WriteOffStatusTag } from './parts';

export default function CollectionCasePage() {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <RecordLoader id={id} useRecord={useCase} notFound={t('collection.case.notFound')}>
      {(detail) => <CaseView detail={detail} />}
    </RecordLoader>
  );
}

function CaseView({ detail }: { detail: CollectionCaseDetail }) {
  const { t, td, lang } = useI18n();
  const { message } = App.useApp();
  const c = detail.case;
  const take = useTakeCase(c.id);
  const [modal, setModal] = useState<'action' | 'close' | null>(null);
  const [proposing, setProposing] = useState<{ item: CollectionItem; max: number } | null>(null);
  const candidates = writeOffCandidates(detail.items, detail.write_offs);
  const open = c.status === 'open';
  const none = t('common.none');

  return (
    <>
      <BackLink to="/collection/cases" testId="case-back">
        {t('collection.cases.back')}
      </BackLink>
      <RecordTitle title={t('collection.case.title', { customer: c.customer_name })} testId="case-title" tags={<CaseStatusTag status={c.status} />}>
        <Space wrap>
          {canTake(detail) ? (
            <Button
              type="primary"
              icon={<UserAddOutlined />}
              loading={take.isPending}
              onClick={() =>
                take.mutate(undefined, {
                  onSuccess: () => message.success(t('collection.case.taken')),
                  onError: (e) => message.error(errorMessage(lang, e)),
                })
              }
              data-testid="case-take"
            >
              {t('collection.case.take')}
            </Button>
          ) : null}
          {detail.can_work && open ? (
            <>
              <Button icon={<FileAddOutlined />} onClick={() => setModal('action')} data-testid="case-record-action">
                {t('collection.case.recordAction')}
              </Button>
              <Button icon={<CheckSquareOutlined />} onClick={() => setModal('close')} data-testid="case-close">
                {t('collection.case.close')}
              </Button>
            </>
          ) : null}
        </Space>
      </RecordTitle>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 24 }}
        data-testid="case-details"
        items={[
          { key: 'customer', label: t('collection.customer'), children: <CustomerLink id={c.customer_id} code={c.customer_code} name={c.customer_name} /> },
          { key: 'office', label: t('collection.office'), children: `${c.office_name ?? none} · ${c.owner_name ?? none}` },
          { key: 'opened', label: t('collection.openedOn'), children: formatDate(c.opened_on) },
          {
            key: 'assigned',
            label: t('collection.case.assigned'),
            children: <span data-testid="case-assigned">{c.assigned_name ?? t('collection.case.unassigned')}</span>,
          },
          { key: 'open', label: t('collection.openAmount'), children: <span data-testid="case-open-fen">{formatFen(c.open_fen)}</span> },
          { key: 'cost', label: t('collection.case.cost'), children: <span data-testid="case-cost">{formatFen(c.cost_fen)}</span> },
          ...(c.status === 'closed'
            ? [
                { key: 'closed', label: t('collection.closedOn'), children: c.closed_on ? formatDate(c.closed_on) : none },
                { key: 'outcome', label: t('collection.case.outcome'), children: c.outcome ? td(`collection.outcome.${c.outcome}`, c.outcome) : none },
                { key: 'outcomeNote', label: t('collection.note'), children: c.outcome_note || none },
              ]
            : []),
        ]}
      />

      <AnalysisCard detail={detail} />

      <Card size="small" title={t('collection.receivables')} style={{ marginBottom: 24 }}>
        <ItemsTable
          items={detail.items}
          testId="case-items"
          action={
            detail.can_propose_write_off
              ? (i) => {
                  const max = candidates.get(i.receivable_id);
                  return max !== undefined ? (
                    <Button type="link" size="small" onClick={() => setProposing({ item: i, max })} data-testid="case-propose-write-off">
                      {t('collection.writeOff.propose')}
                    </Button>
                  ) : null;
                }
              : undefined
          }
        />
      </Card>

      <Card size="small" title={t('collection.case.actions')} style={{ marginBottom: 24 }}>
        {detail.actions.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('collection.noActions')} />
        ) : (
          <Timeline
            data-testid="case-actions"
            items={detail.actions.map((a) => ({
              key: a.id,
              content: (
                <div data-testid="case-action">
                  <Space size={8} wrap>
                    <Typography.Text strong>{td(`collection.method.${a.method}`, a.method)}</Typography.Text>
                    <span>{formatDate(a.done_on)}</span>
                    {a.cost_fen > 0 ? <span>{t('collection.case.costOf', { amount: formatFen(a.cost_fen) })}</span> : null}
                    <Typography.Text type="secondary">{a.created_by_name ?? none}</Typography.Text>
                  </Space>
                  <div style={{ whiteSpace: 'pre-wrap', marginTop: 4 }}>{a.note}</div>
                </div>
              ),
            }))}
          />
        )}
      </Card>

      <Card size="small" title={t('collection.writeOff.ofCase')}>
        <WriteOffsTable rows={detail.write_offs} testId="case-write-offs" />
      </Card>

      {modal === 'action' ? <CaseActionModal detail={detail} onClose={() => setModal(null)} /> : null}
      {modal === 'close' ? <CloseModal detail={detail} onClose={() => setModal(null)} /> : null}
      {proposing ? <WriteOffModal detail={detail} item={proposing.item} max={proposing.max} onClose={() => setProposing(null)} /> : null}
    </>
  );
}

/** 欠款分析 and 追收方式: edited in place by the planning department while the case is open. */
function AnalysisCard({ detail }: { detail: CollectionCaseDetail }) {
  const { t, td, lang } = useI18n();
  const { message } = App.useApp();
  const c = detail.case;
  const update = useUpdateCase(c.id);
  const [form] = Form.useForm<{ analysis: string; method: RecoveryMethod | null }>();
  const [general, setGeneral] = useState<string | null>(null);
  const editable = detail.can_work && c.status === 'open';
  const none = t('common.none');

  if (!editable) {
    return (
      <Card size="small" title={t('collection.case.analysis')} style={{ marginBottom: 24 }} data-testid="case-analysis">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.analysis || none}</Typography.Paragraph>
        <Typography.Text>{t('collection.case.methodIs', { method: c.method ? td(`collection.method.${c.method}`, c.method) : none })}</Typography.Text>
      </Card>
    );
  }

  const save = async () => {
    const v = await form.validateFields();
    setGeneral(null);
    try {
      await update.mutateAsync({ analysis: v.analysis.trim(), method: v.method ?? undefined });
      message.success(t('common.saved'));
    } catch (e) {
      const { fields, general: g } = formErrors(lang, e, ['analysis', 'method']);
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setGeneral(g ? String(g) : null);
    }
  };

  return (
    <Card size="small" title={t('collection.case.analysis')} style={{ marginBottom: 24 }} data-testid="case-analysis">
      {general ? <Typography.Paragraph type="danger">{general}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical" initialValues={{ analysis: c.analysis, method: c.method ?? null }} key={`${c.analysis}|${c.method ?? ''}`}>
        <Form.Item name="analysis" label={t('collection.case.analysisLabel')}>
          <Input.TextArea maxLength={4000} autoSize={{ minRows: 3, maxRows: 10 }} placeholder={t('collection.case.analysisPlaceholder')} data-testid="case-analysis-input" />
        </Form.Item>
        <Form.Item name="method" label={t('collection.case.method')}>
          <Select<RecoveryMethod>
            allowClear
            style={{ width: 240 }}
            options={RECOVERY_METHODS.map((m) => ({ value: m, label: td(`collection.method.${m}`, m) }))}
            data-testid="case-method-input"
          />
        </Form.Item>
        <Button type="primary" loading={update.isPending} onClick={() => void save()} data-testid="case-analysis-save">
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}

interface CaseActionValues {
  done_on: string | null;
  method: RecoveryMethod;
  note?: string;
  cost?: string;
}

/** 记录追收: the date, method, what was done and its cost (元). */
function CaseActionModal({ detail, onClose }: { detail: CollectionCaseDetail; onClose: () => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const record = useCaseAction(detail.case.id);
  const [form] = Form.useForm<CaseActionValues>();
  return (
    <FormModal<CaseActionValues>
      open
      title={t('collection.case.recordActionTitle', { customer: detail.case.customer_name })}
      form={form}
      initialValues={{ done_on: companyToday(), method: detail.case.method ?? 'negotiation' }}
      onCancel={onClose}
      renameFields={{ cost_fen: 'cost' }}
      fieldMessages={{ 'done_on.out_of_range': t('collection.notFuture'), 'note.required': t('collection.case.noteRequired') }}
      onSubmit={async (v) => {
        await record.mutateAsync({ done_on: v.done_on ?? '', method: v.method, note: (v.note ?? '').trim(), cost_fen: yuanToFen(v.cost) ?? 0 });
        message.success(t('collection.case.actionRecorded'));
        onClose();
      }}
      testId="case-action-modal"
    >
      <Form.Item
        name="done_on"
        label={t('collection.doneOn')}
        rules={[{ required: true, message: t('collection.dateRequired') }]}
        getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
        normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
      >
        <DatePicker style={{ width: 200 }} disabledDate={(d) => d.format(DATE_FORMAT) > companyToday()} />
      </Form.Item>
      <Form.Item name="method" label={t('collection.case.method')} rules={[{ required: true }]}>
        <Select<RecoveryMethod> options={RECOVERY_METHODS.map((m) => ({ value: m, label: td(`collection.method.${m}`, m) }))} data-testid="case-action-method" />
      </Form.Item>
      <Form.Item name="note" label={t('collection.case.actionNote')} rules={[{ required: true, whitespace: true, message: t('collection.case.noteRequired') }]}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="case-action-note" />
      </Form.Item>
      <YuanItem name="cost" label={t('collection.case.actionCost')} testId="case-action-cost" />
    </FormModal>
  );
}

/** 结案: the outcome and a note. */
function CloseModal({ detail, onClose }: { detail: CollectionCaseDetail; onClose: () => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const close = useCloseCase(detail.case.id);
  const [form] = Form.useForm<{ outcome?: CaseOutcome; note?: string }>();
  return (
    <FormModal<{ outcome?: CaseOutcome; note?: string }>
      open
      title={t('collection.case.closeTitle', { customer: detail.case.customer_name })}
      form={form}
      okText={t('collection.case.close')}
      onCancel={onClose}
      fieldMessages={{ 'outcome.collection.balance_open': t('collection.case.balanceOpen') }}
      onSubmit={async (v) => {
        await close.mutateAsync({ outcome: v.outcome as CaseOutcome, note: (v.note ?? '').trim() });
        message.success(t('collection.case.closed'));
        onClose();
      }}
      testId="case-close-modal"
    >
      <Form.Item name="outcome" label={t('collection.case.outcome')} rules={[{ required: true, message: t('collection.case.outcomeRequired') }]}>
        <Select<CaseOutcome> options={CASE_OUTCOMES.map((o) => ({ value: o, label: td(`collection.outcome.${o}`, o) }))} data-testid="case-outcome-input" />
      </Form.Item>
      <Form.Item name="note" label={t('collection.note')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="case-outcome-note" />
      </Form.Item>
    </FormModal>
  );
}

interface WriteOffValues {
  amount?: string;
  reason?: string;
  attachment_ids?: number[];
}

/**
 * 提议核销: the amount (元, the balance by default, at most the balance), the reason and the
 * evidence — files of the customer's attachments, or new ones uploaded there first.
 */
function WriteOffModal({ detail, item, max, onClose }: { detail: CollectionCaseDetail; item: CollectionItem; max: number; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const customerId = detail.case.customer_id;
  const propose = useProposeWriteOff();
  const files = useCustomerFiles(customerId);
  const upload = useUploadEvidence(customerId);
  const [form] = Form.useForm<WriteOffValues>();
  return (
    <FormModal<WriteOffValues>
      open
      width={640}
      title={t('collection.writeOff.title', { contract: item.contract_number })}
      form={form}
      initialValues={{ amount: fenToYuanInput(max), attachment_ids: [] }}
      okText={t('collection.writeOff.submit')}
      onCancel={onClose}
      renameFields={{ amount_fen: 'amount' }}
      fieldMessages={{
        'amount.out_of_range': t('collection.writeOff.amountRange'),
        'reason.required': t('collection.writeOff.reasonRequired'),
        'attachment_ids.unknown': t('collection.writeOff.unknownFile'),
        'attachment_ids.invalid': t('collection.writeOff.tooManyFiles'),
      }}
      onSubmit={async (v) => {
        await propose.mutateAsync({
          receivable_id: item.receivable_id,
          amount_fen: yuanToFen(v.amount) ?? 0,
          reason: (v.reason ?? '').trim(),
          attachment_ids: v.attachment_ids ?? [],
        });
        message.success(t('collection.writeOff.proposed'));
        onClose();
      }}
      testId="write-off-modal"
    >
      <Typography.Paragraph type="secondary">
        {t('collection.writeOff.help', { balance: formatFen(max), due: formatDate(item.due_date), days: item.days_overdue })}
      </Typography.Paragraph>
      <YuanItem
        name="amount"
        label={t('collection.writeOff.amount')}
        required
        positive
        testId="write-off-amount"
        check={(fen) => (fen > max ? t('collection.writeOff.amountRange') : null)}
      />
      <Form.Item name="reason" label={t('collection.writeOff.reason')} rules={[{ required: true, whitespace: true, message: t('collection.writeOff.reasonRequired') }]}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t('collection.writeOff.reasonPlaceholder')} data-testid="write-off-reason" />
      </Form.Item>
      <Form.Item
        name="attachment_ids"
        label={t('collection.writeOff.evidence')}
        extra={t('collection.writeOff.evidenceHelp')}
        rules={[{ type: 'array', max: 20, message: t('collection.writeOff.tooManyFiles') }]}
      >
        <Select<number[]>
          mode="multiple"
          loading={files.isFetching}
          placeholder={t('collection.writeOff.evidencePlaceholder')}
          options={(files.data ?? []).map((a) => ({ value: a.id, label: a.description ? `${a.filename}（${a.description}）` : a.filename }))}
          optionFilterProp="label"
          data-testid="write-off-evidence"
        />
      </Form.Item>
      <Upload
        accept={ACCEPTED_FILES}
        showUploadList={false}
        beforeUpload={(file) => {
          upload.mutate(
            { file, description: t('collection.writeOff.evidenceDescription', { contract: item.contract_number }) },
            {
              onSuccess: (a) => {
                form.setFieldValue('attachment_ids', [...(form.getFieldValue('attachment_ids') as number[] | undefined ?? []), a.id]);
                message.success(t('collection.writeOff.uploaded', { name: a.filename }));
              },
              onError: (e) => message.error(t('collection.writeOff.uploadFailed', { name: file.name, reason: errorMessage(lang, e) })),
            },
          );
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={upload.isPending} data-testid="write-off-upload">
          {t('collection.writeOff.upload')}
        </Button>
      </Upload>
    </FormModal>
  );
}

/** Write-offs: receivable (contract), amount, status, who proposed and decided, the approval. */
export function WriteOffsTable({ rows, testId }: { rows: readonly WriteOff[]; testId: string }) {
  const { t } = useI18n();
  const canContracts = useCan(PERMISSIONS.contractsRead);
  const proposes = useCan(PERMISSIONS.writeOffsWrite);
  const decides = useCan(PERMISSIONS.writeOffsApprove);
  const canApprovals = proposes || decides;
  const none = t('common.none');
  return (
    <Table<WriteOff>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={[...rows]}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      locale={{ emptyText: t('collection.writeOff.none') }}
      columns={[
        {
          key: 'contract',
          title: t('collection.contract'),
          render: (_, w) => (canContracts ? <Link to={`/contracts/${w.contract_id}`}>{w.contract_number}</Link> : w.contract_number),
        },
        { key: 'amount', title: t('collection.writeOff.amount'), align: 'right', render: (_, w) => <span data-testid="write-off-amount-cell">{formatFen(w.amount_fen)}</span> },
        { key: 'reason', title: t('collection.writeOff.reason'), render: (_, w) => <span style={{ whiteSpace: 'pre-wrap' }}>{w.reason}</span> },
        { key: 'status', title: t('collection.status'), render: (_, w) => <WriteOffStatusTag status={w.status} /> },
        { key: 'proposed', title: t('collection.writeOff.proposedBy'), render: (_, w) => `${w.proposed_by_name ?? none} · ${formatDateTime(w.proposed_at)}` },
        {
          key: 'decided',
          title: t('collection.writeOff.decidedBy'),
          render: (_, w) => (w.decided_by_name ? `${w.decided_by_name}${w.written_off_on ? ` · ${formatDate(w.written_off_on)}` : ''}` : none),
        },
        { key: 'files', title: t('collection.writeOff.evidence'), align: 'right', render: (_, w) => t('collection.writeOff.fileCount', { n: w.attachment_ids.length }) },
        {
          key: 'approval',
          title: t('collection.writeOff.approval'),
          render: (_, w) => (w.approval_id && canApprovals ? <Link to={`/approvals/${w.approval_id}`}>{t('collection.writeOff.openApproval')}</Link> : none),
        },
      ]}
    />
  );
}
