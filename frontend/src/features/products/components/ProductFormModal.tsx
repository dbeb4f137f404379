// A new product with its first list price, or a product renamed, its unit changed, retired or
// put back on sale (the list price changes through the price history, from a date).
import { App, DatePicker, Form, Input, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { Product } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { YuanItem } from '@/components/YuanItem';
import { DATE_FORMAT } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { yuanToFen } from '@/lib/money';
import { useCreateProduct, useUpdateProduct } from '../api/products';
import { companyDay } from '../lib/today';

interface Values {
  code: string;
  name: string;
  unit: string;
  list_price?: string;
  effective_from?: string | null;
  active?: boolean;
}

export function ProductFormModal({ product, onClose }: { product?: Product; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateProduct();
  const update = useUpdateProduct();

  const onSubmit = async (v: Values) => {
    if (product) {
      await update.mutateAsync({ id: product.id, body: { version: product.version, name: v.name.trim(), unit: v.unit.trim(), active: v.active ?? true } });
      message.success(t('common.saved'));
    } else {
      await create.mutateAsync({
        code: v.code.trim(),
        name: v.name.trim(),
        unit: v.unit.trim(),
        list_price_fen: yuanToFen(v.list_price) ?? 0,
        effective_from: v.effective_from ?? null,
      });
      // Keyed: products added one after another replace the toast instead of stacking it.
      message.success({ content: t('products.created'), key: 'products.created' });
    }
    onClose();
  };

  const required = { required: true, whitespace: true, message: t('fieldError.required') };
  return (
    <FormModal<Values>
      open
      title={product ? t('products.edit', { code: product.code }) : t('products.create')}
      form={form}
      onCancel={onClose}
      onSubmit={onSubmit}
      testId="product-form"
      renameFields={{ list_price_fen: 'list_price' }}
      fieldMessages={{ 'code.duplicate': t('products.codeTaken'), 'list_price.out_of_range': t('products.priceRange') }}
      initialValues={
        product
          ? { code: product.code, name: product.name, unit: product.unit, active: product.active }
          : { unit: '件', effective_from: companyDay() }
      }
    >
      <Form.Item name="code" label={t('products.code')} extra={product ? undefined : t('products.codeHelp')} rules={[required]}>
        <Input maxLength={40} disabled={!!product} />
      </Form.Item>
      <Form.Item name="name" label={t('products.name')} rules={[required]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item name="unit" label={t('products.unit')} extra={t('products.unitHelp')} rules={[required]}>
        <Input maxLength={20} style={{ width: 160 }} />
      </Form.Item>
      {product ? (
        <Form.Item name="active" label={t('products.onSale')} valuePropName="checked" extra={t('products.retireHelp')}>
          <Switch data-testid="product-active" />
        </Form.Item>
      ) : (
        <>
          <YuanItem name="list_price" label={t('products.firstListPrice')} required testId="product-list-price" />
          <Form.Item
            name="effective_from"
            label={t('products.effectiveFrom')}
            rules={[{ required: true, message: t('fieldError.required') }]}
            getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
            normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
          >
            <DatePicker style={{ width: 200 }} />
          </Form.Item>
        </>
      )}
    </FormModal>
  );
}
