// 合同 /contracts/:id: terms, lines with list and contract prices, premiums and shipped
// quantities; the actions of its life (edit and submit a draft, complete, cancel while nothing
// is shipped); the business department's review (合同评审: approve with the signing date, or
// send back with a note); its shipping notes and receivables. A contract outside the scope is a 404.
import { CarOutlined, CheckOutlined, CloseOutlined, EditOutlined, RollbackOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { Contract, ContractLine, Receivable, ShippingNote } from '@/api/types';
import { ContractCreditCheck } from '@/components/CreditCheck';
import { customerLabel } from '@/components/CustomerSelect';
import { ErrorState } from '@/components/ErrorState';
import { BackLink, RecordTitle } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';
import { isApiError } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { errorMessage } from '@/lib/errors';
import { pathFormErrors } from '@/lib/field-paths';
import { COMPANY_TZ, DATE_FORMAT, formatDate, formatDateTime, formatFen } from '@/lib/format';
import { useI18n, type Lang, type TFunction } from '@/lib/i18n';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';
import { useContract, useContractAction, useContractNotes, useContractReceivables, useReviewContract, type ContractAction } from '../api/contracts';
import { contractActions, reviewError } from '../lib/contracts';
import { ContractStatusTag, Premium } from './ContractTags';

export default function ContractPage() {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <RecordLoader id={id} useRecord={useContract} notFound={t('contracts.notFound')}>
      {(contract) => <ContractView contract={contract} />}
    </RecordLoader>
  );
}

/** The message of a refused action: the status rule, a stale version, or the error's own. */
function actionError(lang: Lang, t: TFunction, e: unknown): string {
  if (isApiError(e) && e.fieldErrors.some((f) => f.field === 'status')) return t('contracts.actionNotAllowed');
  if (isApiError(e) && e.code === 'conflict.stale_version') return t('contracts.changedMeanwhile');
  return errorMessage(lang, e);
}

function ContractView({ contract }: { contract: Contract }) {
  const { t, lang } = useI18n();
  const me = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const act = useContractAction();
  const [cancelling, setCancelling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const actions = contractActions(contract, me);
  const back = (location.state as { back?: string } | null)?.back ?? '/contracts';
  const lines = contract.lines ?? [];
  const none = t('common.none');

  const run = (action: ContractAction, done: string) => {
    setError(null);
    act.mutate(
      { id: contract.id, action, body: { version: contract.version } },
      { onSuccess: () => message.success(done), onError: (e) => setError(actionError(lang, t, e)) },
    );
  };

  return (
    <>
      <BackLink to={back} testId="contract-back">
        {t('contracts.back')}
      </BackLink>
      <RecordTitle title={t('contracts.titleOf', { number: contract.number })} testId="contract-title" tags={<ContractStatusTag status={contract.status} />}>
        <Space wrap>
          {actions.edit ? (
            <Button icon={<EditOutlined />} onClick={() => navigate(`/contracts/${contract.id}/edit`)} data-testid="contract-edit">
              {t('common.edit')}
            </Button>
          ) : null}
          {actions.submit ? (
            <Popconfirm
              title={t('contracts.submitConfirm')}
              description={t('contracts.submitHint')}
              okText={t('contracts.submit')}
              cancelText={t('common.cancel')}
              onConfirm={() => run('submit', t('contracts.submitted'))}
            >
              <Button type="primary" icon={<SendOutlined />} loading={act.isPending} data-testid="contract-submit">
                {t('contracts.submit')}
              </Button>
            </Popconfirm>
          ) : null}
          {actions.complete ? (
            <Popconfirm
              title={t('contracts.completeConfirm')}
              okText={t('contracts.complete')}
              cancelText={t('common.cancel')}
              onConfirm={() => run('complete', t('contracts.completed'))}
            >
              <Button icon={<CheckOutlined />} loading={act.isPending} data-testid="contract-complete">
                {t('contracts.complete')}
              </Button>
            </Popconfirm>
          ) : null}
          {actions.cancel ? (
            <Button danger icon={<StopOutlined />} onClick={() => setCancelling(true)} data-testid="contract-cancel">
              {t('contracts.cancel')}
            </Button>
          ) : null}
        </Space>
      </RecordTitle>
      {error ? <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} style={{ marginBottom: 16 }} data-testid="contract-error" /> : null}
      <ContractCreditCheck contract={contract} />

      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 24 }}
        data-testid="contract-details"
        items={[
          {
            key: 'customer',
            label: t('contracts.customer'),
            children: <Link to={`/customers/${contract.customer_id}`}>{customerLabel({ code: contract.customer_code, name: contract.customer_name })}</Link>,
          },
          { key: 'status', label: t('contracts.status'), children: <ContractStatusTag status={contract.status} /> },
          { key: 'signed_on', label: t('contracts.signedOn'), children: formatDate(contract.signed_on) },
          { key: 'credit_form', label: t('contracts.creditForm'), children: t(`contracts.creditForm.${contract.credit_form}`) },
          { key: 'credit_period', label: t('contracts.creditPeriod'), children: t('contracts.days', { n: contract.credit_period_days }) },
          { key: 'amount', label: t('contracts.amount'), children: <span data-testid="contract-amount">{formatFen(contract.amount_fen)}</span> },
          { key: 'list_amount', label: t('contracts.listAmount'), children: formatFen(contract.list_amount_fen) },
          { key: 'premium', label: t('contracts.weightedPremium'), children: <Premium bp={contract.premium_bp} testId="contract-premium" /> },
          { key: 'updated', label: t('contracts.updatedAt'), children: formatDateTime(contract.updated_at) },
          ...(contract.external_ref ? [{ key: 'external_ref', label: t('contracts.externalRef'), children: contract.external_ref }] : []),
          { key: 'note', label: t('contracts.note'), span: 3, children: contract.note ? <span style={{ whiteSpace: 'pre-wrap' }}>{contract.note}</span> : none },
        ]}
      />

      <Card size="small" title={t('contracts.lines')} style={{ marginBottom: 24 }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {contract.signed_on ? t('contracts.listPricesSigned', { date: contract.signed_on }) : t('contracts.listPricesToday')}
        </Typography.Paragraph>
        <LinesTable lines={lines} />
      </Card>

      <ReviewPanel contract={contract} canReview={actions.review} />

      {hasPermission(me.permissions, PERMISSIONS.shippingNotesRead) ? <ContractNotes contract={contract} /> : null}
      {hasPermission(me.permissions, PERMISSIONS.receivablesRead) ? <ContractReceivables contract={contract} /> : null}

      {cancelling ? <CancelModal contract={contract} onClose={() => setCancelling(false)} /> : null}
    </>
  );
}

function LinesTable({ lines }: { lines: ContractLine[] }) {
  const { t } = useI18n();
  return (
    <Table<ContractLine>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={lines}
      scroll={{ x: 'max-content' }}
      data-testid="contract-lines"
      columns={[
        { key: 'n', title: '#', width: 48, render: (_, l) => l.line_no },
        { key: 'product', title: t('contracts.product'), render: (_, l) => `${l.product_code} ${l.product_name}` },
        { key: 'quantity', title: t('contracts.quantity'), align: 'right', render: (_, l) => `${l.quantity} ${l.unit}` },
        { key: 'list_price', title: t('contracts.listPrice'), align: 'right', render: (_, l) => formatFen(l.list_price_fen) },
        { key: 'price', title: t('contracts.price'), align: 'right', render: (_, l) => formatFen(l.price_fen) },
        { key: 'amount', title: t('contracts.lineAmount'), align: 'right', render: (_, l) => formatFen(l.amount_fen) },
        { key: 'premium', title: t('contracts.premium'), align: 'right', render: (_, l) => <Premium bp={l.premium_bp} testId="line-premium" /> },
        { key: 'shipped', title: t('contracts.shipped'), align: 'right', render: (_, l) => <span data-testid="line-shipped">{l.shipped_quantity}</span> },
        { key: 'remaining', title: t('contracts.remaining'), align: 'right', render: (_, l) => l.quantity - l.shipped_quantity },
      ]}
    />
  );
}

interface ReviewValues {
  signed_on?: string | null;
  note?: string;
}

/** 合同评审: the last decision for everyone; the decision form for the business department. */
function ReviewPanel({ contract, canReview }: { contract: Contract; canReview: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const review = useReviewContract();
  const [form] = Form.useForm<ReviewValues>();
  const [error, setError] = useState<string | null>(null);
  if (!contract.review_outcome && !canReview) return null;

  const decide = async (outcome: 'approved' | 'rejected') => {
    let v: ReviewValues;
    try {
      v = await form.validateFields(outcome === 'approved' ? ['signed_on'] : ['note']);
      v = { ...form.getFieldsValue(), ...v };
    } catch {
      return;
    }
    setError(null);
    try {
      const reviewed = await review.mutateAsync({
        id: contract.id,
        body: { version: contract.version, outcome, note: (v.note ?? '').trim(), signed_on: outcome === 'approved' ? (v.signed_on ?? null) : null },
      });
      // Over the customer's credit the approval makes a special contract for the GM instead.
      if (outcome === 'approved' && reviewed.credit_state === 'special_pending') message.warning(t('creditCheck.specialFiled'));
      else message.success(outcome === 'approved' ? t('contracts.reviewApproved') : t('contracts.reviewRejected'));
    } catch (e) {
      const { fields, general } = pathFormErrors(
        lang,
        e,
        (path) => (path.length === 1 && (path[0] === 'signed_on' || path[0] === 'note') ? path : null),
        {
          'signed_on.required': t('contracts.signedOnRequired'),
          'signed_on.out_of_range': t('contracts.signedOnFuture'),
          'signed_on.no_price': t('contracts.productNoPriceOnSigning'),
          'note.required': t('contracts.reviewNoteRequired'),
          'status.invalid': t('contracts.actionNotAllowed'),
        },
      );
      form.setFields(fields as Parameters<typeof form.setFields>[0]);
      setError(reviewError(e, t) ?? general);
    }
  };

  const today = dayjs().tz(COMPANY_TZ).format(DATE_FORMAT);
  return (
    <Card size="small" title={t('contracts.review')} style={{ marginBottom: 24 }} data-testid="contract-review">
      {contract.review_outcome ? (
        <div style={{ marginBottom: canReview ? 16 : 0 }} data-testid="contract-review-outcome">
          <Space size={8} wrap>
            <Tag color={contract.review_outcome === 'approved' ? 'success' : 'warning'}>{t(`contracts.reviewOutcome.${contract.review_outcome}`)}</Tag>
            <Typography.Text type="secondary">
              {t('contracts.reviewedBy', { name: contract.reviewed_by_name ?? t('common.none'), at: formatDateTime(contract.reviewed_at) })}
            </Typography.Text>
          </Space>
          {contract.review_note ? (
            <div style={{ whiteSpace: 'pre-wrap', marginTop: 8 }} data-testid="contract-review-note">
              {contract.review_note}
            </div>
          ) : null}
        </div>
      ) : null}
      {canReview ? (
        <>
          <Typography.Paragraph type="secondary">{t('contracts.reviewHelp')}</Typography.Paragraph>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
          <Form<ReviewValues> form={form} layout="vertical" initialValues={{ signed_on: today, note: '' }} autoComplete="off">
            <Form.Item
              name="signed_on"
              label={t('contracts.signedOn')}
              rules={[{ required: true, message: t('contracts.signedOnRequired') }]}
              getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
              normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
              style={{ maxWidth: 240 }}
            >
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format(DATE_FORMAT) > today} data-testid="review-signed-on" />
            </Form.Item>
            <Form.Item
              name="note"
              label={t('contracts.reviewNote')}
              extra={t('contracts.reviewNoteHelp')}
              required={false}
              rules={[{ required: true, whitespace: true, message: t('contracts.reviewNoteRequired') }]}
            >
              <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="review-note" />
            </Form.Item>
          </Form>
          <Space wrap>
            <Button type="primary" icon={<CheckOutlined />} loading={review.isPending} onClick={() => void decide('approved')} data-testid="review-approve">
              {t('contracts.approveAndSign')}
            </Button>
            <Button icon={<RollbackOutlined />} loading={review.isPending} onClick={() => void decide('rejected')} data-testid="review-reject">
              {t('contracts.sendBack')}
            </Button>
          </Space>
        </>
      ) : null}
    </Card>
  );
}

function CancelModal({ contract, onClose }: { contract: Contract; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const act = useContractAction();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    if (!reason.trim()) {
      setFieldError(t('contracts.cancelReasonRequired'));
      return;
    }
    setFieldError(null);
    setError(null);
    act.mutate(
      { id: contract.id, action: 'cancel', body: { version: contract.version, reason: reason.trim() } },
      {
        onSuccess: () => {
          message.success(t('contracts.cancelled'));
          onClose();
        },
        onError: (e) => setError(actionError(lang, t, e)),
      },
    );
  };

  return (
    <Modal
      open
      title={t('contracts.cancelTitle', { number: contract.number })}
      onCancel={onClose}
      onOk={submit}
      okText={t('contracts.cancel')}
      okButtonProps={{ danger: true, icon: <CloseOutlined /> }}
      cancelText={t('common.close')}
      confirmLoading={act.isPending}
      destroyOnHidden
      data-testid="contract-cancel-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph type="secondary">{t('contracts.cancelHelp')}</Typography.Paragraph>
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        status={fieldError ? 'error' : undefined}
        placeholder={t('contracts.cancelReason')}
        aria-label={t('contracts.cancelReason')}
        maxLength={500}
        autoSize={{ minRows: 2, maxRows: 5 }}
        data-testid="contract-cancel-reason"
      />
      {fieldError ? <Typography.Text type="danger">{fieldError}</Typography.Text> : null}
    </Modal>
  );
}

function ContractNotes({ contract }: { contract: Contract }) {
  const { t } = useI18n();
  const me = useUser();
  const navigate = useNavigate();
  const notes = useContractNotes(contract.id, true);
  const canIssue = hasPermission(me.permissions, PERMISSIONS.shippingNotesWrite) && contract.status === 'signed';
  return (
    <Card
      size="small"
      title={t('contracts.shippingNotes')}
      style={{ marginBottom: 24 }}
      data-testid="contract-notes"
      extra={
        canIssue ? (
          <Button size="small" icon={<CarOutlined />} onClick={() => navigate(`/shipping-notes/new?contract_id=${contract.id}`)} data-testid="contract-issue-note">
            {t('contracts.issueNote')}
          </Button>
        ) : null
      }
    >
      {notes.isError ? (
        <ErrorState error={notes.error} onRetry={() => void notes.refetch()} />
      ) : (
        <Table<ShippingNote>
          rowKey="id"
          size="small"
          pagination={false}
          loading={notes.isFetching}
          dataSource={notes.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'number', title: t('contracts.noteNumber'), render: (_, n) => <Link to={`/shipping-notes/${n.id}`}>{n.number}</Link> },
            { key: 'ship_date', title: t('contracts.shipDate'), render: (_, n) => formatDate(n.ship_date) },
            { key: 'status', title: t('contracts.noteStatus'), render: (_, n) => t(`contracts.noteStatus.${n.status}`) },
            { key: 'amount', title: t('contracts.lineAmount'), align: 'right', render: (_, n) => formatFen(n.amount_fen) },
          ]}
        />
      )}
    </Card>
  );
}

function ContractReceivables({ contract }: { contract: Contract }) {
  const { t } = useI18n();
  const receivables = useContractReceivables(contract.customer_id, true);
  const rows = (receivables.data?.items ?? []).filter((r) => r.contract_id === contract.id);
  return (
    <Card
      size="small"
      title={t('contracts.receivables')}
      data-testid="contract-receivables"
      extra={<Link to={`/receivables?customer_id=${contract.customer_id}`}>{t('contracts.customerReceivables')}</Link>}
    >
      {receivables.isError ? (
        <ErrorState error={receivables.error} onRetry={() => void receivables.refetch()} />
      ) : (
        <Table<Receivable>
          rowKey="id"
          size="small"
          pagination={false}
          loading={receivables.isFetching}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'issued_on', title: t('contracts.issuedOn'), render: (_, r) => formatDate(r.issued_on) },
            { key: 'due_date', title: t('contracts.dueDate'), render: (_, r) => formatDate(r.due_date) },
            { key: 'amount', title: t('contracts.receivableAmount'), align: 'right', render: (_, r) => formatFen(r.amount_fen) },
            { key: 'paid', title: t('contracts.paid'), align: 'right', render: (_, r) => formatFen(r.allocated_fen + r.credited_fen) },
            { key: 'balance', title: t('contracts.balance'), align: 'right', render: (_, r) => formatFen(r.balance_fen) },
            {
              key: 'overdue',
              title: t('contracts.daysOverdue'),
              align: 'right',
              render: (_, r) => (r.days_overdue > 0 ? <Typography.Text type="danger">{r.days_overdue}</Typography.Text> : 0),
            },
          ]}
        />
      )}
    </Card>
  );
}
