// The files of a credit investigation or event: the picker of the forms (the files are uploaded
// to the customer's attachments when the form is sent, then named by their ids in
// `attachment_ids`), what an upload refusal says, and the files of a record as download links.
import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Form, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import type { CreditInvestigation } from '@/api/types';
import { isApiError } from '@/lib/api-error';
import { ACCEPTED_FILES, downloadAttachment, MAX_RECORD_FILES, type FileUploadError } from '@/lib/attachments';
import { saveFile } from '@/lib/download';
import { errorMessage } from '@/lib/errors';
import type { Lang, TFunction } from '@/lib/i18n';
import { useI18n } from '@/lib/i18n';

export type RecordFile = CreditInvestigation['files'][number];

/** The form field of the picked files: named like the API's field, so its errors land here. */
export const FILES_FIELD = 'attachment_ids';

/** The picked files of a form (antd's list, as the picker keeps it). */
export function FilesItem({ testId }: { testId: string }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name={FILES_FIELD}
      label={t('credit.files.label')}
      valuePropName="fileList"
      getValueFromEvent={(e: { fileList?: UploadFile[] } | UploadFile[]) => (Array.isArray(e) ? e : (e?.fileList ?? []))}
      extra={t('credit.files.help', { max: MAX_RECORD_FILES })}
      rules={[
        {
          validator: (_, list: UploadFile[] | undefined) =>
            (list?.length ?? 0) > MAX_RECORD_FILES ? Promise.reject(new Error(t('credit.files.tooMany', { max: MAX_RECORD_FILES }))) : Promise.resolve(),
        },
      ]}
    >
      <Upload beforeUpload={() => false} multiple accept={ACCEPTED_FILES} data-testid={testId}>
        <Button icon={<UploadOutlined />}>{t('credit.files.pick')}</Button>
      </Upload>
    </Form.Item>
  );
}

/** Why a picked file was not stored, naming it, in the user's language. */
export function uploadErrorText(e: FileUploadError, t: TFunction, lang: Lang): string {
  const cause = e.error;
  let reason: string;
  if (isApiError(cause) && (cause.status === 413 || cause.code === 'request.too_large')) reason = t('credit.files.tooLarge');
  else if (isApiError(cause) && cause.fieldErrors.some((f) => f.field === 'file')) reason = t('credit.files.typeRefused');
  else if (isApiError(cause)) reason = errorMessage(lang, cause);
  else reason = t('credit.files.unreadable');
  return t('credit.files.uploadFailed', { name: e.filename, reason });
}

/** Field messages of the server's `attachment_ids` errors. */
export function filesFieldMessages(t: TFunction): Record<string, string> {
  return {
    [`${FILES_FIELD}.unknown`]: t('credit.files.unknown'),
    [`${FILES_FIELD}.invalid`]: t('credit.files.tooMany', { max: MAX_RECORD_FILES }),
  };
}

/** A record's files, each a download (with the session's token; audited). */
export function RecordFiles({ files }: { files: readonly RecordFile[] }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<number | null>(null);
  if (files.length === 0) return <>{t('common.none')}</>;
  const download = async (f: RecordFile) => {
    setBusy(f.attachment_id);
    try {
      saveFile(await downloadAttachment(f.attachment_id, f.filename));
    } catch (e) {
      message.error(errorMessage(lang, e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Space orientation="vertical" size={0} data-testid="credit-files">
      {files.map((f) => (
        <Typography.Link
          key={f.attachment_id}
          onClick={() => void download(f)}
          disabled={busy === f.attachment_id}
          title={t('credit.files.download', { name: f.filename })}
          data-testid="credit-file"
        >
          <PaperClipOutlined style={{ marginInlineEnd: 4 }} />
          {f.filename}
        </Typography.Link>
      ))}
    </Space>
  );
}

