// 催款函 /customers/:id/dunning-letter: the customer's dunning letter as of today, drawn by the
// server from the business department's template, laid out as a letter on A4 — the company's
// header, the title centred, the date, the body's paragraphs, the table of overdue receivables
// (contract, issued, due, days overdue, amount, open balance) with the total, and the company's
// signature (财务部 / 业务部, 日期, 盖章). 打印 prints the letter alone (the app's menu, header and
// buttons hidden, as the statement of account does); nothing overdue → an empty state instead.
import { PrinterOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Typography } from 'antd';
import { useLocation, useParams } from 'react-router';
import type { DunningLetter } from '@/api/types';
import { useCan } from '@/components/Can';
import { ErrorState } from '@/components/ErrorState';
import { PageLoader } from '@/components/PageLoader';
import { BackLink } from '@/components/RecordHeader';
import { parseRecordId } from '@/components/RecordLoader';
import { NotFoundPage } from '@/components/StatusPages';
import { isApiError } from '@/lib/api-error';
import { formatYuan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { PERMISSIONS } from '@/lib/permissions';
import { useDunningLetter } from '../api/letter';
import { chineseDate, paragraphs } from '../lib/letter';

/** The letter on screen (a sheet of paper) and in print (A4, the app around it hidden). */
const LETTER_CSS = `
.letter-sheet { max-width: 210mm; min-height: 260mm; margin: 0 auto; padding: 18mm 18mm 16mm; border: 1px solid #d9d9d9; box-shadow: 0 1px 6px rgba(0,0,0,.08); background: #fff; color: #000; font-size: 14px; line-height: 1.8; display: flex; flex-direction: column; }
.letter-company { text-align: center; font-size: 18px; letter-spacing: 3px; padding-bottom: 6px; border-bottom: 2px solid #000; }
.letter-title { text-align: center; font-size: 26px; font-weight: 600; letter-spacing: 12px; margin: 18px 0 4px; }
.letter-meta { display: flex; justify-content: space-between; font-size: 13px; margin-bottom: 14px; }
.letter-body p { margin: 0 0 8px; white-space: pre-wrap; }
.letter-body p + p { text-indent: 2em; }
.letter-section-title { font-weight: 600; margin: 14px 0 4px; display: flex; justify-content: space-between; align-items: baseline; }
.letter-section-title small { font-weight: normal; font-size: 12px; }
.letter-table { width: 100%; border-collapse: collapse; font-size: 13px; line-height: 1.5; }
.letter-table th, .letter-table td { border: 1px solid #000; padding: 3px 6px; vertical-align: top; }
.letter-table th { background: #f5f5f5; font-weight: 600; text-align: center; }
.letter-total td { font-weight: 600; }
.letter-num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.letter-nowrap { white-space: nowrap; }
.letter-sign { margin-top: 36px; margin-left: auto; min-width: 70mm; text-align: left; break-inside: avoid; page-break-inside: avoid; }
.letter-sign p { margin: 0 0 6px; }
.letter-seal { display: inline-block; margin-left: 12px; color: #555; }
@page { size: A4 portrait; margin: 16mm 16mm 16mm; }
@media print {
  html, body, #root { background: #fff !important; }
  .ant-layout-sider, .ant-layout-header, .ant-layout-footer, .letter-no-print, .ant-message, .ant-notification { display: none !important; }
  .ant-layout { min-height: 0 !important; background: #fff !important; }
  .ant-layout-content { margin: 0 !important; }
  .ant-layout-content > div { padding: 0 !important; border-radius: 0 !important; min-height: 0 !important; }
  .letter-sheet { max-width: none; min-height: 0; margin: 0; padding: 0; border: none; box-shadow: none; font-size: 11pt; }
  .letter-table { font-size: 10pt; }
  .letter-table thead { display: table-header-group; }
  .letter-table tr { break-inside: avoid; page-break-inside: avoid; }
  .letter-section-title { break-after: avoid; page-break-after: avoid; }
  .letter-sheet * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

export default function DunningLetterPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const customerId = parseRecordId(id);
  if (customerId === null) return <NotFoundPage subTitle={t('page.customerNotFound')} />;
  return <LetterView customerId={customerId} />;
}

function LetterView({ customerId }: { customerId: number }) {
  const { t } = useI18n();
  const location = useLocation();
  const canCustomers = useCan(PERMISSIONS.customerMasterRead);
  const letter = useDunningLetter(customerId);
  // Back where it was opened from (the task page passes itself), else the customer card's 催收 tab.
  const back = (location.state as { back?: string } | null)?.back ?? (canCustomers ? `/customers/${customerId}?tab=collection` : '/collection/tasks');

  if (letter.isError && isApiError(letter.error) && letter.error.status === 404) return <NotFoundPage subTitle={t('page.customerNotFound')} />;
  const data = letter.data;
  const printable = data !== undefined && data.items.length > 0;

  return (
    <>
      <style>{LETTER_CSS}</style>
      <div className="letter-no-print">
        <BackLink to={back} testId="letter-back">
          {t('letter.back')}
        </BackLink>
        <Flex justify="space-between" align="flex-start" gap={12} wrap style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 720 }}>
            {t('letter.intro')}
          </Typography.Paragraph>
          <Button type="primary" icon={<PrinterOutlined />} disabled={!printable} onClick={() => window.print()} data-testid="letter-print">
            {t('letter.print')}
          </Button>
        </Flex>
      </div>
      {letter.isError ? (
        <ErrorState error={letter.error} onRetry={() => void letter.refetch()} />
      ) : !data ? (
        <PageLoader />
      ) : data.items.length === 0 ? (
        <Empty description={t('letter.empty')} data-testid="letter-empty" style={{ marginTop: 48 }} />
      ) : (
        <Letter l={data} />
      )}
    </>
  );
}

/** The letter as printed. */
function Letter({ l }: { l: DunningLetter }) {
  const { t } = useI18n();
  const date = chineseDate(l.date);
  return (
    <div className="letter-sheet" data-testid="letter-sheet">
      <div className="letter-company" data-testid="letter-company">
        {t('letter.company')}
      </div>
      <div className="letter-title" data-testid="letter-title">
        {l.title}
      </div>
      <div className="letter-meta">
        <span data-testid="letter-customer-code">{t('letter.customerCode', { code: l.customer_code })}</span>
        <span data-testid="letter-date">{date}</span>
      </div>

      <div className="letter-body" data-testid="letter-body">
        {paragraphs(l.body).map((p, i) => (
          <p key={i} data-testid="letter-paragraph">
            {p}
          </p>
        ))}
      </div>

      <div className="letter-section-title">
        <span>{t('letter.items')}</span>
        <small>{t('letter.unit')}</small>
      </div>
      <table className="letter-table" data-testid="letter-items">
        <thead>
          <tr>
            <th>{t('letter.col.contract')}</th>
            <th>{t('letter.col.issued')}</th>
            <th>{t('letter.col.due')}</th>
            <th>{t('letter.col.daysOverdue')}</th>
            <th>{t('letter.col.amount')}</th>
            <th>{t('letter.col.balance')}</th>
          </tr>
        </thead>
        <tbody>
          {l.items.map((i) => (
            <tr key={i.receivable_id} data-testid="letter-item">
              <td className="letter-nowrap">{i.contract_number}</td>
              <td className="letter-nowrap">{i.issued_on}</td>
              <td className="letter-nowrap">{i.due_date}</td>
              <td className="letter-num">{t('letter.days', { n: i.days_overdue })}</td>
              <td className="letter-num">{formatYuan(i.amount_fen)}</td>
              <td className="letter-num">{formatYuan(i.balance_fen)}</td>
            </tr>
          ))}
          {/* In the body, not a <tfoot>: the total is printed once, at the end, not on every page. */}
          <tr className="letter-total">
            <td colSpan={5}>{t('letter.total')}</td>
            <td className="letter-num" data-testid="letter-total">
              {formatYuan(l.total_fen)}
            </td>
          </tr>
        </tbody>
      </table>

      <div className="letter-sign" data-testid="letter-signature">
        <p>
          {t('letter.company')}
          <span className="letter-seal">{t('letter.sign.seal')}</span>
        </p>
        <p>{t('letter.sign.departments')}</p>
        <p>
          {t('letter.sign.date')}
          {t('ledger.colon')}
          {date}
        </p>
      </div>
    </div>
  );
}
