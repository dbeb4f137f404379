// 调整评级: the business department sets a result's grade and/or category instead of the
// computed ones, with the reason (mandatory; the server's errors land on their fields); both
// empty clears an override.
import { App, Descriptions, Form, Input, Select } from 'antd';
import { CUSTOMER_CATEGORIES, CUSTOMER_GRADES, type CustomerCategory, type Grade, type RatingResult } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { useI18n } from '@/lib/i18n';
import { useOverride } from '../api/ratings';
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

  return (
    <FormModal<Values>
      open
      title={t('rating.overrideTitle', { customer: r.customer_name })}
      form={form}
      initialValues={{ grade: r.override_grade ?? null, category: r.override_category ?? null, reason: r.override_reason }}
      onCancel={onClose}
      fieldMessages={{ 'reason.required': t('rating.reasonRequired') }}
      onSubmit={async (v) => {
        const grade = v.grade ?? null;
        const category = v.category ?? null;
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
      <Form.Item name="grade" label={t('rating.overrideGrade')} extra={t('rating.overrideGradeHelp')}>
        <Select<Grade>
          allowClear
          placeholder={t('rating.keepComputed')}
          style={{ width: 200 }}
          options={CUSTOMER_GRADES.map((g) => ({ value: g, label: g }))}
          data-testid="override-grade"
        />
      </Form.Item>
      <Form.Item name="category" label={t('rating.overrideCategory')}>
        <Select<CustomerCategory>
          allowClear
          placeholder={t('rating.keepCategory')}
          style={{ width: 200 }}
          options={CUSTOMER_CATEGORIES.map((c) => ({ value: c, label: td(`customers.category.${c}`, c) }))}
          data-testid="override-category"
        />
      </Form.Item>
      <Form.Item name="reason" label={t('rating.overrideReason')} required extra={t('rating.reasonHelp')}>
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="override-reason" />
      </Form.Item>
    </FormModal>
  );
}
