// How a dossier field is labelled and shown: amounts in 元 (万元 on hover), dates, the kind of
// an interaction, text as written; restricted fields the reader may not see are marked.
import { ClockCircleOutlined, LockOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { DossierEntry } from '@/api/types';
import { formatDate, formatDateTime, formatFen, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import type { FieldDef } from '../lib/kinds';

export function useFieldLabel(): (f: Pick<FieldDef, 'name'>) => string {
  const { td } = useI18n();
  return (f) => td(`dossier.field.${f.name}`, f.name);
}

export function RestrictedMark() {
  const { t } = useI18n();
  return (
    <Tooltip title={t('dossier.restrictedHint')}>
      <Tag icon={<LockOutlined />} style={{ marginInlineEnd: 0 }} data-testid="dossier-restricted">
        {t('dossier.restricted')}
      </Tag>
    </Tooltip>
  );
}

/** One field of an entry's content, as the reader may see it. */
export function FieldValue({ field, content, hidden }: { field: FieldDef; content: Record<string, unknown>; hidden?: boolean }) {
  const { t, td, lang } = useI18n();
  const v = content[field.api];
  if (v === undefined && hidden) return <RestrictedMark />;
  if (v === null || v === undefined || v === '') return <>{t('common.none')}</>;
  switch (field.type) {
    case 'amount':
      return typeof v === 'number' ? (
        <Tooltip title={formatFenWan(v, 2, lang)}>
          <span style={{ whiteSpace: 'nowrap' }}>{formatFen(v)}</span>
        </Tooltip>
      ) : (
        <>{String(v)}</>
      );
    case 'date':
      return <span style={{ whiteSpace: 'nowrap' }}>{formatDate(String(v))}</span>;
    case 'interactionKind':
      return <Tag style={{ marginInlineEnd: 0 }}>{td(`dossier.interactionKind.${String(v)}`, String(v))}</Tag>;
    case 'integer':
      return <>{String(v)}</>;
    default:
      return <span style={{ whiteSpace: 'pre-wrap' }}>{field.name === 'position' ? td(`dossier.position.${String(v)}`, String(v)) : String(v)}</span>;
  }
}

/** Marks an entry not updated within the stale period (档案待更新). */
export function EntryStaleTag({ entry }: { entry: Pick<DossierEntry, 'stale' | 'updated_at'> }) {
  const { t } = useI18n();
  if (!entry.stale) return null;
  return (
    <Tooltip title={t('dossier.staleHint', { date: formatDate(entry.updated_at) })}>
      <Tag color="orange" icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }} data-testid="dossier-stale">
        {t('dossier.stale')}
      </Tag>
    </Tooltip>
  );
}

/** "王五 · 2026-11-20 10:00" — who wrote the current version, and when. */
export function AuthorLine({ entry }: { entry: Pick<DossierEntry, 'author_name' | 'updated_at'> }) {
  const { t } = useI18n();
  return (
    <span style={{ color: 'rgba(0,0,0,0.45)' }}>
      {t('dossier.writtenBy', { name: entry.author_name ?? t('common.none'), at: formatDateTime(entry.updated_at) })}
    </span>
  );
}
