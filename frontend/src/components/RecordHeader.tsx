// The top of a record's page: the link back to its list, then its title with status tags on
// the left and its actions on the right.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Flex, Space, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** "← back to the list" above a record's title. */
export function BackLink({ to, testId, children }: { to: string; testId?: string; children: ReactNode }) {
  return (
    <Link to={to} style={{ display: 'inline-block', marginBottom: 12 }} data-testid={testId}>
      <ArrowLeftOutlined /> {children}
    </Link>
  );
}

/** A record's title with its tags (status …), and its actions (`children`) on the right. */
export function RecordTitle({ title, testId, tags, children }: { title: ReactNode; testId?: string; tags?: ReactNode; children?: ReactNode }) {
  return (
    <Flex justify="space-between" align="flex-start" gap={16} wrap style={{ marginBottom: 16 }}>
      <Space size={8} align="center" wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid={testId}>
          {title}
        </Typography.Title>
        {tags}
      </Space>
      {children}
    </Flex>
  );
}
