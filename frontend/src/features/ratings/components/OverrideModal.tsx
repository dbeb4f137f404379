// 调整评级: the business department sets a result's grade instead of the computed one, and the
// business manager its category, with the reason (mandatory; the server's errors land on their
// fields); both empty clears an override. The grades offered follow the rules' eligibility: none
// for a customer not rated, only C for a new customer.
import { App, Descriptions, Form, Input, Select } from 'antd';
import { CUSTOMER_CATEGORIES, type CustomerCategory, type Grade, type RatingResult } from '@/api/types';
import { useCan } from '@/components/Can';
import { FormModal } from '@/components/FormModal';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';
import { useOverride } from '../api/ratings';
import { overridableGrades } from '../lib/ratings';
import { GradeTag } from './RatingTags';

interface Values {
  grade?: Grade | null;
  category?: CustomerCategory | null;
  reason?: string;
}

export function OverrideModal({ runId, result: r, onClose }: { runId: number; result: RatingResult; onClose: () => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const override = useOverride();
  const [form] = Form.useForm<Values>();
  const canClassify = useCan(PERMISSIONS.customerClassificationWrite);
  const grades = overridableGrades(r.eligibility);
  // Why the rules leave fewer grades (none for a customer rated normally).
  const ineligible = r.eligibility === 'rated' ? undefined : td(`rating.ineligible.${r.eligibility}`);

  return (
    <FormModal<Values>
      open
      title={t('rating.overrideTitle', { customer: r.customer_name })}
      form={form}
      initialValues={{ grade: r.override_grade ?? null, category: r.override_category ?? null, reason: r.override_reason }}
      onCancel={onClose}
      fieldMessages={{ 'reason.required': t('rating.reasonRequired'), 'grade.rating.ineligible': ineligible }}
      onSubmit={async (v) => {
        const grade = v.grade ?? null;
        const category = canClassify ? (v.category ?? null) : (r.override_category ?? null);
        await override.mutateAsync({ runId, customerId: r.customer_id, body: { grade, category, reason: (v.reason ?? '').trim() } });
        message.success(grade === null && category === null ? t('rating.overrideCleared') : t('rating.overrideSaved'));
        onClose();
      }}
      testId="override-modal"
    >
      <Descriptions
        size="small"
        column={2}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'computed', label: t('rating.proposedGrade'), children: <GradeTag grade={r.proposed_grade} /> },
          { key: 'points', label: t('rating.totalPoints'), children: r.total_points },
          { key: 'suggested', label: t('rating.suggestedCategory'), children: td(`customers.category.${r.suggested_category}`, r.suggested_category) },
          { key: 'previous', label: t('rating.previous'), children: r.previous_grade ?? t('rating.notRated') },
        ]}
      />
      <Form.Item
        name="grade"
        label={t('rating.overrideGrade')}
        extra={ineligible ?? t('rating.overrideGradeHelp')}
      >
        <Select<Grade>
          allowClear
          disabled={grades.length === 0}
          placeholder={t('rating.keepComputed')}
          style={{ width: 200 }}
          options={grades.map((g) => ({ value: g, label: g }))}
          data-testid="override-grade"
        />
      </Form.Item>
      {canClassify ? (
        <Form.Item name="category" label={t('rating.overrideCategory')}>
          <Select<CustomerCategory>
            allowClear
            placeholder={t('rating.keepCategory')}
            style={{ width: 200 }}
            options={CUSTOMER_CATEGORIES.map((c) => ({ value: c, label: td(`customers.category.${c}`, c) }))}
            data-testid="override-category"
          />
        </Form.Item>
      ) : null}
      <Form.Item name="reason" label={t('rating.overrideReason')} required extra={t('rating.reasonHelp')}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="override-reason" />
      </Form.Item>
    </FormModal>
  );
}
