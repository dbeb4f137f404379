// 信用占用 against the limit: the counted parts side by side (each opens its documents), the limit
// mark, the headroom and the utilisation; and the drawer of one part's documents.
import { Drawer, Flex, Space, Table, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import type { Exposure, ExposureDocument, ExposurePart } from '@/api/types';
import { ErrorState } from '@/components/ErrorState';
import { useCan } from '@/components/Can';
import { exposureBar } from '@/lib/credit';
import { formatDate, formatFen, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';
import { useExposureDocuments } from '../api/credit';

export const PART_COLORS: Record<ExposurePart, string> = {
  open_receivables: '#1677ff',
  shipped_not_invoiced: '#13c2c2',
  unshipped_contracts: '#faad14',
};

export function ExposureBarView({ exposure, onOpen }: { exposure: Exposure; onOpen?: (part: ExposurePart) => void }) {
  const { t, lang } = useI18n();
  const bar = exposureBar(exposure);
  const wan = (fen: number) => formatFenWan(fen, 2, lang);
  return (
    <div data-testid="credit-exposure">
      <div
        style={{ position: 'relative', height: 28, background: '#f0f0f0', borderRadius: 4, overflow: 'visible', marginBottom: 8, marginTop: 20 }}
        data-testid="credit-exposure-bar"
      >
        <Flex style={{ height: '100%', borderRadius: 4, overflow: 'hidden' }}>
          {bar.segments
            .filter((s) => s.counted && s.widthPct > 0)
            .map((s) => (
              <Tooltip key={s.part} title={`${t(`credit.exposure.part.${s.part}`)} ${wan(s.fen)}`}>
                <div
                  role={onOpen ? 'button' : undefined}
                  onClick={onOpen ? () => onOpen(s.part) : undefined}
                  style={{ width: `${s.widthPct}%`, background: PART_COLORS[s.part], cursor: onOpen ? 'pointer' : undefined }}
                  data-testid={`credit-bar-${s.part}`}
                />
              </Tooltip>
            ))}
        </Flex>
        {bar.limitPct !== null ? (
          <div style={{ position: 'absolute', left: `calc(${bar.limitPct}% - 1px)`, top: -18, bottom: -4, borderLeft: '2px solid #cf1322' }} data-testid="credit-bar-limit">
            <Typography.Text
              style={{ position: 'absolute', top: -2, whiteSpace: 'nowrap', fontSize: 12, ...(bar.limitPct > 60 ? { right: 6 } : { left: 4 }) }}
              type="danger"
            >
              {t('credit.exposure.limitMark', { amount: wan(exposure.limit_fen) })}
            </Typography.Text>
          </div>
        ) : null}
      </div>
      <Flex wrap gap={16} style={{ marginBottom: 8 }}>
        {bar.segments.map((s) => (
          <Space key={s.part} size={6} data-testid={`credit-part-${s.part}`}>
            <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: s.counted ? PART_COLORS[s.part] : '#d9d9d9' }} />
            {onOpen ? (
              <Typography.Link onClick={() => onOpen(s.part)} data-testid={`credit-part-open-${s.part}`}>
                {t(`credit.exposure.part.${s.part}`)}
              </Typography.Link>
            ) : (
              <span>{t(`credit.exposure.part.${s.part}`)}</span>
            )}
            <Typography.Text strong data-testid={`credit-part-amount-${s.part}`}>
              {wan(s.fen)}
            </Typography.Text>
            {!s.counted ? <Typography.Text type="secondary">{t('credit.exposure.notCounted')}</Typography.Text> : null}
          </Space>
        ))}
      </Flex>
      <Flex wrap gap={24}>
        <span>
          {t('credit.exposure.total')}：
          <Typography.Text strong type={bar.over ? 'danger' : undefined} data-testid="credit-exposure-total">
            {wan(exposure.exposure_fen)}
          </Typography.Text>
        </span>
        <span>
          {t('credit.exposure.limit')}：
          <Typography.Text strong data-testid="credit-exposure-limit">
            {exposure.limit_fen > 0 ? wan(exposure.limit_fen) : t('credit.exposure.noLimit')}
          </Typography.Text>
        </span>
        <span>
          {t('credit.exposure.headroom')}：
          <Typography.Text strong type={exposure.headroom_fen < 0 ? 'danger' : 'success'} data-testid="credit-exposure-headroom">
            {exposure.headroom_fen < 0 ? t('credit.exposure.overBy', { amount: wan(-exposure.headroom_fen) }) : wan(exposure.headroom_fen)}
          </Typography.Text>
        </span>
        <span>
          {t('credit.exposure.utilisation')}：
          <Typography.Text strong type={bar.over ? 'danger' : undefined} data-testid="credit-exposure-utilisation">
            {bar.utilisationPct === null ? t('common.none') : `${bar.utilisationPct.toFixed(1)}%`}
          </Typography.Text>
        </span>
      </Flex>
    </div>
  );
}

/** The documents behind one part of the exposure, linked to their pages for those who may open them. */
export function ExposureDrawer({ customerId, part, onClose }: { customerId: number; part: ExposurePart | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const docs = useExposureDocuments(customerId, part);
  const canContracts = useCan(PERMISSIONS.contractsRead);
  const canNotes = useCan(PERMISSIONS.shippingNotesRead);
  const canReceivables = useCan(PERMISSIONS.receivablesRead);
  const rows = docs.data ?? [];
  const total = rows.reduce((sum, d) => sum + d.amount_fen, 0);
  const numberCell = (d: ExposureDocument) => {
    if (d.document_type === 'shipping_note' && canNotes) return <Link to={`/shipping-notes/${d.id}`}>{d.number}</Link>;
    if (d.document_type === 'contract' && canContracts) return <Link to={`/contracts/${d.id}`}>{d.number}</Link>;
    if (d.document_type === 'receivable' && canReceivables) return <Link to={`/receivables?customer_id=${customerId}`}>{d.number}</Link>;
    return d.number;
  };
  return (
    <Drawer
      open={part !== null}
      onClose={onClose}
      size="large"
      title={part ? t('credit.exposure.documentsTitle', { part: t(`credit.exposure.part.${part}`) }) : ''}
      data-testid="credit-exposure-drawer"
    >
      {docs.isError ? (
        <ErrorState error={docs.error} onRetry={() => void docs.refetch()} />
      ) : (
        <>
          <Typography.Paragraph data-testid="credit-docs-total">
            {t('credit.exposure.docsTotal', { amount: formatFenWan(total, 2, lang), count: rows.length })}
          </Typography.Paragraph>
          <Table<ExposureDocument>
            rowKey={(d) => `${d.document_type}-${d.id}`}
            size="small"
            loading={docs.isFetching}
            pagination={rows.length > 50 ? { pageSize: 50 } : false}
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            data-testid="credit-docs-table"
            columns={[
              { key: 'type', title: t('credit.exposure.docType'), render: (_, d) => t(`credit.exposure.docType.${d.document_type}`) },
              { key: 'number', title: t('credit.exposure.number'), render: (_, d) => numberCell(d) },
              {
                key: 'contract',
                title: t('credit.exposure.contract'),
                render: (_, d) => (canContracts ? <Link to={`/contracts/${d.contract_id}`}>{d.contract_number}</Link> : d.contract_number),
              },
              { key: 'date', title: part ? t(`credit.exposure.date.${part}`) : t('credit.exposure.date'), render: (_, d) => formatDate(d.date) },
              { key: 'amount', title: t('credit.exposure.amount'), align: 'right', render: (_, d) => formatFen(d.amount_fen) },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
