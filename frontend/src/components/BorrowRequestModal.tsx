// 资料借阅: ask for temporary access to a customer outside one's scope (POST /borrow-requests).
// The customer is named by its credit code, its name or its id — given (e.g. by a duplicate
// refusal, which does not tell who it is) or typed here. The request goes to the approvals
// inbox of the business manager; on approval the customer is in scope until the loan expires.
import { App, Button, Form, Input, InputNumber, Radio } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '@/lib/api-client';
import { isApiError, unwrap } from '@/lib/api-error';
import {
  BORROW_DEFAULT_DAYS,
  BORROW_MAX_DAYS,
  BORROW_MIN_DAYS,
  borrowBody,
  parseBorrowTarget,
  type BorrowBy,
  type BorrowTarget,
} from '@/lib/borrowing';
import { useI18n } from '@/lib/i18n';
import { approvalKeys, notificationKeys } from '@/lib/query-keys';
import { FormModal } from './FormModal';

interface Values {
  by: BorrowBy;
  customer: string;
  reason: string;
  days: number;
}

export interface BorrowRequestModalProps {
  /** The customer asked for; when absent the user names it in the form. */
  target?: BorrowTarget | null;
  onClose: () => void;
  /** After the request was filed (the modal closes itself). */
  onRequested?: (approvalId: number) => void;
}

export function BorrowRequestModal({ target, onClose, onRequested }: BorrowRequestModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const by = Form.useWatch('by', form) ?? target?.by ?? 'credit_code';

  const onSubmit = async (v: Values) => {
    const chosen = target ?? parseBorrowTarget(v.by, v.customer);
    if (!chosen) {
      form.setFields([{ name: 'customer', errors: [t('borrow.customerInvalid')] }]);
      return;
    }
    const { approval_id } = await unwrap(api.POST('/api/v1/borrow-requests', { body: borrowBody(chosen, v.reason, v.days) }));
    await Promise.all([qc.invalidateQueries({ queryKey: approvalKeys.all }), qc.invalidateQueries({ queryKey: notificationKeys.all })]);
    message.success({
      content: (
        <span data-testid="borrow-requested">
          {t('borrow.requested')}{' '}
          {/* Messages render outside the router (a Link would have no router there). */}
          <a
            href={`/approvals/${approval_id}`}
            onClick={(e) => {
              e.preventDefault();
              message.destroy('borrow-requested');
              navigate(`/approvals/${approval_id}`);
            }}
          >
            {t('borrow.viewRequest')}
          </a>
        </span>
      ),
      key: 'borrow-requested',
      duration: 6,
    });
    onClose();
    onRequested?.(approval_id);
  };

  const byLabel = (b: BorrowBy) => t(`borrow.by.${b}`);
  // What the server says about the customer named (not found, in scope already), also when the
  // form has no field for it (a given target).
  const errorNotice = (e: unknown) => {
    if (!isApiError(e)) return null;
    if (e.status === 404) return t('borrow.notFound');
    if (e.fieldErrors.some((f) => ['customer_id', 'credit_code', 'name'].includes(f.field) && f.code === 'invalid')) {
      return t('borrow.inScopeAlready');
    }
    return null;
  };

  return (
    <FormModal<Values>
      open
      title={t('borrow.title')}
      form={form}
      initialValues={{ by: target?.by ?? 'credit_code', customer: '', reason: '', days: BORROW_DEFAULT_DAYS }}
      onCancel={onClose}
      onSubmit={onSubmit}
      okText={t('borrow.submit')}
      testId="borrow-form"
      errorNotice={errorNotice}
      // The customer is named by one of three fields; the form has one input for them.
      renameFields={{ customer_id: 'customer', credit_code: 'customer', name: 'customer' }}
      fieldMessages={{
        'customer.invalid': t('borrow.inScopeAlready'),
        'customer.required': t('borrow.customerRequired'),
        'days.out_of_range': t('borrow.daysRange', { min: BORROW_MIN_DAYS, max: BORROW_MAX_DAYS }),
      }}
    >
      <p style={{ color: 'rgba(0,0,0,0.45)', marginTop: 0 }}>{t('borrow.intro')}</p>
      {target ? (
        <Form.Item label={t('borrow.customer')} data-testid="borrow-target">
          {t('common.labelValue', { label: byLabel(target.by), value: String(target.value) })}
        </Form.Item>
      ) : (
        <>
          <Form.Item name="by" label={t('borrow.findBy')}>
            <Radio.Group
              optionType="button"
              options={(['credit_code', 'name', 'customer_id'] as const).map((b) => ({ value: b, label: byLabel(b) }))}
              onChange={() => form.setFields([{ name: 'customer', errors: [] }])}
            />
          </Form.Item>
          <Form.Item
            name="customer"
            label={byLabel(by)}
            rules={[{ required: true, whitespace: true, message: t('borrow.customerRequired') }]}
            normalize={(v: string) => (by === 'credit_code' ? v.toUpperCase() : v)}
          >
            <Input maxLength={200} inputMode={by === 'customer_id' ? 'numeric' : undefined} />
          </Form.Item>
        </>
      )}
      <Form.Item
        name="reason"
        label={t('borrow.reason')}
        extra={t('borrow.reasonHelp')}
        rules={[{ required: true, whitespace: true, message: t('borrow.reasonRequired') }]}
      >
        <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
      <Form.Item
        name="days"
        label={t('borrow.days')}
        extra={t('borrow.daysHelp', { max: BORROW_MAX_DAYS })}
        rules={[{ required: true, type: 'integer', min: BORROW_MIN_DAYS, max: BORROW_MAX_DAYS, message: t('borrow.daysRange', { min: BORROW_MIN_DAYS, max: BORROW_MAX_DAYS }) }]}
      >
        <InputNumber min={BORROW_MIN_DAYS} max={BORROW_MAX_DAYS} precision={0} suffix={t('borrow.daysUnit')} style={{ width: 160 }} />
      </Form.Item>
    </FormModal>
  );
}

/** "申请借阅": a button that opens the borrow request for `target`. */
export function RequestAccessButton({
  target,
  onRequested,
  size = 'small',
}: {
  target: BorrowTarget | null;
  onRequested?: (approvalId: number) => void;
  size?: 'small' | 'middle';
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size={size} type="link" onClick={() => setOpen(true)} data-testid="request-access" style={{ paddingInline: 4 }}>
        {t('borrow.action')}
      </Button>
      {open ? <BorrowRequestModal target={target} onClose={() => setOpen(false)} onRequested={onRequested} /> : null}
    </>
  );
}
