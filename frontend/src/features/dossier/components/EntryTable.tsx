// A list kind of the dossier (关键人物, 实地调查, 信息处理单, 往来记录): a table with the main
// fields (the others in the expanded row), who wrote each and when, and add / edit / history /
// delete. Personal fields of key people left out for this reader are marked restricted.
import { DeleteOutlined, EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Flex, Popconfirm, Space, Table, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import type { DossierEntry, DossierKind } from '@/api/types';
import { errorMessage } from '@/lib/errors';
import { useI18n } from '@/lib/i18n';
import { useDeleteEntry } from '../api/dossier';
import { KIND_FIELDS, type FieldDef } from '../lib/kinds';
import { EntryFormModal } from './EntryFormModal';
import { AuthorLine, EntryStaleTag, FieldValue, useFieldLabel } from './fields';
import { HistoryDrawer } from './HistoryDrawer';

/** The fields in the table's columns; the others show in the expanded row. */
const COLUMNS: Partial<Record<DossierKind, readonly string[]>> = {
  key_person: ['name', 'position', 'phone', 'email', 'age'],
  investigation: ['date', 'investigators', 'findings', 'conclusion'],
  information_slip: ['date', 'source', 'content', 'handling'],
  interaction: ['date', 'kind', 'participants', 'content', 'follow_up'],
};

/** A line that names an entry (in the history drawer's title, the delete question). */
export function entryTitle(entry: DossierEntry): string {
  const c = entry.content as Record<string, unknown>;
  const s = (k: string) => (typeof c[k] === 'string' ? (c[k] as string) : '');
  switch (entry.kind) {
    case 'key_person':
      return s('name');
    case 'financial_statement':
      return s('period');
    default:
      return [s('date'), s('content') || s('findings')].filter(Boolean).join(' ').slice(0, 40);
  }
}

type Dialog = { kind: 'add' } | { kind: 'edit'; entry: DossierEntry } | { kind: 'history'; entry: DossierEntry } | null;

export function EntryTable({
  customerId,
  kind,
  entries,
  canWrite,
}: {
  customerId: number;
  kind: DossierKind;
  entries: DossierEntry[];
  canWrite: boolean;
}) {
  const { t, td, lang } = useI18n();
  const { message } = App.useApp();
  const label = useFieldLabel();
  const remove = useDeleteEntry();
  const [dialog, setDialog] = useState<Dialog>(null);
  const fields = KIND_FIELDS[kind];
  const shown = COLUMNS[kind] ?? fields.map((f) => f.name);
  const inColumns = fields.filter((f) => shown.includes(f.name));
  const expanded = fields.filter((f) => !shown.includes(f.name));
  const kindLabel = td(`dossier.kind.${kind}`, kind);
  const anyHidden = entries.some((e) => e.restricted_hidden);

  const cell = (f: FieldDef, e: DossierEntry) => (
    <FieldValue field={f} content={e.content as Record<string, unknown>} hidden={e.restricted_hidden && !!f.personal} />
  );

  const columns: TableColumnsType<DossierEntry> = [
    ...inColumns.map((f) => ({
      key: f.name,
      title: label(f),
      render: (_: unknown, e: DossierEntry) =>
        f.name === 'name' || (f.type === 'date' && kind !== 'key_person') ? (
          <Space size={6} wrap>
            {cell(f, e)}
            <EntryStaleTag entry={e} />
          </Space>
        ) : (
          cell(f, e)
        ),
      ...(f.type === 'textarea' ? { width: 260 } : {}),
    })),
    { key: 'author', title: t('dossier.author'), render: (_, e) => <AuthorLine entry={e} /> },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, e) => (
        <Space size={4}>
          <Tooltip title={t('dossier.history')}>
            <Button size="small" type="text" icon={<HistoryOutlined />} aria-label={t('dossier.history')} onClick={() => setDialog({ kind: 'history', entry: e })} data-testid="dossier-entry-history" />
          </Tooltip>
          {canWrite ? (
            <>
              <Tooltip title={t('common.edit')}>
                <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setDialog({ kind: 'edit', entry: e })} data-testid="dossier-entry-edit" />
              </Tooltip>
              <Popconfirm
                title={t('dossier.deleteConfirm', { title: entryTitle(e) || kindLabel })}
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
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('dossier.delete')} data-testid="dossier-entry-delete" />
              </Popconfirm>
            </>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid={`dossier-list-${kind}`}>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {anyHidden ? t('dossier.personalHidden') : td(`dossier.intro.${kind}`, '')}
        </Typography.Text>
        {canWrite ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'add' })} data-testid="dossier-entry-add">
            {t('dossier.addKind', { kind: kindLabel })}
          </Button>
        ) : null}
      </Flex>
      <Table<DossierEntry>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={entries}
        pagination={entries.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('dossier.listEmpty', { kind: kindLabel }) }}
        expandable={
          expanded.length > 0
            ? {
                expandedRowRender: (e) => (
                  <Descriptions
                    size="small"
                    column={{ xs: 1, md: 2 }}
                    items={expanded.map((f) => ({ key: f.name, label: label(f), children: cell(f, e) }))}
                  />
                ),
              }
            : undefined
        }
      />
      {dialog?.kind === 'add' ? <EntryFormModal customerId={customerId} kind={kind} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'edit' ? <EntryFormModal customerId={customerId} kind={kind} entry={dialog.entry} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'history' ? <HistoryDrawer entry={dialog.entry} title={entryTitle(dialog.entry)} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
