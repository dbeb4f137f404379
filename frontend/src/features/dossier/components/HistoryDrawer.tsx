// Every version of a dossier entry, newest first (GET /dossier-entries/{id}/history): who
// wrote it and when, with the fields each edit changed marked.
import { Card, Descriptions, Drawer, Empty, Space, Spin, Tag, Typography } from 'antd';
import type { DossierEntry } from '@/api/types';
import { ErrorState } from '@/components/ErrorState';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useEntryHistory } from '../api/dossier';
import { changedKeys, KIND_FIELDS } from '../lib/kinds';
import { FieldValue, useFieldLabel } from './fields';

export function HistoryDrawer({ entry, title, onClose }: { entry: DossierEntry; title: string; onClose: () => void }) {
  const { t, td } = useI18n();
  const history = useEntryHistory(entry.id);
  const label = useFieldLabel();
  const fields = KIND_FIELDS[entry.kind];
  const versions = history.data ?? [];

  return (
    <Drawer
      open
      onClose={onClose}
      size={620}
      title={t('dossier.historyTitle', { kind: td(`dossier.kind.${entry.kind}`, entry.kind), title })}
      data-testid="dossier-history"
    >
      {history.isError ? (
        <ErrorState error={history.error} onRetry={() => void history.refetch()} />
      ) : history.isPending ? (
        <Spin />
      ) : versions.length === 0 ? (
        <Empty description={t('common.empty')} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {versions.map((v, i) => {
            const older = versions[i + 1];
            const content = (v.content ?? {}) as Record<string, unknown>;
            const changed = older ? changedKeys(older.content as Record<string, unknown>, content) : null;
            return (
              <Card
                key={v.version}
                size="small"
                data-testid="dossier-version"
                title={
                  <Space size={8} wrap>
                    <span>{t('dossier.version', { version: v.version })}</span>
                    {i === 0 ? <Tag color="blue">{t('dossier.current')}</Tag> : null}
                    {changed === null ? <Tag>{t('dossier.createdVersion')}</Tag> : null}
                  </Space>
                }
                extra={
                  <Typography.Text type="secondary">
                    {t('dossier.writtenBy', { name: v.author_name ?? t('common.none'), at: formatDateTime(v.at) })}
                  </Typography.Text>
                }
              >
                {changed !== null && changed.size === 0 ? (
                  <Typography.Text type="secondary">{t('dossier.noChange')}</Typography.Text>
                ) : null}
                <Descriptions
                  size="small"
                  column={1}
                  styles={{ label: { width: 140 } }}
                  items={fields
                    // The first version in full; later ones only what they changed.
                    .filter((f) => changed === null || changed.has(f.api))
                    .map((f) => ({
                      key: f.name,
                      label: label(f),
                      children: (
                        <Space size={6} wrap>
                          <FieldValue field={f} content={content} />
                          {changed?.has(f.api) ? (
                            <Typography.Text type="secondary" delete style={{ fontSize: 12 }}>
                              <FieldValue field={f} content={(older?.content ?? {}) as Record<string, unknown>} />
                            </Typography.Text>
                          ) : null}
                        </Space>
                      ),
                    }))}
                />
              </Card>
            );
          })}
        </Space>
      )}
    </Drawer>
  );
}
