// The draft editor: every parameter of the document, grouped like the measures (rating, grades,
// treatment, reporting, the credit part with its review rules and monthly statements, service),
// with the effective date and the note. Amounts are typed in 万元 and premiums in %; the server's
// problems of the last save are shown next to the parameter they name (and listed above, each a
// link to its field).
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReactNode } from 'react';
import { CREDIT_GRADES, FOLLOW_UP_ACTIONS, INSTRUMENT_KINDS, PRICE_LEVELS, ROLES, type FollowUpAction, type PriceLevel, type Role } from '@/api/types';
import { DATE_FORMAT } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { levelName, tierName } from '../lib/document';
import { percentInputProblem, wanInputProblem, type EditorValues, type NamePath, type PlacedProblems } from '../lib/editor';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);
const WINDOWS = Array.from({ length: 24 }, (_, i) => i + 1);
const full = { width: '100%' };

function useRules() {
  const { t } = useI18n();
  const required = { required: true, message: t('policy.editor.required') };
  const wan = {
    validator: (_: unknown, v: string | undefined) => {
      const p = wanInputProblem(v);
      if (p === null) return Promise.resolve();
      const msg = p === 'required' ? t('policy.editor.required') : p === 'negative' ? t('policy.problem.notNegative') : t('policy.editor.amountInvalid');
      return Promise.reject(new Error(msg));
    },
  };
  const pct = {
    validator: (_: unknown, v: string | undefined) => {
      const p = percentInputProblem(v);
      if (p === null) return Promise.resolve();
      return Promise.reject(new Error(p === 'required' ? t('policy.editor.required') : t('policy.editor.percentInvalid')));
    },
  };
  return { required, wan, pct };
}

function IntItem({
  name,
  label,
  unit,
  testId,
  min,
  max,
  extra,
}: {
  name: NamePath;
  label: ReactNode;
  unit?: string;
  testId?: string;
  min?: number;
  max?: number;
  extra?: ReactNode;
}) {
  const { required } = useRules();
  return (
    <Form.Item name={name} label={label} rules={[required]} extra={extra}>
      <InputNumber<number> precision={0} min={min} max={max} suffix={unit} style={full} data-testid={testId} />
    </Form.Item>
  );
}

function WanItem({ name, label, testId }: { name: NamePath; label: ReactNode; testId?: string }) {
  const { t } = useI18n();
  const { wan } = useRules();
  return (
    <Form.Item name={name} label={label} rules={[wan]}>
      <Input inputMode="decimal" suffix={t('policy.unit.wan')} maxLength={24} data-testid={testId} />
    </Form.Item>
  );
}

function PercentItem({ name, label }: { name: NamePath; label: ReactNode }) {
  const { t } = useI18n();
  const { pct } = useRules();
  return (
    <Form.Item name={name} label={label} rules={[pct]}>
      <Input inputMode="decimal" suffix={t('policy.unit.percent')} maxLength={12} />
    </Form.Item>
  );
}

function MonthsItem({ name, label }: { name: NamePath; label: ReactNode }) {
  const { td } = useI18n();
  return (
    <Form.Item name={name} label={label}>
      <Select<number[]> mode="multiple" allowClear options={MONTHS.map((m) => ({ value: m, label: td(`policy.month.${m}`, String(m)) }))} />
    </Form.Item>
  );
}

const D = (...rest: (string | number)[]): NamePath => ['document', ...rest];

/** The form's own name type (antd's, derived from the values); the editor builds names at run time. */
type FieldName = Parameters<FormInstance<EditorValues>['getFieldValue']>[0];
const asName = (name: NamePath) => name as unknown as FieldName;

export function PolicyEditor({
  form,
  initialValues,
  onChange,
  problems,
  dirty,
}: {
  form: FormInstance<EditorValues>;
  initialValues: EditorValues;
  onChange: () => void;
  problems: PlacedProblems['list'];
  dirty: boolean;
}) {
  const tr = useI18n();
  const { t, td } = tr;
  const { required } = useRules();
  const days = t('policy.unit.daysShort');
  const months = t('policy.unit.monthsShort');
  const points = t('policy.unit.pointsShort');
  const workingDays = t('policy.unit.workingDaysShort');
  const param = (key: string) => td(`policy.param.${key}`, key);
  const help = (key: string) => td(`policy.help.${key}`, '');
  const card = { marginBottom: 16 };

  return (
    <>
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="policy-problems"
          title={t('policy.problems', { count: problems.length })}
          description={
            <>
              <ul style={{ paddingInlineStart: 20, margin: 0 }}>
                {problems.map((p, i) => (
                  <li key={`${p.field}-${i}`} data-testid="policy-problem">
                    {p.name ? (
                      <Typography.Link onClick={() => form.scrollToField(asName(p.name as NamePath), { block: 'center', focus: true })}>{p.label}</Typography.Link>
                    ) : (
                      <Typography.Text strong>{p.label}</Typography.Text>
                    )}
                    ：{p.message}
                  </li>
                ))}
              </ul>
              {dirty ? <Typography.Text type="secondary">{t('policy.problemsStale')}</Typography.Text> : null}
            </>
          }
        />
      ) : dirty ? null : (
        <Alert type="success" showIcon style={{ marginBottom: 16 }} title={t('policy.noProblems')} data-testid="policy-no-problems" />
      )}

      <Form<EditorValues>
        form={form}
        layout="vertical"
        autoComplete="off"
        initialValues={initialValues}
        onValuesChange={onChange}
        scrollToFirstError={{ block: 'center', focus: true }}
        data-testid="policy-form"
      >
        <Card size="small" title={t('policy.editor.version')} style={card}>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item
                name="effective_from"
                label={t('policy.effectiveFrom')}
                extra={t('policy.effectiveFromHelp')}
                getValueProps={(v: string | null) => ({ value: v ? dayjs(v) : null })}
                normalize={(d: Dayjs | null) => (d ? d.format(DATE_FORMAT) : null)}
              >
                <DatePicker style={full} data-testid="policy-effective-from" />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="note" label={t('policy.note')}>
                <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} placeholder={t('policy.notePlaceholder')} />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('policy.section.rating')} style={card} data-testid="policy-edit-rating">
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('policy.editor.levels')}
          </Typography.Title>
          <Row gutter={16}>
            {[0, 1, 2, 3].map((i) => (
              <Col xs={12} md={6} key={i}>
                <IntItem name={D('rating', 'level_points', i)} label={t('policy.param.rating.level_points.item', { level: levelName(i, tr) })} unit={points} />
              </Col>
            ))}
          </Row>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <IntItem name={D('rating', 'window_months')} label={param('rating.window_months')} unit={months} />
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={D('rating', 'allowed_window_months')} label={param('rating.allowed_window_months')}>
                <Select<number[]> mode="multiple" allowClear options={WINDOWS.map((m) => ({ value: m, label: t('policy.unit.months', { n: m }) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <IntItem name={D('rating', 'overdue_grace_days')} label={param('rating.overdue_grace_days')} unit={days} />
            </Col>
          </Row>
          <Typography.Title level={5}>{t('policy.editor.contract')}</Typography.Title>
          <Row gutter={16}>
            {[0, 1, 2].map((i) => (
              <Col xs={24} md={8} key={i}>
                <WanItem name={D('rating', 'contract_amount_min_fen', i)} label={t('policy.param.rating.contract_amount_min_fen.item', { level: levelName(i, tr) })} />
              </Col>
            ))}
          </Row>
          <Typography.Title level={5}>{t('policy.editor.receivables')}</Typography.Title>
          <Row gutter={16}>
            {[0, 1, 2].map((i) => (
              <Col xs={24} md={8} key={i}>
                <WanItem name={D('rating', 'receivables_max_fen', i)} label={t('policy.param.rating.receivables_max_fen.item', { level: levelName(i, tr) })} />
              </Col>
            ))}
          </Row>
          <Typography.Title level={5}>{t('policy.editor.premium')}</Typography.Title>
          <Row gutter={16}>
            {[0, 1, 2].map((i) => (
              <Col xs={24} md={8} key={i}>
                <PercentItem name={D('rating', 'premium_above_bp', i)} label={t('policy.param.rating.premium_above_bp.item', { level: levelName(i, tr) })} />
              </Col>
            ))}
          </Row>
        </Card>

        <Card size="small" title={t('policy.editor.grades')} style={card} data-testid="policy-edit-grades">
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <IntItem name={D('rating', 'grade_a_min_points')} label={param('rating.grade_a_min_points')} unit={points} testId="policy-grade-a" />
            </Col>
            <Col xs={24} md={6}>
              <IntItem name={D('rating', 'grade_b_min_points')} label={param('rating.grade_b_min_points')} unit={points} testId="policy-grade-b" />
            </Col>
            <Col xs={24} md={6}>
              <IntItem name={D('rating', 'new_customer_months')} label={param('rating.new_customer_months')} unit={months} />
            </Col>
            <Col xs={24} md={6}>
              <IntItem name={D('rating', 'min_business_months')} label={param('rating.min_business_months')} unit={months} />
            </Col>
            <Col xs={24} md={8}>
              <WanItem name={D('rating', 'big_customer_suggest_fen')} label={param('rating.big_customer_suggest_fen')} />
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('policy.table.treatment')} style={card} data-testid="policy-edit-treatment">
          <Typography.Paragraph type="secondary">{t('policy.editor.treatmentIntro')}</Typography.Paragraph>
          <Form.List name={D('treatment')}>
            {(fields, _ops, { errors }) => (
              <>
                <Table
                  rowKey="key"
                  size="small"
                  bordered
                  pagination={false}
                  scroll={{ x: 'max-content' }}
                  dataSource={fields}
                  columns={[
                    {
                      key: 'tier',
                      title: t('policy.table.tier'),
                      render: (_, f) => {
                        const tier = form.getFieldValue(asName(D('treatment', f.name))) as { category: 'big' | 'general'; grade: 'A' | 'B' | 'C' } | undefined;
                        return tier ? tierName(tier, tr) : null;
                      },
                    },
                    {
                      key: 'priority',
                      title: t('policy.table.priority'),
                      render: (_, f) => (
                        <TierCell name={[f.name, 'shipping_priority']} rules={[required]} form={form} field={t('policy.table.priority')}>
                          {(label) => <InputNumber<number> precision={0} aria-label={label} style={{ width: 90 }} />}
                        </TierCell>
                      ),
                    },
                    {
                      key: 'price',
                      title: t('policy.table.price'),
                      render: (_, f) => (
                        <TierCell name={[f.name, 'price_level']} rules={[required]} form={form} field={t('policy.table.price')}>
                          {(label) => (
                            <Select<PriceLevel>
                              aria-label={label}
                              style={{ width: 140 }}
                              options={PRICE_LEVELS.map((p) => ({ value: p, label: td(`policy.price.${p}`, p) }))}
                            />
                          )}
                        </TierCell>
                      ),
                    },
                    {
                      key: 'revisit',
                      title: t('policy.table.revisitBy'),
                      render: (_, f) => (
                        <TierCell name={[f.name, 'revisit_roles']} form={form} field={t('policy.table.revisitBy')}>
                          {(label) => (
                            <Select<Role[]>
                              mode="multiple"
                              aria-label={label}
                              style={{ minWidth: 260 }}
                              options={ROLES.filter((r) => r !== 'admin').map((r) => ({ value: r, label: td(`role.${r}`, r) }))}
                            />
                          )}
                        </TierCell>
                      ),
                    },
                    {
                      key: 'cadence',
                      title: t('policy.param.treatment.revisit_every_months'),
                      render: (_, f) => (
                        <TierCell name={[f.name, 'revisit_every_months']} rules={[required]} form={form} field={t('policy.table.cadence')}>
                          {(label) => <InputNumber<number> precision={0} suffix={months} aria-label={label} style={{ width: 120 }} />}
                        </TierCell>
                      ),
                    },
                  ]}
                />
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('policy.editor.reporting')} style={card} data-testid="policy-edit-reporting">
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <MonthsItem name={D('reporting', 'report_months_a')} label={param('reporting.report_months_a')} />
            </Col>
            <Col xs={24} md={8}>
              <MonthsItem name={D('reporting', 'report_months_b')} label={param('reporting.report_months_b')} />
            </Col>
            <Col xs={24} md={8}>
              <MonthsItem name={D('reporting', 'report_months_c')} label={param('reporting.report_months_c')} />
            </Col>
            <Col xs={24} md={8}>
              <IntItem name={D('reporting', 'supervisor_forward_working_days')} label={param('reporting.supervisor_forward_working_days')} unit={workingDays} />
            </Col>
            <Col xs={24} md={8}>
              <IntItem name={D('reporting', 'manager_forward_working_days')} label={param('reporting.manager_forward_working_days')} unit={workingDays} />
            </Col>
          </Row>
        </Card>

        <Card
          size="small"
          title={t('policy.section.credit')}
          extra={<Tag color="gold">{t('policy.creditPartHint')}</Tag>}
          style={card}
          data-testid="policy-edit-credit"
        >
          <Row gutter={[24, 8]}>
            <Col xs={24} xl={12}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('policy.editor.creditGrades')}
              </Typography.Title>
              <Form.List name={D('credit', 'grades')}>
                {(fields, _ops, { errors }) => (
                  <>
                    <Table
                      rowKey="key"
                      size="small"
                      bordered
                      pagination={false}
                      dataSource={fields}
                      columns={[
                        {
                          key: 'grade',
                          title: t('policy.table.creditGrade'),
                          render: (_, f) => <Tag>{String(form.getFieldValue(asName(D('credit', 'grades', f.name, 'grade'))) ?? CREDIT_GRADES[f.name] ?? '')}</Tag>,
                        },
                        {
                          key: 'limit',
                          title: t('policy.table.limit'),
                          render: (_, f) => <GradeLimit index={f.name} form={form} />,
                        },
                        {
                          key: 'period',
                          title: t('policy.param.credit.grades.credit_period_days'),
                          render: (_, f) => (
                            <Form.Item name={[f.name, 'credit_period_days']} rules={[required]} style={{ margin: 0 }}>
                              <InputNumber<number>
                                precision={0}
                                suffix={days}
                                style={{ width: 120 }}
                                aria-label={t('policy.editor.gradeField', {
                                  grade: String(form.getFieldValue(asName(D('credit', 'grades', f.name, 'grade'))) ?? ''),
                                  field: t('policy.param.credit.grades.credit_period_days'),
                                })}
                              />
                            </Form.Item>
                          ),
                        },
                      ]}
                    />
                    <Form.ErrorList errors={errors} />
                  </>
                )}
              </Form.List>
            </Col>
            <Col xs={24} xl={12}>
              <Typography.Title level={5} style={{ marginTop: 0 }}>
                {t('policy.editor.followUp')}
              </Typography.Title>
              <Form.List name={D('credit', 'follow_up')}>
                {(fields, { add, remove }, { errors }) => (
                  <>
                    {fields.map((f, i) => (
                      <Space key={f.key} align="start" wrap data-testid="policy-follow-up">
                        <Form.Item name={[f.name, 'days_overdue']} rules={[required]} style={{ marginBottom: 8 }}>
                          <InputNumber<number>
                            precision={0}
                            prefix={t('policy.table.followUpFrom')}
                            suffix={days}
                            style={{ width: 160 }}
                            aria-label={t('policy.editor.followUpField', { n: i + 1, field: t('policy.param.credit.follow_up.days_overdue') })}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, 'action']} rules={[required]} style={{ marginBottom: 8 }}>
                          <Select<FollowUpAction>
                            style={{ width: 140 }}
                            aria-label={t('policy.editor.followUpField', { n: i + 1, field: t('policy.param.credit.follow_up.action') })}
                            options={FOLLOW_UP_ACTIONS.map((a) => ({ value: a, label: td(`policy.action.${a}`, a) }))}
                          />
                        </Form.Item>
                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('policy.editor.remove')} />
                      </Space>
                    ))}
                    <Form.ErrorList errors={errors} />
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ days_overdue: null, action: 'visit' })} style={{ marginBottom: 16 }}>
                      {t('policy.editor.addFollowUp')}
                    </Button>
                  </>
                )}
              </Form.List>
              <IntItem
                name={D('credit', 'follow_up_act_working_days')}
                label={param('credit.follow_up_act_working_days')}
                unit={workingDays}
                min={1}
                max={30}
                testId="policy-follow-up-act-days"
              />
              <Typography.Title level={5}>{t('policy.editor.aging')}</Typography.Title>
              <Form.List name={D('credit', 'aging_buckets_days')}>
                {(fields, { add, remove }, { errors }) => (
                  <>
                    <Space wrap align="start">
                      {fields.map((f, i) => (
                        <Space.Compact key={f.key}>
                          <Form.Item name={f.name} rules={[required]} style={{ marginBottom: 8 }}>
                            <InputNumber<number> precision={0} suffix={days} style={{ width: 110 }} aria-label={t('policy.editor.agingField', { n: i + 1 })} />
                          </Form.Item>
                          <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('policy.editor.remove')} />
                        </Space.Compact>
                      ))}
                      <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                        {t('policy.editor.addAging')}
                      </Button>
                    </Space>
                    <Form.ErrorList errors={errors} />
                  </>
                )}
              </Form.List>
            </Col>
          </Row>

          <Typography.Title level={5}>{t('policy.editor.exposure')}</Typography.Title>
          <Space wrap size={24}>
            {(['open_receivables', 'shipped_not_invoiced', 'unshipped_contracts'] as const).map((part) => (
              <Form.Item key={part} name={D('credit', 'exposure', part)} valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox>{t(`policy.exposure.${part}`)}</Checkbox>
              </Form.Item>
            ))}
          </Space>

          <Typography.Title level={5}>{t('policy.editor.creditRules')}</Typography.Title>
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <IntItem name={D('credit', 'normal_collection_days')} label={param('credit.normal_collection_days')} unit={days} />
            </Col>
            <Col xs={24} md={8}>
              <MonthsItem name={D('credit', 'review_months')} label={param('credit.review_months')} />
            </Col>
            <Col xs={24} md={8}>
              <IntItem name={D('credit', 'dealings_report_day')} label={param('credit.dealings_report_day')} />
            </Col>
            <Col xs={24} md={8}>
              <IntItem name={D('credit', 'standard', 'min_months_in_business')} label={param('credit.standard.min_months_in_business')} unit={months} />
            </Col>
            <Col xs={24} md={8}>
              <IntItem name={D('credit', 'standard', 'max_overdue_days')} label={param('credit.standard.max_overdue_days')} unit={days} />
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={D('credit', 'standard', 'investigation_required')} valuePropName="checked" label={param('credit.standard.investigation_required')}>
                <Checkbox>{t('policy.credit.standardInvestigation')}</Checkbox>
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <WanItem name={D('credit', 'vp_release_max_fen')} label={param('credit.vp_release_max_fen')} testId="policy-vp-release" />
            </Col>
            <Col xs={24} md={8}>
              <WanItem name={D('credit', 'gm_limit_above_fen')} label={param('credit.gm_limit_above_fen')} testId="policy-gm-limit" />
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name={D('credit', 'counted_instruments')} label={param('credit.counted_instruments')}>
                <Select<string[]>
                  mode="multiple"
                  allowClear
                  options={INSTRUMENT_KINDS.map((k) => ({ value: k, label: t(`credit.instruments.kind.${k}`) }))}
                  data-testid="policy-counted-instruments"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item label={t('policy.credit.limitForms')} style={{ marginBottom: 0 }}>
                <Space orientation="vertical" size={0}>
                  <Form.Item name={D('credit', 'limit_forms', 'acceptance_bill')} valuePropName="checked" style={{ marginBottom: 0 }}>
                    <Checkbox data-testid="policy-limit-acceptance-bill">{t('contracts.creditForm.acceptance_bill')}</Checkbox>
                  </Form.Item>
                  <Form.Item name={D('credit', 'limit_forms', 'letter_of_credit')} valuePropName="checked" style={{ marginBottom: 8 }}>
                    <Checkbox data-testid="policy-limit-letter-of-credit">{t('contracts.creditForm.letter_of_credit')}</Checkbox>
                  </Form.Item>
                </Space>
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <IntItem
                name={D('credit', 'training_every_months')}
                label={param('credit.training_every_months')}
                unit={months}
                min={1}
                max={60}
                testId="policy-training-every-months"
              />
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name={D('credit', 'special_contracts_cover_shipments')} valuePropName="checked" label={param('credit.special_contracts_cover_shipments')}>
                <Checkbox data-testid="policy-special-cover">{t('policy.credit.specialCovers')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>

          <div data-testid="policy-edit-review">
            <Typography.Title level={5}>{t('policy.editor.review')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('policy.editor.reviewIntro')}</Typography.Paragraph>
            <Typography.Text strong>{t('policy.editor.reviewDowngrade')}</Typography.Text>
            <Row gutter={16} style={{ marginTop: 8 }}>
              <Col xs={24} md={8}>
                <IntItem
                  name={D('credit', 'review', 'downgrade_worst_days_late')}
                  label={param('credit.review.downgrade_worst_days_late')}
                  extra={help('credit.review.downgrade_worst_days_late')}
                  unit={days}
                  min={1}
                  max={3650}
                  testId="policy-review-downgrade-worst-days-late"
                />
              </Col>
              <Col xs={24} md={8}>
                {/* No lower bound here: it depends on the upgrade's count, and the server says so at the field. */}
                <IntItem
                  name={D('credit', 'review', 'downgrade_late_receivables')}
                  label={param('credit.review.downgrade_late_receivables')}
                  extra={help('credit.review.downgrade_late_receivables')}
                  unit={t('policy.unit.countShort')}
                  min={0}
                  max={1000}
                  testId="policy-review-downgrade-late-receivables"
                />
              </Col>
              <Col xs={24} md={8}>
                <IntItem
                  name={D('credit', 'review', 'downgrade_broken_promises')}
                  label={param('credit.review.downgrade_broken_promises')}
                  extra={help('credit.review.downgrade_broken_promises')}
                  unit={t('policy.unit.timesShort')}
                  min={0}
                  max={1000}
                  testId="policy-review-downgrade-broken-promises"
                />
              </Col>
              <Col xs={24}>
                <Form.Item
                  name={D('credit', 'review', 'downgrade_on_severe_event')}
                  valuePropName="checked"
                  label={param('credit.review.downgrade_on_severe_event')}
                  extra={help('credit.review.downgrade_on_severe_event')}
                >
                  <Checkbox data-testid="policy-review-downgrade-severe-event">{t('policy.credit.reviewSevereCheck')}</Checkbox>
                </Form.Item>
              </Col>
            </Row>
            <Typography.Text strong>{t('policy.editor.reviewUpgrade')}</Typography.Text>
            <Row gutter={16} style={{ marginTop: 8 }}>
              <Col xs={24} md={8}>
                <IntItem
                  name={D('credit', 'review', 'upgrade_max_late_receivables')}
                  label={param('credit.review.upgrade_max_late_receivables')}
                  extra={help('credit.review.upgrade_max_late_receivables')}
                  unit={t('policy.unit.countShort')}
                  min={0}
                  max={1000}
                  testId="policy-review-upgrade-max-late-receivables"
                />
              </Col>
              <Col xs={24} md={8}>
                <IntItem
                  name={D('credit', 'review', 'upgrade_max_broken_promises')}
                  label={param('credit.review.upgrade_max_broken_promises')}
                  extra={help('credit.review.upgrade_max_broken_promises')}
                  unit={t('policy.unit.timesShort')}
                  min={0}
                  max={1000}
                  testId="policy-review-upgrade-max-broken-promises"
                />
              </Col>
              <Col xs={24} md={8}>
                <IntItem
                  name={D('credit', 'review', 'upgrade_min_utilisation_pct')}
                  label={param('credit.review.upgrade_min_utilisation_pct')}
                  extra={help('credit.review.upgrade_min_utilisation_pct')}
                  unit={t('policy.unit.percent')}
                  min={0}
                  max={1000}
                  testId="policy-review-upgrade-min-utilisation-pct"
                />
              </Col>
            </Row>
          </div>

          <div data-testid="policy-edit-statements">
            <Typography.Title level={5}>{t('policy.editor.statements')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('policy.editor.statementsIntro')}</Typography.Paragraph>
            <Row gutter={16}>
              <Col xs={24} md={16}>
                <Form.Item
                  name={D('credit', 'statements', 'monthly_run')}
                  valuePropName="checked"
                  label={param('credit.statements.monthly_run')}
                  extra={help('credit.statements.monthly_run')}
                >
                  <Checkbox data-testid="policy-statements-monthly-run">{t('policy.credit.statementsCheck')}</Checkbox>
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <IntItem
                  name={D('credit', 'statements', 'run_working_day')}
                  label={param('credit.statements.run_working_day')}
                  extra={help('credit.statements.run_working_day')}
                  min={1}
                  max={15}
                  testId="policy-statements-run-working-day"
                />
              </Col>
            </Row>
          </div>
        </Card>

        <Card size="small" title={t('policy.section.service')} style={card} data-testid="policy-edit-service">
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <IntItem name={D('service', 'complaint_handoff_working_days')} label={param('service.complaint_handoff_working_days')} unit={workingDays} />
            </Col>
          </Row>
        </Card>
      </Form>
    </>
  );
}

/** A cell of a tier's row, labelled with the tier (大客户 A 级 发货优先级) for screen readers and tests. */
function TierCell({
  name,
  rules,
  form,
  field,
  children,
}: {
  name: [number, string];
  rules?: { required: boolean; message: string }[];
  form: FormInstance<EditorValues>;
  field: string;
  children: (label: string) => ReactNode;
}) {
  const tr = useI18n();
  const tier = form.getFieldValue(asName(D('treatment', name[0]))) as { category: 'big' | 'general'; grade: 'A' | 'B' | 'C' } | undefined;
  const label = tr.t('policy.editor.tierField', { tier: tier ? tierName(tier, tr) : String(name[0] + 1), field });
  return (
    <Form.Item name={name} rules={rules} style={{ margin: 0 }}>
      {children(label)}
    </Form.Item>
  );
}

function GradeLimit({ index, form }: { index: number; form: FormInstance<EditorValues> }) {
  const { t } = useI18n();
  const { wan } = useRules();
  const grade = String(form.getFieldValue(asName(D('credit', 'grades', index, 'grade'))) ?? '');
  return (
    <Form.Item name={[index, 'limit_fen']} rules={[wan]} style={{ margin: 0 }}>
      <Input
        inputMode="decimal"
        suffix={t('policy.unit.wan')}
        maxLength={24}
        style={{ width: 160 }}
        aria-label={t('policy.editor.gradeField', { grade, field: t('policy.param.credit.grades.limit_fen') })}
      />
    </Form.Item>
  );
}
