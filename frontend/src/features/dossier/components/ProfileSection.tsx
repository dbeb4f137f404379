// A profile section (客户特征 / 业务状况 / 交易现状): one current version per customer, written
// when missing, edited with the version read (the previous one is kept as history), marked
// stale when not updated within the stale period.
import { EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Descriptions, Empty, Flex, Space } from 'antd';
import { useState } from 'react';
import type { DossierEntry, DossierKind } from '@/api/types';
import { useI18n } from '@/lib/i18n';
import { KIND_FIELDS } from '../lib/kinds';
import { EntryFormModal } from './EntryFormModal';
import { AuthorLine, EntryStaleTag, FieldValue, useFieldLabel } from './fields';
import { HistoryDrawer } from './HistoryDrawer';

export function ProfileSection({
  customerId,
  kind,
  entry,
  canWrite,
}: {
  customerId: number;
  kind: DossierKind;
  entry: DossierEntry | undefined;
  canWrite: boolean;
}) {
  const { t, td } = useI18n();
  const label = useFieldLabel();
  const [dialog, setDialog] = useState<'edit' | 'history' | null>(null);
  const kindLabel = td(`dossier.kind.${kind}`, kind);

  if (!entry) {
    return (
      <div data-testid={`dossier-section-${kind}`}>
        <Empty description={t('dossier.sectionEmpty', { kind: kindLabel })}>
          {canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('edit')} data-testid="dossier-section-create">
              {t('dossier.fillIn')}
            </Button>
          ) : null}
        </Empty>
        {dialog === 'edit' ? <EntryFormModal customerId={customerId} kind={kind} onClose={() => setDialog(null)} /> : null}
      </div>
    );
  }

  const content = entry.content as Record<string, unknown>;
  return (
    <div data-testid={`dossier-section-${kind}`}>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Space size={8} wrap>
          <AuthorLine entry={entry} />
          <EntryStaleTag entry={entry} />
        </Space>
        <Space size={8}>
          <Button icon={<HistoryOutlined />} onClick={() => setDialog('history')} data-testid="dossier-history-open">
            {t('dossier.history')}
          </Button>
          {canWrite ? (
            <Button icon={<EditOutlined />} onClick={() => setDialog('edit')} data-testid="dossier-section-edit">
              {t('common.edit')}
            </Button>
          ) : null}
        </Space>
      </Flex>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, lg: 2 }}
        styles={{ label: { width: 140 } }}
        items={KIND_FIELDS[kind].map((f) => ({ key: f.name, label: label(f), children: <FieldValue field={f} content={content} /> }))}
      />
      {dialog === 'edit' ? <EntryFormModal customerId={customerId} kind={kind} entry={entry} onClose={() => setDialog(null)} /> : null}
      {dialog === 'history' ? <HistoryDrawer entry={entry} title={kindLabel} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
