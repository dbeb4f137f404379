// 发货单 /shipping-notes/:id: the note's customer (with its shipping priority), contract, ship
// date, lines and amount; the warehouse confirms the shipment (the receivable is created, due
// ship date + credit period) or cancels a note not yet shipped (its quantities return to the
// contract).
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Space, Table, Tooltip } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import type { ShippingNote, ShippingNoteLine } from '@/api/types';
import { NoteCreditCheck, NoteCreditTag } from '@/components/CreditCheck';
import { customerLabel } from '@/components/CustomerSelect';
import { BackLink, RecordTitle } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';
import { isApiError } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { errorMessage } from '@/lib/errors';
import { formatDate, formatDateTime, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';
import { useCancelNote, useConfirmNote, useNote } from '../api/shipping';
import { NoteStatusTag, PriorityTag } from './NoteTags';

export default function ShippingNotePage() {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <RecordLoader id={id} useRecord={useNote} notFound={t('shipping.notFound')}>
      {(note) => <NoteView note={note} />}
    </RecordLoader>
  );
}

function NoteView({ note }: { note: ShippingNote }) {
  const { t, lang } = useI18n();
  const me = useUser();
  const location = useLocation();
  const { message } = App.useApp();
  const confirm = useConfirmNote();
  const cancel = useCancelNote();
  const [error, setError] = useState<string | null>(null);
  const canWrite = hasPermission(me.permissions, PERMISSIONS.shippingNotesWrite) && note.status === 'issued';
  const canReadContracts = hasPermission(me.permissions, PERMISSIONS.contractsRead);
  const canReadReceivables = hasPermission(me.permissions, PERMISSIONS.receivablesRead);
  const back = (location.state as { back?: string } | null)?.back ?? '/shipping-notes';
  const none = t('common.none');

  const blocked = note.status === 'issued' && note.credit_state === 'blocked';
  const fail = (e: unknown) =>
    setError(
      isApiError(e) && e.fieldErrors.some((f) => f.code === 'credit.blocked')
        ? t('creditCheck.confirmBlocked')
        : isApiError(e) && e.fieldErrors.some((f) => f.field === 'status')
          ? t('shipping.notIssuedAnymore')
          : errorMessage(lang, e),
    );

  return (
    <>
      <BackLink to={back} testId="note-back">
        {t('shipping.back')}
      </BackLink>
      <RecordTitle
        title={t('shipping.titleOf', { number: note.number })}
        testId="note-title"
        tags={
          <>
            <NoteStatusTag status={note.status} />
            <NoteCreditTag note={note} />
          </>
        }
      >
        {canWrite ? (
          <Space wrap>
            <Popconfirm
              disabled={blocked}
              title={t('shipping.confirmQuestion', { number: note.number })}
              description={t('shipping.confirmHint')}
              okText={t('shipping.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                confirm.mutate(note.id, { onSuccess: () => message.success(t('shipping.confirmed', { number: note.number })), onError: fail })
              }
            >
              <Tooltip title={blocked ? t('creditCheck.confirmBlocked') : undefined}>
                <Button type="primary" icon={<CheckOutlined />} loading={confirm.isPending} disabled={blocked} data-testid="note-confirm">
                  {t('shipping.confirm')}
                </Button>
              </Tooltip>
            </Popconfirm>
            <Popconfirm
              title={t('shipping.cancelQuestion', { number: note.number })}
              description={t('shipping.cancelHint')}
              okText={t('shipping.cancel')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.close')}
              onConfirm={() => cancel.mutate(note.id, { onSuccess: () => message.success(t('shipping.cancelled', { number: note.number })), onError: fail })}
            >
              <Button danger icon={<CloseOutlined />} loading={cancel.isPending} data-testid="note-cancel">
                {t('shipping.cancel')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null}
      </RecordTitle>
      {error ? <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} style={{ marginBottom: 16 }} /> : null}
      <NoteCreditCheck note={note} worklistLink={hasPermission(me.permissions, PERMISSIONS.creditLimitsRead)} />
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 24 }}
        data-testid="note-details"
        items={[
          { key: 'customer', label: t('shipping.customer'), children: customerLabel({ code: note.customer_code, name: note.customer_name }) },
          { key: 'priority', label: t('shipping.priority'), children: <PriorityTag priority={note.shipping_priority} /> },
          {
            key: 'contract',
            label: t('shipping.contract'),
            children: canReadContracts ? <Link to={`/contracts/${note.contract_id}`}>{note.contract_number}</Link> : note.contract_number,
          },
          { key: 'ship_date', label: t('shipping.shipDate'), children: formatDate(note.ship_date) },
          { key: 'amount', label: t('shipping.amount'), children: <span data-testid="note-amount">{formatFen(note.amount_fen)}</span> },
          { key: 'status', label: t('shipping.status'), children: <NoteStatusTag status={note.status} /> },
          { key: 'issued', label: t('shipping.issuedBy'), children: `${note.issued_by_name ?? none} · ${formatDateTime(note.issued_at)}` },
          {
            key: 'confirmed',
            label: t('shipping.confirmedBy'),
            children: note.confirmed_at ? `${note.confirmed_by_name ?? none} · ${formatDateTime(note.confirmed_at)}` : none,
          },
          {
            key: 'receivable',
            label: t('shipping.receivable'),
            children:
              note.receivable_id !== null && note.receivable_id !== undefined ? (
                canReadReceivables ? (
                  <Link to={`/receivables?customer_id=${note.customer_id}`} data-testid="note-receivable">
                    {t('shipping.receivableRef', { id: note.receivable_id })}
                  </Link>
                ) : (
                  t('shipping.receivableRef', { id: note.receivable_id })
                )
              ) : (
                none
              ),
          },
        ]}
      />
      <Card size="small" title={t('shipping.lines')}>
        <Table<ShippingNoteLine>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={note.lines ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="note-lines"
          columns={[
            { key: 'product', title: t('shipping.product'), render: (_, l) => `${l.product_code} ${l.product_name}` },
            { key: 'quantity', title: t('shipping.quantity'), align: 'right', render: (_, l) => `${l.quantity} ${l.unit}` },
            { key: 'amount', title: t('shipping.amount'), align: 'right', render: (_, l) => formatFen(l.amount_fen) },
          ]}
        />
      </Card>
    </>
  );
}
