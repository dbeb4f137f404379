// 评级 on the customer page (/customers/:id, composed by the router between the registration
// data and the dossier): the current grade and category, what the tier gets under the policy in
// force (shipping priority, price level, who revisits how often), the latest strategic influence
// (assessed here by the business manager and above), and the approved ratings over time — the
// total points as a line, each rating with its levels, grade, override reason and explanation.
// Nothing for a customer outside the scope (the customer page says so).
import { AimOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Descriptions, Empty, Form, Input, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { INFLUENCE_LEVELS, type CustomerRating as Rating, type Influence, type RatingHistoryEntry } from '@/api/types';
import { FormModal } from '@/components/FormModal';
import { RecordLoader } from '@/components/RecordLoader';
import { useUser } from '@/lib/auth';
import { companyToday, DATE_FORMAT, formatDate, formatDateTime } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { hasPermission, PERMISSIONS } from '@/lib/permissions';
import { useAssess, useCustomerRating } from '../api/ratings';
import { canAssessInfluence, explanationLines, historyLevels, scoreSeries } from '../lib/ratings';
import { GradeTag } from './RatingTags';

const ScoreChart = lazy(() => import('./ScoreChart'));

export default function CustomerRating() {
  const { id } = useParams();
  // Outside the scope or not for this role: the customer page says what there is to say.
  return (
    <RecordLoader id={id} useRecord={useCustomerRating} notFound="" embedded>
      {(rating, customerId) => <RatingSection customerId={customerId} rating={rating} />}
    </RecordLoader>
  );
}

function RatingSection({ customerId, rating }: { customerId: number; rating: Rating }) {
  const { t, td } = useI18n();
  const me = useUser();
  const [assessing, setAssessing] = useState(false);
  const { treatment, latest_influence: influence } = rating;
  const tier = treatment.tier ?? null;
  const none = t('common.none');
  const canAssess = canAssessInfluence(me.permissions);

  return (
    <Card title={t('customerRating.title')} style={{ marginTop: 24 }} data-testid="customer-rating">
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={12}>
          <Descriptions
            bordered
            size="small"
            column={1}
            title={t('customerRating.current')}
            data-testid="customer-rating-treatment"
            items={[
              {
                key: 'grade',
                label: t('customerRating.grade'),
                children: (
                  <Space size={8}>
                    <GradeTag grade={treatment.grade} testId="customer-rating-grade" />
                    <span data-testid="customer-rating-category">{td(`customers.category.${treatment.category}`, treatment.category)}</span>
                  </Space>
                ),
              },
              { key: 'policy', label: t('rating.policyVersion'), children: t('rating.policyRef', { number: treatment.policy_version_number }) },
              ...(tier
                ? [
                    { key: 'shipping', label: t('customerRating.shippingPriority'), children: t('customerRating.priorityN', { n: tier.shipping_priority }) },
                    { key: 'price', label: t('customerRating.priceLevel'), children: td(`policy.price.${tier.price_level}`, tier.price_level) },
                    {
                      key: 'revisit',
                      label: t('customerRating.revisits'),
                      children: (
                        <span data-testid="customer-rating-revisits">
                          {t('customerRating.revisitEvery', {
                            roles: tier.revisit_roles.map((r) => td(`role.${r}`, r)).join(t('customerRating.and')) || none,
                            n: tier.revisit_every_months,
                          })}
                        </span>
                      ),
                    },
                  ]
                : [{ key: 'tier', label: t('customerRating.treatment'), children: <Typography.Text type="secondary">{t('customerRating.noTier')}</Typography.Text> }]),
            ]}
          />
        </Col>
        <Col xs={24} lg={12}>
          <Descriptions
            bordered
            size="small"
            column={1}
            title={t('customerRating.influence')}
            extra={
              canAssess ? (
                <Button size="small" icon={<AimOutlined />} onClick={() => setAssessing(true)} data-testid="influence-assess">
                  {t('customerRating.assess')}
                </Button>
              ) : null
            }
            data-testid="customer-rating-influence"
            items={
              influence
                ? [
                    {
                      key: 'level',
                      label: t('customerRating.influenceLevel'),
                      children: <Tag data-testid="influence-level">{td(`rating.influence.${influence.level}`, influence.level)}</Tag>,
                    },
                    // The server leaves the reason out for those who do not assess.
                    ...(influence.reason
                      ? [{ key: 'reason', label: t('customerRating.influenceReason'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{influence.reason}</span> }]
                      : []),
                    { key: 'on', label: t('customerRating.assessedOn'), children: formatDate(influence.assessed_on) },
                    { key: 'by', label: t('customerRating.assessedBy'), children: influence.assessed_by_name ?? none },
                  ]
                : [{ key: 'none', label: t('customerRating.influenceLevel'), children: <Typography.Text type="secondary">{t('customerRating.notAssessed')}</Typography.Text> }]
            }
          />
        </Col>
      </Row>
      <History history={rating.history} />
      {assessing ? <AssessModal customerId={customerId} current={influence?.level ?? null} onClose={() => setAssessing(false)} /> : null}
    </Card>
  );
}

function History({ history }: { history: RatingHistoryEntry[] }) {
  const { t, td, lang } = useI18n();
  const me = useUser();
  const series = useMemo(() => scoreSeries(history), [history]);
  const canOpenRuns = hasPermission(me.permissions, PERMISSIONS.ratingRunsRead);
  const none = t('common.none');
  return (
    <div style={{ marginTop: 24 }} data-testid="customer-rating-history">
      <Typography.Title level={5}>{t('customerRating.history')}</Typography.Title>
      {history.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customerRating.noHistory')} />
      ) : (
        <>
          {history.length > 1 ? (
            <Suspense fallback={<Spin />}>
              <ScoreChart series={series} />
            </Suspense>
          ) : null}
          <Table<RatingHistoryEntry>
            rowKey="run_id"
            size="small"
            pagination={false}
            dataSource={history}
            scroll={{ x: 'max-content' }}
            expandable={{
              expandedRowRender: (h) => (
                <div>
                  {h.override_reason ? (
                    <Typography.Paragraph>
                      <Typography.Text strong>{t('rating.overrideReason')}</Typography.Text>
                      {t('customerRating.colon')}
                      {h.override_reason}
                    </Typography.Paragraph>
                  ) : null}
                  <Typography.Text strong>{t('rating.explanation')}</Typography.Text>
                  <ol style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid="history-explanation">
                    {explanationLines(h.explanation, lang).map((line, i) => (
                      <li key={i}>{line}</li>
                    ))}
                  </ol>
                </div>
              ),
            }}
            columns={[
              {
                key: 'date',
                title: t('rating.ratingDate'),
                render: (_, h) => (canOpenRuns ? <Link to={`/ratings/${h.run_id}`}>{formatDate(h.rating_date)}</Link> : formatDate(h.rating_date)),
              },
              { key: 'policy', title: t('rating.policyVersion'), render: (_, h) => t('rating.policyRef', { number: h.policy_version_number }) },
              ...historyLevelsColumns(t),
              { key: 'points', title: t('rating.totalPoints'), align: 'right' as const, render: (_, h) => <strong data-testid="history-points">{h.total_points}</strong> },
              { key: 'proposed', title: t('rating.proposedGrade'), render: (_, h) => <GradeTag grade={h.proposed_grade} /> },
              {
                key: 'final',
                title: t('rating.finalGrade'),
                render: (_, h) => (
                  <Space size={4}>
                    <GradeTag grade={h.final_grade} testId="history-grade" />
                    {td(`customers.category.${h.final_category}`, h.final_category)}
                    {h.override_reason ? <Tag color="gold">{t('rating.overridden')}</Tag> : null}
                  </Space>
                ),
              },
              { key: 'approved', title: t('customerRating.approvedBy'), render: (_, h) => `${h.approved_by_name ?? none} · ${formatDateTime(h.approved_at)}` },
            ]}
          />
        </>
      )}
    </div>
  );
}

function historyLevelsColumns(t: ReturnType<typeof useI18n>['t']) {
  return (['contract_amount', 'receivables', 'premium', 'strategic_influence'] as const).map((key, i) => ({
    key: `level-${key}`,
    title: t(`rating.indicator.${key}`),
    align: 'center' as const,
    render: (_: unknown, h: RatingHistoryEntry) => {
      const level = historyLevels(h)[i]?.level ?? null;
      return level === null ? t('common.none') : t('customerRating.levelN', { level });
    },
  }));
}

interface AssessValues {
  level?: Influence;
  reason?: string;
  assessed_on: string | null;
}

/** 战略影响评估: the level with its reason, on a day (today by default, never in the future). */
function AssessModal({ customerId, current, onClose }: { customerId: number; current: Influence | null; onClose: () => void }) {
  const { t, td } = useI18n();
  const assess = useAssess(customerId);
  const [form] = Form.useForm<AssessValues>();
  return (
    <FormModal<AssessValues>
      open
      title={t('customerRating.assessTitle')}
      form={form}
      initialValues={{ level: current ?? undefined, assessed_on: companyToday() }}
      onCancel={onClose}
      fieldMessages={{ 'reason.required': t('customerRating.reasonRequired'), 'assessed_on.out_of_range': t('customerRating.notFuture') }}
      onSubmit={async (v) => {
        await assess.mutateAsync({ level: v.level as Influence, reason: (v.reason ?? '').trim(), assessed_on: v.assessed_on ?? null });
        onClose();
      }}
      testId="influence-modal"
    >
      <Form.Item name="level" label={t('customerRating.influenceLevel')} rules={[{ required: true, message: t('fieldError.required') }]}>
        <Select<Influence>
          style={{ width: 220 }}
          options={INFLUENCE_LEVELS.map((l) => ({ value: l, label: td(`rating.influence.${l}`, l) }))}
          data-testid="influence-level-select"
        />
      </Form.Item>
      <Form.Item name="reason" label={t('customerRating.influenceReason')} required>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="influence-reason" />
      </Form.Item>
      <Form.Item
        name="assessed_on"
        label={t('customerRating.assessedOn')}
        getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
        normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
      >
        <DatePicker style={{ width: 200 }} />
      </Form.Item>
    </FormModal>
  );
}
