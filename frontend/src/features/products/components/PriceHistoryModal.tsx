// A product's list prices, newest date first, with the one in force today marked and later ones
// scheduled; the business department sets a new list price from a date (contracts signed before
// it keep theirs).
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Modal, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Product, ProductPrice } from '@/api/types';
import { ErrorState } from '@/components/ErrorState';
import { YuanItem } from '@/components/YuanItem';
import { formErrors } from '@/lib/errors';
import { DATE_FORMAT, formatDate, formatDateTime, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { yuanToFen } from '@/lib/money';
import { useAddPrice, useProductPrices } from '../api/products';
import { priceStates, type PriceState } from '../lib/prices';
import { companyDay } from '../lib/today';

const STATE_COLORS: Record<PriceState, string> = { in_force: 'success', scheduled: 'processing', superseded: 'default' };

interface Values {
  price?: string;
  effective_from?: string | null;
}

export function PriceHistoryModal({ product, canWrite, onClose }: { product: Product; canWrite: boolean; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const prices = useProductPrices(product.id);
  const add = useAddPrice();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const today = companyDay();
  const states = priceStates(prices.data ?? [], today);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    try {
      await add.mutateAsync({ id: product.id, body: { price_fen: yuanToFen(v.price) ?? 0, effective_from: v.effective_from ?? today } });
      message.success(t('products.priceAdded'));
      form.resetFields();
    } catch (e) {
      const { fields, general } = formErrors(lang, e, ['price', 'effective_from'], { price_fen: 'price' }, {
        'effective_from.duplicate': t('products.priceDateTaken'),
        'price.out_of_range': t('products.priceRange'),
      });
      form.setFields(fields);
      setError(general);
    }
  };

  return (
    <Modal
      open
      title={t('products.priceHistoryOf', { code: product.code, name: product.name })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      width={640}
      data-testid="price-history"
      destroyOnHidden
    >
      {prices.isError ? (
        <ErrorState error={prices.error} onRetry={() => void prices.refetch()} />
      ) : (
        <Table<ProductPrice>
          rowKey="id"
          size="small"
          pagination={false}
          loading={prices.isFetching}
          dataSource={prices.data ?? []}
          data-testid="price-history-table"
          columns={[
            { key: 'from', title: t('products.effectiveFrom'), render: (_, p) => formatDate(p.effective_from) },
            {
              key: 'price',
              title: t('products.listPrice'),
              align: 'right',
              render: (_, p) => t('products.pricePerUnit', { price: formatFen(p.price_fen), unit: product.unit }),
            },
            {
              key: 'state',
              title: t('products.priceState'),
              render: (_, p) => {
                const s = states.get(p.id) ?? 'superseded';
                return <Tag color={STATE_COLORS[s]}>{t(`products.priceState.${s}`)}</Tag>;
              },
            },
            { key: 'created', title: t('products.priceCreatedAt'), render: (_, p) => formatDateTime(p.created_at) },
          ]}
        />
      )}
      {canWrite ? (
        <div style={{ marginTop: 20 }} data-testid="price-new">
          <Typography.Title level={5}>{t('products.newPrice')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('products.newPriceHelp')}</Typography.Paragraph>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
          <Form<Values> form={form} layout="vertical" initialValues={{ effective_from: today }} autoComplete="off" onFinish={() => void submit()}>
            <Space align="start" wrap>
              <YuanItem name="price" label={t('products.newListPrice')} required noPreview testId="price-new-amount" style={{ width: 200 }} />
              <Form.Item
                name="effective_from"
                label={t('products.effectiveFrom')}
                rules={[{ required: true, message: t('fieldError.required') }]}
                getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
                normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
              >
                <DatePicker style={{ width: 180 }} data-testid="price-new-date" />
              </Form.Item>
              <Form.Item label=" ">
                <Button type="primary" icon={<PlusOutlined />} loading={add.isPending} htmlType="submit" data-testid="price-new-save">
                  {t('products.addPrice')}
                </Button>
              </Form.Item>
            </Space>
          </Form>
        </div>
      ) : null}
    </Modal>
  );
}
