// 附件: the files of a customer's dossier (business licence scans, photos, contracts), newest
// first; upload (PDF, JPEG, PNG, .docx, .xlsx — the server checks the content and the size and
// answers by problem code), download with the session's token (every download is audited) and
// removal. A file may belong to an investigation or an information slip of the same customer.
import { DeleteOutlined, DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Input, Popconfirm, Select, Space, Table, Tooltip, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { useState } from 'react';
import type { Attachment, DossierEntry } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { isApiError } from '@/lib/api-error';
import { ACCEPTED_FILES, downloadAttachment } from '@/lib/attachments';
import { saveFile } from '@/lib/download';
import { errorMessage } from '@/lib/errors';
import { formatBytes, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useAttachments, useDeleteAttachment, useUploadAttachment } from '../api/dossier';
import { fileKind } from '../lib/attachments';
import { entryTitle } from './EntryTable';

export function Attachments({ customerId, entries, canWrite }: { customerId: number; entries: DossierEntry[]; canWrite: boolean }) {
  const { t, td, lang } = useI18n();
  const { message } = App.useApp();
  const files = useAttachments(customerId);
  const remove = useDeleteAttachment();
  const [uploading, setUploading] = useState(false);
  const [downloading, setDownloading] = useState<number | null>(null);
  const none = t('common.none');
  const entryById = new Map(entries.map((e) => [e.id, e]));

  const download = async (a: Attachment) => {
    setDownloading(a.id);
    try {
      saveFile(await downloadAttachment(a.id, a.filename));
    } catch (e) {
      message.error(errorMessage(lang, e));
    } finally {
      setDownloading(null);
    }
  };

  const entryLabel = (id: number | null | undefined) => {
    if (id === null || id === undefined) return none;
    const e = entryById.get(id);
    if (!e) return t('attachments.entryGone');
    return `${td(`dossier.kind.${e.kind}`, e.kind)} · ${entryTitle(e) || `#${e.id}`}`;
  };

  return (
    <div data-testid="dossier-attachments">
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">{t('attachments.intro')}</Typography.Text>
        {canWrite ? (
          <Button type="primary" icon={<UploadOutlined />} onClick={() => setUploading(true)} data-testid="attachment-upload">
            {t('attachments.upload')}
          </Button>
        ) : null}
      </Flex>
      {files.isError ? (
        <Typography.Text type="danger">{errorMessage(lang, files.error)}</Typography.Text>
      ) : (
        <Table<Attachment>
          rowKey="id"
          size="small"
          loading={files.isFetching}
          dataSource={files.data ?? []}
          pagination={(files.data?.length ?? 0) > 20 ? { pageSize: 20 } : false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('attachments.empty') }}
          data-testid="attachments-table"
          columns={[
            {
              key: 'filename',
              title: t('attachments.filename'),
              render: (_, a) => (
                <Typography.Link onClick={() => void download(a)} data-testid="attachment-name">
                  {a.filename}
                </Typography.Link>
              ),
            },
            { key: 'kind', title: t('attachments.kind'), render: (_, a) => td(`attachments.kind.${fileKind(a.content_type)}`, a.content_type) },
            { key: 'size', title: t('attachments.size'), align: 'right', render: (_, a) => formatBytes(a.size_bytes) },
            {
              key: 'description',
              title: t('attachments.description'),
              width: 260,
              render: (_, a) => (a.description ? <span style={{ whiteSpace: 'pre-wrap' }}>{a.description}</span> : none),
            },
            { key: 'entry', title: t('attachments.entry'), render: (_, a) => entryLabel(a.entry_id) },
            { key: 'by', title: t('attachments.uploadedBy'), render: (_, a) => a.uploaded_by_name ?? none },
            { key: 'at', title: t('attachments.uploadedAt'), render: (_, a) => formatDateTime(a.uploaded_at) },
            {
              key: 'actions',
              title: t('common.actions'),
              fixed: 'right',
              render: (_, a) => (
                <Space size={4}>
                  <Tooltip title={t('attachments.download')}>
                    <Button
                      size="small"
                      type="text"
                      icon={<DownloadOutlined />}
                      aria-label={t('attachments.download')}
                      loading={downloading === a.id}
                      onClick={() => void download(a)}
                      data-testid="attachment-download"
                    />
                  </Tooltip>
                  {canWrite ? (
                    <Popconfirm
                      title={t('attachments.deleteConfirm', { name: a.filename })}
                      description={t('attachments.deleteHint')}
                      okText={t('attachments.delete')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common.cancel')}
                      onConfirm={() =>
                        remove.mutateAsync(a.id).then(
                          () => void message.success(t('attachments.deleted')),
                          (err: unknown) => void message.error(errorMessage(lang, err)),
                        )
                      }
                    >
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('attachments.delete')} data-testid="attachment-delete" />
                    </Popconfirm>
                  ) : null}
                </Space>
              ),
            },
          ]}
        />
      )}
      {uploading ? <UploadModal customerId={customerId} entries={entries} onClose={() => setUploading(false)} /> : null}
    </div>
  );
}

interface UploadValues {
  file: UploadFile[];
  description?: string;
  entry_id?: number;
}

function UploadModal({ customerId, entries, onClose }: { customerId: number; entries: DossierEntry[]; onClose: () => void }) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UploadValues>();
  const upload = useUploadAttachment();
  const linkable = entries.filter((e) => e.kind === 'investigation' || e.kind === 'information_slip');

  return (
    <FormModal<UploadValues>
      open
      title={t('attachments.uploadTitle')}
      form={form}
      okText={t('attachments.uploadOk')}
      onCancel={onClose}
      testId="attachment-form"
      renameFields={{ filename: 'file' }}
      fieldMessages={{
        'file.invalid': t('attachments.typeRefused'),
        'description.too_long': t('attachments.descriptionTooLong'),
        'entry_id.invalid': t('attachments.entryInvalid'),
      }}
      errorNotice={(e) => (isApiError(e) && e.code === 'request.too_large' ? t('attachments.tooLarge') : null)}
      onSubmit={async (v) => {
        const file = v.file[0]?.originFileObj;
        if (!file) throw new Error(t('attachments.fileRequired'));
        await upload.mutateAsync({ customerId, file, description: v.description, entryId: v.entry_id ?? null });
        message.success(t('attachments.uploaded', { name: file.name }));
        onClose();
      }}
    >
      <Form.Item
        name="file"
        label={t('attachments.file')}
        valuePropName="fileList"
        getValueFromEvent={(e: { fileList?: UploadFile[] } | UploadFile[]) => (Array.isArray(e) ? e : (e?.fileList ?? [])).slice(-1)}
        rules={[{ required: true, type: 'array', min: 1, message: t('attachments.fileRequired') }]}
        extra={t('attachments.accepted')}
      >
        <Upload.Dragger beforeUpload={() => false} maxCount={1} accept={ACCEPTED_FILES} data-testid="attachment-file">
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('attachments.drop')}</p>
        </Upload.Dragger>
      </Form.Item>
      <Form.Item name="description" label={t('attachments.description')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={500} showCount placeholder={t('attachments.descriptionPlaceholder')} />
      </Form.Item>
      {linkable.length > 0 ? (
        <Form.Item name="entry_id" label={t('attachments.entry')} extra={t('attachments.entryHelp')}>
          <Select<number>
            allowClear
            placeholder={t('attachments.entryNone')}
            options={linkable.map((e) => ({ value: e.id, label: `${td(`dossier.kind.${e.kind}`, e.kind)} · ${entryTitle(e) || `#${e.id}`}` }))}
          />
        </Form.Item>
      ) : null}
    </FormModal>
  );
}
