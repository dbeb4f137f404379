// The approvals inbox in the header: opens /approvals, with the number of requests waiting for
// my decision (deciders only), refreshed every 30 s and after decisions.
import { AuditOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';
import { useUser } from '@/lib/auth';
import { useI18n } from '@/lib/i18n';
import { useInboxCount } from '../api/approvals';
import { isDecider } from '../lib/approvals';

export function ApprovalsHeaderLink() {
  const { t } = useI18n();
  const user = useUser();
  const navigate = useNavigate();
  const decider = isDecider(user.permissions);
  const inbox = useInboxCount(decider);
  const count = decider ? (inbox.data ?? 0) : 0;
  return (
    <Button
      type="text"
      title={t('approvals.pageTitle')}
      aria-label={decider ? t('approvals.headerLabel', { count }) : t('approvals.pageTitle')}
      onClick={() => navigate('/approvals')}
      data-testid="header-approvals"
      icon={
        <Badge count={count} size="small" data-testid="header-approvals-count">
          <AuditOutlined style={{ fontSize: 18 }} />
        </Badge>
      }
    />
  );
}
