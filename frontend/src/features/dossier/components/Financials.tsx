// 财务报表: one statement per period (amounts in 元), the ratios the server derives (current
// ratio, debt ratio, net margin) and a chart of them across periods. Readers without the
// right to the financials see the periods only.
import { DeleteOutlined, EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Popconfirm, Space, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import type { DossierEntry } from '@/api/types';
import { PageLoader } from '@/components/PageLoader';
import { errorMessage } from '@/lib/errors';
import { useI18n } from '@/lib/i18n';
import { useDeleteEntry } from '../api/dossier';
import { KIND_FIELDS } from '../lib/kinds';
import { comparePeriods, formatRatio, RATIO_KEYS, ratioSeries } from '../lib/ratios';
import { EntryFormModal } from './EntryFormModal';
import { AuthorLine, EntryStaleTag, FieldValue, RestrictedMark, useFieldLabel } from './fields';
import { HistoryDrawer } from './HistoryDrawer';

const RatioChart = lazy(() => import('./RatioChart'));

type Dialog = { kind: 'add' } | { kind: 'edit'; entry: DossierEntry } | { kind: 'history'; entry: DossierEntry } | null;

const period = (e: DossierEntry) => String((e.content as Record<string, unknown>).period ?? '');

export function Financials({ customerId, entries, canWrite }: { customerId: number; entries: DossierEntry[]; canWrite: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const label = useFieldLabel();
  const remove = useDeleteEntry();
  const [dialog, setDialog] = useState<Dialog>(null);
  const rows = useMemo(() => [...entries].sort((a, b) => comparePeriods(period(b), period(a))), [entries]);
  const series = useMemo(() => ratioSeries(entries), [entries]);
  const hidden = entries.some((e) => e.restricted_hidden);
  const amountFields = KIND_FIELDS.financial_statement.filter((f) => f.type === 'amount');

  const columns: TableColumnsType<DossierEntry> = [
    {
      key: 'period',
      title: label({ name: 'period' }),
      fixed: 'left',
      render: (_, e) => (
        <Space size={6}>
          <Typography.Text strong>{period(e)}</Typography.Text>
          <EntryStaleTag entry={e} />
        </Space>
      ),
    },
    ...amountFields.map((f) => ({
      key: f.name,
      title: t('dossier.amountColumn', { label: label(f) }),
      align: 'right' as const,
      render: (_: unknown, e: DossierEntry) =>
        e.restricted_hidden ? <RestrictedMark /> : <FieldValue field={f} content={e.content as Record<string, unknown>} />,
    })),
    ...RATIO_KEYS.map((k) => ({
      key: k,
      title: t(`dossier.ratio.${k}`),
      align: 'right' as const,
      render: (_: unknown, e: DossierEntry) => (
        <span data-testid={`ratio-${k}`} style={{ fontWeight: 600 }}>
          {e.restricted_hidden ? t('common.none') : formatRatio(k, e.ratios?.[k])}
        </span>
      ),
    })),
    { key: 'author', title: t('dossier.author'), render: (_, e) => <AuthorLine entry={e} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, e) => (
        <Space size={4}>
          <Tooltip title={t('dossier.history')}>
            <Button size="small" type="text" icon={<HistoryOutlined />} aria-label={t('dossier.history')} onClick={() => setDialog({ kind: 'history', entry: e })} />
          </Tooltip>
          {canWrite ? (
            <>
              <Tooltip title={t('common.edit')}>
                <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setDialog({ kind: 'edit', entry: e })} data-testid="dossier-entry-edit" />
              </Tooltip>
              <Popconfirm
                title={t('dossier.deleteConfirm', { title: period(e) })}
                description={t('dossier.deleteHint')}
                okText={t('dossier.delete')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() =>
                  remove.mutateAsync(e.id).then(
                    () => void message.success(t('dossier.deleted')),
                    (err: unknown) => void message.error(errorMessage(lang, err)),
                  )
                }
              >
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('dossier.delete')} />
              </Popconfirm>
            </>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="dossier-list-financial_statement">
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('dossier.intro.financial_statement')}</Typography.Text>
        {canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'add' })} data-testid="dossier-entry-add">
            {t('dossier.addKind', { kind: t('dossier.kind.financial_statement') })}
          </Button>
        ) : null}
      </Flex>
      {hidden ? <Alert type="info" showIcon title={t('dossier.financialsHidden')} style={{ marginBottom: 12 }} /> : null}
      {series.periods.length > 0 ? (
        <Suspense fallback={<PageLoader />}>
          <RatioChart series={series} />
        </Suspense>
      ) : null}
      <Table<DossierEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('dossier.listEmpty', { kind: t('dossier.kind.financial_statement') }) }}
        style={{ marginTop: 12 }}
        data-testid="financials-table"
      />
      {dialog?.kind === 'add' ? <EntryFormModal customerId={customerId} kind="financial_statement" onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'edit' ? (
        <EntryFormModal customerId={customerId} kind="financial_statement" entry={dialog.entry} onClose={() => setDialog(null)} />
      ) : null}
      {dialog?.kind === 'history' ? <HistoryDrawer entry={dialog.entry} title={period(dialog.entry)} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
