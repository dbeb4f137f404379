// 客户升(降)级评审表 /credit/reviews/:id/items/:itemId: one customer of a credit review campaign,
// laid out as the paper form — the customer, the period reviewed and the day of the figures, the
// current grade, limit and credit period; the figures of the period (sales, open and overdue
// receivables, DSO, late receivables and the worst days late, broken promises, credit events,
// utilisation); the rules' proposal with its reasons in sentences; the business department's
// section — a form for the business department while the VP has not decided (decision prefilled
// from the proposal, a changed decision prefilling the grade one step up or down with its default
// limit and period, the limit typed in 元, the period in days, the opinion; the server's refusals
// at their fields) — and the VP's section (approve or reject with a note, for the VP once
// reviewed; the decision afterwards); the signature lines. 打印 prints the sheet alone on A4 (the
// app's menu, header, buttons and form controls hidden, the values as filled in shown instead).
import { CheckOutlined, CloseOutlined, PrinterOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import type { CreditReview, ReviewItem, ReviewProposal } from '@/api/types';
import { ErrorState } from '@/components/ErrorState';
import { PageLoader } from '@/components/PageLoader';
import { BackLink } from '@/components/RecordHeader';
import { parseRecordId } from '@/components/RecordLoader';
import { NotFoundPage } from '@/components/StatusPages';
import { YuanItem } from '@/components/YuanItem';
import { isApiError } from '@/lib/api-error';
import { useUser } from '@/lib/auth';
import { errorMessage, fieldErrorAt, formErrors } from '@/lib/errors';
import { formatDate, formatDateTime, formatFen, formatFenWan } from '@/lib/format';
import { useI18n } from '@/lib/i18n';
import { useActiveCreditPolicy } from '../api/policy';
import { useDecideItem, useReview, useReviewItem, useSaveReview } from '../api/reviews';
import {
  canDecide,
  canReview,
  decisionsFor,
  gradeAgrees,
  gradesFor,
  initialValues,
  limitNeedsRequest,
  periodOk,
  prefill,
  reasonSentences,
  reviewBody,
  termsText,
  type GradeTerms,
  type ReviewValues,
} from '../lib/review';
import { ItemStatusTag } from './ReviewTags';

/** The form on screen (a sheet of paper) and in print (A4, the app around it hidden). */
const SHEET_CSS = `
.review-sheet { max-width: 210mm; margin: 0 auto; padding: 14mm 14mm 12mm; border: 1px solid #d9d9d9; box-shadow: 0 1px 6px rgba(0,0,0,.08); background: #fff; color: #000; font-size: 13px; line-height: 1.6; }
.review-company { text-align: center; font-size: 16px; letter-spacing: 3px; }
.review-title { text-align: center; font-size: 22px; font-weight: 600; letter-spacing: 6px; margin: 6px 0 2px; }
.review-meta { display: flex; justify-content: space-between; font-size: 12px; margin-bottom: 6px; }
.review-table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.review-table th, .review-table td { border: 1px solid #000; padding: 4px 6px; vertical-align: top; word-break: break-word; }
.review-table th { background: #f5f5f5; font-weight: 600; text-align: left; width: 16%; }
.review-table .review-section th { background: #e8e8e8; text-align: left; font-size: 13px; letter-spacing: 1px; width: auto; }
.review-num { text-align: right; font-variant-numeric: tabular-nums; }
.review-reasons { margin: 0; padding-left: 18px; }
.review-text { white-space: pre-wrap; min-height: 3em; }
.review-sign { display: flex; justify-content: space-between; gap: 12px; margin-top: 18px; break-inside: avoid; page-break-inside: avoid; }
.review-sign > span { flex: 1; white-space: nowrap; }
.review-line { display: inline-block; min-width: 28mm; border-bottom: 1px solid #000; padding: 0 4px; }
.review-print-only { display: none; }
.review-cell-form .ant-form-item { margin-bottom: 8px; }
@page { size: A4 portrait; margin: 14mm 14mm 14mm; }
@media print {
  html, body, #root { background: #fff !important; }
  .ant-layout-sider, .ant-layout-header, .ant-layout-footer, .review-no-print, .ant-message, .ant-notification { display: none !important; }
  .review-print-only { display: block !important; }
  .ant-layout { min-height: 0 !important; background: #fff !important; }
  .ant-layout-content { margin: 0 !important; }
  .ant-layout-content > div { padding: 0 !important; border-radius: 0 !important; min-height: 0 !important; }
  .review-sheet { max-width: none; margin: 0; padding: 0; border: none; box-shadow: none; font-size: 10pt; }
  .review-table tr { break-inside: avoid; page-break-inside: avoid; }
  .review-sheet * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

export default function ReviewItemPage() {
  const { id, itemId } = useParams();
  const { t } = useI18n();
  const reviewId = parseRecordId(id);
  const item = parseRecordId(itemId);
  if (reviewId === null || item === null) return <NotFoundPage subTitle={t('review.item.notFound')} />;
  return <ItemLoader reviewId={reviewId} itemId={item} />;
}

function ItemLoader({ reviewId, itemId }: { reviewId: number; itemId: number }) {
  const { t } = useI18n();
  const item = useReviewItem(reviewId, itemId);
  const review = useReview(reviewId);
  if (item.isError) {
    if (isApiError(item.error) && item.error.status === 404) return <NotFoundPage subTitle={t('review.item.notFound')} />;
    return <ErrorState error={item.error} onRetry={() => void item.refetch()} />;
  }
  if (!item.data) return <PageLoader />;
  return <ItemView item={item.data} review={review.data} />;
}

function ItemView({ item, review }: { item: ReviewItem; review: CreditReview | undefined }) {
  const { t, td, lang } = useI18n();
  const me = useUser();
  const policy = useActiveCreditPolicy();
  const grades: GradeTerms[] = policy.data?.grades ?? [];
  const editable = canReview(item, me.permissions);
  const deciding = canDecide(item, me.permissions);
  const none = t('common.none');
  const wan = (fen: number) => formatFenWan(fen, 2, lang);
  const days = (n: number) => t('credit.days', { n });

  return (
    <>
      <style>{SHEET_CSS}</style>
      <div className="review-no-print">
        <BackLink to={`/credit/reviews/${item.review_id}`} testId="review-item-back">
          {t('review.item.back', { month: item.review_month })}
        </BackLink>
        <Flex justify="space-between" align="flex-start" gap={12} wrap style={{ marginBottom: 16 }}>
          <Space size={8} wrap>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="review-item-title">
              {t('review.item.title', { customer: item.customer_name })}
            </Typography.Title>
            <ItemStatusTag status={item.status} />
          </Space>
          <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="review-item-print">
            {t('review.item.print')}
          </Button>
        </Flex>
      </div>

      <div className="review-sheet" data-testid="review-sheet">
        <div className="review-company">{t('letter.company')}</div>
        <div className="review-title" data-testid="review-sheet-title">
          {t('review.sheet.title')}
        </div>
        <div className="review-meta">
          <span>{t('review.sheet.campaign', { month: item.review_month })}</span>
          <span>{t('review.sheet.asOf', { date: review ? formatDate(review.as_of) : none })}</span>
        </div>
        <table className="review-table">
          <tbody>
            <Section title={t('review.sheet.customer')} />
            <tr>
              <th>{t('review.sheet.customerName')}</th>
              <td colSpan={3} data-testid="review-sheet-customer">{`${item.customer_name}（${item.customer_code}）`}</td>
              <th>{t('review.office')}</th>
              <td>{item.office_name ?? none}</td>
            </tr>
            <tr>
              <th>{t('review.owner')}</th>
              <td>{item.owner_name ?? none}</td>
              <th>{t('review.period')}</th>
              <td colSpan={3} data-testid="review-sheet-period">{`${formatDate(item.period_from)} ~ ${formatDate(item.period_to)}`}</td>
            </tr>
            <tr>
              <th>{t('review.sheet.grade')}</th>
              <td data-testid="review-sheet-grade">{item.grade}</td>
              <th>{t('review.sheet.limit')}</th>
              <td className="review-num" data-testid="review-sheet-limit">{wan(item.limit_fen)}</td>
              <th>{t('review.sheet.periodDays')}</th>
              <td className="review-num">{days(item.credit_period_days)}</td>
            </tr>

            <Section title={t('review.sheet.figures')} />
            <tr>
              <th>{t('review.sales')}</th>
              <td className="review-num" data-testid="review-sheet-sales">{formatFen(item.sales_fen)}</td>
              <th>{t('review.openAr')}</th>
              <td className="review-num" data-testid="review-sheet-open">{formatFen(item.open_ar_fen)}</td>
              <th>{t('review.overdue')}</th>
              <td className="review-num" data-testid="review-sheet-overdue">{formatFen(item.overdue_fen)}</td>
            </tr>
            <tr>
              <th>{t('review.dso')}</th>
              <td className="review-num">{item.dso_days === null || item.dso_days === undefined ? none : days(item.dso_days)}</td>
              <th>{t('review.lateCount')}</th>
              <td className="review-num" data-testid="review-sheet-late">{item.late_receivables}</td>
              <th>{t('review.worstLate')}</th>
              <td className="review-num">{item.worst_days_late > 0 ? days(item.worst_days_late) : none}</td>
            </tr>
            <tr>
              <th>{t('review.brokenPromises')}</th>
              <td className="review-num">{item.broken_promises}</td>
              <th>{t('review.sheet.events')}</th>
              <td className="review-num">{t('review.sheet.eventsN', { n: item.events, severe: item.severe_events })}</td>
              <th>{t('review.utilisation')}</th>
              <td className="review-num" data-testid="review-sheet-utilisation">
                {item.utilisation_pct === null || item.utilisation_pct === undefined ? none : `${item.utilisation_pct}%`}
              </td>
            </tr>

            <Section title={t('review.sheet.proposal')} />
            <tr>
              <th>{t('review.sheet.proposalResult')}</th>
              <td data-testid="review-sheet-proposal">{td(`review.proposal.${item.proposal}`, item.proposal)}</td>
              <th>{t('review.sheet.proposedTerms')}</th>
              <td colSpan={3} data-testid="review-sheet-proposed">{termsText(item.proposed_grade, item.proposed_limit_fen, item.proposed_period_days, t, lang)}</td>
            </tr>
            <tr>
              <th>{t('review.sheet.reasons')}</th>
              <td colSpan={5}>
                <ul className="review-reasons" data-testid="review-sheet-reasons">
                  {reasonSentences(item, t).map((s) => (
                    <li key={s}>{s}</li>
                  ))}
                </ul>
              </td>
            </tr>

            <Section title={t('review.sheet.business')} />
            <tr>
              <td colSpan={6} className="review-cell-form">
                {editable ? (
                  <>
                    <div className="review-no-print">
                      <ReviewForm key={item.version} item={item} grades={grades} gmAboveFen={policy.data?.gm_limit_above_fen ?? null} gathering={review?.status === 'generating'} />
                    </div>
                    <div className="review-print-only">
                      <BusinessOpinion item={item} />
                    </div>
                  </>
                ) : (
                  <BusinessOpinion item={item} />
                )}
              </td>
            </tr>

            <Section title={t('review.sheet.vp')} />
            <tr>
              <td colSpan={6} className="review-cell-form">
                {deciding ? (
                  <div className="review-no-print">
                    <DecisionForm item={item} />
                  </div>
                ) : null}
                <div className={deciding ? 'review-print-only' : undefined}>
                  <VpDecision item={item} />
                </div>
              </td>
            </tr>
          </tbody>
        </table>

        <div className="review-sign" data-testid="review-sheet-signature">
          <span>
            {t('review.sign.staff')}
            <span className="review-line">{item.reviewed_by_name ?? ''}</span>
          </span>
          <span>
            {t('review.sign.manager')}
            <span className="review-line" />
          </span>
          <span>
            {t('review.sign.vp')}
            <span className="review-line">{item.decided_by_name ?? ''}</span>
          </span>
          <span>
            {t('review.sign.date')}
            <span className="review-line">{item.decided_at ? formatDate(item.decided_at) : ''}</span>
          </span>
        </div>
      </div>
    </>
  );
}

function Section({ title }: { title: ReactNode }) {
  return (
    <tr className="review-section">
      <th colSpan={6}>{title}</th>
    </tr>
  );
}

/** The business department's review as filled in (or that it is not yet). */
function BusinessOpinion({ item }: { item: ReviewItem }) {
  const { t, td, lang } = useI18n();
  if (!item.decision) return <Typography.Text type="secondary">{t('review.sheet.notReviewed')}</Typography.Text>;
  return (
    <div data-testid="review-sheet-business">
      <p style={{ margin: 0 }}>
        <strong>{t('review.form.decision')}</strong>
        {t('ledger.colon')}
        <span data-testid="review-sheet-decision">{td(`review.proposal.${item.decision}`, item.decision)}</span>
        {item.new_grade && item.new_limit_fen !== null && item.new_limit_fen !== undefined ? (
          <span data-testid="review-sheet-new-terms">{` · ${termsText(item.new_grade, item.new_limit_fen, item.new_period_days ?? 0, t, lang)}`}</span>
        ) : null}
      </p>
      <p style={{ margin: 0 }}>
        <strong>{t('review.form.opinion')}</strong>
        {t('ledger.colon')}
      </p>
      <div className="review-text" data-testid="review-sheet-opinion">
        {item.opinion}
      </div>
      <Typography.Text type="secondary">{t('review.sheet.reviewedBy', { name: item.reviewed_by_name ?? t('common.none'), at: formatDateTime(item.reviewed_at) })}</Typography.Text>
    </div>
  );
}

/** The VP's decision (or that it is awaited). */
function VpDecision({ item }: { item: ReviewItem }) {
  const { t } = useI18n();
  if (item.status !== 'approved' && item.status !== 'rejected') {
    return <Typography.Text type="secondary">{t(item.status === 'reviewed' ? 'review.sheet.awaitingVp' : 'review.sheet.notReviewedYet')}</Typography.Text>;
  }
  return (
    <div data-testid="review-sheet-vp">
      <p style={{ margin: 0 }}>
        <strong>{t('review.decide.result')}</strong>
        {t('ledger.colon')}
        <span data-testid="review-sheet-vp-result">{t(item.status === 'approved' ? 'review.decide.approved' : 'review.decide.rejected')}</span>
      </p>
      {item.decision_note ? <div className="review-text">{item.decision_note}</div> : null}
      <Typography.Text type="secondary">{t('review.sheet.decidedBy', { name: item.decided_by_name ?? t('common.none'), at: formatDateTime(item.decided_at) })}</Typography.Text>
    </div>
  );
}

const FORM_FIELDS = ['decision', 'new_grade', 'new_limit', 'new_period_days', 'opinion'] as const;

/** The business department's review form: decision, grade, limit (元), period, opinion. */
function ReviewForm({ item, grades, gmAboveFen, gathering }: { item: ReviewItem; grades: readonly GradeTerms[]; gmAboveFen: number | null; gathering: boolean }) {
  const { t, td, lang } = useI18n();
  const { message } = App.useApp();
  const save = useSaveReview(item.review_id, item.id);
  const [form] = Form.useForm<ReviewValues>();
  const [general, setGeneral] = useState<string | null>(null);
  const decision = (Form.useWatch('decision', form) as ReviewProposal | undefined) ?? initialValues(item, grades).decision;
  const options = gradesFor(decision, item.grade);

  const onSave = (v: ReviewValues) => {
    setGeneral(null);
    // The answer remounts the form (keyed on the version): a promise, not the call's callbacks
    // (those of an unmounted component are not called).
    save.mutateAsync(reviewBody(v, item.version)).then(
      () => message.success(t('review.form.saved')),
      (e: unknown) => {
        const { fields, general: g } = formErrors(lang, e, FORM_FIELDS, { new_limit_fen: 'new_limit' }, {
          'new_grade.review.grade_mismatch': t('review.form.gradeDisagrees'),
          'new_limit.review.needs_gm': t('review.form.limitRefused', { gm: gmAboveFen === null ? t('common.none') : formatFenWan(gmAboveFen, 2, lang) }),
          'new_limit.out_of_range': t('review.form.limitRange'),
          'new_period_days.out_of_range': t('review.form.periodRange'),
          'opinion.required': t('review.form.opinionRequired'),
          'opinion.too_long': t('review.form.opinionTooLong'),
        });
        form.setFields(fields);
        // Decided meanwhile, or still gathering (`status`): said above the form; the item is read again.
        const refused = fieldErrorAt(lang, e, 'status');
        setGeneral(refused ? t(gathering ? 'review.form.gathering' : 'review.form.decidedAlready') : g);
      },
    );
  };

  return (
    <Form<ReviewValues>
      form={form}
      layout="horizontal"
      labelCol={{ flex: '110px' }}
      labelWrap
      initialValues={initialValues(item, grades)}
      onFinish={onSave}
      autoComplete="off"
      data-testid="review-form"
    >
      {general ? <Alert type="error" showIcon title={general} style={{ marginBottom: 12 }} data-testid="review-form-error" /> : null}
      <Form.Item name="decision" label={t('review.form.decision')} rules={[{ required: true }]}>
        <Radio.Group
          onChange={(e) => {
            const next = prefill(item, e.target.value as ReviewProposal, grades, gmAboveFen);
            form.setFieldsValue(next);
            form.setFields([
              { name: 'new_grade', errors: [] },
              { name: 'new_limit', errors: [] },
              { name: 'new_period_days', errors: [] },
            ]);
          }}
          options={decisionsFor(item.grade).map((d) => ({ value: d, label: td(`review.proposal.${d}`, d) }))}
          data-testid="review-form-decision"
        />
      </Form.Item>
      <Space size={16} wrap align="start">
        <Form.Item
          name="new_grade"
          label={t('review.form.newGrade')}
          dependencies={['decision']}
          rules={[
            { required: true, message: t('review.form.gradeRequired') },
            {
              validator: (_, g: ReviewValues['new_grade'] | undefined) =>
                !g || gradeAgrees(form.getFieldValue('decision') as ReviewProposal, item.grade, g) ? Promise.resolve() : Promise.reject(new Error(t('review.form.gradeDisagrees'))),
            },
          ]}
        >
          <Select style={{ width: 120 }} options={options.map((g) => ({ value: g, label: g }))} data-testid="review-form-grade" />
        </Form.Item>
        <YuanItem
          name="new_limit"
          label={t('review.form.newLimit')}
          required
          testId="review-form-limit"
          style={{ minWidth: 280 }}
          check={(fen) => (limitNeedsRequest(fen, item.limit_fen, gmAboveFen) ? t('review.form.limitRefused', { gm: formatFenWan(gmAboveFen ?? 0, 2, lang) }) : null)}
        />
        <Form.Item
          name="new_period_days"
          label={t('review.form.newPeriod')}
          rules={[{ validator: (_, v: number | null | undefined) => (periodOk(v) ? Promise.resolve() : Promise.reject(new Error(t('review.form.periodRange')))) }]}
        >
          <InputNumber min={0} max={365} precision={0} style={{ width: 140 }} suffix={t('review.form.daysUnit')} data-testid="review-form-period" />
        </Form.Item>
      </Space>
      <Form.Item
        name="opinion"
        label={t('review.form.opinion')}
        rules={[
          { required: true, whitespace: true, message: t('review.form.opinionRequired') },
          { max: 4000, message: t('review.form.opinionTooLong') },
        ]}
      >
        <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={4000} showCount data-testid="review-form-opinion" />
      </Form.Item>
      <div style={{ height: 8 }} />
      <Flex justify="space-between" align="center" gap={8} wrap>
        <Typography.Text type="secondary" data-testid="review-form-reviewed">
          {item.reviewed_at ? t('review.sheet.reviewedBy', { name: item.reviewed_by_name ?? t('common.none'), at: formatDateTime(item.reviewed_at) }) : t('review.form.help')}
        </Typography.Text>
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="review-form-save">
          {item.status === 'reviewed' ? t('review.form.saveAgain') : t('review.form.save')}
        </Button>
      </Flex>
    </Form>
  );
}

/** The VP's decision of a reviewed customer: approve (applied to the credit profile) or reject, with a note. */
function DecisionForm({ item }: { item: ReviewItem }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const decide = useDecideItem(item.review_id, item.id);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);

  const send = (approve: boolean) => {
    setError(null);
    // A rejection says why (the server refuses it without a note).
    if (!approve && !note.trim()) {
      setError(t('review.decide.noteRequired'));
      return;
    }
    // Decided, the item no longer shows this form: a promise, not the call's callbacks.
    decide.mutateAsync({ approve, note: note.trim(), version: item.version }).then(
      () => message.success(t(approve ? 'review.decide.approvedDone' : 'review.decide.rejectedDone')),
      (e: unknown) => {
        if (isApiError(e) && e.status === 403) setError(t('review.decide.own'));
        else if (fieldErrorAt(lang, e, 'status')) setError(t('review.decide.notReviewed'));
        else if (fieldErrorAt(lang, e, 'note')) setError(t('review.decide.noteRequired'));
        else setError(errorMessage(lang, e));
      },
    );
  };

  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="review-decision-form">
      {error ? <Alert type="error" showIcon title={error} data-testid="review-decision-error" /> : null}
      <Input.TextArea
        value={note}
        onChange={(e) => setNote(e.target.value)}
        maxLength={4000}
        autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder={t('review.decide.notePlaceholder')}
        aria-label={t('review.decide.note')}
        data-testid="review-decision-note"
      />
      <Space>
        <Button type="primary" icon={<CheckOutlined />} loading={decide.isPending} onClick={() => send(true)} data-testid="review-decision-approve">
          {t('review.decide.approve')}
        </Button>
        <Button danger icon={<CloseOutlined />} loading={decide.isPending} onClick={() => send(false)} data-testid="review-decision-reject">
          {t('review.decide.reject')}
        </Button>
      </Space>
    </Space>
  );
}
