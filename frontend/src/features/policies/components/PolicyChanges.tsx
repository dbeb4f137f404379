// 修改内容: what a version changes against the one it is based on, one parameter a row, with
// readable names and values; says whether the credit part changed (then the GM decides too).
import { Alert, Table, Tag, Typography } from 'antd';
import type { PolicyChange, PolicyDocument } from '@/api/types';
import { useI18n } from '@/lib/i18n';
import { changesCredit, formatParam, paramLabel, sectionOf } from '../lib/document';

interface Row {
  key: string;
  section: ReturnType<typeof sectionOf>;
  label: string;
  before: string;
  after: string;
}

const SECTION_COLORS: Record<Row['section'], string> = {
  rating: 'blue',
  treatment: 'cyan',
  reporting: 'geekblue',
  credit: 'gold',
  service: 'purple',
  other: 'default',
};

export function PolicyChanges({
  changes,
  document: doc,
  basedOnNumber,
  hasBase,
}: {
  changes: readonly PolicyChange[];
  document: PolicyDocument | null | undefined;
  basedOnNumber: number | null;
  hasBase: boolean;
}) {
  const tr = useI18n();
  const { t } = tr;
  if (!hasBase) return <Typography.Paragraph type="secondary">{t('policy.changesFirst')}</Typography.Paragraph>;
  if (changes.length === 0) return <Typography.Paragraph type="secondary" data-testid="policy-changes-none">{t('policy.changesNone')}</Typography.Paragraph>;
  const rows: Row[] = changes.map((c) => ({
    key: c.path,
    section: sectionOf(c.path),
    label: paramLabel(c.path, doc, tr),
    before: formatParam(c.path, c.before, tr),
    after: formatParam(c.path, c.after, tr),
  }));
  const credit = changesCredit(changes);
  return (
    <div data-testid="policy-changes">
      {basedOnNumber !== null ? <Typography.Paragraph type="secondary">{t('policy.changesIntro', { number: basedOnNumber })}</Typography.Paragraph> : null}
      <Alert
        type={credit ? 'warning' : 'info'}
        showIcon
        title={t(credit ? 'policy.changesCredit' : 'policy.changesNoCredit')}
        style={{ marginBottom: 16 }}
        data-testid="policy-changes-credit"
      />
      <Table<Row>
        rowKey="key"
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        data-testid="policy-changes-table"
        columns={[
          {
            key: 'section',
            title: '',
            width: 110,
            render: (_, r) => (
              <Tag color={SECTION_COLORS[r.section]} style={{ marginInlineEnd: 0 }}>
                {t(`policy.section.${r.section}`)}
              </Tag>
            ),
          },
          { key: 'label', title: t('policy.change.param'), render: (_, r) => <Typography.Text strong>{r.label}</Typography.Text> },
          { key: 'before', title: t('policy.change.before'), render: (_, r) => <Typography.Text delete type="secondary">{r.before}</Typography.Text> },
          { key: 'after', title: t('policy.change.after'), render: (_, r) => <Typography.Text mark>{r.after}</Typography.Text> },
        ]}
      />
    </div>
  );
}
