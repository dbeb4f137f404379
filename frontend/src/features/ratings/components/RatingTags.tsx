// Small pieces shared by the rating pages: a run's status, a grade (with the computed one beside
// an override), an indicator's level and points.
import { Space, Tag, Tooltip, Typography } from 'antd';
import type { Grade, Indicator, RunPurpose, RunStatus } from '@/api/types';
import { useI18n } from '@/lib/i18n';
import { RUN_STATUS_COLORS, type GradeShown } from '../lib/ratings';

export function RunStatusTag({ status }: { status: RunStatus }) {
  const { td } = useI18n();
  return (
    <Tag color={RUN_STATUS_COLORS[status]} data-testid="run-status">
      {td(`rating.status.${status}`, status)}
    </Tag>
  );
}

export function PurposeTag({ purpose }: { purpose: RunPurpose }) {
  const { td } = useI18n();
  return purpose === 'what_if' ? (
    <Tag color="purple" data-testid="run-what-if">
      {td(`rating.purpose.${purpose}`, purpose)}
    </Tag>
  ) : null;
}

const GRADE_COLORS: Record<Grade, string> = { A: 'green', B: 'blue', C: 'orange' };

export function GradeTag({ grade, testId }: { grade: string | null | undefined; testId?: string }) {
  const { t } = useI18n();
  if (!grade) return <Typography.Text type="secondary" data-testid={testId}>{t('rating.notRated')}</Typography.Text>;
  return (
    <Tag color={GRADE_COLORS[grade as Grade] ?? 'default'} data-testid={testId}>
      {grade}
    </Tag>
  );
}

/** The final grade, with the computed one struck through beside it when overridden. */
export function FinalGrade({ shown }: { shown: GradeShown }) {
  const { t } = useI18n();
  return (
    <Space size={4}>
      <GradeTag grade={shown.final} testId="result-final-grade" />
      {shown.overridden ? (
        <Tooltip title={t('rating.computedGrade')}>
          <Typography.Text type="secondary" delete={shown.computed !== shown.final} data-testid="result-computed-grade">
            {shown.computed ?? t('rating.notRated')}
          </Typography.Text>
        </Tooltip>
      ) : null}
    </Space>
  );
}

export function IndicatorCell({ ind }: { ind: Indicator }) {
  const { t } = useI18n();
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      {t('rating.levelPoints', { level: ind.level, points: ind.points })}
    </span>
  );
}
