// A modal with a form whose submission goes to the API: field errors land on their fields,
// anything else is shown above the form, in the user's language.
import { Alert, Form, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { formErrors } from '@/lib/errors';
import { useI18n } from '@/lib/i18n';

export interface FormModalProps<V extends object> {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  onCancel: () => void;
  /** Resolves on success (the modal closes), rejects with the API error otherwise. */
  onSubmit: (values: V) => Promise<unknown>;
  /** API field name → form field name, where they differ. */
  renameFields?: Record<string, string>;
  /** Messages for `<form field>.<error code>` more precise than the code's generic one. */
  fieldMessages?: Partial<Record<string, string>>;
  okText?: ReactNode;
  /**
   * What to say above the form about a failed submission instead of the translated message
   * (e.g. a link to the record a duplicate points at); shown even when every field error found
   * its field. Return null for the default.
   */
  errorNotice?: (error: unknown) => ReactNode | null;
  children: ReactNode;
  testId?: string;
  width?: number;
}

export function FormModal<V extends object>({
  open,
  title,
  form,
  initialValues,
  onCancel,
  onSubmit,
  renameFields,
  fieldMessages,
  okText,
  errorNotice,
  children,
  testId,
  width,
}: FormModalProps<V>) {
  const { t, lang } = useI18n();
  const [submitting, setSubmitting] = useState(false);
  const [general, setGeneral] = useState<ReactNode>(null);

  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return; // the form shows what is missing
    }
    setSubmitting(true);
    setGeneral(null);
    try {
      await onSubmit(values);
    } catch (e) {
      const known = Object.keys(form.getFieldsValue() as object);
      const { fields, general: g } = formErrors(lang, e, known, renameFields, fieldMessages);
      form.setFields(fields as Parameters<FormInstance<V>['setFields']>[0]);
      setGeneral(errorNotice?.(e) ?? g);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onCancel}
      onOk={() => void submit()}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={submitting}
      destroyOnHidden
      width={width}
      data-testid={testId}
      afterClose={() => setGeneral(null)}
    >
      {general ? <Alert type="error" showIcon title={general} style={{ marginBottom: 16 }} /> : null}
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        preserve={false}
        onFinish={() => void submit()}
        autoComplete="off"
      >
        {children}
        <button type="submit" hidden aria-hidden />
      </Form>
    </Modal>
  );
}
