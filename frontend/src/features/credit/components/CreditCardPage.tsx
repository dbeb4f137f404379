// 客户信用管理卡 /customers/:id/credit-card: the customer's credit profile as one printable sheet
// (outside the app's frame, so the browser prints the card alone): grade, limit, period and
// validity, hold, exposure by part, the credit standard, instruments, investigations, events,
// holds and the grade and limit history. 打印 opens the browser's print dialog.
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Descriptions, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useParams } from 'react-router';
import type { CreditProfile } from '@/api/types';
import { BackLink } from '@/components/RecordHeader';
import { RecordLoader } from '@/components/RecordLoader';
import { companyToday, formatDate, formatDateTime, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useCreditCustomer, useCreditProfile } from '../api/credit';
import { EventsTable, HoldsTable, InstrumentsTable, InvestigationsTable, RequestsTable, StandardTable } from './CustomerCredit';
import { ExposureBarView } from './ExposureBar';

export default function CreditCardPage() {
  const { id } = useParams();
  const { t } = useI18n();
  return (
    <RecordLoader id={id} useRecord={useCreditProfile} notFound={t('page.customerNotFound')}>
      {(profile) => <CreditCard profile={profile} />}
    </RecordLoader>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section style={{ marginTop: 16, breakInside: 'avoid' }}>
      <Typography.Title level={5} style={{ marginBottom: 8 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

function CreditCard({ profile: p }: { profile: CreditProfile }) {
  const { t, lang } = useI18n();
  const customer = useCreditCustomer(p.customer_id);
  const none = t('credit.card.none');
  const wan = (fen: number) => formatFenWan(fen, 2, lang);
  return (
    <div style={{ maxWidth: 1040, margin: '0 auto', padding: 24, background: '#fff' }} data-testid="credit-card">
      <style>{'@media print { .no-print { display: none !important; } body { background: #fff; } }'}</style>
      <Flex className="no-print" justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <BackLink to={`/customers/${p.customer_id}?tab=credit`} testId="credit-card-back">
          {t('credit.card.back')}
        </BackLink>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="credit-card-print">
          {t('credit.card.print')}
        </Button>
      </Flex>
      <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
        {t('credit.card.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
        {t('credit.card.printedAt', { date: companyToday() })}
      </Typography.Paragraph>
      <Descriptions
        bordered
        size="small"
        column={2}
        data-testid="credit-card-summary"
        items={[
          { key: 'name', label: t('credit.card.customer'), children: <span data-testid="credit-card-customer">{customer.data?.name ?? ''}</span> },
          { key: 'code', label: t('credit.card.code'), children: customer.data?.code ?? '' },
          { key: 'grade', label: t('credit.grade'), children: <span data-testid="credit-card-grade">{p.grade ?? t('credit.noGrade')}</span> },
          { key: 'approved', label: t('credit.approvedLimit'), children: <span data-testid="credit-card-limit">{p.has_credit ? wan(p.approved_limit_fen) : none}</span> },
          { key: 'limit', label: t('credit.limit'), children: wan(p.exposure.limit_fen) },
          {
            key: 'period',
            label: t('credit.period'),
            children: p.credit_period_days !== null && p.credit_period_days !== undefined ? t('credit.days', { n: p.credit_period_days }) : none,
          },
          { key: 'valid', label: t('credit.validUntil'), children: p.has_credit ? (p.valid_until ? formatDate(p.valid_until) : t('credit.noExpiry')) : none },
          { key: 'review', label: t('credit.nextReview'), children: formatDate(p.next_review_on) },
          {
            key: 'hold',
            label: t('credit.hold.history'),
            span: 2,
            children: p.hold ? (
              <Typography.Text type="danger">
                {t('credit.hold.banner', { reason: p.hold.reason })} · {p.hold.set_by_name ?? none} {formatDateTime(p.hold.set_at)}
              </Typography.Text>
            ) : (
              none
            ),
          },
        ]}
      />
      <Section title={t('credit.card.exposure')}>
        <ExposureBarView exposure={p.exposure} />
      </Section>
      <Section title={t('credit.standard.title')}>
        <StandardTable items={p.standard.items} />
      </Section>
      <Section title={t('credit.instruments.title')}>
        <InstrumentsTable rows={p.instruments} />
      </Section>
      <Section title={t('credit.requests.title')}>
        <RequestsTable rows={p.requests} />
      </Section>
      <Section title={t('credit.investigations.title')}>
        <InvestigationsTable rows={p.investigations} />
      </Section>
      <Section title={t('credit.events.title')}>
        <EventsTable rows={p.events} />
      </Section>
      <Section title={t('credit.hold.history')}>
        <HoldsTable rows={p.holds} />
      </Section>
    </div>
  );
}
