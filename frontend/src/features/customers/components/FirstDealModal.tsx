// 更正首次成交日期: the business department corrects the first-deal date the first signed
// contract set, with the reason, against the version read. The server refuses a date in the
// future or after the first signed contract; its errors land on the date or the reason.
import { Alert, App, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Customer } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { DATE_FORMAT, formatDate } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useCorrectFirstDeal } from '../api/customers';

interface Values {
  /** `YYYY-MM-DD`, or null for no deal. */
  first_deal_date: string | null;
  reason: string;
}

export function FirstDealModal({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const correct = useCorrectFirstDeal();

  return (
    <FormModal<Values>
      open
      title={t('customers.correctFirstDealTitle', { name: customer.name })}
      form={form}
      initialValues={{ first_deal_date: customer.first_deal_date ?? null, reason: '' }}
      onCancel={onClose}
      okText={t('customers.correctFirstDeal')}
      fieldMessages={{
        'reason.required': t('customers.decisionReasonRequired'),
        'first_deal_date.out_of_range': t('customers.firstDealOutOfRange'),
        'first_deal_date.required': t('customers.firstDealRequired'),
        'first_deal_date.unchanged': t('customers.firstDealUnchanged'),
      }}
      testId="first-deal-form"
      onSubmit={async (v) => {
        await correct.mutateAsync({
          id: customer.id,
          body: { version: customer.version, first_deal_date: v.first_deal_date ?? null, reason: v.reason.trim() },
        });
        message.success(t('customers.firstDealCorrected'));
        onClose();
      }}
    >
      <Alert type="info" showIcon title={t('customers.correctFirstDealIntro')} style={{ marginBottom: 16 }} />
      <Form.Item label={t('customers.currentFirstDeal')}>{formatDate(customer.first_deal_date)}</Form.Item>
      <Form.Item
        name="first_deal_date"
        label={t('customers.newFirstDeal')}
        extra={t('customers.newFirstDealHelp')}
        getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
        normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
      >
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="first-deal-date" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('customers.reason')}
        rules={[{ required: true, whitespace: true, message: t('customers.decisionReasonRequired') }]}
      >
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="first-deal-reason" />
      </Form.Item>
    </FormModal>
  );
}
