// The frame of the pages shown before the app: company name, a card, the language choice.
import { Card, Flex, Select, Typography } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useI18n, type Lang } from '@/lib/i18n';

export function AuthShell({ title, children, extra }: { title: string; children: ReactNode; extra?: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  useEffect(() => {
    document.title = `${title} - ${t('app.name')}`;
  }, [title, t]);
  return (
    <Flex
      vertical
      align="center"
      justify="center"
      style={{ minHeight: '100vh', padding: 16, background: 'linear-gradient(160deg, #e8eef9 0%, #f5f7fb 60%)' }}
    >
      <div style={{ width: '100%', maxWidth: 420 }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={2} style={{ marginBottom: 4 }} data-testid="company-name">
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
        </div>
        <Card title={title} extra={extra}>
          {children}
        </Card>
        <Flex justify="center" style={{ marginTop: 16 }}>
          <Select<Lang>
            size="small"
            variant="borderless"
            value={lang}
            onChange={setLang}
            aria-label="Language"
            data-testid="login-language"
            options={[
              { value: 'zh-CN', label: t('lang.zh-CN') },
              { value: 'en', label: t('lang.en') },
            ]}
          />
        </Flex>
      </div>
    </Flex>
  );
}
