// A form field for an amount typed in 元 (text, checked as typed by lib/money: at most two
// decimals, never through a float), with the amount in 万元 shown below it.
import { Form, Input } from 'antd';
import type { FormItemProps } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { parseYuan } from '@/lib/money';

export interface YuanItemProps {
  name: FormItemProps['name'];
  label?: ReactNode;
  required?: boolean;
  /** Refuse 0 (a payment, a credit note). */
  positive?: boolean;
  /** Shown below the field when there is no amount yet (the 万元 preview replaces it). */
  extra?: ReactNode;
  /** Hide the 万元 preview (narrow fields in a table). */
  noPreview?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  noStyle?: boolean;
  testId?: string;
  /** Checked with this amount in fen (after the amount itself is valid): a message refuses it. */
  check?: (fen: number) => string | null;
}

export function YuanItem({ name, label, required, positive, extra, noPreview, placeholder, style, noStyle, testId, check }: YuanItemProps) {
  const { t, lang } = useI18n();
  const form = Form.useFormInstance();
  const value = Form.useWatch(name, form) as string | undefined;
  const parsed = parseYuan(value);
  const preview =
    !noPreview && parsed.ok && parsed.fen !== null && parsed.fen >= 1_000_000 ? t('ledger.amountWan', { amount: formatFenWan(parsed.fen, 2, lang) }) : extra;
  return (
    <Form.Item
      name={name}
      label={label}
      extra={preview}
      style={style}
      noStyle={noStyle}
      rules={[
        {
          validator: (_, v: string | undefined) => {
            const r = parseYuan(v);
            if (!r.ok) return Promise.reject(new Error(t(`ledger.amount.${r.problem}`)));
            if (r.fen === null) return required ? Promise.reject(new Error(t('ledger.amount.required'))) : Promise.resolve();
            if (positive && r.fen <= 0) return Promise.reject(new Error(t('ledger.amount.positive')));
            const problem = check?.(r.fen);
            return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
          },
        },
      ]}
    >
      <Input inputMode="decimal" suffix={t('ledger.yuan')} maxLength={24} placeholder={placeholder} data-testid={testId} />
    </Form.Item>
  );
}
