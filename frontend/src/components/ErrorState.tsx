import { Button, Result } from 'antd';
import { errorMessage } from '@/lib/errors';
import { useI18n } from '@/lib/i18n';

/** A failed load, with the API error in the user's language and a retry button. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: (() => void) | undefined }) {
  const { t, lang } = useI18n();
  return (
    <Result
      status="warning"
      title={t('page.loadFailed')}
      subTitle={errorMessage(lang, error)}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null
      }
    />
  );
}
