// Small labels of an approval: its status, and its due date marked when overdue.
import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Space, Tag } from 'antd';
import type { ApprovalListItem, ApprovalStatus } from '@/api/types';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { STATUS_COLORS } from '../lib/approvals';

export function ApprovalStatusTag({ status }: { status: ApprovalStatus }) {
  const { td } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid="approval-status">
      {td(`approvals.status.${status}`, status)}
    </Tag>
  );
}

export function DueDate({ approval }: { approval: Pick<ApprovalListItem, 'due_at' | 'overdue'> }) {
  const { t } = useI18n();
  return (
    <Space size={6}>
      <span>{formatDateTime(approval.due_at)}</span>
      {approval.overdue ? (
        <Tag color="red" icon={<ExclamationCircleOutlined />} style={{ marginInlineEnd: 0 }} data-testid="approval-overdue">
          {t('approvals.overdue')}
        </Tag>
      ) : null}
    </Space>
  );
}
