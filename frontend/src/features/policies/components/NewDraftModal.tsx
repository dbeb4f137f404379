// 新建修订草稿: a copy of the version in force, with a note on what the revision is for.
import { App, Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { FormModal } from '@/components/FormModal';
import { useI18n } from '@/lib/i18n';
import { useActivePolicy, useCreatePolicyDraft } from '../api/policies';

export function NewDraftModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ note?: string }>();
  const active = useActivePolicy(open);
  const create = useCreatePolicyDraft();

  const onSubmit = async ({ note }: { note?: string }) => {
    const draft = await create.mutateAsync({ note: (note ?? '').trim() });
    message.success(t('policy.draftCreated', { number: draft.number }));
    onClose();
    navigate(`/policies/${draft.id}`);
  };

  return (
    <FormModal<{ note?: string }>
      open={open}
      title={t('policy.newDraftTitle')}
      form={form}
      onCancel={onClose}
      onSubmit={onSubmit}
      okText={t('common.create')}
      testId="policy-new-draft"
      fieldMessages={{ 'note.too_long': t('policy.problem.noteTooLong') }}
    >
      <Typography.Paragraph type="secondary">
        {active.data ? t('policy.newDraftIntro', { number: active.data.number }) : t('policy.newDraftIntroPlain')}
      </Typography.Paragraph>
      <Form.Item name="note" label={`${t('policy.note')}${t('common.optional')}`}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('policy.notePlaceholder')} />
      </Form.Item>
    </FormModal>
  );
}
