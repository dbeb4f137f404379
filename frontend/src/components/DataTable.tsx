// An Ant Design table bound to a URL list state: server-side paging, sorting and filters.
import { Empty, Table } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { sortFromTable, sortOrderOf, PAGE_SIZES, type ListStateApi } from '@/lib/list-state';
import { useI18n } from '@/lib/i18n';
import { ErrorState } from './ErrorState';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
}

export type DataColumns<T> = TableColumnsType<T>;

/** The parts of a react-query list query the table shows (its page, fetching, error, retry). */
export interface PageQuery<T> {
  data: Page<T> | undefined;
  isFetching: boolean;
  error: unknown;
  refetch: () => unknown;
}

interface DataSource<T> {
  data: Page<T> | undefined;
  loading: boolean;
  error?: unknown;
  onRetry?: () => void;
}

export type DataTableProps<T extends object, F extends string> = {
  columns: DataColumns<T>;
  list: ListStateApi<F>;
  rowKey: keyof T & string;
  /** Any filter set? (changes the empty text) */
  filtered?: boolean;
  expandable?: TableProps<T>['expandable'];
  /** Rows chosen with check boxes (kept across pages with `preserveSelectedRowKeys`). */
  rowSelection?: TableProps<T>['rowSelection'];
  testId?: string;
} & (
  | ({ query?: never } & DataSource<T>)
  /** The list's query: its data, fetching state, error and retry. */
  | ({ query: PageQuery<T> } & { [K in keyof DataSource<T>]?: never })
);

function source<T>(props: { query?: PageQuery<T> } & Partial<DataSource<T>>): DataSource<T> {
  const { query } = props;
  if (!query) return { data: props.data, loading: props.loading ?? false, error: props.error, onRetry: props.onRetry };
  return { data: query.data, loading: query.isFetching, error: query.error, onRetry: () => void query.refetch() };
}

export function DataTable<T extends object, F extends string>(props: DataTableProps<T, F>) {
  const { columns, list, rowKey, filtered, expandable, rowSelection, testId } = props;
  const { data, loading, error, onRetry } = source<T>(props);
  const { t } = useI18n();
  if (error && !data) return <ErrorState error={error} onRetry={onRetry} />;

  // Sortable columns (sorter: true) show the sort kept in the URL.
  const bound = columns.map((c) => {
    const key = 'key' in c && typeof c.key === 'string' ? c.key : undefined;
    return c.sorter && key ? { ...c, sortOrder: sortOrderOf(list.sort, key), sortDirections: ['ascend', 'descend'] as const } : c;
  }) as DataColumns<T>;

  const onChange: TableProps<T>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<T> | undefined;
      const field = typeof s?.columnKey === 'string' ? s.columnKey : undefined;
      list.setSort(sortFromTable(field, s?.order));
    } else if (extra.action === 'paginate') {
      list.setPaging(pagination.current ?? 1, pagination.pageSize ?? list.pageSize);
    }
  };

  return (
    <Table<T>
      data-testid={testId}
      rowKey={rowKey}
      columns={bound}
      dataSource={data?.items ?? []}
      loading={loading}
      onChange={onChange}
      expandable={expandable}
      rowSelection={rowSelection}
      scroll={{ x: 'max-content' }}
      size="middle"
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('common.emptyFiltered') : t('common.empty')} />,
      }}
      pagination={{
        current: list.page,
        pageSize: list.pageSize,
        total: data?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: PAGE_SIZES.map(String),
        showTotal: (total) => t('common.total', { total }),
      }}
    />
  );
}
