// The signed-in shell: side menu by business area, header with the user and language, content.
import {
  AccountBookOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  AppstoreOutlined,
  BarChartOutlined,
  CarOutlined,
  FileDoneOutlined,
  MoneyCollectOutlined,
  TransactionOutlined,
  BookOutlined,
  CalendarOutlined,
  ContactsOutlined,
  ControlOutlined,
  CustomerServiceOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  FlagOutlined,
  HomeOutlined,
  KeyOutlined,
  MailOutlined,
  LogoutOutlined,
  PhoneOutlined,
  ReadOutlined,
  RiseOutlined,
  SafetyCertificateOutlined,
  SendOutlined,
  StarOutlined,
  SettingOutlined,
  SolutionOutlined,
  StopOutlined,
  ExceptionOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App, Button, Flex, Layout, Menu, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { PageLoader } from '@/components/PageLoader';
import { RoleTags } from '@/components/RoleTags';
import type { Language } from '@/api/types';
import { useLogout, useUpdateMe, useUser } from '@/lib/auth';
import { errorMessage } from '@/lib/errors';
import { translate, useI18n } from '@/lib/i18n';
import { buildMenu, canOpen, pageForPath, type MenuGroupKey, type PageDef } from '@/lib/permissions';
import { ApprovalsHeaderLink } from '@/features/approvals/components/ApprovalsHeaderLink';
import { NotificationBell } from '@/features/notifications/components/NotificationBell';

const PAGE_ICONS: Record<PageDef['icon'], ReactNode> = {
  home: <HomeOutlined />,
  user: <UserOutlined />,
  approvals: <SolutionOutlined />,
  customers: <UnorderedListOutlined />,
  plans: <FlagOutlined />,
  products: <AppstoreOutlined />,
  contracts: <FileDoneOutlined />,
  shipping: <CarOutlined />,
  receivables: <MoneyCollectOutlined />,
  payments: <TransactionOutlined />,
  aging: <BarChartOutlined />,
  policy: <BookOutlined />,
  rating: <StarOutlined />,
  revisits: <PhoneOutlined />,
  blocked: <StopOutlined />,
  training: <ReadOutlined />,
  review: <RiseOutlined />,
  collection: <AlertOutlined />,
  letter: <MailOutlined />,
  cases: <FileSearchOutlined />,
  writeOffs: <ExceptionOutlined />,
  statements: <SendOutlined />,
  calendar: <CalendarOutlined />,
  office: <ApartmentOutlined />,
  team: <TeamOutlined />,
  key: <KeyOutlined />,
  audit: <AuditOutlined />,
  settings: <ControlOutlined />,
};

const GROUP_ICONS: Record<MenuGroupKey, ReactNode> = {
  customers: <ContactsOutlined />,
  ledger: <AccountBookOutlined />,
  credit: <SafetyCertificateOutlined />,
  reports: <FileTextOutlined />,
  service: <CustomerServiceOutlined />,
  system: <SettingOutlined />,
};

export function AppLayout() {
  const user = useUser();
  const { t } = useI18n();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);

  const nodes = useMemo(() => buildMenu(user.permissions), [user.permissions]);
  const items: MenuProps['items'] = nodes.map((n) =>
    n.kind === 'page'
      ? { key: n.page.path, icon: PAGE_ICONS[n.page.icon], label: <Link to={n.page.path}>{t(n.page.labelKey)}</Link> }
      : {
          key: `group:${n.key}`,
          icon: GROUP_ICONS[n.key],
          label: t(n.labelKey),
          children: n.pages.map((p) => ({
            key: p.path,
            icon: PAGE_ICONS[p.icon],
            label: <Link to={p.path}>{t(p.labelKey)}</Link>,
          })),
        },
  );
  const current = pageForPath(location.pathname);
  const selected = current?.path;
  const pageTitle = current ? t(current.labelKey) : null;
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} - ${t('app.name')}` : t('app.name');
  }, [pageTitle, t]);
  const openKeys = nodes.flatMap((n) => (n.kind === 'group' ? [`group:${n.key}`] : []));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={220}
        theme="dark"
        breakpoint="lg"
      >
        <Link to="/" style={{ display: 'block', padding: '16px 16px 12px', color: '#fff' }}>
          <Typography.Text strong style={{ color: '#fff', fontSize: collapsed ? 14 : 16, whiteSpace: 'nowrap' }}>
            {collapsed ? '纪元' : t('app.shortName')}
          </Typography.Text>
        </Link>
        <Menu
          theme="dark"
          mode="inline"
          items={items}
          selectedKeys={selected ? [selected] : []}
          defaultOpenKeys={openKeys}
          data-testid="side-menu"
        />
      </Layout.Sider>
      <Layout>
        <AppHeader />
        <Layout.Content style={{ margin: 16 }}>
          <div style={{ background: '#fff', padding: 24, borderRadius: 8, minHeight: 360 }}>
            <Suspense fallback={<PageLoader />}>
              <Outlet />
            </Suspense>
          </div>
        </Layout.Content>
        <Layout.Footer style={{ textAlign: 'center', padding: '8px 16px 16px', color: 'rgba(0,0,0,0.45)' }}>
          {t('app.name')}
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}

function AppHeader() {
  const user = useUser();
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const updateMe = useUpdateMe();
  const logout = useLogout();

  const onLanguage = (language: Language) =>
    updateMe.mutate(
      { language },
      {
        onSuccess: () => message.success(translate(language, 'profile.languageSaved')),
        onError: (e) => message.error(errorMessage(lang, e)),
      },
    );
  const onLogout = () => {
    navigate('/login', { replace: true });
    logout();
  };

  return (
    <Layout.Header style={{ background: '#fff', padding: '0 16px', height: 'auto', lineHeight: 'normal', minHeight: 56 }}>
      <Flex justify="space-between" align="center" gap={16} wrap style={{ minHeight: 56 }}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {t('app.name')}
        </Typography.Text>
        <Space size={12} wrap>
          <Space size={0}>
            {canOpen(user.permissions, 'approvals') ? <ApprovalsHeaderLink /> : null}
            <NotificationBell />
          </Space>
          <Space size={6}>
            <UserOutlined />
            <Link to="/profile" data-testid="header-user">
              {user.display_name}
            </Link>
          </Space>
          <RoleTags roles={user.roles} />
          <Tag icon={<ApartmentOutlined />} data-testid="header-office">
            {user.office?.name ?? t('header.noOffice')}
          </Tag>
          <Tooltip title={t('header.language')}>
            <Select<Language>
              size="small"
              value={user.language}
              onChange={onLanguage}
              loading={updateMe.isPending}
              style={{ width: 110 }}
              aria-label={t('header.language')}
              data-testid="language-switch"
              options={[
                { value: 'zh-CN', label: t('lang.zh-CN') },
                { value: 'en', label: t('lang.en') },
              ]}
            />
          </Tooltip>
          <Button icon={<LogoutOutlined />} onClick={onLogout} data-testid="logout">
            {t('header.logout')}
          </Button>
        </Space>
      </Flex>
    </Layout.Header>
  );
}
