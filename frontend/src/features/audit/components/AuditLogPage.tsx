// 审计日志: filters (actor, entity, action, time range) kept in the URL; before/after diff per event.
import { AutoComplete, Button, DatePicker, Descriptions, Drawer, Input, InputNumber, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditEvent } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ListFilters } from '@/components/ListFilters';
import { PageHeader } from '@/components/PageHeader';
import { UserSelect } from '@/components/UserSelect';
import { DATE_TIME_FORMAT, formatDateTime, instantToWallClock, wallClockToInstant } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { idFilter, useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { ErrorState } from '@/components/ErrorState';
import { PageLoader } from '@/components/PageLoader';
import { AUDIT_FILTERS, toAuditQuery, useAuditEvent, useAuditEvents } from '../api/audit';
import { AuditDiff } from './AuditDiff';

const KNOWN_ENTITIES = ['customer', 'user', 'office', 'api_token', 'session', 'settings'];
// The actions the platform records (GET /audit-events?action=…); others show as their code.
const KNOWN_ACTIONS = [
  'customer.create',
  'customer.update',
  'customer.transfer',
  'customer.status',
  'user.create',
  'user.update',
  'user.update_self',
  'user.disable',
  'user.enable',
  'user.reset_password',
  'user.password_changed',
  'user.set_password',
  'user.end_sessions',
  'user.restore_admin',
  'office.create',
  'office.update',
  'api_token.create',
  'api_token.revoke',
  'api_token.used',
  'auth.login',
  'auth.logout',
  'auth.login_failed',
  'auth.login_refused_disabled',
  'auth.refresh_reuse_detected',
  'access.denied',
  'settings.update',
];

/** Suggestions match the typed text anywhere in their label (code or translation). */
const matchLabel = {
  filterOption: (input: string, option?: { value?: unknown; label?: unknown }) =>
    `${String(option?.label ?? '')} ${String(option?.value ?? '')}`.toLowerCase().includes(input.toLowerCase()),
};

export default function AuditLogPage() {
  const { t, td } = useI18n();
  const list = useListState(AUDIT_FILTERS);
  const events = useAuditEvents(toAuditQuery(list.query));
  const canListUsers = useCan(PERMISSIONS.administrationRead);
  // The open event is in the URL too (`?event=ID`), so a link can point at one event.
  const [params, setParams] = useSearchParams();
  const eventParam = Number(params.get('event'));
  const eventId = Number.isInteger(eventParam) && eventParam > 0 ? eventParam : null;
  const [clicked, setClicked] = useState<AuditEvent | undefined>(undefined);
  const event = useAuditEvent(eventId, clicked);
  const selected = eventId !== null ? (event.data ?? null) : null;
  const openEvent = (e: AuditEvent | null) => {
    setClicked(e ?? undefined);
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (e) next.set('event', String(e.id));
        else next.delete('event');
        return next;
      },
      { replace: false },
    );
  };
  const f = list.filters;

  const entityLabel = (e: string) => td(`audit.entity.${e}`, e);
  const actionLabel = (a: string) => td(`audit.action.${a}`, a);
  const range: [Dayjs, Dayjs] | null =
    f.from || f.to
      ? [f.from ? dayjs(instantToWallClock(f.from)) : (null as unknown as Dayjs), f.to ? dayjs(instantToWallClock(f.to)) : (null as unknown as Dayjs)]
      : null;

  const columns: DataColumns<AuditEvent> = [
    { key: 'seq', dataIndex: 'seq', title: t('audit.seq'), width: 90 },
    { key: 'at', dataIndex: 'at', title: t('audit.at'), render: formatDateTime },
    {
      key: 'actor',
      title: t('audit.actor'),
      render: (_, e) =>
        e.actor_id !== null && e.actor_id !== undefined ? (
          <Typography.Link title={t('audit.filterByActor')} onClick={() => list.setFilters({ actor_id: String(e.actor_id) })}>
            {e.actor_name ?? `#${e.actor_id}`}
          </Typography.Link>
        ) : (
          <Typography.Text type="secondary">{t('audit.system')}</Typography.Text>
        ),
    },
    {
      key: 'action',
      dataIndex: 'action',
      title: t('audit.action'),
      render: (a: string) => (
        <Space size={4}>
          {actionLabel(a)}
          <Tag style={{ fontFamily: 'monospace' }}>{a}</Tag>
        </Space>
      ),
    },
    { key: 'entity', dataIndex: 'entity', title: t('audit.entity'), render: (v: string) => entityLabel(v) },
    { key: 'entity_id', dataIndex: 'entity_id', title: t('audit.entityId'), render: (v: unknown) => (v === null || v === undefined ? t('common.none') : String(v)) },
    { key: 'client_ip', dataIndex: 'client_ip', title: t('audit.clientIp'), render: (v: string | null) => v ?? t('common.none') },
    {
      key: 'details',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, e) => (
        <Button type="link" size="small" onClick={() => openEvent(e)} data-testid={`audit-details-${e.seq}`}>
          {t('common.details')}
        </Button>
      ),
    },
  ];

  const anyFilter = Object.keys(f).length > 0;

  return (
    <>
      <PageHeader title={t('audit.title')} intro={t('audit.intro')} />
      <ListFilters list={list}>
        {canListUsers ? (
          <UserSelect
            placeholder={t('audit.allActors')}
            value={f.actor_id ? Number(f.actor_id) : undefined}
            currentLabel={f.actor_id ? `#${f.actor_id}` : null}
            onChange={(id?: number) => list.setFilters({ actor_id: idFilter(id) })}
            style={{ width: 200 }}
          />
        ) : (
          <InputNumber<number>
            key={f.actor_id ?? ''}
            min={1}
            placeholder={t('audit.actorId')}
            defaultValue={f.actor_id ? Number(f.actor_id) : undefined}
            onBlur={(e) => list.setFilters({ actor_id: e.target.value.trim() || undefined })}
            onPressEnter={(e) => list.setFilters({ actor_id: (e.target as HTMLInputElement).value.trim() || undefined })}
            style={{ width: 140 }}
          />
        )}
        <AutoComplete
          key={`entity:${f.entity ?? ''}`}
          id="audit-filter-entity"
          allowClear
          defaultValue={f.entity}
          placeholder={t('audit.entityPlaceholder')}
          options={KNOWN_ENTITIES.map((e) => ({ value: e, label: `${entityLabel(e)} (${e})` }))}
          showSearch={matchLabel}
          onSelect={(entity: string) => list.setFilters({ entity })}
          onClear={() => list.setFilters({ entity: undefined })}
          onBlur={(e) => list.setFilters({ entity: (e.target as HTMLInputElement).value.trim() || undefined })}
          style={{ width: 170 }}
        />
        <Input
          key={`entity_id:${f.entity_id ?? ''}`}
          allowClear
          defaultValue={f.entity_id}
          placeholder={t('audit.entityId')}
          onPressEnter={(e) => list.setFilters({ entity_id: e.currentTarget.value.trim() || undefined })}
          onBlur={(e) => list.setFilters({ entity_id: e.currentTarget.value.trim() || undefined })}
          style={{ width: 120 }}
        />
        <AutoComplete
          key={`action:${f.action ?? ''}`}
          id="audit-filter-action"
          allowClear
          defaultValue={f.action}
          placeholder={t('audit.actionPlaceholder')}
          options={KNOWN_ACTIONS.map((a) => ({ value: a, label: `${actionLabel(a)} (${a})` }))}
          showSearch={matchLabel}
          onSelect={(action: string) => list.setFilters({ action })}
          onClear={() => list.setFilters({ action: undefined })}
          onBlur={(e) => list.setFilters({ action: (e.target as HTMLInputElement).value.trim() || undefined })}
          style={{ width: 230 }}
        />
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format={DATE_TIME_FORMAT}
          allowEmpty={[true, true]}
          value={range}
          placeholder={[t('audit.timeRange'), t('audit.timeRange')]}
          onChange={(v) =>
            list.setFilters({
              from: v?.[0] ? wallClockToInstant(v[0].format(DATE_TIME_FORMAT)) : undefined,
              to: v?.[1] ? wallClockToInstant(v[1].format(DATE_TIME_FORMAT)) : undefined,
            })
          }
        />
      </ListFilters>
      <DataTable<AuditEvent, (typeof AUDIT_FILTERS)[number]>
        rowKey="id"
        columns={columns}
        list={list}
        query={events}
        filtered={anyFilter}
        testId="audit-table"
      />
      <Drawer
        open={eventId !== null}
        onClose={() => openEvent(null)}
        title={selected ? `${t('audit.details')} #${selected.seq}` : ''}
        size="large"
        destroyOnHidden
      >
        {selected ? (
          <>
            <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('audit.at')}>{formatDateTime(selected.at)}</Descriptions.Item>
              <Descriptions.Item label={t('audit.actor')}>{selected.actor_name ?? t('audit.system')}</Descriptions.Item>
              <Descriptions.Item label={t('audit.action')}>
                {actionLabel(selected.action)} <Tag>{selected.action}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.entity')}>
                {entityLabel(selected.entity)} {selected.entity_id !== null && selected.entity_id !== undefined ? `#${String(selected.entity_id)}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.clientIp')}>{selected.client_ip ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('audit.requestId')}>
                {selected.request_id ? <Typography.Text code>{selected.request_id}</Typography.Text> : t('common.none')}
              </Descriptions.Item>
            </Descriptions>
            <AuditDiff before={selected.before} after={selected.after} />
          </>
        ) : event.isError ? (
          <ErrorState error={event.error} onRetry={() => void event.refetch()} />
        ) : (
          <PageLoader />
        )}
      </Drawer>
    </>
  );
}
