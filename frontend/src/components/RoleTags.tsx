import { Space, Tag } from 'antd';
import type { Role } from '@/api/types';
import { useI18n } from '@/lib/i18n';

const COLORS: Partial<Record<Role, string>> = {
  admin: 'volcano',
  general_manager: 'gold',
  vice_president: 'orange',
  business_manager: 'blue',
  office_director: 'geekblue',
  salesman: 'green',
  finance: 'purple',
};

export function RoleTags({ roles }: { roles: readonly Role[] }) {
  const { td } = useI18n();
  return (
    <Space size={[4, 4]} wrap>
      {roles.map((r) => (
        <Tag key={r} color={COLORS[r]} style={{ marginInlineEnd: 0 }}>
          {td(`role.${r}`, r)}
        </Tag>
      ))}
    </Space>
  );
}
