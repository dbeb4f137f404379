import { describe, expect, it } from 'vitest';
import type { StatementMail, StatementRun } from '@/api/types';
import { translate, type Lang } from '@/lib/i18n';
import {
  DEFAULT_STATEMENT_RULES,
  isWaiting,
  lastMonth,
  mailBody,
  mailProblem,
  mailsPoll,
  monthOver,
  POLL_MS,
  recipientBody,
  runsPoll,
  statementLink,
  statementRulesOf,
} from './statement-mail';

const t = (lang: Lang) => (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate(lang, key, params);

const mail = (status: StatementMail['status'], extra: Partial<StatementMail> = {}): StatementMail => ({
  id: 1,
  customer_id: 7,
  customer_code: 'C0007',
  customer_name: '恒光市政',
  run_id: null,
  from: '2026-01-01',
  to: '2026-12-02',
  email: 'caiwu@hengguang.example',
  status,
  attempts: 0,
  error: null,
  requested_by_name: '孔财务',
  created_at: '2026-12-02T01:00:00Z',
  sent_at: null,
  ...extra,
});

const run = (waiting: number): StatementRun => ({
  id: 3,
  month: '2026-11',
  from: '2026-11-01',
  to: '2026-11-30',
  queued: 2,
  sent: 2 - waiting,
  failed: 0,
  waiting,
  started_by_name: null,
  created_at: '2026-12-01T00:00:00Z',
});

describe('the statement address and a mail', () => {
  it('sends the address trimmed, and none to remove it', () => {
    expect(recipientBody({ email: '  caiwu@hengguang.example ', monthly: true })).toEqual({ email: 'caiwu@hengguang.example', monthly: true });
    expect(recipientBody({ email: '   ', monthly: true })).toEqual({ email: null, monthly: true });
    expect(recipientBody({ email: null, monthly: false })).toEqual({ email: null, monthly: false });
  });

  it('names the address of a mail only when it is not the one on file', () => {
    const period = { from: '2026-01-01', to: '2026-12-02' };
    expect(mailBody({ ...period, email: 'caiwu@hengguang.example' }, 'caiwu@hengguang.example')).toEqual(period);
    expect(mailBody({ ...period, email: ' CaiWu@HengGuang.example ' }, 'caiwu@hengguang.example')).toEqual(period);
    expect(mailBody({ ...period, email: 'boss@hengguang.example' }, 'caiwu@hengguang.example')).toEqual({ ...period, email: 'boss@hengguang.example' });
    expect(mailBody({ ...period, email: ' boss@hengguang.example' }, null)).toEqual({ ...period, email: 'boss@hengguang.example' });
    // Nothing typed: the server mails to the address on file, or says that there is none.
    expect(mailBody({ ...period, email: '' }, null)).toEqual(period);
  });
});

describe('reading the mails again while the mailer has some', () => {
  it('polls while a mail is pending or being sent, and stops when all are done', () => {
    expect(isWaiting('pending')).toBe(true);
    expect(isWaiting('sending')).toBe(true);
    expect(isWaiting('sent')).toBe(false);
    expect(isWaiting('failed')).toBe(false);
    expect(mailsPoll([mail('sent'), mail('pending')])).toBe(POLL_MS);
    expect(mailsPoll([mail('sent'), mail('sending')])).toBe(POLL_MS);
    expect(mailsPoll([mail('sent'), mail('failed')])).toBe(false);
    expect(mailsPoll([])).toBe(false);
    expect(mailsPoll(undefined)).toBe(false);
  });

  it('polls the runs while any of their mails waits', () => {
    expect(runsPoll([run(0), run(1)])).toBe(POLL_MS);
    expect(runsPoll([run(0)])).toBe(false);
    expect(runsPoll(undefined)).toBe(false);
  });

  it('says why a mail failed: retried while it waits, given up when it failed', () => {
    expect(mailProblem(mail('sent'), t('zh-CN'))).toBeNull();
    expect(mailProblem(mail('pending'), t('zh-CN'))).toBeNull();
    expect(mailProblem(mail('pending', { attempts: 1, error: 'connection refused' }), t('zh-CN'))).toBe('第 1 次发送未成功，稍后自动重试：connection refused');
    expect(mailProblem(mail('failed', { attempts: 5, error: '550 no such user' }), t('en'))).toBe('Given up after 5 attempts: 550 no such user');
    // A mail sent after a failed attempt keeps the error; it no longer matters.
    expect(mailProblem(mail('sent', { attempts: 2, error: 'timeout' }), t('zh-CN'))).toBeNull();
  });
});

describe('the months of a run', () => {
  it('defaults to last month, across a year', () => {
    expect(lastMonth('2026-12-02')).toBe('2026-11');
    expect(lastMonth('2027-01-01')).toBe('2026-12');
    expect(lastMonth('2024-03-31')).toBe('2024-02');
  });

  it('allows a month only once it is over', () => {
    expect(monthOver('2026-11', '2026-12-01')).toBe(true);
    expect(monthOver('2026-11', '2026-11-30')).toBe(false);
    expect(monthOver('2026-12', '2026-12-02')).toBe(false);
    expect(monthOver('2025-12', '2026-01-01')).toBe(true);
    expect(monthOver('2026-1', '2026-12-02')).toBe(false);
    expect(monthOver('november', '2026-12-02')).toBe(false);
  });

  it('links a mail to the statement of its period (none for the default period)', () => {
    expect(statementLink(7, { from: '2026-11-01', to: '2026-11-30' }, '2026-12-02')).toBe('/customers/7/statement?from=2026-11-01&to=2026-11-30');
    expect(statementLink(7, { from: '2026-01-01', to: '2026-12-02' }, '2026-12-02')).toBe('/customers/7/statement');
  });

  it('reads the policy’s monthly run, with the server’s defaults for a document saved before it', () => {
    const credit = { statements: { monthly_run: false, run_working_day: 4 } } as Parameters<typeof statementRulesOf>[0];
    expect(statementRulesOf(credit)).toEqual({ monthly_run: false, run_working_day: 4 });
    expect(statementRulesOf({} as Parameters<typeof statementRulesOf>[0])).toEqual(DEFAULT_STATEMENT_RULES);
    expect(DEFAULT_STATEMENT_RULES).toEqual({ monthly_run: true, run_working_day: 1 });
  });
});
