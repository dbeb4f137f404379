// The credit tab's forms: a limit request (for the VP), a security instrument, a credit
// investigation and a credit event (each with its files, uploaded to the customer's attachments
// when the form is sent, for those who may add files to the dossier), and the reason of setting
// or lifting a hold. Errors of the server land on their fields (FormModal), in the user's language.
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import type { UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import {
  CREDIT_EVENT_KINDS,
  CREDIT_GRADES,
  INSTRUMENT_KINDS,
  INVESTIGATION_SOURCES,
  RISK_PHASES,
  SEVERITIES,
  type CreditEventKind,
  type CreditGrade,
  type CreditInstrument,
  type CreditProfile,
  type InstrumentKind,
  type InvestigationSource,
  type RiskPhase,
  type Severity,
} from '@/api/types';
import { useCan } from '@/components/Can';
import { FormModal } from '@/components/FormModal';
import { YuanItem } from '@/components/YuanItem';
import { isApiError } from '@/lib/api-error';
import { FileUploadError } from '@/lib/attachments';
import { companyToday, DATE_FORMAT, formatFen, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { fenToWanInput, parseWan, wanToFen, yuanToFen } from '@/lib/money';
import { PERMISSIONS } from '@/lib/permissions';
import { useAddEvent, useAddInstrument, useAddInvestigation, useLiftHold, useRecordFiles, useRequestLimit, useSetHold, useVoidInstrument } from '../api/credit';
import { FILES_FIELD, FilesItem, filesFieldMessages, uploadErrorText } from './CreditFiles';

/** A date field holding `YYYY-MM-DD` text. */
function DateItem({ name, label, required, requiredMessage, disabledDate, testId, extra }: {
  name: string;
  label: ReactNode;
  required?: boolean;
  requiredMessage?: string;
  disabledDate?: (d: Dayjs) => boolean;
  testId?: string;
  extra?: ReactNode;
}) {
  return (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      rules={required ? [{ required: true, message: requiredMessage }] : []}
      getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
      normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
    >
      <DatePicker style={{ width: 200 }} disabledDate={disabledDate} data-testid={testId} />
    </Form.Item>
  );
}

/**
 * A record's files: uploaded first (each once, however often the form is sent), then sent as
 * `attachment_ids`. A refused upload is shown on the files field, naming the file; an id the
 * server no longer knows (the file was deleted meanwhile) makes the next attempt upload anew.
 */
function useFormFiles(customerId: number) {
  const { t, lang } = useI18n();
  const files = useRecordFiles(customerId);
  const mayUpload = useCan(PERMISSIONS.customerMasterWrite);
  return {
    mayUpload,
    /** Uploads the picked files; on a refusal, the message is put on the field and it throws. */
    async ids(form: { setFields: (f: { name: typeof FILES_FIELD; errors: string[] }[]) => void }, picked: UploadFile[] | undefined, description: string) {
      if (!picked || picked.length === 0) return undefined;
      try {
        return await files.upload(picked, description);
      } catch (e) {
        if (e instanceof FileUploadError) form.setFields([{ name: FILES_FIELD, errors: [uploadErrorText(e, t, lang)] }]);
        throw e;
      }
    },
    /** After a failed send: forget the uploads the server no longer knows. */
    failed(e: unknown) {
      if (isApiError(e) && e.fieldErrors.some((f) => f.field === FILES_FIELD && f.code === 'unknown')) files.forget();
    },
    notice: (e: unknown) => (e instanceof FileUploadError ? uploadErrorText(e, t, lang) : null),
    fieldMessages: filesFieldMessages(t),
  };
}

interface GradeTerms {
  grade: CreditGrade;
  limit_fen: number;
  credit_period_days: number;
}

interface LimitValues {
  new_grade?: CreditGrade;
  new_limit_wan?: string;
  credit_period_days?: number | null;
  valid_until?: string | null;
  reason?: string;
}

/**
 * 申请调整信用额度: the new grade, limit (万元), period, validity and reason. The grade's default
 * limit and period under the policy in force are offered; above the policy's amount the GM
 * decides after the VP.
 */
export function LimitRequestModal({
  profile,
  grades,
  gmAboveFen,
  onClose,
}: {
  profile: CreditProfile;
  grades: readonly GradeTerms[];
  gmAboveFen: number | null;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const request = useRequestLimit(profile.customer_id);
  const [form] = Form.useForm<LimitValues>();
  const grade = Form.useWatch('new_grade', form);
  const limitText = Form.useWatch('new_limit_wan', form);
  const terms = grades.find((g) => g.grade === grade) ?? null;
  const newFen = wanToFen(limitText ?? '');
  const today = companyToday();
  const none = t('common.none');
  return (
    <FormModal<LimitValues>
      open
      title={t('credit.request.title')}
      form={form}
      width={600}
      okText={t('credit.request.submit')}
      initialValues={{
        new_grade: profile.grade ?? undefined,
        new_limit_wan: profile.has_credit ? fenToWanInput(profile.approved_limit_fen) : '',
        credit_period_days: profile.credit_period_days ?? null,
        valid_until: null,
        reason: '',
      }}
      onCancel={onClose}
      renameFields={{ new_limit_fen: 'new_limit_wan' }}
      fieldMessages={{
        'reason.required': t('credit.request.reasonRequired'),
        'credit_period_days.out_of_range': t('credit.request.periodRange'),
        'valid_until.out_of_range': t('credit.request.validUntilFuture'),
      }}
      errorNotice={(e) => (isApiError(e) && e.status === 409 ? t('credit.request.pendingExists') : null)}
      onSubmit={async (v) => {
        await request.mutateAsync({
          new_grade: v.new_grade as CreditGrade,
          new_limit_fen: wanToFen(v.new_limit_wan ?? '') ?? 0,
          credit_period_days: v.credit_period_days ?? 0,
          valid_until: v.valid_until ?? null,
          reason: (v.reason ?? '').trim(),
        });
        message.success(t('credit.request.submitted'));
        onClose();
      }}
      testId="credit-request-modal"
    >
      <Typography.Paragraph type="secondary">
        {gmAboveFen !== null ? t('credit.request.intro', { amount: formatFenWan(gmAboveFen, 2, lang) }) : null}
      </Typography.Paragraph>
      <Typography.Paragraph data-testid="credit-request-current">
        {t('credit.request.current', {
          grade: profile.grade ?? t('credit.noGrade'),
          limit: formatFenWan(profile.approved_limit_fen, 2, lang),
          period: profile.credit_period_days !== null && profile.credit_period_days !== undefined ? t('credit.days', { n: profile.credit_period_days }) : none,
        })}
      </Typography.Paragraph>
      <Form.Item name="new_grade" label={t('credit.request.newGrade')} rules={[{ required: true, message: t('credit.request.gradeRequired') }]}>
        <Select<CreditGrade> style={{ width: 200 }} options={CREDIT_GRADES.map((g) => ({ value: g, label: g }))} data-testid="credit-request-grade" />
      </Form.Item>
      {terms ? (
        <Space style={{ marginTop: -12, marginBottom: 12 }} wrap>
          <Typography.Text type="secondary">
            {t('credit.request.gradeDefault', { grade: terms.grade, limit: formatFenWan(terms.limit_fen, 2, lang), days: terms.credit_period_days })}
          </Typography.Text>
          <Button
            size="small"
            onClick={() => form.setFieldsValue({ new_limit_wan: fenToWanInput(terms.limit_fen), credit_period_days: terms.credit_period_days })}
            data-testid="credit-request-defaults"
          >
            {t('credit.request.useDefault')}
          </Button>
        </Space>
      ) : null}
      <Form.Item
        name="new_limit_wan"
        label={t('credit.request.newLimit')}
        extra={t('credit.request.newLimitHelp')}
        rules={[
          {
            validator: (_, v: string | undefined) => {
              const r = parseWan(v);
              if (!r.ok) return Promise.reject(new Error(t('credit.request.limitInvalid')));
              return r.fen === null ? Promise.reject(new Error(t('credit.request.limitRequired'))) : Promise.resolve();
            },
          },
        ]}
      >
        <Input inputMode="decimal" style={{ width: 200 }} suffix={t('policy.unit.wan')} maxLength={20} data-testid="credit-request-limit" />
      </Form.Item>
      {gmAboveFen !== null && newFen !== null && newFen > gmAboveFen ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('credit.request.needsGm', { amount: formatFenWan(gmAboveFen, 2, lang) })} data-testid="credit-request-gm" />
      ) : null}
      <Form.Item name="credit_period_days" label={t('credit.request.period')} rules={[{ required: true, message: t('credit.request.periodRequired') }]}>
        <InputNumber min={0} max={720} precision={0} style={{ width: 200 }} data-testid="credit-request-period" />
      </Form.Item>
      <DateItem
        name="valid_until"
        label={t('credit.request.validUntil')}
        extra={t('credit.request.validUntilHelp')}
        disabledDate={(d) => d.format(DATE_FORMAT) <= today}
        testId="credit-request-valid-until"
      />
      <Form.Item name="reason" label={t('credit.request.reason')} rules={[{ required: true, whitespace: true, message: t('credit.request.reasonRequired') }]}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="credit-request-reason" />
      </Form.Item>
    </FormModal>
  );
}

/** The server's bounds: an instrument of at most 100 亿元, at most 50 live ones per customer. */
export const MAX_INSTRUMENT_FEN = 1_000_000_000_000;
export const MAX_LIVE_INSTRUMENTS = 50;

interface InstrumentValues {
  kind?: InstrumentKind;
  provider?: string;
  amount?: string;
  expires_on?: string | null;
  note?: string;
}

export function InstrumentModal({ customerId, onClose }: { customerId: number; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const add = useAddInstrument(customerId);
  const [form] = Form.useForm<InstrumentValues>();
  return (
    <FormModal<InstrumentValues>
      open
      title={t('credit.instruments.addTitle')}
      form={form}
      initialValues={{ kind: 'guarantee', provider: '', amount: '', expires_on: null, note: '' }}
      onCancel={onClose}
      renameFields={{ amount_fen: 'amount' }}
      fieldMessages={{ 'provider.required': t('credit.instruments.providerRequired') }}
      errorNotice={(e) =>
        isApiError(e) && e.fieldErrors.some((f) => f.field === 'customer_id' && f.code === 'too_many') ? t('credit.instruments.tooMany', { n: MAX_LIVE_INSTRUMENTS }) : null
      }
      onSubmit={async (v) => {
        await add.mutateAsync({
          kind: v.kind as InstrumentKind,
          provider: (v.provider ?? '').trim(),
          amount_fen: yuanToFen(v.amount ?? '') ?? 0,
          expires_on: v.expires_on ?? '',
          note: (v.note ?? '').trim(),
        });
        message.success(t('credit.instruments.added'));
        onClose();
      }}
      testId="credit-instrument-modal"
    >
      <Form.Item name="kind" label={t('credit.instruments.kind')} rules={[{ required: true }]}>
        <Select<InstrumentKind>
          style={{ width: 200 }}
          options={INSTRUMENT_KINDS.map((k) => ({ value: k, label: t(`credit.instruments.kind.${k}`) }))}
          data-testid="credit-instrument-kind"
        />
      </Form.Item>
      <Form.Item name="provider" label={t('credit.instruments.provider')} rules={[{ required: true, whitespace: true, message: t('credit.instruments.providerRequired') }]}>
        <Input maxLength={200} data-testid="credit-instrument-provider" />
      </Form.Item>
      <YuanItem
        name="amount"
        label={t('credit.instruments.amount')}
        required
        positive
        check={(fen) => (fen > MAX_INSTRUMENT_FEN ? t('credit.instruments.amountTooLarge') : null)}
        testId="credit-instrument-amount"
      />
      <DateItem name="expires_on" label={t('credit.instruments.expiresOn')} required requiredMessage={t('credit.instruments.expiresRequired')} testId="credit-instrument-expires" />
      <Form.Item name="note" label={t('credit.instruments.note')}>
        <Input.TextArea maxLength={4000} autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>
    </FormModal>
  );
}

interface InvestigationValues {
  source?: InvestigationSource;
  investigated_on?: string | null;
  findings?: string;
  attachment_ids?: UploadFile[];
}

export function InvestigationModal({ customerId, onClose }: { customerId: number; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const add = useAddInvestigation(customerId);
  const files = useFormFiles(customerId);
  const [form] = Form.useForm<InvestigationValues>();
  const today = companyToday();
  return (
    <FormModal<InvestigationValues>
      open
      title={t('credit.investigations.add')}
      form={form}
      initialValues={{ source: 'bank_report', investigated_on: today, findings: '', attachment_ids: [] }}
      onCancel={onClose}
      fieldMessages={{
        'findings.required': t('credit.investigations.findingsRequired'),
        'investigated_on.out_of_range': t('credit.investigations.notFuture'),
        ...files.fieldMessages,
      }}
      errorNotice={files.notice}
      onSubmit={async (v) => {
        const on = v.investigated_on ?? today;
        const attachmentIds = await files.ids(form, v.attachment_ids, t('credit.files.ofInvestigation', { date: on }));
        try {
          await add.mutateAsync({
            source: v.source as InvestigationSource,
            investigated_on: on,
            findings: (v.findings ?? '').trim(),
            ...(attachmentIds ? { attachment_ids: attachmentIds } : {}),
          });
        } catch (e) {
          files.failed(e);
          throw e;
        }
        message.success(t('credit.investigations.added'));
        onClose();
      }}
      testId="credit-investigation-modal"
    >
      <Form.Item name="source" label={t('credit.investigations.source')} rules={[{ required: true }]}>
        <Select<InvestigationSource>
          style={{ width: 200 }}
          options={INVESTIGATION_SOURCES.map((s) => ({ value: s, label: t(`credit.investigations.source.${s}`) }))}
          data-testid="credit-investigation-source"
        />
      </Form.Item>
      <DateItem
        name="investigated_on"
        label={t('credit.investigations.date')}
        required
        requiredMessage={t('credit.investigations.dateRequired')}
        disabledDate={(d) => d.format(DATE_FORMAT) > today}
      />
      <Form.Item name="findings" label={t('credit.investigations.findings')} rules={[{ required: true, whitespace: true, message: t('credit.investigations.findingsRequired') }]}>
        <Input.TextArea maxLength={4000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="credit-investigation-findings" />
      </Form.Item>
      {files.mayUpload ? <FilesItem testId="credit-investigation-files" /> : null}
    </FormModal>
  );
}

interface EventValues {
  kind?: CreditEventKind;
  phase?: RiskPhase;
  severity?: Severity;
  notes?: string;
  attachment_ids?: UploadFile[];
}

export function EventModal({ customerId, onClose, onDone }: { customerId: number; onClose: () => void; onDone: (hold: boolean) => void }) {
  const { t } = useI18n();
  const add = useAddEvent(customerId);
  const files = useFormFiles(customerId);
  const [form] = Form.useForm<EventValues>();
  const severity = Form.useWatch('severity', form);
  return (
    <FormModal<EventValues>
      open
      title={t('credit.events.add')}
      form={form}
      initialValues={{ kind: 'likely_refusal_to_pay', phase: 'in_transaction', severity: 'medium', notes: '', attachment_ids: [] }}
      onCancel={onClose}
      fieldMessages={{ 'notes.required': t('credit.events.notesRequired'), ...files.fieldMessages }}
      errorNotice={files.notice}
      onSubmit={async (v) => {
        const kind = v.kind as CreditEventKind;
        const attachmentIds = await files.ids(form, v.attachment_ids, t('credit.files.ofEvent', { kind: t(`credit.events.kind.${kind}`), date: companyToday() }));
        let profile;
        try {
          profile = await add.mutateAsync({
            kind,
            phase: v.phase as RiskPhase,
            severity: v.severity as Severity,
            notes: (v.notes ?? '').trim(),
            ...(attachmentIds ? { attachment_ids: attachmentIds } : {}),
          });
        } catch (e) {
          files.failed(e);
          throw e;
        }
        onDone(v.severity === 'severe' && !!profile.hold);
        onClose();
      }}
      testId="credit-event-modal"
    >
      <Form.Item name="kind" label={t('credit.events.kind')} rules={[{ required: true }]}>
        <Select<CreditEventKind> style={{ width: 240 }} options={CREDIT_EVENT_KINDS.map((k) => ({ value: k, label: t(`credit.events.kind.${k}`) }))} data-testid="credit-event-kind" />
      </Form.Item>
      <Form.Item name="phase" label={t('credit.events.phase')} rules={[{ required: true }]}>
        <Select<RiskPhase> style={{ width: 240 }} options={RISK_PHASES.map((p) => ({ value: p, label: t(`credit.events.phase.${p}`) }))} data-testid="credit-event-phase" />
      </Form.Item>
      <Form.Item name="severity" label={t('credit.events.severity')} rules={[{ required: true }]} extra={severity === 'severe' ? t('credit.events.severeHelp') : undefined}>
        <Select<Severity> style={{ width: 240 }} options={SEVERITIES.map((s) => ({ value: s, label: t(`credit.events.severity.${s}`) }))} data-testid="credit-event-severity" />
      </Form.Item>
      <Form.Item name="notes" label={t('credit.events.notes')} rules={[{ required: true, whitespace: true, message: t('credit.events.notesRequired') }]}>
        <Input.TextArea maxLength={4000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="credit-event-notes" />
      </Form.Item>
      {files.mayUpload ? <FilesItem testId="credit-event-files" /> : null}
    </FormModal>
  );
}

/** Set or lift the credit hold, with the reason the server requires. */
export function HoldModal({ customerId, action, onClose }: { customerId: number; action: 'set' | 'lift'; onClose: () => void }) {
  const { t } = useI18n();
  const set = useSetHold(customerId);
  const lift = useLiftHold(customerId);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  return (
    <FormModal<{ reason?: string }>
      open
      title={t(action === 'set' ? 'credit.hold.setTitle' : 'credit.hold.liftTitle')}
      form={form}
      initialValues={{ reason: '' }}
      okText={t(action === 'set' ? 'credit.hold.set' : 'credit.hold.lift')}
      onCancel={onClose}
      fieldMessages={{ 'reason.required': t('credit.hold.reasonRequired') }}
      onSubmit={async (v) => {
        const reason = (v.reason ?? '').trim();
        await (action === 'set' ? set : lift).mutateAsync(reason);
        message.success(t(action === 'set' ? 'credit.hold.done.set' : 'credit.hold.done.lift'));
        onClose();
      }}
      testId="credit-hold-modal"
    >
      <Typography.Paragraph type="secondary">{t(action === 'set' ? 'credit.hold.setHelp' : 'credit.hold.liftHelp')}</Typography.Paragraph>
      <Form.Item name="reason" label={t('credit.hold.reason')} rules={[{ required: true, whitespace: true, message: t('credit.hold.reasonRequired') }]}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="credit-hold-reason" />
      </Form.Item>
    </FormModal>
  );
}

/** Void a security instrument (the VP or GM), with the reason the server requires. */
export function VoidInstrumentModal({ customerId, instrument, onClose }: { customerId: number; instrument: CreditInstrument; onClose: () => void }) {
  const { t } = useI18n();
  const voidIt = useVoidInstrument(customerId);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  return (
    <FormModal<{ reason?: string }>
      open
      title={t('credit.instruments.voidTitle')}
      form={form}
      initialValues={{ reason: '' }}
      okText={t('credit.instruments.void')}
      onCancel={onClose}
      fieldMessages={{ 'reason.required': t('credit.instruments.voidReasonRequired') }}
      onSubmit={async (v) => {
        await voidIt.mutateAsync({ instrumentId: instrument.id, reason: (v.reason ?? '').trim() });
        message.success(t('credit.instruments.voided'));
        onClose();
      }}
      testId="credit-instrument-void-modal"
    >
      <Typography.Paragraph type="secondary">
        {t('credit.instruments.voidHelp', {
          kind: t(`credit.instruments.kind.${instrument.kind}`),
          provider: instrument.provider,
          amount: formatFen(instrument.amount_fen),
        })}
      </Typography.Paragraph>
      <Form.Item name="reason" label={t('credit.instruments.voidReason')} rules={[{ required: true, whitespace: true, message: t('credit.instruments.voidReasonRequired') }]}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="credit-instrument-void-reason" />
      </Form.Item>
    </FormModal>
  );
}
