// Choosing an office: every signed-in user may list offices (GET /offices).
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import type { SelectProps } from 'antd';
import { api } from '@/lib/api-client';
import { unwrap } from '@/lib/api-error';

export const OFFICE_OPTIONS_KEY = ['offices', 'options'] as const;

export function useOfficeOptions() {
  return useQuery({
    queryKey: OFFICE_OPTIONS_KEY,
    queryFn: () => unwrap(api.GET('/api/v1/offices', { params: { query: { page_size: 200, sort: 'code' } } })),
    staleTime: 60_000,
    select: (page) => page.items.map((o) => ({ value: o.id, label: `${o.name}（${o.code}）` })),
  });
}

export function OfficeSelect(props: Omit<SelectProps<number>, 'options' | 'loading'>) {
  const offices = useOfficeOptions();
  return (
    <Select<number>
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      {...props}
      loading={offices.isLoading}
      options={offices.data ?? []}
    />
  );
}
