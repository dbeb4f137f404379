// 信用冻结发货 /credit-blocks: the shipping notes the credit check blocked, oldest first, with the
// customer's payment performance, the reasons and who may release each; release or reject with a
// reason (the VP up to the policy's amount, the GM above — `can_release`), or check again (after
// a payment arrived).
import { CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { BlockedNote } from '@/api/types';
import { useCan } from '@/components/Can';
import { CreditReasons } from '@/components/CreditCheck';
import { customerLabel } from '@/components/CustomerSelect';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { FormModal } from '@/components/FormModal';
import { PageHeader } from '@/components/PageHeader';
import { errorMessage } from '@/lib/errors';
import { formatDate, formatFen, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { useBlockAction, useCreditBlocks } from '../api/credit';

const NO_FILTERS = [] as const;

/** A row of the worklist, keyed by its note. */
type Row = BlockedNote & { id: number };

export default function CreditBlocksPage() {
  const { t, td, lang } = useI18n();
  const { message } = App.useApp();
  const list = useListState(NO_FILTERS);
  const blocks = useCreditBlocks({ page: list.query.page, page_size: list.query.page_size });
  const action = useBlockAction();
  const rows = blocks.data ? { ...blocks.data, items: blocks.data.items.map((b): Row => ({ ...b, id: b.note.id })) } : undefined;
  const canContracts = useCan(PERMISSIONS.contractsRead);
  const canCustomers = useCan(PERMISSIONS.customerMasterRead);
  const [deciding, setDeciding] = useState<{ row: BlockedNote; release: boolean } | null>(null);
  const wan = (fen: number) => formatFenWan(fen, 2, lang);

  const recheck = (b: BlockedNote) =>
    action.mutate(
      { id: b.note.id, action: 'recheck' },
      {
        onSuccess: (note) =>
          note.credit_state === 'blocked'
            ? message.warning(t('creditBlocks.recheckFailed', { number: note.number }))
            : message.success(t('creditBlocks.recheckPassed', { number: note.number })),
        onError: (e) => message.error(errorMessage(lang, e)),
      },
    );

  const columns: DataColumns<Row> = [
    {
      key: 'note',
      title: t('creditBlocks.note'),
      render: (_, b) => (
        <Link to={`/shipping-notes/${b.note.id}`} state={{ back: '/credit-blocks' }} data-testid="block-note-link">
          {b.note.number}
        </Link>
      ),
    },
    {
      key: 'customer',
      title: t('creditBlocks.customer'),
      render: (_, b) => {
        const label = customerLabel({ code: b.note.customer_code, name: b.note.customer_name });
        return canCustomers ? <Link to={`/customers/${b.note.customer_id}?tab=credit`}>{label}</Link> : label;
      },
    },
    {
      key: 'contract',
      title: t('creditBlocks.contract'),
      render: (_, b) => (canContracts ? <Link to={`/contracts/${b.note.contract_id}`}>{b.note.contract_number}</Link> : b.note.contract_number),
    },
    {
      key: 'amount',
      title: t('creditBlocks.amount'),
      align: 'right',
      render: (_, b) => <span data-testid="block-amount">{formatFen(b.note.amount_fen)}</span>,
    },
    { key: 'age', title: t('creditBlocks.age'), align: 'right', render: (_, b) => t('creditBlocks.ageDays', { n: b.age_days }) },
    {
      key: 'reasons',
      title: t('creditBlocks.reasons'),
      render: (_, b) =>
        b.note.credit_check && b.note.credit_check.reasons.length > 0 ? (
          <CreditReasons reasons={b.note.credit_check.reasons} testId="block-reasons" maxWidth={280} />
        ) : (
          <Typography.Text type="secondary">{t('creditBlocks.noReasons')}</Typography.Text>
        ),
    },
    {
      key: 'payment',
      title: t('creditBlocks.payment'),
      render: (_, b) => (
        <Space orientation="vertical" size={0} data-testid="block-payment">
          <span>{t('creditBlocks.paid90', { amount: wan(b.payment.paid_last_90_days_fen) })}</span>
          {b.payment.overdue_fen > 0 ? <Typography.Text type="danger">{t('creditBlocks.overdue', { amount: wan(b.payment.overdue_fen) })}</Typography.Text> : null}
          {b.payment.worst_overdue_days ? <Typography.Text type="danger">{t('creditBlocks.worstOverdue', { n: b.payment.worst_overdue_days })}</Typography.Text> : null}
          <Typography.Text type="secondary">
            {b.payment.last_payment_on ? t('creditBlocks.lastPayment', { date: formatDate(b.payment.last_payment_on) }) : t('creditBlocks.noPayment')}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'releaser', title: t('creditBlocks.releaser'), render: (_, b) => <span data-testid="block-releaser">{td(`role.${b.releaser_role}`, b.releaser_role)}</span> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, b) => (
        <Space size={0} wrap>
          {b.can_release ? (
            <>
              <Button type="link" size="small" icon={<CheckOutlined />} onClick={() => setDeciding({ row: b, release: true })} data-testid="block-release">
                {t('creditBlocks.release')}
              </Button>
              <Button type="link" size="small" danger icon={<CloseOutlined />} onClick={() => setDeciding({ row: b, release: false })} data-testid="block-reject">
                {t('creditBlocks.reject')}
              </Button>
            </>
          ) : null}
          <Button type="link" size="small" icon={<ReloadOutlined />} loading={action.isPending} onClick={() => recheck(b)} data-testid="block-recheck">
            {t('creditBlocks.recheck')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('creditBlocks.title')} intro={t('creditBlocks.intro')} />
      <DataTable<Row, never>
        rowKey="id"
        columns={columns}
        list={list}
        data={rows}
        loading={blocks.isFetching}
        error={blocks.error}
        onRetry={() => void blocks.refetch()}
        testId="blocks-table"
      />
      {deciding ? <DecideModal row={deciding.row} release={deciding.release} onClose={() => setDeciding(null)} /> : null}
    </>
  );
}

function DecideModal({ row, release, onClose }: { row: BlockedNote; release: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const action = useBlockAction();
  const [form] = Form.useForm<{ reason?: string }>();
  const number = row.note.number;
  return (
    <FormModal<{ reason?: string }>
      open
      title={t(release ? 'creditBlocks.releaseTitle' : 'creditBlocks.rejectTitle', { number })}
      form={form}
      initialValues={{ reason: '' }}
      okText={t(release ? 'creditBlocks.release' : 'creditBlocks.reject')}
      onCancel={onClose}
      fieldMessages={{ 'reason.required': t('creditBlocks.reasonRequired') }}
      onSubmit={async (v) => {
        await action.mutateAsync({ id: row.note.id, action: release ? 'release' : 'reject', reason: (v.reason ?? '').trim() });
        message.success(t(release ? 'creditBlocks.released' : 'creditBlocks.rejected', { number }));
        onClose();
      }}
      testId="block-decide-modal"
    >
      <Typography.Paragraph type="secondary">{t(release ? 'creditBlocks.releaseHelp' : 'creditBlocks.rejectHelp')}</Typography.Paragraph>
      <Form.Item name="reason" label={t('creditBlocks.reason')} rules={[{ required: true, whitespace: true, message: t('creditBlocks.reasonRequired') }]}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="block-reason" />
      </Form.Item>
    </FormModal>
  );
}
