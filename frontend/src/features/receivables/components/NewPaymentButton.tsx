import { useNavigate } from 'react-router';
import { useCan } from '@/components/Can';
import { CreateButton } from '@/components/PageHeader';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';

/** Finance's "book a payment" in a list's header, for the customer the list is filtered by. */
export function NewPaymentButton({ customerId, testId }: { customerId: number | undefined; testId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const canWrite = useCan(PERMISSIONS.receivablesWrite);
  return (
    <CreateButton allowed={canWrite} onClick={() => navigate(customerId !== undefined ? `/payments/new?customer_id=${customerId}` : '/payments/new')} testId={testId}>
      {t('payments.create')}
    </CreateButton>
  );
}
