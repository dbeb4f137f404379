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
      creditLimit: null,
      specialContract: null,
      writeOff: null,
    });
  });

  it('reads the policy version of a policy revision and of its credit part', () => {
    const payload = { policy_version_id: 12, number: 3, effective_from: '2027-01-01' };
    for (const kind of ['policy_version', 'credit_policy'] as const) {
      expect(describePayload({ kind, payload })).toEqual({ borrowing: null, policy: payload, ratingRun: null, creditLimit: null, specialContract: null, writeOff: null });
    }
    expect(borrowingOf({ kind: 'policy_version', payload })).toBeNull();
    expect(policyOf({ kind: 'dossier_borrowing', payload: { days: 3, reason: 'x' } })).toBeNull();
  });
});

describe('rating runs', () => {
  const run: ApprovalRequest = { kind: 'rating_run', payload: { rating_run_id: 5, rating_date: '2026-12-31', customers: 40 } };

  it('reads the run, its date and number of customers', () => {
    expect(describePayload(run)).toEqual({ borrowing: null, policy: null, ratingRun: run.payload, creditLimit: null, specialContract: null, writeOff: null });
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

describe('credit requests', () => {
  const td = (lang: Lang) => (key: string, fallback?: string, params?: Record<string, string | number>) =>
    translateDynamic(lang, key, params) ?? fallback ?? key;
  const limit = {
    kind: 'credit_limit' as const,
    title: '信用额度调整',
    payload: { request_id: 4, old_grade: 'B' as const, new_grade: 'A' as const, old_limit_fen: 30_000_000, new_limit_fen: 80_000_000, credit_period_days: 45, reason: '回款良好' },
  };
  const special = {
    kind: 'special_contract' as const,
    title: '特殊合同',
    payload: {
      contract_id: 9,
      contract_number: 'HT202600009',
      amount_fen: 50_000_000,
      exposure_fen: 120_000_000,
      limit_fen: 100_000_000,
      signed_on: '2026-12-01',
      reasons: [{ code: 'limit' as const, actual: 120_000_000, allowed: 100_000_000, message: 'x' }],
    },
  };

  it('describes a limit change and a special contract by kind', () => {
    expect(describePayload(limit).creditLimit?.new_grade).toBe('A');
    expect(describePayload(limit).specialContract).toBeNull();
    expect(describePayload({ ...limit, kind: 'credit_limit_gm' }).creditLimit?.new_limit_fen).toBe(80_000_000);
    expect(describePayload(special).specialContract?.contract_number).toBe('HT202600009');
    expect(describePayload(special).creditLimit).toBeNull();
  });

  it('titles them with the grades and the contract number', () => {
    expect(approvalTitle(td('zh-CN'), limit)).toBe('信用额度调整：B → A');
    expect(approvalTitle(td('en'), { ...limit, kind: 'credit_limit_gm', payload: { ...limit.payload, old_grade: null } })).toBe(
      'Credit limit change: — → A (GM)',
    );
    expect(approvalTitle(td('zh-CN'), special)).toBe('超信用范围的特殊合同 HT202600009');
  });

  it('makes the VP and the GM deciders of credit limits, the GM of special contracts', () => {
    expect(isDecider(['credit_limits.read', 'credit_limits.approve'])).toBe(true);
    expect(isDecider(['special_contracts.approve'])).toBe(true);
    expect(isDecider(['credit_limits.read', 'credit_limits.write'])).toBe(false);
  });
});

describe('write-offs', () => {
  const td = (lang: Lang) => (key: string, fallback?: string, params?: Record<string, string | number>) =>
    translateDynamic(lang, key, params) ?? fallback ?? key;
  const writeOff = {
    kind: 'write_off' as const,
    title: '坏账核销',
    payload: { write_off_id: 3, receivable_id: 12, customer_id: 7, contract_number: 'HT202600012', amount_fen: 3_000_000, reason: '法院终结执行' },
  };

  it('reads the receivable, amount and reason, and titles the request by the contract', () => {
    expect(describePayload(writeOff).writeOff?.amount_fen).toBe(3_000_000);
    expect(describePayload(writeOff).specialContract).toBeNull();
    expect(approvalTitle(td('zh-CN'), writeOff)).toBe('坏账核销 HT202600012');
    expect(approvalTitle(td('en'), writeOff)).toBe('Bad-debt write-off HT202600012');
  });

  it('makes the GM its decider', () => {
    expect(isDecider(['write_offs.read', 'write_offs.approve'])).toBe(true);
    expect(isDecider(['write_offs.read', 'write_offs.write'])).toBe(false);
  });
});
