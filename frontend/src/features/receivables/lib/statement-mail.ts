// 对账单 by e-mail: the bodies of the statement address and of a mail, when the customer's mails
// and the monthly runs are read again (while something waits for the mailer), the months a run
// may cover, and the link from a run's mail to the customer's statement of its period.
import dayjs from 'dayjs';
import type { PolicyDocument, StatementMail, StatementMailBody, StatementMailStatus, StatementQuery, StatementRecipientBody, StatementRules, StatementRun } from '@/api/types';
import type { MessageKey, TFunction } from '@/lib/i18n';
import { periodSearch } from './statement';

/** How often mails waiting for the mailer are read again (it sends within about 5 s). */
export const POLL_MS = 3000;

const MONTH = /^\d{4}-\d{2}$/;

/** Still with the mailer: queued, or being sent. */
export function isWaiting(status: StatementMailStatus): boolean {
  return status === 'pending' || status === 'sending';
}

/** The customer's mails are read again every few seconds while any is waiting. */
export function mailsPoll(mails: readonly StatementMail[] | undefined): number | false {
  return mails?.some((m) => isWaiting(m.status)) ? POLL_MS : false;
}

/** The runs (a page, or one run) are read again every few seconds while any of their mails waits. */
export function runsPoll(runs: readonly StatementRun[] | undefined): number | false {
  return runs?.some((r) => r.waiting > 0) ? POLL_MS : false;
}

/** The form of the statement address. */
export interface RecipientValues {
  email?: string | null;
  monthly: boolean;
}

/** The address trimmed; none (it is removed) when left empty. */
export function recipientBody(v: RecipientValues): StatementRecipientBody {
  const email = (v.email ?? '').trim();
  return { email: email === '' ? null : email, monthly: v.monthly };
}

/** The form of a mail: the period and the address it goes to. */
export interface MailValues {
  from: string;
  to: string;
  email?: string | null;
}

/**
 * The body of a mail: the address is sent only when it is not the one on file (the server mails
 * to that one by itself, and an address typed for once does not replace it).
 */
export function mailBody(v: MailValues, onFile: string | null | undefined): StatementMailBody {
  const email = (v.email ?? '').trim();
  const same = onFile !== null && onFile !== undefined && email.toLowerCase() === onFile.trim().toLowerCase();
  return email === '' || same ? { from: v.from, to: v.to } : { from: v.from, to: v.to, email };
}

/** Last month, `YYYY-MM`, of `today` (YYYY-MM-DD): the month a run covers by default. */
export function lastMonth(today: string): string {
  return dayjs(`${today.slice(0, 7)}-01`).subtract(1, 'month').format('YYYY-MM');
}

/** Is the month (`YYYY-MM`) over by `today`? Only such a month can be run (its statements cover all of it). */
export function monthOver(month: string, today: string): boolean {
  if (!MONTH.test(month)) return false;
  return dayjs(`${month}-01`).add(1, 'month').format('YYYY-MM-DD') <= today;
}

/** The customer's statement of a period (a run's month, a mail's period). */
export function statementLink(customerId: number, period: StatementQuery, today: string): string {
  const search = new URLSearchParams(periodSearch(period, today)).toString();
  return `/customers/${customerId}/statement${search ? `?${search}` : ''}`;
}

export const MAIL_STATUS_KEYS: Record<StatementMailStatus, MessageKey> = {
  pending: 'statementMail.status.pending',
  sending: 'statementMail.status.sending',
  sent: 'statementMail.status.sent',
  failed: 'statementMail.status.failed',
};

/**
 * Why the last attempt of a mail failed, worded with its attempts: a mail still waiting is retried
 * by the mailer, a failed one was given up. None for a mail without a failed attempt.
 */
export function mailProblem(mail: Pick<StatementMail, 'status' | 'attempts' | 'error'>, t: TFunction): string | null {
  if (!mail.error || mail.status === 'sent') return null;
  return t(mail.status === 'failed' ? 'statementMail.failedAfter' : 'statementMail.retrying', { n: mail.attempts, error: mail.error });
}

/** The monthly run of a policy saved before it had one: the server's defaults (run, on the first working day). */
export const DEFAULT_STATEMENT_RULES: Readonly<StatementRules> = { monthly_run: true, run_working_day: 1 };

export function statementRulesOf(credit: PolicyDocument['credit']): StatementRules {
  return { ...(credit.statements ?? DEFAULT_STATEMENT_RULES) };
}
