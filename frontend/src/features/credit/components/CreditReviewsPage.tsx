// 信用评审 /credit/reviews: the twice-yearly credit review campaigns (信用升降级评审), newest first —
// the review month, the period reviewed, the status with the gathering's progress (read every 2 s
// while a campaign is being gathered), the items by status and by the rules' proposal. The VP and
// the business department start a review month's campaign (发起评审): the month picked among the
// policy's review months up to the current one, the server's refusals shown at the month.
import { PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CreditReview } from '@/api/types';
import { ErrorState } from '@/components/ErrorState';
import { FormModal } from '@/components/FormModal';
import { PageHeader } from '@/components/PageHeader';
import { useUser } from '@/lib/auth';
import { companyToday, formatDate, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useActiveCreditPolicy } from '../api/policy';
import { useReviews, useStartReview } from '../api/reviews';
import { canStart, conflictAtField, latestReviewMonth, reviewMonthAllowed } from '../lib/review';
import { ReviewProgress, ReviewStatusTag } from './ReviewTags';

const DEFAULT_REVIEW_MONTHS = [6, 12];

export default function CreditReviewsPage() {
  const { t } = useI18n();
  const me = useUser();
  const reviews = useReviews();
  const [starting, setStarting] = useState(false);
  const none = t('common.none');

  return (
    <>
      <PageHeader
        title={t('review.title')}
        intro={t('review.intro')}
        extra={
          canStart(me.permissions) ? (
            <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => setStarting(true)} data-testid="review-start">
              {t('review.start')}
            </Button>
          ) : null
        }
      />
      {reviews.isError && !reviews.data ? (
        <ErrorState error={reviews.error} onRetry={() => void reviews.refetch()} />
      ) : (
        <Table<CreditReview>
          rowKey="id"
          size="middle"
          loading={reviews.isPending}
          dataSource={reviews.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="reviews-table"
          locale={{ emptyText: t('review.none') }}
          columns={[
            {
              key: 'month',
              title: t('review.month'),
              render: (_, r) => (
                <Link to={`/credit/reviews/${r.id}`} data-testid="review-link">
                  {t('review.monthTitle', { month: r.review_month })}
                </Link>
              ),
            },
            { key: 'period', title: t('review.period'), render: (_, r) => `${formatDate(r.period_from)} ~ ${formatDate(r.period_to)}` },
            {
              key: 'status',
              title: t('review.statusCol'),
              render: (_, r) =>
                r.status === 'generating' ? (
                  <Space size={8}>
                    <ReviewStatusTag status={r.status} />
                    <ReviewProgress review={r} width={140} />
                  </Space>
                ) : (
                  <Space size={4}>
                    <ReviewStatusTag status={r.status} />
                    {r.status === 'failed' && r.error ? <Typography.Text type="danger">{r.error}</Typography.Text> : null}
                  </Space>
                ),
            },
            { key: 'total', title: t('review.customers'), align: 'right', render: (_, r) => <span data-testid="review-total">{r.total}</span> },
            {
              key: 'counts',
              title: t('review.byStatus'),
              render: (_, r) => (
                <Space size={4} wrap data-testid="review-counts">
                  <Tag>{t('review.count.proposed', { n: r.counts.proposed })}</Tag>
                  <Tag color="gold">{t('review.count.reviewed', { n: r.counts.reviewed })}</Tag>
                  <Tag color="success">{t('review.count.approved', { n: r.counts.approved })}</Tag>
                  <Tag color="error">{t('review.count.rejected', { n: r.counts.rejected })}</Tag>
                </Space>
              ),
            },
            {
              key: 'proposals',
              title: t('review.byProposal'),
              render: (_, r) => (
                <Space size={4} wrap data-testid="review-proposals">
                  <Tag color="green">{t('review.count.upgrade', { n: r.proposals.upgrade })}</Tag>
                  <Tag>{t('review.count.keep', { n: r.proposals.keep })}</Tag>
                  <Tag color="volcano">{t('review.count.downgrade', { n: r.proposals.downgrade })}</Tag>
                </Space>
              ),
            },
            { key: 'as_of', title: t('review.asOf'), render: (_, r) => formatDate(r.as_of) },
            {
              key: 'created',
              title: t('review.startedBy'),
              render: (_, r) => (
                <Typography.Text>
                  {r.created_by_name ?? t('review.startedBySystem')} <Typography.Text type="secondary">{formatDateTime(r.created_at)}</Typography.Text>
                </Typography.Text>
              ),
            },
            { key: 'generated', title: t('review.generatedAt'), render: (_, r) => (r.generated_at ? formatDateTime(r.generated_at) : none) },
          ]}
        />
      )}
      {starting ? <StartModal onClose={() => setStarting(false)} /> : null}
    </>
  );
}

interface StartValues {
  review_month: string | null;
}

/** 发起评审: the review month (the policy's review months, not after the current month). */
function StartModal({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const start = useStartReview();
  const policy = useActiveCreditPolicy();
  const [form] = Form.useForm<StartValues>();
  const today = companyToday();
  const months = policy.data?.review_months ?? DEFAULT_REVIEW_MONTHS;
  const monthsText = months.map((m) => t('review.monthN', { n: m })).join(t('review.listSeparator'));
  return (
    <FormModal<StartValues>
      open
      title={t('review.startTitle')}
      form={form}
      initialValues={{ review_month: latestReviewMonth(months, today) }}
      onCancel={onClose}
      okText={t('review.startOk')}
      fieldMessages={{
        'review_month.review.month': t('review.monthRefused', { months: monthsText }),
        'review_month.invalid': t('review.monthRefused', { months: monthsText }),
        'review_month.out_of_range': t('review.monthRefused', { months: monthsText }),
        'review_month.duplicate': t('review.monthExists'),
      }}
      onSubmit={async (v) => {
        // That month's campaign exists (409): said at the month.
        const review = await start.mutateAsync({ review_month: v.review_month ?? undefined }).catch((e: unknown) => {
          throw conflictAtField(e, 'review_month');
        });
        message.success(t('review.started', { month: review.review_month }));
        onClose();
        void navigate(`/credit/reviews/${review.id}`);
      }}
      testId="review-start-modal"
    >
      <Typography.Paragraph type="secondary">{t('review.startHelp', { months: monthsText })}</Typography.Paragraph>
      <Form.Item
        name="review_month"
        label={t('review.month')}
        rules={[{ required: true, message: t('review.monthRequired') }]}
        getValueProps={(v: string | null) => ({ value: v ? dayjs(`${v}-01`) : null })}
        normalize={(d: Dayjs | null) => (d ? d.format('YYYY-MM') : null)}
      >
        <DatePicker
          picker="month"
          format="YYYY-MM"
          style={{ width: 200 }}
          disabledDate={(d) => !reviewMonthAllowed(d.format('YYYY-MM'), months, today)}
          data-testid="review-month-input"
        />
      </Form.Item>
    </FormModal>
  );
}
