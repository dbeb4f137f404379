// 回款 /payments/:id: the payment, its allocations to receivables (reversed ones marked), what is
// left; finance allocates the rest (oldest first or by hand) or reverses the payment with a
// reason (its allocations end on that day, so the aging of earlier dates is unchanged).
import { PartitionOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { Payment, PaymentAllocation, Receivable } from '@/api/types';
import { customerLabel } from '@/components/CustomerSelect';
import { BackLink, RecordTitle } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';
import { isApiError } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { errorMessage } from '@/lib/errors';
import { formatDate, formatDateTime, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';
import { useAllocatePayment, useCustomerReceivables, usePayment, useReversePayment } from '../api/receivables';
import { planProblems, toAllocations } from '../lib/allocation';
import { AllocationEditor, planOf, type AllocationState } from './AllocationEditor';

export default function PaymentPage() {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <RecordLoader id={id} useRecord={usePayment} notFound={t('payments.notFound')}>
      {(payment) => <PaymentView payment={payment} />}
    </RecordLoader>
  );
}

function PaymentView({ payment }: { payment: Payment }) {
  const { t } = useI18n();
  const me = useUser();
  const location = useLocation();
  const receivables = useCustomerReceivables(payment.customer_id, false);
  const [allocating, setAllocating] = useState(false);
  const [reversing, setReversing] = useState(false);
  const canWrite = hasPermission(me.permissions, PERMISSIONS.receivablesWrite) && !payment.reversed_on;
  const canReadContracts = hasPermission(me.permissions, PERMISSIONS.contractsRead);
  const back = (location.state as { back?: string } | null)?.back ?? '/payments';
  const byId = new Map<number, Receivable>((receivables.data?.items ?? []).map((r) => [r.id, r]));
  const none = t('common.none');

  return (
    <>
      <BackLink to={back} testId="payment-back">
        {t('payments.back')}
      </BackLink>
      <RecordTitle title={t('payments.titleOf', { customer: payment.customer_name, date: payment.received_on })} testId="payment-title" tags={payment.reversed_on ? <Tag color="error">{t('payments.reversedOn', { date: payment.reversed_on })}</Tag> : null}>
        {canWrite ? (
          <Space wrap>
            {payment.unallocated_fen > 0 ? (
              <Button icon={<PartitionOutlined />} onClick={() => setAllocating(true)} data-testid="payment-allocate">
                {t('payments.allocateRest')}
              </Button>
            ) : null}
            <Button danger icon={<UndoOutlined />} onClick={() => setReversing(true)} data-testid="payment-reverse">
              {t('payments.reverse')}
            </Button>
          </Space>
        ) : null}
      </RecordTitle>
      {payment.reversed_on ? (
        <Alert
          type="warning"
          showIcon
          title={t('payments.reversedNotice', { date: payment.reversed_on })}
          description={payment.reversal_reason}
          style={{ marginBottom: 16 }}
          data-testid="payment-reversed"
        />
      ) : null}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 24 }}
        data-testid="payment-details"
        items={[
          { key: 'customer', label: t('payments.customer'), children: customerLabel({ code: payment.customer_code, name: payment.customer_name }) },
          { key: 'received_on', label: t('payments.receivedOn'), children: formatDate(payment.received_on) },
          { key: 'amount', label: t('payments.amount'), children: <span data-testid="payment-amount">{formatFen(payment.amount_fen)}</span> },
          { key: 'method', label: t('payments.method'), children: t(`payments.method.${payment.method}`) },
          { key: 'bank_ref', label: t('payments.bankRef'), children: payment.bank_ref || none },
          { key: 'created', label: t('payments.createdAt'), children: formatDateTime(payment.created_at) },
          { key: 'allocated', label: t('payments.allocated'), children: <span data-testid="payment-allocated">{formatFen(payment.allocated_fen)}</span> },
          { key: 'unallocated', label: t('payments.unallocated'), children: <span data-testid="payment-unallocated">{formatFen(payment.unallocated_fen)}</span> },
          ...(payment.external_ref ? [{ key: 'external_ref', label: t('payments.externalRef'), children: payment.external_ref }] : []),
        ]}
      />
      <Card size="small" title={t('payments.allocations')}>
        <Table<PaymentAllocation>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={payment.allocations ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="payment-allocations"
          locale={{ emptyText: t('payments.noAllocations') }}
          columns={[
            {
              key: 'contract',
              title: t('receivables.contract'),
              render: (_, a) => {
                const r = byId.get(a.receivable_id);
                if (!r) return t('payments.receivableRef', { id: a.receivable_id });
                return canReadContracts ? <Link to={`/contracts/${r.contract_id}`}>{r.contract_number}</Link> : r.contract_number;
              },
            },
            { key: 'due_date', title: t('receivables.dueDate'), render: (_, a) => formatDate(byId.get(a.receivable_id)?.due_date) },
            { key: 'amount', title: t('payments.allocatedAmount'), align: 'right', render: (_, a) => formatFen(a.amount_fen) },
            {
              key: 'balance',
              title: t('payments.receivableBalanceNow'),
              align: 'right',
              render: (_, a) => {
                const r = byId.get(a.receivable_id);
                return r ? formatFen(r.balance_fen) : none;
              },
            },
            {
              key: 'reversed',
              title: t('payments.state'),
              render: (_, a) => (a.reversed_on ? <Tag color="error">{t('payments.allocationReversed', { date: a.reversed_on })}</Tag> : <Tag color="success">{t('payments.allocationActive')}</Tag>),
            },
          ]}
        />
      </Card>
      {allocating ? <AllocateModal payment={payment} onClose={() => setAllocating(false)} /> : null}
      {reversing ? <ReverseModal payment={payment} onClose={() => setReversing(false)} /> : null}
    </>
  );
}

function AllocateModal({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const allocate = useAllocatePayment();
  const receivables = useCustomerReceivables(payment.customer_id, true);
  const open = receivables.data?.items ?? [];
  const [state, setState] = useState<AllocationState>({ mode: 'fifo', typed: {} });
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    const { plan, invalid } = planOf(open, payment.unallocated_fen, state);
    const manual = state.mode === 'manual';
    if (manual) {
      const p = planProblems(plan);
      if (invalid.length > 0 || p.overBalance.length > 0 || p.overAmount) {
        setError(t('payments.fixAllocations'));
        return;
      }
    }
    setError(null);
    allocate.mutate(
      { id: payment.id, body: { allocations: manual ? toAllocations(plan) : null } },
      {
        onSuccess: () => {
          message.success(t('payments.allocatedNow'));
          onClose();
        },
        onError: (e) =>
          setError(
            isApiError(e) && e.fieldErrors.some((f) => f.code === 'payment.over_allocated')
              ? t('payments.balanceChanged')
              : isApiError(e) && e.fieldErrors.some((f) => f.field === 'status')
                ? t('payments.alreadyReversed')
                : errorMessage(lang, e),
          ),
      },
    );
  };

  return (
    <Modal
      open
      title={t('payments.allocateRestTitle', { amount: formatFen(payment.unallocated_fen) })}
      onCancel={onClose}
      onOk={submit}
      okText={t('payments.allocate')}
      cancelText={t('common.cancel')}
      confirmLoading={allocate.isPending}
      width={900}
      destroyOnHidden
      data-testid="payment-allocate-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <AllocationEditor open={open} loading={receivables.isFetching} amountFen={payment.unallocated_fen} state={state} onChange={setState} />
    </Modal>
  );
}

function ReverseModal({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const reverse = useReversePayment();
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = () => {
    if (!reason.trim()) {
      setFieldError(t('payments.reverseReasonRequired'));
      return;
    }
    setFieldError(null);
    setError(null);
    reverse.mutate(
      { id: payment.id, reason: reason.trim() },
      {
        onSuccess: () => {
          message.success(t('payments.reversed'));
          onClose();
        },
        onError: (e) => setError(isApiError(e) && e.fieldErrors.some((f) => f.field === 'status') ? t('payments.alreadyReversed') : errorMessage(lang, e)),
      },
    );
  };

  return (
    <Modal
      open
      title={t('payments.reverseTitle')}
      onCancel={onClose}
      onOk={submit}
      okText={t('payments.reverse')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={reverse.isPending}
      destroyOnHidden
      data-testid="payment-reverse-form"
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph type="secondary">{t('payments.reverseHelp', { amount: formatFen(payment.allocated_fen) })}</Typography.Paragraph>
      <Input.TextArea
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        status={fieldError ? 'error' : undefined}
        placeholder={t('payments.reverseReason')}
        aria-label={t('payments.reverseReason')}
        maxLength={500}
        autoSize={{ minRows: 2, maxRows: 5 }}
        data-testid="payment-reverse-reason"
      />
      {fieldError ? <Typography.Text type="danger">{fieldError}</Typography.Text> : null}
    </Modal>
  );
}
