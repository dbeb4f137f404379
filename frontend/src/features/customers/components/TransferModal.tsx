// Transfer a customer to another owner (and office), with a reason (recorded in its history).
import { App, Form, Input } from 'antd';
import type { Customer } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { OfficeSelect } from '@/components/OfficeSelect';
import { PersonSelect } from '@/components/PersonSelect';
import { useI18n } from '@/lib/i18n';
import { useTransferCustomer } from '../api/customers';

interface Values {
  owner_user_id: number | null;
  office_id?: number | null;
  reason: string;
}

export function TransferModal({ customer, onClose }: { customer: Customer; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const transfer = useTransferCustomer();
  const none = t('common.none');

  return (
    <FormModal<Values>
      open
      title={t('customers.transferTitle', { name: customer.name })}
      form={form}
      initialValues={{ owner_user_id: null, office_id: null, reason: '' }}
      onCancel={onClose}
      okText={t('customers.transfer')}
      testId="transfer-form"
      onSubmit={async (v) => {
        await transfer.mutateAsync({
          id: customer.id,
          body: { owner_user_id: v.owner_user_id ?? 0, office_id: v.office_id ?? null, reason: v.reason.trim() },
        });
        message.success(t('customers.transferred'));
        onClose();
      }}
    >
      <p style={{ color: 'rgba(0,0,0,0.45)', marginTop: 0 }}>{t('customers.transferIntro')}</p>
      <Form.Item label={t('customers.currentOwner')}>
        {customer.owner_name ?? none} · {customer.office_name ?? t('customers.noOffice')}
      </Form.Item>
      <Form.Item
        name="owner_user_id"
        label={t('customers.newOwner')}
        extra={t('customers.newOwnerHelp')}
        rules={[{ required: true, message: t('customers.newOwnerRequired') }]}
      >
        <PersonSelect role="salesman" placeholder={t('customers.personSearch')} data-testid="transfer-owner" />
      </Form.Item>
      <Form.Item name="office_id" label={`${t('customers.newOffice')}${t('common.optional')}`} extra={t('customers.newOfficeHelp')}>
        <OfficeSelect />
      </Form.Item>
      <Form.Item name="reason" label={t('customers.reason')} rules={[{ required: true, whitespace: true, message: t('customers.reasonRequired') }]}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </FormModal>
  );
}
