// 产品与标价 /products: search by code or name, filter on sale / retired (in the URL); the
// business department adds products with their first list price, renames or retires them and
// sets a new list price from a date. Everyone dealing with contracts or shipments reads them.
import { EditOutlined, HistoryOutlined } from '@ant-design/icons';
import { Button, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { Product } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ListFilters, ListSearch } from '@/components/ListFilters';
import { CreateButton, PageHeader } from '@/components/PageHeader';
import { formatDate, formatDateTime, formatFen } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { PRODUCT_FILTERS, toProductsQuery, useProducts } from '../api/products';
import { PriceHistoryModal } from './PriceHistoryModal';
import { ProductFormModal } from './ProductFormModal';

export default function ProductsPage() {
  const { t } = useI18n();
  const list = useListState(PRODUCT_FILTERS);
  const products = useProducts(toProductsQuery(list.query));
  const canWrite = useCan(PERMISSIONS.productsWrite);
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const [prices, setPrices] = useState<Product | null>(null);
  const f = list.filters;
  const anyFilter = Object.keys(f).length > 0;
  const none = t('common.none');

  const columns: DataColumns<Product> = [
    { key: 'code', dataIndex: 'code', title: t('products.code'), width: 140 },
    {
      key: 'name',
      title: t('products.name'),
      render: (_, p) => (
        <Space size={6}>
          <span>{p.name}</span>
          {p.active ? null : <Tag data-testid="product-retired">{t('products.retired')}</Tag>}
        </Space>
      ),
    },
    { key: 'unit', dataIndex: 'unit', title: t('products.unit'), width: 80 },
    {
      key: 'list_price',
      title: t('products.listPrice'),
      align: 'right',
      render: (_, p) =>
        p.list_price_fen === null || p.list_price_fen === undefined ? (
          <Typography.Text type="secondary">{t('products.noPriceYet')}</Typography.Text>
        ) : (
          <span data-testid="product-price">{t('products.pricePerUnit', { price: formatFen(p.list_price_fen), unit: p.unit })}</span>
        ),
    },
    { key: 'list_price_from', title: t('products.priceFrom'), render: (_, p) => (p.list_price_from ? formatDate(p.list_price_from) : none) },
    { key: 'updated_at', title: t('products.updatedAt'), render: (_, p) => formatDateTime(p.updated_at) },
    {
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, p) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setPrices(p)} data-testid="product-prices">
            {t('products.priceHistory')}
          </Button>
          {canWrite ? (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(p)} data-testid="product-edit">
              {t('common.edit')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('products.title')}
        intro={t('products.intro')}
        extra={
          <CreateButton allowed={canWrite} onClick={() => setEditing('new')} testId="product-create">
            {t('products.create')}
          </CreateButton>
        }
      />
      <ListFilters list={list}>
        <ListSearch list={list} placeholder={t('products.searchPlaceholder')} width={280} button testId="products-search" />
        <Select<string>
          allowClear
          placeholder={t('products.allStatus')}
          value={f.active}
          onChange={(active) => list.setFilters({ active })}
          style={{ width: 140 }}
          options={[
            { value: 'true', label: t('products.onSale') },
            { value: 'false', label: t('products.retired') },
          ]}
          data-testid="products-filter-active"
        />
      </ListFilters>
      <DataTable<Product, (typeof PRODUCT_FILTERS)[number]>
        rowKey="id"
        columns={columns}
        list={list}
        query={products}
        filtered={anyFilter}
        testId="products-table"
      />
      {editing ? <ProductFormModal product={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
      {prices ? <PriceHistoryModal product={prices} canWrite={canWrite} onClose={() => setPrices(null)} /> : null}
    </>
  );
}
