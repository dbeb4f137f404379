// The customer page's header line of credit figures (composed by the router for those who read
// credit limits): the credit grade, the limit, the exposure with its utilisation (red above the
// limit) and a red 信用冻结 tag while the customer is on hold. The same query as the credit tab
// (fetched once); while it loads, or when it fails, the line is simply not there.
import { StopOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { creditHeadline } from '@/lib/credit';
import { formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useCreditProfile } from '../api/credit';
import { CreditGradeTag } from './CreditTags';

export default function CustomerCreditHeader() {
  const { id } = useParams();
  const { t, lang } = useI18n();
  const customerId = Number(id) || 0;
  const profile = useCreditProfile(customerId);
  const p = profile.data;
  if (!p) return null;
  const figures = creditHeadline(p.exposure, t, lang);
  const label = (text: string) => <Typography.Text type="secondary">{text}：</Typography.Text>;
  return (
    <Space size={[16, 8]} wrap style={{ marginTop: 8 }} data-testid="customer-credit-header">
      <Link to={`/customers/${customerId}?tab=credit`} data-testid="customer-credit-open">
        <Tooltip title={t('credit.header.open')}>
          <Space size={4}>
            {label(t('credit.grade'))}
            <CreditGradeTag grade={p.grade} testId="customer-credit-grade" />
          </Space>
        </Tooltip>
      </Link>
      <span>
        {label(t('credit.exposure.limit'))}
        <Typography.Text strong data-testid="customer-credit-limit">
          {figures.limit}
        </Typography.Text>
      </span>
      <span>
        {label(t('credit.exposure.title'))}
        <Typography.Text strong type={figures.over ? 'danger' : undefined} data-testid="customer-credit-exposure">
          {figures.exposure}
        </Typography.Text>
      </span>
      {p.hold ? (
        <Tooltip title={t('credit.header.holdReason', { reason: p.hold.reason, name: p.hold.set_by_name ?? t('common.none'), at: formatDateTime(p.hold.set_at) })}>
          <Tag color="red" icon={<StopOutlined />} data-testid="customer-credit-hold">
            {t('credit.header.hold')}
          </Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}
