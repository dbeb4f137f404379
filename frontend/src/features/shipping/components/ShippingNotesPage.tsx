// 发货单 /shipping-notes: the warehouse's queue (issued notes, by the customers' shipping
// priority, then ship date) by default, or the notes of one status or all; the warehouse issues
// a note against a signed contract, confirms a shipment (creating its receivable) or cancels a
// note not yet shipped. Others read.
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Segmented, Space, Tooltip } from 'antd';
import { Link, useLocation, useNavigate } from 'react-router';
import type { ShippingNote } from '@/api/types';
import { useCan } from '@/components/Can';
import { NoteCreditTag } from '@/components/CreditCheck';
import { customerLabel } from '@/components/CustomerSelect';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { CreateButton, PageHeader } from '@/components/PageHeader';
import { errorMessage } from '@/lib/errors';
import { formatDate, formatDateTime, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { NOTE_FILTERS, NOTE_VIEWS, noteView, toNotesQuery, useCancelNote, useConfirmNote, useNotes, type NoteView } from '../api/shipping';
import { NoteStatusTag, PriorityTag } from './NoteTags';

export default function ShippingNotesPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const list = useListState(NOTE_FILTERS);
  const view = noteView(list.filters.status);
  const notes = useNotes(toNotesQuery(list.query));
  const canWrite = useCan(PERMISSIONS.shippingNotesWrite);
  const canReadContracts = useCan(PERMISSIONS.contractsRead);
  const confirm = useConfirmNote();
  const cancel = useCancelNote();
  const linkState = { back: `${location.pathname}${location.search}` };
  const otherFilters = !!list.filters.customer_id || !!list.filters.contract_id;

  const onConfirm = (n: ShippingNote) =>
    confirm.mutate(n.id, {
      onSuccess: () => message.success(t('shipping.confirmed', { number: n.number })),
      onError: (e) => message.error(errorMessage(lang, e)),
    });
  const onCancel = (n: ShippingNote) =>
    cancel.mutate(n.id, {
      onSuccess: () => message.success(t('shipping.cancelled', { number: n.number })),
      onError: (e) => message.error(errorMessage(lang, e)),
    });

  const columns: DataColumns<ShippingNote> = [
    { key: 'priority', title: t('shipping.priority'), render: (_, n) => <PriorityTag priority={n.shipping_priority} /> },
    {
      key: 'number',
      title: t('shipping.number'),
      render: (_, n) => (
        <Link to={`/shipping-notes/${n.id}`} state={linkState} data-testid="note-link">
          {n.number}
        </Link>
      ),
    },
    { key: 'customer', title: t('shipping.customer'), render: (_, n) => customerLabel({ code: n.customer_code, name: n.customer_name }) },
    {
      key: 'contract',
      title: t('shipping.contract'),
      render: (_, n) => (canReadContracts ? <Link to={`/contracts/${n.contract_id}`}>{n.contract_number}</Link> : n.contract_number),
    },
    { key: 'ship_date', title: t('shipping.shipDate'), render: (_, n) => formatDate(n.ship_date) },
    { key: 'amount', title: t('shipping.amount'), align: 'right', render: (_, n) => formatFen(n.amount_fen) },
    {
      key: 'status',
      title: t('shipping.status'),
      render: (_, n) => (
        <Space size={4} wrap>
          <NoteStatusTag status={n.status} />
          <NoteCreditTag note={n} />
        </Space>
      ),
    },
    { key: 'issued', title: t('shipping.issuedBy'), render: (_, n) => `${n.issued_by_name ?? t('common.none')} · ${formatDateTime(n.issued_at)}` },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, n) =>
        n.status === 'issued' ? (
          <Space size={0}>
            <Popconfirm
              disabled={n.credit_state === 'blocked'}
              title={t('shipping.confirmQuestion', { number: n.number })}
              description={t('shipping.confirmHint')}
              okText={t('shipping.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={() => onConfirm(n)}
            >
              <Tooltip title={n.credit_state === 'blocked' ? t('creditCheck.confirmBlocked') : undefined}>
                <Button type="link" size="small" icon={<CheckOutlined />} disabled={n.credit_state === 'blocked'} data-testid="note-confirm">
                  {t('shipping.confirm')}
                </Button>
              </Tooltip>
            </Popconfirm>
            <Popconfirm
              title={t('shipping.cancelQuestion', { number: n.number })}
              description={t('shipping.cancelHint')}
              okText={t('shipping.cancel')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.close')}
              onConfirm={() => onCancel(n)}
            >
              <Button type="link" size="small" danger icon={<CloseOutlined />} data-testid="note-cancel">
                {t('shipping.cancel')}
              </Button>
            </Popconfirm>
          </Space>
        ) : null,
    });
  }

  return (
    <>
      <PageHeader
        title={t('shipping.title')}
        intro={view === 'issued' ? t('shipping.queueIntro') : t('shipping.intro')}
        extra={
          <CreateButton allowed={canWrite} onClick={() => navigate('/shipping-notes/new')} testId="note-create">
            {t('shipping.create')}
          </CreateButton>
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <Segmented<NoteView>
          value={view}
          onChange={(v) => list.setFilters({ status: v === 'issued' ? undefined : v })}
          options={NOTE_VIEWS.map((v) => ({ value: v, label: t(`shipping.view.${v}`) }))}
          data-testid="notes-view"
        />
        {otherFilters ? <Button onClick={() => list.setFilters({ customer_id: undefined, contract_id: undefined })}>{t('common.reset')}</Button> : null}
      </Space>
      <DataTable<ShippingNote, (typeof NOTE_FILTERS)[number]>
        rowKey="id"
        columns={columns}
        list={list}
        query={notes}
        filtered={otherFilters}
        testId="notes-table"
      />
    </>
  );
}
