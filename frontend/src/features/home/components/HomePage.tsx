// 工作台: who the user is, what their roles allow, and the pages they can open.
import { ApartmentOutlined, RightOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Empty, List, Row, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { PageHeader } from '@/components/PageHeader';
import { RoleTags } from '@/components/RoleTags';
import { useUser } from '@/lib/auth';
import { useI18n } from '@/lib/i18n';
import { buildMenu, summarizePermissions, type PageDef, type PermissionLevel } from '@/lib/permissions';

const LEVEL_COLORS: Record<PermissionLevel, string> = { read: 'default', write: 'blue', approve: 'gold' };

export default function HomePage() {
  const user = useUser();
  const { t, td } = useI18n();
  const areas = summarizePermissions(user.permissions);
  const links: PageDef[] = buildMenu(user.permissions)
    .flatMap((n) => (n.kind === 'page' ? [n.page] : n.pages))
    .filter((p) => p.key !== 'home');

  return (
    <>
      <PageHeader title={t('home.greeting', { name: user.display_name })} intro={t('home.intro')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('home.account')} size="small" data-testid="home-account">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('home.username')}>{user.username}</Descriptions.Item>
              <Descriptions.Item label={t('home.roles')}>
                <RoleTags roles={user.roles} />
              </Descriptions.Item>
              <Descriptions.Item label={t('home.office')}>
                <Space size={4}>
                  <ApartmentOutlined />
                  {user.office ? `${user.office.name}（${user.office.code}）` : t('header.noOffice')}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label={t('home.language')}>{td(`lang.${user.language}`, user.language)}</Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('home.quickLinks')} size="small" style={{ marginTop: 16 }}>
            <List
              size="small"
              dataSource={links}
              locale={{ emptyText: t('home.noLinks') }}
              renderItem={(p) => (
                <List.Item>
                  <Link to={p.path} style={{ width: '100%' }}>
                    <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                      {t(p.labelKey)}
                      <RightOutlined />
                    </Space>
                  </Link>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('home.permissions')} size="small" data-testid="home-permissions">
            <Typography.Paragraph type="secondary">{t('home.permissionsIntro')}</Typography.Paragraph>
            {areas.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noPermissions')} />
            ) : (
              <Table
                size="small"
                rowKey="area"
                pagination={false}
                dataSource={areas}
                columns={[
                  {
                    key: 'area',
                    title: t('home.area'),
                    render: (_, r) => td(`area.${r.area}`, r.area),
                  },
                  {
                    key: 'levels',
                    title: t('home.levels'),
                    render: (_, r) => (
                      <Space size={4}>
                        {r.levels.map((l) => (
                          <Tag key={l} color={LEVEL_COLORS[l]}>
                            {t(`perm.${l}`)}
                          </Tag>
                        ))}
                      </Space>
                    ),
                  },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}
