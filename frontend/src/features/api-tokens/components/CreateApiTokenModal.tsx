import { DatePicker, Form, Input, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { ROLES, type CreatedApiToken, type Role } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { OfficeSelect } from '@/components/OfficeSelect';
import { COMPANY_TZ } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useCreateApiToken } from '../api/api-tokens';

interface Values {
  name: string;
  role: Role;
  office_id?: number | null;
  expires_at?: Dayjs | null;
}

export function CreateApiTokenModal({ onClose, onCreated }: { onClose: () => void; onCreated: (t: CreatedApiToken) => void }) {
  const { t, td } = useI18n();
  const [form] = Form.useForm<Values>();
  const create = useCreateApiToken();

  return (
    <FormModal<Values>
      open
      title={t('apiTokens.create')}
      form={form}
      onCancel={onClose}
      okText={t('common.create')}
      testId="api-token-form"
      onSubmit={async (v) => {
        const created = await create.mutateAsync({
          name: v.name.trim(),
          role: v.role,
          office_id: v.office_id ?? null,
          // The end of the chosen day in the company's time zone.
          expires_at: v.expires_at
            ? v.expires_at.tz(COMPANY_TZ, true).endOf('day').utc().format('YYYY-MM-DDTHH:mm:ss[Z]')
            : null,
        });
        onCreated(created);
      }}
    >
      <Form.Item name="name" label={t('apiTokens.name')} rules={[{ required: true, whitespace: true, message: t('fieldError.required') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="role" label={t('apiTokens.role')} rules={[{ required: true, message: t('fieldError.required') }]}>
        <Select<Role> showSearch={{ optionFilterProp: 'label' }} options={ROLES.map((r) => ({ value: r, label: td(`role.${r}`, r) }))} />
      </Form.Item>
      <Form.Item name="office_id" label={`${t('apiTokens.office')}${t('common.optional')}`}>
        <OfficeSelect />
      </Form.Item>
      <Form.Item name="expires_at" label={`${t('apiTokens.expiresAt')}${t('common.optional')}`} extra={t('apiTokens.expiresHelp')}>
        <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(new Date(), 'day')} />
      </Form.Item>
    </FormModal>
  );
}
