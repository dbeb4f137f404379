import { App, Form, Input } from 'antd';
import type { Office } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { UserSelect } from '@/components/UserSelect';
import { useI18n } from '@/lib/i18n';
import { useCreateOffice, useUpdateOffice } from '../api/offices';

interface Values {
  code: string;
  name: string;
  region?: string;
  director_user_id?: number | null;
}

/** Create (office undefined) or edit an office. */
export function OfficeFormModal({ open, office, onClose }: { open: boolean; office?: Office; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateOffice();
  const update = useUpdateOffice();

  const onSubmit = async (v: Values) => {
    const region = v.region?.trim() ? v.region.trim() : null;
    const director = v.director_user_id ?? null;
    if (office) {
      await update.mutateAsync({
        id: office.id,
        body: { version: office.version, name: v.name.trim(), region, director_user_id: director },
      });
      message.success(t('common.saved'));
    } else {
      await create.mutateAsync({ code: v.code.trim(), name: v.name.trim(), region, director_user_id: director });
      message.success(t('common.created'));
    }
    onClose();
  };

  return (
    <FormModal<Values>
      open={open}
      title={office ? t('offices.edit') : t('offices.create')}
      form={form}
      onCancel={onClose}
      onSubmit={onSubmit}
      testId="office-form"
      initialValues={
        office
          ? { code: office.code, name: office.name, region: office.region ?? '', director_user_id: office.director_user_id ?? null }
          : {}
      }
    >
      <Form.Item
        name="code"
        label={t('offices.code')}
        extra={office ? undefined : t('offices.codeHelp')}
        rules={[{ required: true, whitespace: true, message: t('fieldError.required') }]}
      >
        <Input maxLength={32} disabled={!!office} />
      </Form.Item>
      <Form.Item name="name" label={t('offices.name')} rules={[{ required: true, whitespace: true, message: t('fieldError.required') }]}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="region" label={`${t('offices.region')}${t('common.optional')}`}>
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="director_user_id" label={`${t('offices.director')}${t('common.optional')}`}>
        <UserSelect placeholder={t('offices.directorPlaceholder')} currentLabel={office?.director_name ?? null} />
      </Form.Item>
    </FormModal>
  );
}
