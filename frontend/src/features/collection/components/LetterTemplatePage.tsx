// 催款函模板 /collection/letter-template: the dunning letter's template — its title and body (a
// blank line between paragraphs), the placeholders the body may name as tags that insert at the
// cursor, and a live preview of the letter with sample values (unknown placeholders marked, the
// table of overdue receivables and the signature sketched). Every reader of collection tasks
// reads it; the business department (the server's `can_edit`) changes it: saved with PUT, the
// server's refusals (an unknown placeholder, a missing title or body) shown at their fields.
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Row, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useRef, type KeyboardEvent, type SyntheticEvent } from 'react';
import type { LetterTemplate } from '@/api/types';
import { ErrorState } from '@/components/ErrorState';
import { PageHeader } from '@/components/PageHeader';
import { PageLoader } from '@/components/PageLoader';
import { formErrors } from '@/lib/errors';
import { companyToday, DATE_FORMAT, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useLetterTemplate, useSaveLetterTemplate } from '../api/letter';
import { chineseDate, insertAt, paragraphs, sampleValues, templateParts, unknownPlaceholders } from '../lib/letter';

interface Values {
  title: string;
  body: string;
}

export default function LetterTemplatePage() {
  const { t } = useI18n();
  const template = useLetterTemplate();
  return (
    <>
      <PageHeader title={t('letterTemplate.title')} intro={t('letterTemplate.intro')} />
      {template.isError ? (
        <ErrorState error={template.error} onRetry={() => void template.refetch()} />
      ) : template.data ? (
        // Keyed on the saved version: a save (here or elsewhere) starts the form from it.
        <Editor key={`${template.data.updated_at ?? 'default'}`} template={template.data} />
      ) : (
        <PageLoader />
      )}
    </>
  );
}

function Editor({ template }: { template: LetterTemplate }) {
  const { t, td, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveLetterTemplate();
  const editable = template.can_edit;
  // The body's textarea and its last selection: a placeholder clicked lands there.
  const bodyEl = useRef<HTMLTextAreaElement | null>(null);
  const selection = useRef<{ start: number; end: number } | null>(null);
  const title = Form.useWatch('title', form) ?? template.title;
  const body = Form.useWatch('body', form) ?? template.body;

  const remember = (e: SyntheticEvent<HTMLTextAreaElement>) => {
    bodyEl.current = e.currentTarget;
    selection.current = { start: e.currentTarget.selectionStart, end: e.currentTarget.selectionEnd };
  };

  const insert = (placeholder: string) => {
    const current = form.getFieldValue('body') as string | undefined;
    // The textarea keeps its selection when a tag takes the focus: read it live. Text typed
    // through an input method (or pasted) fires no key event, so the remembered one may be old.
    const el0 = bodyEl.current;
    const sel = el0 ? { start: el0.selectionStart, end: el0.selectionEnd } : selection.current;
    const next = insertAt(current ?? '', placeholder, sel?.start ?? null, sel?.end ?? null);
    form.setFieldValue('body', next.text);
    form.setFields([{ name: 'body', errors: [] }]);
    selection.current = { start: next.caret, end: next.caret };
    const el = bodyEl.current;
    if (el) {
      requestAnimationFrame(() => {
        el.focus();
        el.setSelectionRange(next.caret, next.caret);
      });
    }
  };

  const onSave = (values: Values) =>
    save.mutate(
      { title: values.title, body: values.body },
      {
        onSuccess: () => message.success(t('letterTemplate.saved')),
        onError: (e) => {
          const { fields, general } = formErrors(lang, e, ['title', 'body'] as const, {}, {
            'title.required': t('letterTemplate.titleRequired'),
            'body.required': t('letterTemplate.bodyRequired'),
          });
          form.setFields(fields);
          if (general) message.error(general);
        },
      },
    );

  const today = companyToday();
  const values = sampleValues(
    { customerName: t('letterTemplate.sampleCustomer'), customerCode: t('letterTemplate.sampleCode') },
    today,
    dayjs(today).subtract(75, 'day').format(DATE_FORMAT),
  );
  const unknown = unknownPlaceholders(body, template.placeholders);
  const label = (p: string) => td(`letterTemplate.ph.${p.replace(/[{}]/g, '')}`, p);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <Card size="small">
          <Space orientation="vertical" size={8} style={{ width: '100%', marginBottom: 12 }}>
            <Typography.Text type="secondary" data-testid="letter-template-updated">
              {template.updated_at
                ? t('letterTemplate.updated', { name: template.updated_by_name ?? t('common.none'), at: formatDateTime(template.updated_at) })
                : t('letterTemplate.default')}
            </Typography.Text>
            {!editable ? <Alert type="info" showIcon title={t('letterTemplate.readOnly')} data-testid="letter-template-read-only" /> : null}
          </Space>
          <Form<Values> form={form} layout="vertical" initialValues={{ title: template.title, body: template.body }} onFinish={onSave} disabled={!editable}>
            <Form.Item
              name="title"
              label={t('letterTemplate.fieldTitle')}
              rules={[{ required: true, whitespace: true, message: t('letterTemplate.titleRequired') }]}
            >
              <Input maxLength={200} data-testid="letter-template-title" />
            </Form.Item>
            <Form.Item
              name="body"
              label={t('letterTemplate.fieldBody')}
              extra={editable ? t('letterTemplate.bodyHelp') : undefined}
              rules={[{ required: true, whitespace: true, message: t('letterTemplate.bodyRequired') }]}
            >
              <Input.TextArea
                autoSize={{ minRows: 10, maxRows: 24 }}
                maxLength={10_000}
                onSelect={remember}
                onKeyUp={remember}
                onClick={remember}
                onFocus={remember}
                onInput={remember}
                data-testid="letter-template-body"
              />
            </Form.Item>
            <Form.Item label={t('letterTemplate.placeholders')}>
              <Space size={[6, 6]} wrap data-testid="letter-template-placeholders">
                {template.placeholders.map((p) => (
                  <PlaceholderTag key={p} placeholder={p} label={label(p)} enabled={editable} onInsert={insert} />
                ))}
              </Space>
            </Form.Item>
            {editable ? (
              <Space>
                <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="letter-template-save">
                  {t('letterTemplate.save')}
                </Button>
                <Button icon={<UndoOutlined />} onClick={() => form.resetFields()} data-testid="letter-template-revert">
                  {t('letterTemplate.revert')}
                </Button>
              </Space>
            ) : null}
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title={t('letterTemplate.preview')} data-testid="letter-template-preview">
          {unknown.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('letterTemplate.unknownInPreview', { names: unknown.join(lang === 'en' ? ', ' : '、') })}
              data-testid="letter-template-unknown"
            />
          ) : null}
          <Preview title={title} body={body} values={values} date={chineseDate(today)} />
        </Card>
      </Col>
    </Row>
  );
}

/** A placeholder as a tag: clicked (or Enter / Space), it is inserted at the body's cursor. */
function PlaceholderTag({ placeholder, label, enabled, onInsert }: { placeholder: string; label: string; enabled: boolean; onInsert: (p: string) => void }) {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onInsert(placeholder);
    }
  };
  return (
    <Tag
      color={enabled ? 'blue' : undefined}
      role={enabled ? 'button' : undefined}
      tabIndex={enabled ? 0 : undefined}
      style={{ cursor: enabled ? 'pointer' : 'default', marginInlineEnd: 0 }}
      // Keep the body's selection: the tag takes no focus from a mouse click.
      onMouseDown={(e) => e.preventDefault()}
      onClick={enabled ? () => onInsert(placeholder) : undefined}
      onKeyDown={enabled ? onKeyDown : undefined}
      data-testid={`placeholder-${placeholder.replace(/[{}]/g, '')}`}
    >
      <code>{placeholder}</code> {label}
    </Tag>
  );
}

/** The letter as it will read, with the sample values filled in (highlighted) and unknown placeholders marked. */
function Preview({ title, body, values, date }: { title: string; body: string; values: Record<string, string>; date: string }) {
  const { t } = useI18n();
  return (
    <div style={{ border: '1px solid #d9d9d9', padding: '16px 20px', background: '#fff', lineHeight: 1.8 }} data-testid="letter-preview">
      <div style={{ textAlign: 'center', letterSpacing: 2, borderBottom: '2px solid #000', paddingBottom: 4 }}>{t('letter.company')}</div>
      <div style={{ textAlign: 'center', fontSize: 20, fontWeight: 600, letterSpacing: 8, margin: '12px 0 2px' }} data-testid="letter-preview-title">
        {title}
      </div>
      <div style={{ textAlign: 'right', fontSize: 12, marginBottom: 8 }}>{date}</div>
      <div data-testid="letter-preview-body">
        {paragraphs(body).map((p, i) => (
          <p key={i} style={{ margin: '0 0 6px', whiteSpace: 'pre-wrap', textIndent: i > 0 ? '2em' : undefined }}>
            {templateParts(p, values).map((part, j) =>
              part.kind === 'text' ? (
                <span key={j}>{part.text}</span>
              ) : part.kind === 'value' ? (
                <mark key={j} title={part.placeholder} style={{ background: '#e6f4ff', padding: 0 }}>
                  {part.text}
                </mark>
              ) : (
                <Typography.Text key={j} type="danger" underline>
                  {part.text}
                </Typography.Text>
              ),
            )}
          </p>
        ))}
      </div>
      <div style={{ border: '1px dashed #999', color: '#666', textAlign: 'center', padding: '10px 0', margin: '12px 0', fontSize: 12 }}>{t('letterTemplate.tableNote')}</div>
      <div style={{ textAlign: 'right', fontSize: 13 }}>
        <div>
          {t('letter.company')} {t('letter.sign.seal')}
        </div>
        <div>{t('letter.sign.departments')}</div>
        <div>
          {t('letter.sign.date')}
          {t('ledger.colon')}
          {date}
        </div>
      </div>
    </div>
  );
}
