import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '@/lib/i18n';

export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <Result
      status="403"
      title={t('page.forbiddenTitle')}
      subTitle={t('page.forbidden')}
      data-testid="forbidden-page"
      extra={
        <Link to="/">
          <Button type="primary">{t('page.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** 404; `subTitle` says what was not found (default: the page). */
export function NotFoundPage({ subTitle }: { subTitle?: string }) {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('page.notFoundTitle')}
      subTitle={subTitle ?? t('page.notFound')}
      data-testid="not-found-page"
      extra={
        <Link to="/">
          <Button type="primary">{t('page.backHome')}</Button>
        </Link>
      }
    />
  );
}
