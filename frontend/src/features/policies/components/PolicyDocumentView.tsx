// A version's parameters as the measures' tables: rating indicators, grades and eligibility, the
// treatment matrix, reporting, the credit part (its own card: a change there needs the GM too) and
// customer service.
import { CheckCircleTwoTone, MinusCircleOutlined } from '@ant-design/icons';
import { Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import type { PolicyDocument } from '@/api/types';
import { useI18n } from '@/lib/i18n';
import {
  creditGradeRows,
  creditLines,
  eligibilityLines,
  exposureRows,
  followUpRows,
  forwardingLines,
  gradeRows,
  indicatorRows,
  levelHeadings,
  reportingRows,
  serviceLines,
  treatmentRows,
  type CreditGradeRow,
  type GradeRow,
  type IndicatorRow,
  type ReportingRow,
  type TreatmentRow,
} from '../lib/document';

const cardStyle = { marginBottom: 16 };

export function PolicyDocumentView({ document: doc }: { document: PolicyDocument }) {
  const tr = useI18n();
  const { t } = tr;
  const headings = levelHeadings(doc, tr);
  const maxPoints = (doc.rating.level_points[0] ?? 0) * 4;

  return (
    <div data-testid="policy-document">
      <Card size="small" title={t('policy.table.rating')} style={cardStyle} data-testid="policy-doc-rating">
        <Typography.Paragraph type="secondary">{t('policy.table.ratingIntro', { max: maxPoints })}</Typography.Paragraph>
        <Table<IndicatorRow>
          rowKey="key"
          size="small"
          bordered
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={indicatorRows(doc, tr)}
          columns={[
            {
              key: 'indicator',
              title: t('policy.table.indicator'),
              render: (_, r) => (
                <div style={{ minWidth: 200, maxWidth: 360 }}>
                  <Typography.Text strong>{r.indicator}</Typography.Text>
                  {r.note ? (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.note}
                      </Typography.Text>
                    </div>
                  ) : null}
                </div>
              ),
            },
            ...headings.map((h, i) => ({
              key: `level${i}`,
              title: h,
              render: (_: unknown, r: IndicatorRow) => <span style={{ whiteSpace: 'nowrap' }}>{r.levels[i]}</span>,
            })),
          ]}
        />
      </Card>

      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('policy.table.grades')} style={cardStyle} data-testid="policy-doc-grades">
            <Table<GradeRow>
              rowKey="grade"
              size="small"
              bordered
              pagination={false}
              dataSource={gradeRows(doc, tr)}
              columns={[
                { key: 'grade', title: t('policy.table.grade'), render: (_, g) => <Tag>{g.grade}</Tag> },
                { key: 'name', title: t('policy.table.gradeName'), dataIndex: 'name' },
                { key: 'rule', title: t('policy.table.gradeRule'), dataIndex: 'rule' },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('policy.table.eligibility')}
            </Typography.Title>
            <ul style={{ paddingInlineStart: 20, marginBottom: 0 }} data-testid="policy-doc-eligibility">
              {eligibilityLines(doc, tr).map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('policy.table.reporting')} style={cardStyle} data-testid="policy-doc-reporting">
            <Typography.Paragraph type="secondary">{t('policy.table.reportingIntro')}</Typography.Paragraph>
            <Table<ReportingRow>
              rowKey="grade"
              size="small"
              bordered
              pagination={false}
              dataSource={reportingRows(doc, tr)}
              columns={[
                { key: 'grade', title: t('policy.table.grade'), render: (_, r) => <Tag>{r.grade}</Tag> },
                { key: 'months', title: t('policy.table.reportMonths'), dataIndex: 'months' },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('policy.table.forwarding')}
            </Typography.Title>
            <ul style={{ paddingInlineStart: 20, marginBottom: 0 }}>
              {forwardingLines(doc, tr).map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('policy.table.treatment')} style={cardStyle} data-testid="policy-doc-treatment">
        <Table<TreatmentRow>
          rowKey="key"
          size="small"
          bordered
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={treatmentRows(doc, tr)}
          columns={[
            { key: 'tier', title: t('policy.table.tier'), dataIndex: 'tier' },
            { key: 'priority', title: t('policy.table.priority'), dataIndex: 'priority', align: 'center' },
            { key: 'price', title: t('policy.table.price'), dataIndex: 'price' },
            { key: 'revisitBy', title: t('policy.table.revisitBy'), dataIndex: 'revisitBy' },
            { key: 'cadence', title: t('policy.table.cadence'), dataIndex: 'cadence' },
          ]}
        />
      </Card>

      <Card
        size="small"
        title={t('policy.section.credit')}
        extra={<Typography.Text type="secondary">{t('policy.creditPartHint')}</Typography.Text>}
        style={cardStyle}
        data-testid="policy-doc-credit"
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('policy.table.creditGrades')}
            </Typography.Title>
            <Table<CreditGradeRow>
              rowKey="grade"
              size="small"
              bordered
              pagination={false}
              dataSource={creditGradeRows(doc, tr)}
              data-testid="policy-doc-credit-grades"
              columns={[
                { key: 'grade', title: t('policy.table.creditGrade'), render: (_, g) => <Tag>{g.grade}</Tag> },
                { key: 'limit', title: t('policy.table.limit'), dataIndex: 'limit' },
                { key: 'period', title: t('policy.table.period'), dataIndex: 'period' },
              ]}
            />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('policy.table.followUp')}
            </Typography.Title>
            <Table
              rowKey="key"
              size="small"
              bordered
              pagination={false}
              dataSource={followUpRows(doc, tr)}
              columns={[
                { key: 'from', title: t('policy.table.followUpFrom'), dataIndex: 'from' },
                { key: 'action', title: t('policy.table.followUpAction'), dataIndex: 'action' },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('policy.table.exposure')}
            </Typography.Title>
            <Space orientation="vertical" size={4} data-testid="policy-doc-exposure">
              {exposureRows(doc, tr).map((e) => (
                <Space key={e.part} size={8}>
                  {e.included ? <CheckCircleTwoTone twoToneColor="#52c41a" /> : <MinusCircleOutlined style={{ color: '#999' }} />}
                  <span>{e.label}</span>
                  <Tag color={e.included ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>
                    {t(e.included ? 'policy.exposure.included' : 'policy.exposure.excluded')}
                  </Tag>
                </Space>
              ))}
            </Space>
          </Col>
        </Row>
        <Descriptions
          bordered
          size="small"
          column={1}
          style={{ marginTop: 16 }}
          title={t('policy.table.creditRules')}
          data-testid="policy-doc-credit-rules"
          items={creditLines(doc, tr).map((l) => ({ key: l.key, label: l.label, children: l.value }))}
        />
      </Card>

      <Card size="small" title={t('policy.table.service')} style={cardStyle} data-testid="policy-doc-service">
        <Descriptions
          bordered
          size="small"
          column={1}
          items={serviceLines(doc, tr).map((l) => ({ key: l.key, label: l.label, children: l.value }))}
        />
      </Card>
    </div>
  );
}
