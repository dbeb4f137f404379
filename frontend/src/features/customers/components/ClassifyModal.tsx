// 调整分类: the business manager (and above) decides a customer's category and key-customer
// flag, with the reason, against the version read; the server's field errors land on their
// fields and the decision goes to the customer's history.
import { Alert, App, Form, Input, Radio, Space, Switch } from 'antd';
import { CUSTOMER_CATEGORIES, type Customer, type CustomerCategory } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { useI18n } from '@/lib/i18n';
import { useClassifyCustomer } from '../api/customers';
import { CategoryLabel, KeyCustomerTag } from './CustomerTags';

interface Values {
  category: CustomerCategory;
  key_customer: boolean;
  reason: string;
}

export function ClassifyModal({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const classify = useClassifyCustomer();

  return (
    <FormModal<Values>
      open
      title={t('customers.classifyTitle', { name: customer.name })}
      form={form}
      initialValues={{ category: customer.category ?? 'general', key_customer: customer.key_customer ?? false, reason: '' }}
      onCancel={onClose}
      okText={t('customers.classify')}
      fieldMessages={{
        'reason.required': t('customers.decisionReasonRequired'),
        'category.unchanged': t('customers.classificationUnchanged'),
      }}
      testId="classify-form"
      onSubmit={async (v) => {
        await classify.mutateAsync({
          id: customer.id,
          body: { version: customer.version, category: v.category, key_customer: v.key_customer, reason: v.reason.trim() },
        });
        message.success(t('customers.classified'));
        onClose();
      }}
    >
      <Alert type="info" showIcon title={t('customers.classifyIntro')} style={{ marginBottom: 16 }} />
      <Form.Item label={t('customers.currentClassification')}>
        <Space>
          <CategoryLabel category={customer.category} />
          {customer.key_customer ? <KeyCustomerTag /> : null}
        </Space>
      </Form.Item>
      <Form.Item name="category" label={t('customers.newCategory')} rules={[{ required: true, message: t('fieldError.required') }]}>
        <Radio.Group
          optionType="button"
          options={CUSTOMER_CATEGORIES.map((c) => ({ value: c, label: td(`customers.category.${c}`, c) }))}
          data-testid="classify-category"
        />
      </Form.Item>
      <Form.Item name="key_customer" label={t('customers.keyCustomer')} valuePropName="checked">
        <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} data-testid="classify-key" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('customers.reason')}
        rules={[{ required: true, whitespace: true, message: t('customers.decisionReasonRequired') }]}
      >
        <Input.TextArea maxLength={1000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="classify-reason" />
      </Form.Item>
    </FormModal>
  );
}
