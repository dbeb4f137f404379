// Credit control in words and figures, shared by the customer's credit tab, the contract and
// shipping-note pages, the blocked worklist and the approvals: a failed check's reasons worded
// from their code and figures (the server's `message` is English only), the credit standard's
// items, and the exposure bar's proportions.
import type { CheckReason, Exposure, ExposurePart, StandardItem } from '@/api/types';
import { formatFenWan } from './format';
import type { Lang, TFunction } from './i18n';

/** A failed check's reason in the user's language, with its figures (months, days, 万元). */
export function reasonText(reason: Pick<CheckReason, 'code' | 'actual' | 'allowed'>, t: TFunction, lang: Lang): string {
  const actual = reason.actual ?? null;
  const allowed = reason.allowed ?? null;
  switch (reason.code) {
    case 'hold':
      return t('credit.reason.hold');
    case 'months_in_business':
      return actual === null
        ? t('credit.reason.monthsUnknown', { required: allowed ?? 0 })
        : t('credit.reason.months', { actual, required: allowed ?? 0 });
    case 'investigation':
      return t('credit.reason.investigation');
    case 'overdue':
      return t('credit.reason.overdue', { actual: actual ?? 0, allowed: allowed ?? 0 });
    case 'limit': {
      const exposure = actual ?? 0;
      const limit = allowed ?? 0;
      return t('credit.reason.limit', {
        exposure: formatFenWan(exposure, 2, lang),
        limit: formatFenWan(limit, 2, lang),
        over: formatFenWan(Math.max(0, exposure - limit), 2, lang),
      });
    }
  }
}

/** One condition of the credit standard: its name, the customer's value and the policy's. */
export function standardItemText(item: StandardItem, t: TFunction): { label: string; actual: string; required: string } {
  const actual = item.actual ?? null;
  const required = item.required ?? 0;
  switch (item.code) {
    case 'months_in_business':
      return {
        label: t('credit.standard.months'),
        actual: actual === null ? t('credit.standard.monthsUnknown') : t('credit.standard.monthsN', { n: actual }),
        required: t('credit.standard.monthsRequired', { n: required }),
      };
    case 'overdue':
      return {
        label: t('credit.standard.overdue'),
        actual: t('credit.standard.overdueN', { n: actual ?? 0 }),
        required: t('credit.standard.overdueAllowed', { n: required }),
      };
    case 'investigation':
      return {
        label: t('credit.standard.investigation'),
        actual: t(actual === 1 ? 'credit.standard.investigationOnFile' : 'credit.standard.investigationNone'),
        required: t(required === 1 ? 'credit.standard.investigationRequired' : 'credit.standard.investigationOptional'),
      };
    default:
      return { label: item.code, actual: actual === null ? '' : String(actual), required: String(required) };
  }
}

/** The parts of the exposure, in the order of the bar. */
export const BAR_PARTS: readonly ExposurePart[] = ['open_receivables', 'shipped_not_invoiced', 'unshipped_contracts'];

export interface BarSegment {
  part: ExposurePart;
  fen: number;
  /** Does the policy in force count this part? Uncounted parts are listed, not drawn. */
  counted: boolean;
  /** Width in per cent of the bar. */
  widthPct: number;
}

export interface ExposureBar {
  segments: BarSegment[];
  /** Where the limit stands on the bar (per cent); null without a limit. */
  limitPct: number | null;
  /** Exposure above the limit. */
  over: boolean;
  /** Exposure in per cent of the limit, one decimal; null without a limit. */
  utilisationPct: number | null;
}

function partFen(e: Exposure, part: ExposurePart): number {
  if (part === 'open_receivables') return e.open_receivables_fen;
  if (part === 'shipped_not_invoiced') return e.shipped_not_invoiced_fen;
  return e.unshipped_contracts_fen;
}

/**
 * The exposure bar: the counted parts side by side against the limit. The bar is as long as the
 * larger of the limit and the exposure, so an exposure over the limit runs past the limit mark.
 * Ties are within the limit (exactly at the limit passes, one fen over does not).
 */
export function exposureBar(e: Exposure): ExposureBar {
  const counted = (part: ExposurePart) => e.counted[part];
  const drawn = BAR_PARTS.reduce((sum, p) => sum + (counted(p) ? Math.max(0, partFen(e, p)) : 0), 0);
  const scale = Math.max(e.limit_fen, drawn, e.exposure_fen);
  const pct = (fen: number) => (scale > 0 ? Math.round((fen / scale) * 10_000) / 100 : 0);
  return {
    segments: BAR_PARTS.map((part) => {
      const fen = partFen(e, part);
      return { part, fen, counted: counted(part), widthPct: counted(part) ? pct(Math.max(0, fen)) : 0 };
    }),
    limitPct: e.limit_fen > 0 ? pct(e.limit_fen) : null,
    over: e.exposure_fen > e.limit_fen,
    utilisationPct: e.utilisation_pct ?? (e.limit_fen > 0 ? Math.round((e.exposure_fen * 1000) / e.limit_fen) / 10 : null),
  };
}

export interface CreditHeadline {
  /** The limit in 万元, or the words for no limit. */
  limit: string;
  /** The exposure in 万元 with the utilisation of the limit: `40.00万元（50.0%）`. */
  exposure: string;
  /** Above the limit (any exposure without a limit is). */
  over: boolean;
}

/**
 * The credit figures of the customer page's header: the limit, and the exposure with how much of
 * the limit it uses (one decimal; none without a limit). Ties are within the limit.
 */
export function creditHeadline(e: Exposure, t: TFunction, lang: Lang): CreditHeadline {
  const bar = exposureBar(e);
  const amount = formatFenWan(e.exposure_fen, 2, lang);
  return {
    limit: e.limit_fen > 0 ? formatFenWan(e.limit_fen, 2, lang) : t('credit.exposure.noLimit'),
    exposure: bar.utilisationPct === null ? amount : t('credit.header.exposureOf', { amount, pct: bar.utilisationPct.toFixed(1) }),
    over: bar.over,
  };
}
