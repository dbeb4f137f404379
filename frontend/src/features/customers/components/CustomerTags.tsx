// Small labels of a customer: status, grade, category, key customer, stale dossier.
import { ClockCircleOutlined, StarFilled } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { Customer, CustomerCategory, CustomerGrade, CustomerStatus } from '@/api/types';
import { formatDate } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { STATUS_COLORS } from '../lib/status';

const GRADE_COLORS: Record<CustomerGrade, string> = { A: 'green', B: 'blue', C: 'orange' };

export function StatusTag({ status }: { status: CustomerStatus | null | undefined }) {
  const { t, td } = useI18n();
  if (!status) return <>{t('common.none')}</>;
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="customer-status">
      {td(`customers.status.${status}`, status)}
    </Tag>
  );
}

export function GradeTag({ grade }: { grade: CustomerGrade | null | undefined }) {
  const { t } = useI18n();
  if (!grade) return <Tag style={{ marginInlineEnd: 0 }}>{t('customers.noGrade')}</Tag>;
  return (
    <Tag color={GRADE_COLORS[grade]} style={{ marginInlineEnd: 0, fontWeight: 600 }}>
      {grade}
    </Tag>
  );
}

export function CategoryLabel({ category }: { category: CustomerCategory | null | undefined }) {
  const { t, td } = useI18n();
  return <>{category ? td(`customers.category.${category}`, category) : t('common.none')}</>;
}

export function KeyCustomerTag() {
  const { t } = useI18n();
  return (
    <Tag color="gold" icon={<StarFilled />} style={{ marginInlineEnd: 0 }} data-testid="customer-key">
      {t('customers.keyCustomer')}
    </Tag>
  );
}

/** Marks a customer whose dossier was not updated within the stale period. */
export function StaleTag({ customer }: { customer: Pick<Customer, 'dossier_stale' | 'dossier_updated_at'> }) {
  const { t } = useI18n();
  if (!customer.dossier_stale) return null;
  return (
    <Tooltip title={t('customers.staleHint', { date: formatDate(customer.dossier_updated_at) })}>
      <Tag color="orange" icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }} data-testid="customer-stale">
        {t('customers.stale')}
      </Tag>
    </Tooltip>
  );
}
