// A policy version's status, and whether it is in force, as coloured tags.
import { Tag } from 'antd';
import type { PolicyStatus, PolicyVersion } from '@/api/types';
import { companyToday } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { inForceState, POLICY_STATUS_COLORS } from '../lib/versions';

export function PolicyStatusTag({ status }: { status: PolicyStatus }) {
  const { td } = useI18n();
  return (
    <Tag color={POLICY_STATUS_COLORS[status] ?? 'default'} style={{ marginInlineEnd: 0 }} data-testid="policy-status">
      {td(`policy.status.${status}`, status)}
    </Tag>
  );
}

const IN_FORCE_COLORS = { current: 'green', scheduled: 'blue', superseded: 'default' } as const;

export function InForceTag({ version }: { version: Pick<PolicyVersion, 'status' | 'active' | 'effective_from'> }) {
  const { t } = useI18n();
  const state = inForceState(version, companyToday());
  if (!state) return null;
  return (
    <Tag color={IN_FORCE_COLORS[state]} style={{ marginInlineEnd: 0 }} data-testid="policy-in-force">
      {t(`policy.inForce.${state}`)}
    </Tag>
  );
}
