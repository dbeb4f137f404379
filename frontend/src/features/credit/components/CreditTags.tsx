import { Tag } from 'antd';
import type { CreditGrade, LimitRequestStatus } from '@/api/types';
import { useI18n } from '@/lib/i18n';

const GRADE_COLORS: Record<CreditGrade, string> = { AAA: 'green', AA: 'cyan', A: 'blue', B: 'gold', C: 'orange' };

/** A credit grade (AAA … C), or "no credit". */
export function CreditGradeTag({ grade, testId }: { grade: CreditGrade | null | undefined; testId?: string }) {
  const { t } = useI18n();
  if (!grade) return <Tag data-testid={testId}>{t('credit.noGrade')}</Tag>;
  return (
    <Tag color={GRADE_COLORS[grade]} data-testid={testId}>
      {grade}
    </Tag>
  );
}

const REQUEST_COLORS: Record<LimitRequestStatus, string> = { pending: 'processing', approved: 'success', rejected: 'error', cancelled: 'default' };

export function RequestStatusTag({ status }: { status: LimitRequestStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={REQUEST_COLORS[status]} data-testid="credit-request-status">
      {t(`credit.requests.status.${status}`)}
    </Tag>
  );
}
