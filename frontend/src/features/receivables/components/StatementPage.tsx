// 对账单 /customers/:id/statement: a customer's statement of account over a period (the period in
// the URL; by default from the first day of this year to today), laid out as the paper form — the
// company and the title, the customer and the period, the opening balance, the entries with the
// running balance, the period's totals and the closing balance, the contracts signed in the
// period, the aging of what is open at its end with the payments not yet allocated, and the
// signature lines. 打印 prints the sheet alone on A4 (the app's menu, header and buttons hidden,
// the lines' header repeated on each page, no row split, the page number at the foot);
// 导出 .xlsx downloads the server's workbook of the same period. Finance mails it (发送邮件, the
// page's period to the customer's statement address); the e-mail panel above the sheet shows that
// address and the customer's statement mails (StatementMailing).
import { DownloadOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Flex, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import type { Statement, StatementQuery } from '@/api/types';
import { useCan } from '@/components/Can';
import { ErrorState } from '@/components/ErrorState';
import { PageLoader } from '@/components/PageLoader';
import { BackLink } from '@/components/RecordHeader';
import { parseRecordId } from '@/components/RecordLoader';
import { NotFoundPage } from '@/components/StatusPages';
import { isApiError } from '@/lib/api-error';
import { saveFile } from '@/lib/download';
import { errorMessage, fieldErrorAt } from '@/lib/errors';
import { companyToday, DATE_FORMAT, formatYuan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';
import { exportStatement, useStatement } from '../api/statement';
import { agingColumns, pageCounterContent, periodFromSearch, periodProblem, periodSearch, statementAddsUp, statementRows } from '../lib/statement';
import { SendStatementButton, StatementMailPanel } from './StatementMailing';

/** The sheet on screen (a sheet of paper) and in print (A4, the app around it hidden). */
const SHEET_CSS = `
.statement-sheet { max-width: 210mm; margin: 0 auto; padding: 14mm 12mm; border: 1px solid #d9d9d9; box-shadow: 0 1px 6px rgba(0,0,0,.08); background: #fff; color: #000; font-size: 13px; line-height: 1.5; }
.statement-company { text-align: center; font-size: 16px; letter-spacing: 2px; }
.statement-title { text-align: center; font-size: 24px; font-weight: 600; letter-spacing: 10px; margin: 2px 0 12px; }
.statement-section-title { font-size: 14px; font-weight: 600; margin: 14px 0 6px; display: flex; justify-content: space-between; align-items: baseline; }
.statement-section-title small { font-weight: normal; font-size: 12px; }
.statement-table { width: 100%; border-collapse: collapse; }
.statement-table th, .statement-table td { border: 1px solid #000; padding: 3px 6px; vertical-align: top; }
.statement-table th { background: #f5f5f5; font-weight: 600; text-align: center; }
.statement-meta th { width: 15%; text-align: left; }
.statement-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.statement-nowrap { white-space: nowrap; }
.statement-strong td { font-weight: 600; }
.statement-empty { text-align: center; color: #555; }
.statement-note { margin: 14px 0 0; }
.statement-signs { display: flex; justify-content: space-between; gap: 24px; margin-top: 20px; break-inside: avoid; page-break-inside: avoid; }
.statement-signs > div { flex: 1; }
.statement-signs p { margin: 0 0 14px; }
.statement-sign-line { display: inline-block; min-width: 38mm; border-bottom: 1px solid #000; }
@media print {
  html, body, #root { background: #fff !important; }
  .ant-layout-sider, .ant-layout-header, .ant-layout-footer, .statement-no-print, .ant-message, .ant-notification { display: none !important; }
  .ant-layout { min-height: 0 !important; background: #fff !important; }
  .ant-layout-content { margin: 0 !important; }
  .ant-layout-content > div { padding: 0 !important; border-radius: 0 !important; min-height: 0 !important; }
  .statement-sheet { max-width: none; margin: 0; padding: 0; border: none; box-shadow: none; font-size: 10.5pt; }
  .statement-table thead { display: table-header-group; }
  .statement-table tfoot { display: table-footer-group; }
  .statement-table tr, .statement-keep { break-inside: avoid; page-break-inside: avoid; }
  .statement-section-title { break-after: avoid; page-break-after: avoid; }
  .statement-sheet * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** A4 with the page number at the foot (Chromium 131+ prints @page margin boxes). */
function pageCss(pageOf: string): string {
  return `@page { size: A4 portrait; margin: 14mm 12mm 16mm; @bottom-center { content: ${pageCounterContent(pageOf)}; font-size: 9pt; color: #555; } }`;
}

export default function StatementPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const customerId = parseRecordId(id);
  if (customerId === null) return <NotFoundPage subTitle={t('page.customerNotFound')} />;
  return <StatementView customerId={customerId} />;
}

function StatementView({ customerId }: { customerId: number }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [search, setSearch] = useSearchParams();
  const [exporting, setExporting] = useState(false);
  const canMail = useCan(PERMISSIONS.receivablesWrite);
  const today = companyToday();
  const period = periodFromSearch(search, today);
  const problem = periodProblem(period, today);
  const statement = useStatement(customerId, period, problem === null);

  const setPeriod = (next: StatementQuery) => setSearch(periodSearch(next, today), { replace: true });
  const onDate = (end: 'from' | 'to') => (d: Dayjs | null) => {
    if (d) setPeriod({ ...period, [end]: d.format(DATE_FORMAT) });
  };
  // Said at the end the server would name: `from` for a period backwards or too long, `to` after today.
  const fromError = problem === 'from_after_to' || problem === 'too_long' ? t(`statement.problem.${problem}`) : fieldErrorAt(lang, statement.error, 'from');
  const toError = problem === 'to_after_today' ? t('statement.problem.to_after_today') : fieldErrorAt(lang, statement.error, 'to');
  const notFound = statement.isError && isApiError(statement.error) && statement.error.status === 404;
  const data = problem === null && !statement.isError ? statement.data : undefined;

  const onExport = async () => {
    setExporting(true);
    try {
      saveFile(await exportStatement(customerId, period));
    } catch (e) {
      message.error(fieldErrorAt(lang, e, 'from') ?? fieldErrorAt(lang, e, 'to') ?? errorMessage(lang, e));
    } finally {
      setExporting(false);
    }
  };

  if (notFound) return <NotFoundPage subTitle={t('page.customerNotFound')} />;

  return (
    <>
      <style>{SHEET_CSS + pageCss(t('statement.pageOf'))}</style>
      <div className="statement-no-print">
        <BackLink to={`/customers/${customerId}`} testId="statement-back">
          {t('statement.back')}
        </BackLink>
        <Typography.Paragraph type="secondary">{t('statement.intro')}</Typography.Paragraph>
        <Flex justify="space-between" align="flex-start" gap={12} wrap style={{ marginBottom: 16 }}>
          <Space size={16} wrap align="start">
            <PeriodEnd id="statement-from" label={t('statement.from')} value={period.from} error={fromError} today={today} onChange={onDate('from')} />
            <PeriodEnd id="statement-to" label={t('statement.to')} value={period.to} error={toError} today={today} onChange={onDate('to')} />
          </Space>
          <Space wrap>
            {canMail ? <SendStatementButton customerId={customerId} period={period} today={today} disabled={!data} /> : null}
            <Button type="primary" icon={<PrinterOutlined />} disabled={!data} onClick={() => window.print()} data-testid="statement-print">
              {t('statement.print')}
            </Button>
            <Button icon={<DownloadOutlined />} disabled={!data} loading={exporting} onClick={() => void onExport()} data-testid="statement-export">
              {t('statement.export')}
            </Button>
          </Space>
        </Flex>
        {data && !statementAddsUp(data) ? <Alert type="warning" showIcon title={t('statement.notAddingUp')} style={{ marginBottom: 16 }} data-testid="statement-not-adding-up" /> : null}
        <StatementMailPanel customerId={customerId} canWrite={canMail} />
      </div>
      {problem !== null || fromError || toError ? null : statement.isError ? (
        <ErrorState error={statement.error} onRetry={() => void statement.refetch()} />
      ) : data ? (
        <Sheet s={data} />
      ) : (
        <PageLoader />
      )}
    </>
  );
}

function PeriodEnd({ id, label, value, error, today, onChange }: { id: string; label: string; value: string; error: string | null; today: string; onChange: (d: Dayjs | null) => void }) {
  return (
    <Space direction="vertical" size={2}>
      <Space size={4}>
        <label htmlFor={id}>{label}</label>
        <DatePicker
          id={id}
          value={dayjs(value)}
          allowClear={false}
          onChange={onChange}
          disabledDate={(d) => d.format(DATE_FORMAT) > today}
          status={error ? 'error' : undefined}
          data-testid={id}
        />
      </Space>
      {error ? (
        <Typography.Text type="danger" data-testid={`${id}-error`}>
          {error}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

/** The statement as the paper form. */
function Sheet({ s }: { s: Statement }) {
  const { t, td } = useI18n();
  const rows = statementRows(s, t);
  const aging = agingColumns(s, t);
  const sign = (label: string) => (
    <p>
      {label}
      {t('ledger.colon')}
      <span className="statement-sign-line" />
    </p>
  );
  return (
    <div className="statement-sheet" data-testid="statement-sheet">
      <div className="statement-company" data-testid="statement-company">
        {t('statement.company')}
      </div>
      <div className="statement-title" data-testid="statement-title">
        {t('statement.title')}
      </div>

      <table className="statement-table statement-meta statement-keep">
        <tbody>
          <tr>
            <th>{t('statement.customerCode')}</th>
            <td data-testid="statement-customer-code">{s.customer_code}</td>
            <th>{t('statement.customerName')}</th>
            <td data-testid="statement-customer-name">{s.customer_name}</td>
          </tr>
          <tr>
            <th>{t('statement.period')}</th>
            <td data-testid="statement-period">{t('statement.periodValue', { from: s.from, to: s.to })}</td>
            <th>{t('statement.drawnOn')}</th>
            <td data-testid="statement-drawn-on">{s.drawn_on}</td>
          </tr>
        </tbody>
      </table>

      <div className="statement-section-title">
        <span />
        <small>{t('statement.unit')}</small>
      </div>
      <table className="statement-table statement-keep" data-testid="statement-summary">
        <thead>
          <tr>
            <th>{t('statement.summary.opening')}</th>
            <th>{t('statement.summary.debit')}</th>
            <th>{t('statement.summary.credit')}</th>
            <th>{t('statement.summary.closing')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td className="statement-num" data-testid="statement-opening">{formatYuan(s.opening_fen)}</td>
            <td className="statement-num" data-testid="statement-debit">{formatYuan(s.debit_fen)}</td>
            <td className="statement-num" data-testid="statement-credit">{formatYuan(s.credit_fen)}</td>
            <td className="statement-num" data-testid="statement-closing">{formatYuan(s.closing_fen)}</td>
          </tr>
        </tbody>
      </table>

      <div className="statement-section-title">{t('statement.lines')}</div>
      <table className="statement-table" data-testid="statement-lines">
        <thead>
          <tr>
            <th>{t('statement.col.on')}</th>
            <th>{t('statement.col.summary')}</th>
            <th>{t('statement.col.reference')}</th>
            <th>{t('statement.col.contract')}</th>
            <th>{t('statement.col.debit')}</th>
            <th>{t('statement.col.credit')}</th>
            <th>{t('statement.col.balance')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.kind === 'line' ? undefined : 'statement-strong'} data-testid={`statement-row-${r.kind}`}>
              <td className="statement-nowrap">{r.on}</td>
              <td className="statement-nowrap">{r.summary}</td>
              <td>{r.reference}</td>
              <td className="statement-nowrap">{r.contract}</td>
              <td className="statement-num">{r.debit}</td>
              <td className="statement-num">{r.credit}</td>
              <td className="statement-num">{r.balance}</td>
            </tr>
          ))}
          {s.lines.length === 0 ? (
            <tr>
              <td colSpan={7} className="statement-empty">
                {t('statement.noLines')}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>

      <div className="statement-section-title">{t('statement.contracts')}</div>
      <table className="statement-table" data-testid="statement-contracts">
        <thead>
          <tr>
            <th>{t('statement.contract.number')}</th>
            <th>{t('statement.contract.signedOn')}</th>
            <th>{t('statement.contract.amount')}</th>
            <th>{t('statement.contract.status')}</th>
          </tr>
        </thead>
        <tbody>
          {s.contracts.map((c) => (
            <tr key={c.id} data-testid="statement-contract">
              <td>{c.number}</td>
              <td className="statement-nowrap">{c.signed_on ?? ''}</td>
              <td className="statement-num">{formatYuan(c.amount_fen)}</td>
              <td>{td(`contracts.status.${c.status}`, c.status)}</td>
            </tr>
          ))}
          {s.contracts.length === 0 ? (
            <tr>
              <td colSpan={4} className="statement-empty">
                {t('statement.noContracts')}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>

      <div className="statement-section-title">
        <span>{t('statement.aging')}</span>
        <small>{t('statement.agingNote')}</small>
      </div>
      <table className="statement-table statement-keep" data-testid="statement-aging">
        <thead>
          <tr>
            {aging.map((c) => (
              <th key={c.key}>{c.label}</th>
            ))}
            <th>{t('statement.unallocated')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            {aging.map((c) => (
              <td key={c.key} className="statement-num" data-testid={`statement-aging-${c.key}`}>
                {c.amount}
              </td>
            ))}
            <td className="statement-num" data-testid="statement-unallocated">
              {formatYuan(s.unallocated_fen)}
            </td>
          </tr>
        </tbody>
      </table>

      <p className="statement-note statement-keep">{t('statement.confirmNote')}</p>
      <div className="statement-signs" data-testid="statement-signatures">
        <div>
          {sign(t('statement.sign.customer'))}
          {sign(t('statement.sign.date'))}
        </div>
        <div>
          <p>
            {t('statement.sign.ourSide')}
            {t('ledger.colon')}
            {t('statement.company')}
          </p>
          {sign(t('statement.sign.handler'))}
          {sign(t('statement.sign.date'))}
        </div>
      </div>
    </div>
  );
}
