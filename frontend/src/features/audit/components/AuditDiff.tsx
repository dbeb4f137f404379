import { Collapse, Empty, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '@/lib/i18n';
import { diffJson, showValue, type DiffRow, type DiffStatus } from '../lib/diff';

const STATUS_COLORS: Record<Exclude<DiffStatus, 'unchanged'>, string> = { added: 'green', removed: 'red', changed: 'gold' };

/** Before/after of an audit event, field by field, changed fields highlighted. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useI18n();
  const rows = diffJson(before, after);
  const [onlyChanged, setOnlyChanged] = useState(rows.some((r) => r.status !== 'unchanged'));
  const shown = onlyChanged ? rows.filter((r) => r.status !== 'unchanged') : rows;

  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.noData')} />;

  const label: Record<Exclude<DiffStatus, 'unchanged'>, string> = {
    added: t('audit.added'),
    removed: t('audit.removed'),
    changed: t('audit.changed'),
  };

  return (
    <div data-testid="audit-diff">
      <div style={{ marginBottom: 8 }}>
        <Switch size="small" checked={onlyChanged} onChange={setOnlyChanged} /> {t('audit.onlyChanged')}
      </div>
      <Table<DiffRow>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={shown}
        rowClassName={(r) => (r.status !== 'unchanged' ? 'audit-diff-changed' : '')}
        columns={[
          {
            key: 'field',
            title: t('audit.field'),
            render: (_, r) => (
              <>
                <Typography.Text code>{r.field}</Typography.Text>{' '}
                {r.status !== 'unchanged' ? <Tag color={STATUS_COLORS[r.status]}>{label[r.status]}</Tag> : null}
              </>
            ),
          },
          {
            key: 'before',
            title: t('audit.before'),
            render: (_, r) =>
              r.status === 'added' ? null : (
                <Typography.Text delete={r.status !== 'unchanged'} type={r.status !== 'unchanged' ? 'danger' : undefined}>
                  {showValue(r.before)}
                </Typography.Text>
              ),
          },
          {
            key: 'after',
            title: t('audit.after'),
            render: (_, r) =>
              r.status === 'removed' ? null : (
                <Typography.Text type={r.status !== 'unchanged' ? 'success' : undefined} strong={r.status !== 'unchanged'}>
                  {showValue(r.after)}
                </Typography.Text>
              ),
          },
        ]}
      />
      <Collapse
        size="small"
        ghost
        style={{ marginTop: 8 }}
        items={[
          {
            key: 'raw',
            label: t('audit.rawJson'),
            children: (
              <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
                <div>
                  <Typography.Text type="secondary">{t('audit.before')}</Typography.Text>
                  <pre style={{ fontSize: 12, background: '#fafafa', padding: 8, overflow: 'auto' }}>{JSON.stringify(before ?? null, null, 2)}</pre>
                </div>
                <div>
                  <Typography.Text type="secondary">{t('audit.after')}</Typography.Text>
                  <pre style={{ fontSize: 12, background: '#fafafa', padding: 8, overflow: 'auto' }}>{JSON.stringify(after ?? null, null, 2)}</pre>
                </div>
              </div>
            ),
          },
        ]}
      />
    </div>
  );
}
