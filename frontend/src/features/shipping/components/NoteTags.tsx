import { Tag, Tooltip } from 'antd';
import type { NoteStatus } from '@/api/types';
import { useI18n } from '@/lib/i18n';
import { NOTE_STATUS_COLORS } from '../lib/shipping';

export function NoteStatusTag({ status }: { status: NoteStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={NOTE_STATUS_COLORS[status]} data-testid="note-status">
      {t(`shipping.status.${status}`)}
    </Tag>
  );
}

/** The customer's shipping priority (1 ships first); unrated customers come last. */
export function PriorityTag({ priority }: { priority: number }) {
  const { t } = useI18n();
  return (
    <Tooltip title={t('shipping.priorityHelp')}>
      <Tag color={priority <= 2 ? 'red' : priority <= 4 ? 'orange' : 'default'} data-testid="note-priority">
        {t('shipping.priorityN', { n: priority })}
      </Tag>
    </Tooltip>
  );
}
