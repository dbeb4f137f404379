// 新建评级: the rating date (default today) and the window (12 or 6 months, of those the policy
// allows); the run starts computing at once and its page shows the progress.
import { App, DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { FormModal } from '@/components/FormModal';
import { companyToday, DATE_FORMAT } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useCreateRun } from '../api/ratings';

interface Values {
  rating_date: string | null;
  window_months: number;
  note?: string;
}

const WINDOWS = [12, 6] as const;

export function NewRunModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const create = useCreateRun();
  const [form] = Form.useForm<Values>();

  return (
    <FormModal<Values>
      open
      title={t('rating.newRun')}
      form={form}
      initialValues={{ rating_date: companyToday(), window_months: 12 }}
      onCancel={onClose}
      okText={t('rating.start')}
      fieldMessages={{
        'rating_date.out_of_range': t('rating.ratingDateRange'),
        'window_months.policy.not_allowed': t('rating.windowNotAllowed'),
      }}
      onSubmit={async (v) => {
        const run = await create.mutateAsync({
          rating_date: v.rating_date ?? null,
          window_months: v.window_months,
          note: v.note?.trim() || null,
        });
        message.success(t('rating.started'));
        onClose();
        navigate(`/ratings/${run.id}`);
      }}
      testId="run-new-modal"
    >
      <Form.Item
        name="rating_date"
        label={t('rating.ratingDate')}
        rules={[{ required: true, message: t('fieldError.required') }]}
        getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
        normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
      >
        <DatePicker style={{ width: 200 }} data-testid="run-new-date" />
      </Form.Item>
      <Form.Item name="window_months" label={t('rating.window')} extra={t('rating.windowHelp')}>
        <Select<number>
          style={{ width: 200 }}
          options={WINDOWS.map((n) => ({ value: n, label: t('rating.months', { n }) }))}
          data-testid="run-new-window"
        />
      </Form.Item>
      <Form.Item name="note" label={t('rating.note')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </FormModal>
  );
}
