import { Tag, Typography } from 'antd';
import type { ContractStatus } from '@/api/types';
import { useI18n } from '@/lib/i18n';
import { CONTRACT_STATUS_COLORS } from '../lib/contracts';
import { formatPremium, premiumTone } from '../lib/premium';

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={CONTRACT_STATUS_COLORS[status]} data-testid="contract-status">
      {t(`contracts.status.${status}`)}
    </Tag>
  );
}

/** A premium over list prices: `+12.50%` in green, below list in red. */
export function Premium({ bp, testId }: { bp: number | null | undefined; testId?: string }) {
  return (
    <Typography.Text type={premiumTone(bp)} data-testid={testId}>
      {formatPremium(bp)}
    </Typography.Text>
  );
}
