// 贷项通知: reduces a receivable (compensation, price corrections) by an amount not above its
// open balance, on a date not in the future, with a reason.
import { Alert, App, DatePicker, Descriptions, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Receivable } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { YuanItem } from '@/components/YuanItem';
import { DATE_FORMAT, formatDate, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { yuanToFen } from '@/lib/money';
import { useCreateCreditNote } from '../api/receivables';
import { companyDay } from '../lib/day';

interface Values {
  amount?: string;
  issued_on?: string | null;
  reason?: string;
}

export function CreditNoteModal({ receivable, onClose }: { receivable: Receivable; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateCreditNote();
  const today = companyDay();

  const onSubmit = async (v: Values) => {
    await create.mutateAsync({
      receivable_id: receivable.id,
      amount_fen: yuanToFen(v.amount) ?? 0,
      issued_on: v.issued_on ?? today,
      reason: (v.reason ?? '').trim(),
    });
    message.success(t('receivables.creditNoteCreated'));
    onClose();
  };

  return (
    <FormModal<Values>
      open
      title={t('receivables.creditNoteTitle', { contract: receivable.contract_number })}
      form={form}
      onCancel={onClose}
      onSubmit={onSubmit}
      okText={t('receivables.creditNoteSave')}
      testId="credit-note-form"
      renameFields={{ amount_fen: 'amount', receivable_id: 'amount' }}
      fieldMessages={{
        'amount.payment.over_allocated': t('receivables.creditOverBalance'),
        'amount.unknown': t('receivables.receivableGone'),
        'issued_on.out_of_range': t('receivables.notInFuture'),
        'reason.required': t('receivables.reasonRequired'),
      }}
      initialValues={{ issued_on: today, reason: '' }}
    >
      <Descriptions
        size="small"
        column={2}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'customer', label: t('receivables.customer'), children: receivable.customer_name },
          { key: 'due', label: t('receivables.dueDate'), children: formatDate(receivable.due_date) },
          { key: 'amount', label: t('receivables.amount'), children: formatFen(receivable.amount_fen) },
          { key: 'balance', label: t('receivables.balance'), children: formatFen(receivable.balance_fen) },
        ]}
      />
      <Alert type="info" showIcon title={t('receivables.creditNoteHelp')} style={{ marginBottom: 16 }} />
      <YuanItem
        name="amount"
        label={t('receivables.creditAmount')}
        required
        positive
        testId="credit-note-amount"
        check={(fen) => (fen > receivable.balance_fen ? t('receivables.creditOverBalance') : null)}
      />
      <Form.Item
        name="issued_on"
        label={t('receivables.creditIssuedOn')}
        rules={[{ required: true, message: t('fieldError.required') }]}
        getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
        normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
      >
        <DatePicker style={{ width: 200 }} disabledDate={(d) => d.format(DATE_FORMAT) > today} />
      </Form.Item>
      <Form.Item name="reason" label={t('receivables.creditReason')} rules={[{ required: true, whitespace: true, message: t('receivables.reasonRequired') }]}>
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="credit-note-reason" />
      </Form.Item>
    </FormModal>
  );
}
