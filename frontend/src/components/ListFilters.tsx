// The filter bar above a list bound to a URL list state (`useListState`): its filters, a search
// box for the `q` filter, a customer filter, and "Reset" while any filter is set.
import { Button, Input, Space } from 'antd';
import type { ReactNode } from 'react';
import { hasFilters, idFilter, type ListStateApi } from '@/lib/list-state';
import { useI18n } from '@/lib/i18n';
import { CustomerSelect, customerLabel } from './CustomerSelect';

/** The filters of a list in a row, then "Reset" while any filter is set (`onReset`: `list.reset`). */
export function ListFilters<F extends string>({ list, onReset, children }: { list: ListStateApi<F>; onReset?: () => void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Space style={{ marginBottom: 16 }} wrap>
      {children}
      {hasFilters(list) ? <Button onClick={onReset ?? list.reset}>{t('common.reset')}</Button> : null}
    </Space>
  );
}

/** The search box of a list: sets the `q` filter on Enter (or the search button, with `button`). */
export function ListSearch({
  list,
  placeholder,
  width = 240,
  button = false,
  testId,
}: {
  list: ListStateApi<'q'>;
  placeholder: string;
  width?: number;
  button?: boolean;
  testId?: string;
}) {
  const { t } = useI18n();
  const q = list.filters.q;
  return (
    <Input.Search
      key={q ?? ''}
      allowClear
      defaultValue={q}
      placeholder={placeholder}
      onSearch={(v) => list.setFilters({ q: v.trim() })}
      style={{ width }}
      enterButton={button ? t('common.search') : undefined}
      data-testid={testId}
    />
  );
}

interface CustomerRow {
  customer_id: number;
  customer_code: string;
  customer_name: string;
}

/**
 * The customer filter of a list (`customer_id`): the chosen customer is labelled from the rows
 * shown (`rows`), or by `unknownLabel(id)` when none of them is its.
 */
export function CustomerFilter({
  list,
  value,
  rows,
  placeholder,
  unknownLabel,
  width = 280,
  testId,
}: {
  list: ListStateApi<'customer_id'>;
  value: number | undefined;
  rows: readonly CustomerRow[] | undefined;
  placeholder: string;
  unknownLabel?: (id: number) => string;
  width?: number;
  testId?: string;
}) {
  const found = value === undefined ? undefined : rows?.find((r) => r.customer_id === value);
  const currentLabel =
    value === undefined || !unknownLabel ? null : found ? customerLabel({ code: found.customer_code, name: found.customer_name }) : unknownLabel(value);
  return (
    <CustomerSelect
      placeholder={placeholder}
      value={value}
      currentLabel={currentLabel}
      onChange={(id?: number) => list.setFilters({ customer_id: idFilter(id) })}
      style={{ width }}
      data-testid={testId}
    />
  );
}
