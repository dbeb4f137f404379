// 系统设置 (administrators): the customer code pattern, with an example of the next code, and
// the number of months after which a dossier counts as stale; today's collection pass run now
// (it runs by itself every working day; idempotent), with what it did.
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { CollectionRun, Settings } from '@/api/types';
import { useCan } from '@/components/Can';
import { ErrorState } from '@/components/ErrorState';
import { PageHeader } from '@/components/PageHeader';
import { PageLoader } from '@/components/PageLoader';
import { errorMessage, formErrors } from '@/lib/errors';
import { COMPANY_TZ, formatDate } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';
import { useRunCollection, useSettings, useUpdateSettings } from '../api/settings';
import { codePatternProblem, expandCodePattern } from '../lib/code-pattern';

const FIELDS = ['customer_code_pattern', 'dossier_stale_months'] as const;

/** The current month in the company's time zone (the server's calendar for codes). */
function thisMonth(): { year: number; month: number } {
  const now = dayjs().tz(COMPANY_TZ);
  return { year: now.year(), month: now.month() + 1 };
}

export default function SettingsPage() {
  const { t } = useI18n();
  const settings = useSettings();
  return (
    <>
      <PageHeader title={t('settings.title')} intro={t('settings.intro')} />
      {settings.isPending ? (
        <PageLoader />
      ) : settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <SettingsForm settings={settings.data} />
      )}
      <CollectionRunCard />
    </>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const canWrite = useCan(PERMISSIONS.administrationWrite);
  const [form] = Form.useForm<Settings>();
  const update = useUpdateSettings();
  const [general, setGeneral] = useState<string | null>(null);
  const pattern = Form.useWatch('customer_code_pattern', form) ?? settings.customer_code_pattern;
  const problem = codePatternProblem(pattern.trim());

  const onFinish = (v: Settings) => {
    setGeneral(null);
    update.mutate(
      { customer_code_pattern: v.customer_code_pattern.trim(), dossier_stale_months: v.dossier_stale_months },
      {
        onSuccess: (saved) => {
          form.setFieldsValue(saved);
          message.success(t('settings.saved'));
        },
        onError: (e) => {
          const { fields, general: g } = formErrors(lang, e, FIELDS);
          form.setFields(fields);
          setGeneral(g);
        },
      },
    );
  };

  return (
    <Card title={t('settings.customers')} size="small" style={{ maxWidth: 720 }}>
      {general ? <Alert type="error" showIcon title={general} style={{ marginBottom: 16 }} /> : null}
      <Form<Settings> form={form} layout="vertical" initialValues={settings} onFinish={onFinish} disabled={!canWrite} data-testid="settings-form">
        <Form.Item
          name="customer_code_pattern"
          label={t('settings.codePattern')}
          extra={t('settings.codePatternHelp')}
          rules={[
            {
              validator: (_, v: string | undefined) => {
                const p = codePatternProblem((v ?? '').trim());
                return p ? Promise.reject(new Error(t(`settings.pattern.${p}`))) : Promise.resolve();
              },
            },
          ]}
        >
          <Input maxLength={40} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        {problem === null ? (
          <Typography.Paragraph data-testid="code-example">
            {t('settings.codeExample', { example: '' })}
            <Typography.Text code>{expandCodePattern(pattern.trim(), thisMonth(), 1)}</Typography.Text>
          </Typography.Paragraph>
        ) : null}
        <Form.Item
          name="dossier_stale_months"
          label={t('settings.staleMonths')}
          extra={t('settings.staleMonthsHelp')}
          rules={[{ required: true, type: 'integer', min: 1, max: 120, message: t('settings.staleMonthsHelp') }]}
        >
          <InputNumber<number> min={1} max={120} precision={0} style={{ width: 160 }} />
        </Form.Item>
        {canWrite ? (
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        ) : null}
      </Form>
    </Card>
  );
}

/** 催收：立即运行 — the daily collection pass now, for administrators who may write. */
function CollectionRunCard() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const canWrite = useCan(PERMISSIONS.administrationWrite);
  const run = useRunCollection();
  const [result, setResult] = useState<CollectionRun | null>(null);
  if (!canWrite) return null;
  return (
    <Card title={t('settings.collection')} size="small" style={{ maxWidth: 720, marginTop: 16 }} data-testid="collection-run">
      <Typography.Paragraph type="secondary">{t('settings.collectionHelp')}</Typography.Paragraph>
      <Button
        loading={run.isPending}
        onClick={() =>
          run.mutate(undefined, {
            onSuccess: (r) => {
              setResult(r);
              message.success(t('settings.collectionDone'));
            },
            onError: (e) => message.error(errorMessage(lang, e)),
          })
        }
        data-testid="collection-run-now"
      >
        {t('settings.collectionRun')}
      </Button>
      {result ? (
        <Descriptions
          size="small"
          column={2}
          style={{ marginTop: 16 }}
          data-testid="collection-run-result"
          items={[
            { key: 'day', label: t('settings.collectionDay'), children: formatDate(result.run_on) },
            { key: 'tasks', label: t('settings.collectionTasks'), children: result.tasks_opened },
            { key: 'cases', label: t('settings.collectionCases'), children: result.cases_opened },
            { key: 'handed', label: t('settings.collectionHanded'), children: result.receivables_handed_over },
            { key: 'kept', label: t('settings.collectionKept'), children: result.promises_kept },
            { key: 'broken', label: t('settings.collectionBroken'), children: result.promises_broken },
            { key: 'closed', label: t('settings.collectionClosed'), children: result.tasks_closed },
          ]}
        />
      ) : null}
    </Card>
  );
}
