import { describe, expect, it } from 'vitest';
import { APPROVAL_KINDS } from '@/api/types';
import { translate, translateDynamic, type Lang } from '@/lib/i18n';
import { approvalTitle, borrowingOf, describePayload, isDecider, policyOf, ratingRunOf, titleParams, type ApprovalRequest } from './approvals';

describe('describePayload', () => {
  it('reads the days and reason of a borrowing request', () => {
    expect(describePayload({ kind: 'dossier_borrowing', payload: { days: 7, reason: '拜访前了解客户情况' } })).toEqual({
      borrowing: { days: 7, reason: '拜访前了解客户情况' },
      policy: null,
      ratingRun: null,
    });
  });

  it('reads the policy version of a policy revision and of its credit part', () => {
    const payload = { policy_version_id: 12, number: 3, effective_from: '2027-01-01' };
    for (const kind of ['policy_version', 'credit_policy'] as const) {
      expect(describePayload({ kind, payload })).toEqual({ borrowing: null, policy: payload, ratingRun: null });
    }
    expect(borrowingOf({ kind: 'policy_version', payload })).toBeNull();
    expect(policyOf({ kind: 'dossier_borrowing', payload: { days: 3, reason: 'x' } })).toBeNull();
  });
});

describe('rating runs', () => {
  const run: ApprovalRequest = { kind: 'rating_run', payload: { rating_run_id: 5, rating_date: '2026-12-31', customers: 40 } };

  it('reads the run, its date and number of customers', () => {
    expect(describePayload(run)).toEqual({ borrowing: null, policy: null, ratingRun: run.payload });
    expect(ratingRunOf({ kind: 'policy_version', payload: { policy_version_id: 1, number: 1, effective_from: null } })).toBeNull();
  });

  it('names the request by its date and customers', () => {
    const td = (lang: Lang) => (key: string, fallback?: string, params?: Record<string, string | number>) =>
      translateDynamic(lang, key, params) ?? fallback ?? key;
    const a = { ...run, title: 'server' };
    expect(approvalTitle(td('zh-CN'), a)).toBe('客户评级 2026-12-31（40 位客户）');
    expect(approvalTitle(td('en'), a)).toBe('Customer rating of 2026-12-31 (40 customers)');
    expect(titleParams(run)).toEqual({ date: '2026-12-31', customers: 40 });
  });

  it('makes the VP a decider of rating runs, not the business department who submits them', () => {
    expect(isDecider(['rating_runs.read', 'rating_runs.approve'])).toBe(true);
    expect(isDecider(['rating_runs.read', 'rating_runs.write'])).toBe(false);
  });
});

describe('approval titles', () => {
  const td = (lang: Lang) => (key: string, fallback?: string, params?: Record<string, string | number>) =>
    translateDynamic(lang, key, params) ?? fallback ?? key;

  it('names a policy revision by its number in the user’s language', () => {
    const a = {
      kind: 'policy_version' as const,
      title: '管理办法第 3 版 / Policy version 3',
      payload: { policy_version_id: 12, number: 3, effective_from: '2027-01-01' },
    };
    expect(approvalTitle(td('zh-CN'), a)).toBe('管理办法第 3 版修订');
    expect(approvalTitle(td('en'), a)).toBe('Policy version 3');
    expect(approvalTitle(td('zh-CN'), { ...a, kind: 'credit_policy' })).toBe('管理办法第 3 版（信用政策部分）');
    expect(approvalTitle(td('en'), { kind: 'dossier_borrowing', title: 'x', payload: { days: 3, reason: 'r' } })).toBe(
      'Dossier borrowing request',
    );
  });

  it('labels every kind of request in both languages', () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const kind of APPROVAL_KINDS) {
        expect(translateDynamic(lang, `approvals.kind.${kind}`), `${lang} ${kind}`).toBeTruthy();
        expect(translateDynamic(lang, `approvals.kindTitle.${kind}`, { number: 1 }), `${lang} ${kind}`).toBeTruthy();
      }
    }
    expect(translate('zh-CN', 'approvals.kind.credit_policy')).toBe('信用政策修订');
  });
});

describe('isDecider', () => {
  it('is true for those who may approve some kind of request', () => {
    expect(isDecider(['dossier_borrowing.read', 'dossier_borrowing.approve'])).toBe(true);
    expect(isDecider(['dossier_borrowing.read', 'dossier_borrowing.write'])).toBe(false);
  });

  it('makes the VP and the GM deciders of policy versions, not the business manager who drafts them', () => {
    expect(isDecider(['policy_versions.read', 'policy_versions.approve'])).toBe(true);
    expect(isDecider(['policy_versions.read', 'policy_versions.write'])).toBe(false);
  });
});
