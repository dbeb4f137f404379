// The credit tab's label on the customer page: 信用, with a red mark while the customer is on
// credit hold (composed by the router into the dossier's tabs).
import { StopOutlined } from '@ant-design/icons';
import { Tooltip } from 'antd';
import { useParams } from 'react-router';
import { useI18n } from '@/lib/i18n';
import { useCreditProfile } from '../api/credit';

/** The tab's label: 信用, with a red mark while the customer is on hold. */
export default function CreditTabLabel() {
  const { id } = useParams();
  const { t } = useI18n();
  const profile = useCreditProfile(Number(id) || 0);
  return (
    <span data-testid="dossier-tab-credit">
      {profile.data?.hold ? (
        <Tooltip title={t('credit.onHoldMark')}>
          <StopOutlined style={{ color: '#cf1322', marginInlineEnd: 4 }} data-testid="credit-tab-hold" />
        </Tooltip>
      ) : null}
      {t('credit.tab')}
    </span>
  );
}
