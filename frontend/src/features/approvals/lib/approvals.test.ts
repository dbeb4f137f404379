import { describe, expect, it } from 'vitest';
import { APPROVAL_KINDS } from '@/api/types';
import { translate, translateDynamic, type Lang } from '@/lib/i18n';
import { approvalTitle, describePayload, isDecider, policyOf, ratingRunOf, titleParams } from './approvals';

describe('describePayload', () => {
  it('reads the days and reason of a borrowing request', () => {
    expect(describePayload('dossier_borrowing', { days: 7, reason: '拜访前了解客户情况' })).toEqual({
      borrowing: { days: 7, reason: '拜访前了解客户情况' },
      policy: null,
      ratingRun: null,
      other: [],
    });
  });

  it('keeps unknown fields as text and survives a malformed payload', () => {
    expect(describePayload('dossier_borrowing', { days: 'x', note: { a: 1 } })).toEqual({
      borrowing: { days: null, reason: '' },
      policy: null,
      ratingRun: null,
      other: [['note', '{"a":1}']],
    });
    expect(describePayload('dossier_borrowing', null).borrowing).toEqual({ days: null, reason: '' });
  });

  it('reads the policy version of a policy revision and of its credit part', () => {
    const payload = { policy_version_id: 12, number: 3, effective_from: '2027-01-01' };
    for (const kind of ['policy_version', 'credit_policy'] as const) {
      expect(describePayload(kind, payload)).toEqual({
        borrowing: null,
        policy: { versionId: 12, number: 3, effectiveFrom: '2027-01-01' },
        ratingRun: null,
        other: [],
      });
    }
    expect(policyOf('policy_version', { policy_version_id: '12', number: -1, effective_from: null })).toEqual({
      versionId: null,
      number: null,
      effectiveFrom: null,
    });
    expect(policyOf('dossier_borrowing', payload)).toBeNull();
  });
});

describe('rating runs', () => {
  it('reads the run, its date and number of customers', () => {
    const payload = { rating_run_id: 5, rating_date: '2026-12-31', customers: 40 };
    expect(describePayload('rating_run', payload)).toEqual({
      borrowing: null,
      policy: null,
      ratingRun: { runId: 5, ratingDate: '2026-12-31', customers: 40 },
      other: [],
    });
    expect(ratingRunOf('rating_run', { rating_run_id: 'x', rating_date: 'soon', customers: -1 })).toEqual({
      runId: null,
      ratingDate: null,
      customers: null,
    });
    expect(ratingRunOf('policy_version', payload)).toBeNull();
  });

  it('names the request by its date and customers, else keeps the server’s title', () => {
    const td = (lang: Lang) => (key: string, fallback?: string, params?: Record<string, string | number>) =>
      translateDynamic(lang, key, params) ?? fallback ?? key;
    const a = { kind: 'rating_run' as const, title: 'server', payload: { rating_run_id: 5, rating_date: '2026-12-31', customers: 40 } };
    expect(approvalTitle(td('zh-CN'), a)).toBe('客户评级 2026-12-31（40 位客户）');
    expect(approvalTitle(td('en'), a)).toBe('Customer rating of 2026-12-31 (40 customers)');
    expect(approvalTitle(td('en'), { ...a, payload: { rating_run_id: 5 } })).toBe('server');
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
    const a = { kind: 'policy_version' as const, title: '管理办法第 3 版 / Policy version 3', payload: { policy_version_id: 12, number: 3 } };
    expect(approvalTitle(td('zh-CN'), a)).toBe('管理办法第 3 版修订');
    expect(approvalTitle(td('en'), a)).toBe('Policy version 3');
    expect(approvalTitle(td('zh-CN'), { ...a, kind: 'credit_policy' })).toBe('管理办法第 3 版（信用政策部分）');
    // Without a number the server's title stays.
    expect(titleParams('policy_version', {})).toBeNull();
    expect(approvalTitle(td('zh-CN'), { ...a, payload: {} })).toBe(a.title);
    expect(approvalTitle(td('en'), { kind: 'dossier_borrowing', title: 'x', payload: { days: 3 } })).toBe('Dossier borrowing request');
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
