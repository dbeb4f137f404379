// A plan's status as a coloured tag.
import { Tag } from 'antd';
import { useI18n } from '@/lib/i18n';
import { isPlanStatus, PLAN_STATUS_COLORS } from '../lib/plans';

export function PlanStatusTag({ status }: { status: string }) {
  const { td } = useI18n();
  return (
    <Tag color={isPlanStatus(status) ? PLAN_STATUS_COLORS[status] : 'default'} style={{ marginInlineEnd: 0 }} data-testid="plan-status">
      {td(`plans.status.${status}`, status)}
    </Tag>
  );
}
