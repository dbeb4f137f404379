// 用户: list with filters (search, role, office, status, kind) kept in the URL; create, edit,
// disable/enable, reset password, end sessions.
import { DownOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Select, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { ROLES, type Role, type User } from '@/api/types';
import { useCan } from '@/components/Can';
import { DataTable, type DataColumns } from '@/components/DataTable';
import { ListSearch } from '@/components/ListFilters';
import { OfficeSelect } from '@/components/OfficeSelect';
import { CreateButton, PageHeader } from '@/components/PageHeader';
import { RoleTags } from '@/components/RoleTags';
import { useUser } from '@/lib/auth';
import { errorMessage } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { idFilter, useListState } from '@/lib/list-state';
import { PERMISSIONS } from '@/lib/permissions';
import { toUsersQuery, useEndSessions, useSetUserActive, useUsers, USER_FILTERS } from '../api/users';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormModal } from './UserFormModal';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: User } | { kind: 'reset'; user: User } | null;

export default function UsersPage() {
  const { t, td, lang } = useI18n();
  const me = useUser();
  const { message, modal } = App.useApp();
  const list = useListState(USER_FILTERS, { sort: 'username' });
  const users = useUsers(toUsersQuery(list.query));
  const canWrite = useCan(PERMISSIONS.administrationWrite);
  const setActive = useSetUserActive();
  const endSessions = useEndSessions();
  const [dialog, setDialog] = useState<Dialog>(null);
  const f = list.filters;

  const confirmActive = (u: User, active: boolean) =>
    modal.confirm({
      title: t(active ? 'users.confirmEnable' : 'users.confirmDisable', { name: u.display_name }),
      okText: t(active ? 'users.enable' : 'users.disable'),
      okButtonProps: { danger: !active },
      cancelText: t('common.cancel'),
      onOk: () =>
        setActive.mutateAsync({ id: u.id, active }).then(
          () => void message.success(t(active ? 'users.enabledDone' : 'users.disabledDone')),
          (e: unknown) => void message.error(errorMessage(lang, e)),
        ),
    });

  const confirmEndSessions = (u: User) =>
    modal.confirm({
      title: t('users.confirmEndSessions', { name: u.display_name }),
      okText: t('users.endSessions'),
      cancelText: t('common.cancel'),
      onOk: () =>
        endSessions.mutateAsync(u.id).then(
          () => void message.success(t('users.endSessionsDone')),
          (e: unknown) => void message.error(errorMessage(lang, e)),
        ),
    });

  const columns: DataColumns<User> = [
    { key: 'username', dataIndex: 'username', title: t('users.username'), sorter: true },
    { key: 'display_name', dataIndex: 'display_name', title: t('users.displayName'), sorter: true },
    { key: 'roles', title: t('users.roles'), render: (_, u) => <RoleTags roles={u.roles} /> },
    { key: 'office', title: t('users.office'), render: (_, u) => u.office_name ?? t('common.none') },
    { key: 'email', title: t('users.email'), render: (_, u) => u.email || t('common.none') },
    {
      key: 'status',
      title: t('users.status'),
      render: (_, u) => (
        <Space size={4} wrap>
          <Tag color={u.active ? 'green' : 'default'}>{u.active ? t('users.active') : t('users.disabled')}</Tag>
          {u.must_change_password ? <Tag color="orange">{t('users.mustChangePassword')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'kind', title: t('users.kind'), render: (_, u) => td(`users.kind.${u.kind}`, u.kind) },
    {
      key: 'last_login_at',
      dataIndex: 'last_login_at',
      title: t('users.lastLogin'),
      sorter: true,
      render: (v: string | null) => (v ? formatDateTime(v) : t('users.never')),
    },
  ];
  if (canWrite) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, u) => {
        const self = u.id === me.id;
        return (
          <Space size={0}>
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setDialog({ kind: 'edit', user: u })}>
              {t('common.edit')}
            </Button>
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  u.active
                    ? { key: 'disable', label: t('users.disable'), danger: true, disabled: self }
                    : { key: 'enable', label: t('users.enable') },
                  { key: 'reset', label: t('users.resetPassword'), disabled: u.kind === 'service' },
                  { key: 'end', label: t('users.endSessions') },
                ],
                onClick: ({ key }) => {
                  if (key === 'disable') confirmActive(u, false);
                  else if (key === 'enable') confirmActive(u, true);
                  else if (key === 'reset') setDialog({ kind: 'reset', user: u });
                  else if (key === 'end') confirmEndSessions(u);
                },
              }}
            >
              <Button type="link" size="small" data-testid={`user-more-${u.username}`}>
                {t('common.more')} <DownOutlined />
              </Button>
            </Dropdown>
          </Space>
        );
      },
    });
  }

  const anyFilter = Object.keys(f).length > 0;

  return (
    <>
      <PageHeader
        title={t('users.title')}
        intro={t('users.intro')}
        extra={
          <CreateButton allowed={canWrite} onClick={() => setDialog({ kind: 'create' })} testId="user-create">
            {t('users.create')}
          </CreateButton>
        }
      />
      <Space style={{ marginBottom: 16 }} wrap>
        <ListSearch list={list} placeholder={t('users.searchPlaceholder')} testId="users-search" />
        <Select<Role>
          allowClear
          placeholder={t('users.allRoles')}
          value={f.role as Role | undefined}
          onChange={(role) => list.setFilters({ role })}
          style={{ width: 160 }}
          options={ROLES.map((r) => ({ value: r, label: td(`role.${r}`, r) }))}
        />
        <OfficeSelect
          placeholder={t('users.allOffices')}
          value={f.office_id ? Number(f.office_id) : undefined}
          onChange={(id?: number) => list.setFilters({ office_id: idFilter(id) })}
          style={{ width: 180 }}
        />
        <Select<string>
          allowClear
          placeholder={t('users.allStatus')}
          value={f.active}
          onChange={(active) => list.setFilters({ active })}
          style={{ width: 120 }}
          options={[
            { value: 'true', label: t('users.active') },
            { value: 'false', label: t('users.disabled') },
          ]}
        />
        <Select<string>
          allowClear
          placeholder={t('users.allKinds')}
          value={f.kind}
          onChange={(kind) => list.setFilters({ kind })}
          style={{ width: 130 }}
          options={[
            { value: 'person', label: t('users.kind.person') },
            { value: 'service', label: t('users.kind.service') },
          ]}
        />
        {anyFilter ? (
          <Tooltip title={t('common.reset')}>
            <Button onClick={list.reset}>{t('common.reset')}</Button>
          </Tooltip>
        ) : null}
      </Space>
      <DataTable<User, (typeof USER_FILTERS)[number]>
        rowKey="id"
        columns={columns}
        list={list}
        query={users}
        filtered={anyFilter}
        testId="users-table"
      />
      {dialog?.kind === 'create' ? <UserFormModal open onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'edit' ? <UserFormModal open user={dialog.user} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'reset' ? <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} /> : null}
    </>
  );
}
