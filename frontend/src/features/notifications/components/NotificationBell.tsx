// The bell in the header: how many notifications are unread (refreshed every 30 s and after
// actions), the latest ones in a popover; a click marks one read and opens where it leads.
import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, Flex, List, Popover, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Notification } from '@/api/types';
import { ErrorState } from '@/components/ErrorState';
import { errorMessage } from '@/lib/errors';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useLatestNotifications, useMarkAllRead, useMarkRead, useUnreadCount } from '../api/notifications';
import { notificationTarget } from '../lib/notifications';

export function NotificationBell() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data ?? 0;

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      arrow={false}
      title={null}
      // The list loads when the popover opens (antd shows no popover without content).
      content={<NotificationList open={open} unread={count} onDone={() => setOpen(false)} />}
      styles={{ container: { padding: 0 } }}
    >
      <Button
          type="text"
          title={t('notifications.title')}
          aria-label={t('notifications.bellLabel', { count })}
          data-testid="notification-bell"
          icon={
            <Badge count={count} size="small" overflowCount={99} data-testid="notification-count">
              <BellOutlined style={{ fontSize: 18 }} />
            </Badge>
          }
        />
    </Popover>
  );
}

function NotificationList({ open, unread, onDone }: { open: boolean; unread: number; onDone: () => void }) {
  const { t, td, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const latest = useLatestNotifications(open);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();

  const openOne = (n: Notification) => {
    const go = () => {
      const target = notificationTarget(n.link);
      onDone();
      if (target) navigate(target);
    };
    if (n.read_at) return go();
    markRead.mutate(n.id, { onSuccess: go, onError: (e) => message.error(errorMessage(lang, e)) });
  };

  return (
    <div style={{ width: 360 }} data-testid="notification-list">
      <Flex justify="space-between" align="center" style={{ padding: '10px 16px', borderBottom: '1px solid #f0f0f0' }}>
        <Typography.Text strong>{t('notifications.title')}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={unread === 0}
          loading={markAll.isPending}
          onClick={() => markAll.mutate(undefined, { onError: (e) => message.error(errorMessage(lang, e)) })}
          data-testid="notification-read-all"
        >
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      {latest.isError ? (
        <ErrorState error={latest.error} onRetry={() => void latest.refetch()} />
      ) : latest.isPending ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : latest.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} style={{ padding: 16 }} />
      ) : (
        <List<Notification>
          style={{ maxHeight: 420, overflowY: 'auto' }}
          dataSource={latest.data.items}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              onClick={() => openOne(n)}
              data-testid="notification-item"
              data-unread={n.read_at ? undefined : 'true'}
              style={{ padding: '10px 16px', cursor: 'pointer', background: n.read_at ? undefined : '#e6f4ff' }}
            >
              <List.Item.Meta
                avatar={<Badge dot={!n.read_at} offset={[-2, 8]}><BellOutlined style={{ fontSize: 16, color: n.read_at ? '#bfbfbf' : '#1677ff' }} /></Badge>}
                title={
                  <Flex justify="space-between" gap={8}>
                    <span>{td(`notifications.kind.${n.kind}`, n.title)}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                      {formatDateTime(n.created_at)}
                    </Typography.Text>
                  </Flex>
                }
                description={
                  <span>
                    {n.title}
                    {n.body ? ` · ${n.body}` : ''}
                  </span>
                }
              />
            </List.Item>
          )}
        />
      )}
      {latest.data && latest.data.total > latest.data.items.length ? (
        <Typography.Text type="secondary" style={{ display: 'block', padding: '8px 16px', fontSize: 12 }}>
          {t('notifications.showingLatest', { shown: latest.data.items.length, total: latest.data.total })}
        </Typography.Text>
      ) : null}
    </div>
  );
}
