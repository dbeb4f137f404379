// 账务: the ledger section of the customer card (the card's `ledger`, for roles that read
// receivables) — the open balance, what of it is overdue and the DSO; the open balance by aging
// bucket of the policy in force; the open receivables, oldest due first; the latest contracts,
// shipping notes and payments. Records and the customer's full lists are linked when the user
// may open those pages.
import { Col, Flex, Progress, Row, Statistic, Table, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { CardContract, CardLedger, CardPayment, CardReceivable, CardShipment } from '@/api/types';
import { lineBucket } from '@/lib/aging-buckets';
import { useUser } from '@/lib/auth';
import { formatDate, formatFen, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { agingBreakdown, ledgerLinks, paymentState, type AgingBucketRow } from '../lib/ledger';

export function Ledger({ customerId, ledger }: { customerId: number; ledger: CardLedger }) {
  const { t, td, lang } = useI18n();
  const user = useUser();
  const links = ledgerLinks(customerId, user.permissions);
  const aging = agingBreakdown(ledger, t);
  const none = t('common.none');

  const money = (fen: number, testId?: string) => (
    <Tooltip title={formatFenWan(fen, 2, lang)}>
      <span data-testid={testId}>{formatFen(fen)}</span>
    </Tooltip>
  );
  const heading = (title: string, link?: { to: string; label: string; testId?: string }) => (
    <Flex justify="space-between" align="baseline" wrap gap={8} style={{ marginTop: 24, marginBottom: 8 }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {link ? (
        <Link to={link.to} data-testid={link.testId}>
          {link.label}
        </Link>
      ) : null}
    </Flex>
  );
  const recordLink = (to: ((id: number) => string) | undefined, id: number, text: string) =>
    to ? <Link to={to(id)}>{text}</Link> : text;

  return (
    <div data-testid="customer-ledger">
      <Typography.Paragraph type="secondary">{t('customerLedger.intro')}</Typography.Paragraph>

      <Row gutter={[16, 16]} data-testid="ledger-summary">
        <Col xs={24} md={8}>
          <Statistic
            title={t('customerLedger.open')}
            value={ledger.open_fen}
            formatter={() => money(ledger.open_fen, 'ledger-open')}
          />
        </Col>
        <Col xs={24} md={8}>
          <Statistic
            title={t('customerLedger.overdue')}
            value={ledger.overdue_fen}
            formatter={() => money(ledger.overdue_fen, 'ledger-overdue')}
            styles={ledger.overdue_fen > 0 ? { content: { color: '#cf1322' } } : undefined}
          />
        </Col>
        <Col xs={24} md={8}>
          <Statistic
            title={
              <Tooltip title={t('customerLedger.dsoHelp')}>
                <span>{t('customerLedger.dso')}</span>
              </Tooltip>
            }
            value={ledger.dso_days ?? 0}
            formatter={() =>
              ledger.dso_days === null || ledger.dso_days === undefined ? (
                <Tooltip title={t('customerLedger.dsoNone')}>
                  <span data-testid="ledger-dso">{none}</span>
                </Tooltip>
              ) : (
                <span data-testid="ledger-dso">{t('customerLedger.dsoDays', { n: ledger.dso_days })}</span>
              )
            }
          />
        </Col>
      </Row>

      {heading(t('customerLedger.aging'), links.aging ? { to: links.aging, label: t('customerLedger.agingLink'), testId: 'ledger-aging-link' } : undefined)}
      <Table<AgingBucketRow>
        rowKey="key"
        size="small"
        dataSource={aging.rows}
        pagination={false}
        data-testid="ledger-aging"
        columns={[
          { key: 'bucket', title: t('customerLedger.bucket'), render: (_, r) => r.label },
          { key: 'count', title: t('customerLedger.count'), align: 'right', render: (_, r) => r.count },
          { key: 'fen', title: t('customerLedger.openAmount'), align: 'right', render: (_, r) => <span data-testid={`ledger-aging-${r.key}`}>{formatFen(r.fen)}</span> },
          {
            key: 'share',
            title: t('customerLedger.share'),
            width: '30%',
            render: (_, r) => (
              <Progress
                percent={r.percent}
                size="small"
                status="normal"
                strokeColor={r.key === 'current' ? '#52c41a' : r.key === '0' ? '#faad14' : '#ff4d4f'}
                format={(p) => `${p ?? 0}%`}
              />
            ),
          },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('customerLedger.total')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Typography.Text strong>{aging.count}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              <Typography.Text strong data-testid="ledger-aging-total">
                {formatFen(aging.totalFen)}
              </Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} />
          </Table.Summary.Row>
        )}
      />

      {heading(
        t('customerLedger.receivables'),
        links.receivables ? { to: links.receivables, label: t('customerLedger.allReceivables'), testId: 'ledger-receivables-link' } : undefined,
      )}
      <Table<CardReceivable>
        rowKey="id"
        size="small"
        dataSource={ledger.open_receivables}
        pagination={ledger.open_receivables.length > 10 ? { pageSize: 10, size: 'small' } : false}
        locale={{ emptyText: t('customerLedger.noOpenReceivables') }}
        data-testid="ledger-receivables"
        columns={[
          { key: 'contract', title: t('customerLedger.contract'), render: (_, r) => recordLink(links.contract, r.contract_id, r.contract_number) },
          { key: 'issued', title: t('customerLedger.issuedOn'), render: (_, r) => formatDate(r.issued_on) },
          { key: 'due', title: t('customerLedger.dueDate'), render: (_, r) => formatDate(r.due_date) },
          { key: 'amount', title: t('customerLedger.receivableAmount'), align: 'right', render: (_, r) => formatFen(r.amount_fen) },
          { key: 'balance', title: t('customerLedger.balance'), align: 'right', render: (_, r) => <Typography.Text strong>{formatFen(r.balance_fen)}</Typography.Text> },
          {
            key: 'overdue',
            title: t('customerLedger.daysOverdue'),
            align: 'right',
            render: (_, r) => (r.days_overdue > 0 ? <Typography.Text type="danger">{t('customerLedger.daysN', { n: r.days_overdue })}</Typography.Text> : none),
          },
          { key: 'bucket', title: t('customerLedger.bucket'), render: (_, r) => lineBucket(r.bucket, ledger.buckets, t) },
        ]}
      />

      {heading(t('customerLedger.contracts'), links.contracts ? { to: links.contracts, label: t('customerLedger.allContracts'), testId: 'ledger-contracts-link' } : undefined)}
      <Table<CardContract>
        rowKey="id"
        size="small"
        dataSource={ledger.contracts}
        pagination={false}
        locale={{ emptyText: t('customerLedger.noContracts') }}
        data-testid="ledger-contracts"
        columns={[
          { key: 'number', title: t('customerLedger.contractNumber'), render: (_, c) => recordLink(links.contract, c.id, c.number) },
          { key: 'signed', title: t('customerLedger.signedOn'), render: (_, c) => (c.signed_on ? formatDate(c.signed_on) : <Typography.Text type="secondary">{t('customerLedger.notSigned')}</Typography.Text>) },
          { key: 'status', title: t('customerLedger.status'), render: (_, c) => td(`contracts.status.${c.status}`, c.status) },
          { key: 'amount', title: t('customerLedger.contractAmount'), align: 'right', render: (_, c) => formatFen(c.amount_fen) },
        ]}
      />

      {heading(t('customerLedger.shipments'), links.shipments ? { to: links.shipments, label: t('customerLedger.allShipments'), testId: 'ledger-shipments-link' } : undefined)}
      <Table<CardShipment>
        rowKey="id"
        size="small"
        dataSource={ledger.shipments}
        pagination={false}
        locale={{ emptyText: t('customerLedger.noShipments') }}
        data-testid="ledger-shipments"
        columns={[
          { key: 'number', title: t('customerLedger.noteNumber'), render: (_, s) => recordLink(links.shipment, s.id, s.number) },
          { key: 'date', title: t('customerLedger.shipDate'), render: (_, s) => formatDate(s.ship_date) },
          { key: 'status', title: t('customerLedger.status'), render: (_, s) => td(`shipping.status.${s.status}`, s.status) },
          { key: 'amount', title: t('customerLedger.shipmentAmount'), align: 'right', render: (_, s) => formatFen(s.amount_fen) },
        ]}
      />

      {heading(t('customerLedger.payments'), links.payments ? { to: links.payments, label: t('customerLedger.allPayments'), testId: 'ledger-payments-link' } : undefined)}
      <Table<CardPayment>
        rowKey="id"
        size="small"
        dataSource={ledger.payments}
        pagination={false}
        locale={{ emptyText: t('customerLedger.noPayments') }}
        data-testid="ledger-payments"
        columns={[
          { key: 'received', title: t('customerLedger.receivedOn'), render: (_, p) => recordLink(links.payment, p.id, formatDate(p.received_on)) },
          { key: 'amount', title: t('customerLedger.paymentAmount'), align: 'right', render: (_, p) => formatFen(p.amount_fen) },
          { key: 'allocated', title: t('customerLedger.allocated'), align: 'right', render: (_, p) => formatFen(p.allocated_fen) },
          { key: 'unallocated', title: t('customerLedger.unallocated'), align: 'right', render: (_, p) => formatFen(paymentState(p).unallocatedFen) },
          { key: 'state', title: t('customerLedger.paymentState'), render: (_, p) => <PaymentStateText payment={p} /> },
        ]}
      />
    </div>
  );
}

function PaymentStateText({ payment }: { payment: CardPayment }): ReactNode {
  const { t } = useI18n();
  const { state } = paymentState(payment);
  if (state === 'reversed') return <Typography.Text type="danger">{t('payments.reversedOn', { date: formatDate(payment.reversed_on) })}</Typography.Text>;
  if (state === 'partly') return <Typography.Text type="warning">{t('payments.partlyAllocated')}</Typography.Text>;
  return <Typography.Text type="success">{t('payments.fullyAllocated')}</Typography.Text>;
}
