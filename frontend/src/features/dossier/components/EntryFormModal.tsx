// Add or edit a dossier entry of any kind (its fields from lib/kinds). An edit sends the version
// read (a stale one is refused); the server's `content.<field>` errors land on their fields.
import { App, AutoComplete, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { DossierEntry, DossierKind } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { isApiError } from '@/lib/api-error';
import { DATE_FORMAT, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { parseYuan } from '@/lib/money';
import { useCreateEntry, useUpdateEntry } from '../api/dossier';
import { contentErrorFields, contentToValues, INTERACTION_KINDS, KIND_FIELDS, valuesToContent, type FieldDef, type FormValues } from '../lib/kinds';
import { useFieldLabel } from './fields';

/** Suggestions for a key person's position (free text). */
const POSITIONS = ['法定代表人', '董事长', '总经理', '副总经理', '采购经理', '财务负责人', '技术负责人', '联系人'];

function AmountItem({ field, label }: { field: FieldDef; label: string }) {
  const { t, lang } = useI18n();
  const form = Form.useFormInstance<FormValues>();
  const value = Form.useWatch(field.name, form) as string | undefined;
  const parsed = parseYuan(value, { allowNegative: field.allowNegative });
  const preview = parsed.ok && parsed.fen !== null ? t('dossier.amountPreview', { amount: formatFenWan(parsed.fen, 2, lang) }) : undefined;
  return (
    <Form.Item
      name={field.name}
      label={label}
      extra={preview}
      rules={[
        {
          validator: (_, v: string | undefined) => {
            const r = parseYuan(v, { allowNegative: field.allowNegative });
            return r.ok ? Promise.resolve() : Promise.reject(new Error(t(`dossier.amount.${r.problem}`)));
          },
        },
      ]}
    >
      <Input inputMode="decimal" suffix={t('dossier.yuan')} maxLength={24} />
    </Form.Item>
  );
}

function FieldItem({ field }: { field: FieldDef }) {
  const { t, td } = useI18n();
  const label = useFieldLabel()(field);
  const required = field.required ? [{ required: true, whitespace: true, message: t('dossier.required', { field: label }) }] : [];
  switch (field.type) {
    case 'amount':
      return <AmountItem field={field} label={label} />;
    case 'date':
      return (
        <Form.Item
          name={field.name}
          label={label}
          rules={[{ required: true, message: t('dossier.required', { field: label }) }]}
          getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
          normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
        </Form.Item>
      );
    case 'integer':
      return (
        <Form.Item name={field.name} label={label}>
          <InputNumber min={0} max={150} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      );
    case 'interactionKind':
      return (
        <Form.Item name={field.name} label={label} rules={[{ required: true, message: t('dossier.required', { field: label }) }]}>
          <Select options={INTERACTION_KINDS.map((k) => ({ value: k, label: td(`dossier.interactionKind.${k}`, k) }))} />
        </Form.Item>
      );
    case 'textarea':
      return (
        <Form.Item name={field.name} label={label} rules={required}>
          <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 8 }} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item name={field.name} label={label} rules={required} extra={field.name === 'period' ? t('dossier.periodHelp') : undefined}>
          {field.name === 'position' ? (
            <AutoComplete
              options={POSITIONS.map((p) => ({ value: p }))}
              filterOption={(input, option) => String(option?.value ?? '').includes(input.trim())}
              maxLength={200}
            />
          ) : (
            <Input maxLength={field.name === 'period' ? 20 : 200} />
          )}
        </Form.Item>
      );
  }
}

export function EntryFormModal({
  customerId,
  kind,
  entry,
  onClose,
}: {
  customerId: number;
  kind: DossierKind;
  /** The entry to edit; none to add one. */
  entry?: DossierEntry;
  onClose: () => void;
}) {
  const { t, td } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateEntry();
  const update = useUpdateEntry();
  const fields = KIND_FIELDS[kind];
  const kindLabel = td(`dossier.kind.${kind}`, kind);
  const initial = contentToValues(kind, entry?.content as Record<string, unknown> | undefined);

  const onSubmit = async (v: FormValues) => {
    const content = valuesToContent(kind, v);
    if (entry) await update.mutateAsync({ id: entry.id, version: entry.version, content });
    else await create.mutateAsync({ customerId, kind, content });
    message.success(entry ? t('common.saved') : t('dossier.added', { kind: kindLabel }));
    onClose();
  };

  const wide = (f: FieldDef) => f.type === 'textarea';

  return (
    <FormModal<FormValues>
      open
      width={kind === 'financial_statement' || fields.length > 6 ? 860 : 680}
      title={`${entry ? t('common.edit') : t('dossier.add')} · ${kindLabel}`}
      form={form}
      initialValues={initial}
      onCancel={onClose}
      onSubmit={onSubmit}
      renameFields={contentErrorFields(kind)}
      errorNotice={(e) => (isApiError(e) && e.fieldErrors.some((f) => f.field === 'kind') ? t('dossier.sectionExists') : null)}
      fieldMessages={{
        'age.out_of_range': t('dossier.ageRange'),
        'date.out_of_range': t('dossier.futureDate'),
        'phone.invalid': t('dossier.phoneInvalid'),
        'email.invalid': t('dossier.emailInvalid'),
      }}
      testId="dossier-form"
    >
      <Row gutter={16}>
        {fields.map((f) => (
          <Col key={f.name} xs={24} md={wide(f) && kind !== 'key_person' && fields.length > 4 ? 12 : wide(f) ? 24 : 12}>
            <FieldItem field={f} />
          </Col>
        ))}
      </Row>
    </FormModal>
  );
}
