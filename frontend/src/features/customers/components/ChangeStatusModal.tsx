// Change a customer's lifecycle status, with a reason (recorded in its history).
import { Alert, App, Form, Input, Select, Space } from 'antd';
import type { Customer, CustomerStatus } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { useI18n } from '@/lib/i18n';
import { useChangeCustomerStatus } from '../api/customers';
import { StatusTag } from './CustomerTags';

interface Values {
  status: CustomerStatus;
  reason: string;
}

export function ChangeStatusModal({
  customer,
  options,
  initial,
  onClose,
}: {
  customer: Customer;
  /** The statuses this user may choose (nextStatuses). */
  options: CustomerStatus[];
  initial: CustomerStatus;
  onClose: () => void;
}) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangeCustomerStatus();
  const chosen = Form.useWatch('status', form) ?? initial;
  const blacklist = chosen === 'blacklisted' || customer.status === 'blacklisted';

  return (
    <FormModal<Values>
      open
      title={t('customers.changeStatusTitle', { name: customer.name })}
      form={form}
      initialValues={{ status: initial, reason: '' }}
      onCancel={onClose}
      okText={t('customers.changeStatus')}
      testId="status-form"
      onSubmit={async (v) => {
        await change.mutateAsync({ id: customer.id, body: { status: v.status, reason: v.reason.trim() } });
        message.success(t('customers.statusChanged'));
        onClose();
      }}
    >
      <Form.Item label={t('customers.currentStatus')}>
        <Space>
          <StatusTag status={customer.status} />
        </Space>
      </Form.Item>
      <Form.Item name="status" label={t('customers.newStatus')} rules={[{ required: true, message: t('fieldError.required') }]}>
        <Select<CustomerStatus> options={options.map((s) => ({ value: s, label: td(`customers.status.${s}`, s) }))} />
      </Form.Item>
      {blacklist ? <Alert type="warning" showIcon title={t('customers.blacklistWarning')} style={{ marginBottom: 16 }} /> : null}
      <Form.Item name="reason" label={t('customers.reason')} rules={[{ required: true, whitespace: true, message: t('customers.reasonRequired') }]}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </FormModal>
  );
}
