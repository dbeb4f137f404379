import { describe, expect, it } from 'vitest';
import type { Exposure } from '@/api/types';
import { creditHeadline, exposureBar, reasonText, standardItemText } from './credit';
import { translate, type Lang, type MessageKey, type Params } from './i18n';

const tOf = (lang: Lang) => (key: MessageKey, params?: Params) => translate(lang, key, params);
const zh = tOf('zh-CN');
const en = tOf('en');

function exposure(over: Partial<Exposure> = {}): Exposure {
  const e: Exposure = {
    customer_id: 1,
    open_receivables_fen: 30_000_000,
    shipped_not_invoiced_fen: 10_000_000,
    unshipped_contracts_fen: 20_000_000,
    counted: { open_receivables: true, shipped_not_invoiced: true, unshipped_contracts: true },
    exposure_fen: 60_000_000,
    limit_fen: 100_000_000,
    headroom_fen: 40_000_000,
    utilisation_pct: 60,
    policy_version_id: 1,
    ...over,
  };
  return e;
}

describe('reasonText', () => {
  it('words every reason code from its figures, in both languages', () => {
    expect(reasonText({ code: 'hold' }, zh, 'zh-CN')).toBe('客户处于信用冻结状态');
    expect(reasonText({ code: 'hold' }, en, 'en')).toBe('The customer is on credit hold');
    expect(reasonText({ code: 'months_in_business', actual: 7, allowed: 12 }, zh, 'zh-CN')).toBe('经营 7 个月，信用标准要求不少于 12 个月');
    expect(reasonText({ code: 'months_in_business', actual: null, allowed: 12 }, en, 'en')).toContain('registration date is unknown');
    expect(reasonText({ code: 'investigation', actual: 0, allowed: 1 }, zh, 'zh-CN')).toBe('没有资信调查记录');
    expect(reasonText({ code: 'overdue', actual: 120, allowed: 90 }, zh, 'zh-CN')).toBe('有应收账款逾期 120 天，超过允许的 90 天');
    expect(reasonText({ code: 'overdue', actual: 120, allowed: 90 }, en, 'en')).toBe('A receivable is 120 days overdue, more than the 90 allowed');
  });

  it('shows the limit reason in 万元 with how much it is over', () => {
    // exposure 150.5 万 against 100 万
    expect(reasonText({ code: 'limit', actual: 150_500_000, allowed: 100_000_000 }, zh, 'zh-CN')).toBe(
      '信用占用 150.50万元 超过信用额度 100.00万元（超出 50.50万元）',
    );
    expect(reasonText({ code: 'limit', actual: 100_000_001, allowed: 100_000_000 }, en, 'en')).toBe(
      'Exposure ¥100.00 × 10k exceeds the credit limit ¥100.00 × 10k (by ¥0.00 × 10k)',
    );
  });
});

describe('standardItemText', () => {
  it('names each condition with the customer value and the policy value', () => {
    expect(standardItemText({ code: 'months_in_business', passed: true, actual: 24, required: 12 }, zh)).toEqual({
      label: '经营时间',
      actual: '24 个月',
      required: '不少于 12 个月',
    });
    expect(standardItemText({ code: 'overdue', passed: false, actual: 95, required: 90 }, en)).toEqual({
      label: 'Worst overdue',
      actual: '95 days',
      required: 'At most 90 days',
    });
    expect(standardItemText({ code: 'investigation', passed: false, actual: 0, required: 1 }, zh)).toEqual({
      label: '资信调查',
      actual: '无记录',
      required: '须有记录',
    });
    expect(standardItemText({ code: 'months_in_business', passed: false, actual: null, required: 12 }, zh).actual).toBe('注册日期未知');
  });
});

describe('exposureBar', () => {
  it('draws the counted parts against the limit', () => {
    const bar = exposureBar(exposure());
    expect(bar.segments.map((s) => s.widthPct)).toEqual([30, 10, 20]);
    expect(bar.limitPct).toBe(100);
    expect(bar.over).toBe(false);
    expect(bar.utilisationPct).toBe(60);
  });

  it('stretches the bar to the exposure when it is over the limit, the limit mark inside', () => {
    const bar = exposureBar(exposure({ open_receivables_fen: 100_000_000, exposure_fen: 130_000_000, headroom_fen: -30_000_000, limit_fen: 100_000_000, utilisation_pct: 130 }));
    expect(bar.over).toBe(true);
    expect(bar.segments.reduce((s, x) => s + x.widthPct, 0)).toBeCloseTo(100, 1);
    expect(bar.limitPct).toBeCloseTo(76.92, 2);
  });

  it('counts a tie as within the limit', () => {
    const bar = exposureBar(exposure({ exposure_fen: 100_000_000, open_receivables_fen: 70_000_000, headroom_fen: 0 }));
    expect(bar.over).toBe(false);
  });

  it('leaves out the parts the policy does not count', () => {
    const bar = exposureBar(
      exposure({ counted: { open_receivables: true, shipped_not_invoiced: true, unshipped_contracts: false }, exposure_fen: 40_000_000 }),
    );
    const unshipped = bar.segments.find((s) => s.part === 'unshipped_contracts');
    expect(unshipped).toMatchObject({ counted: false, widthPct: 0, fen: 20_000_000 });
  });

  it('has no limit mark and no utilisation without credit', () => {
    const bar = exposureBar(exposure({ limit_fen: 0, utilisation_pct: null, headroom_fen: -60_000_000 }));
    expect(bar.limitPct).toBeNull();
    expect(bar.utilisationPct).toBeNull();
    expect(bar.over).toBe(true);
    expect(bar.segments.map((s) => s.widthPct)).toEqual([50, 16.67, 33.33]);
  });

  it('draws nothing when there is neither exposure nor limit', () => {
    const bar = exposureBar(
      exposure({ open_receivables_fen: 0, shipped_not_invoiced_fen: 0, unshipped_contracts_fen: 0, exposure_fen: 0, limit_fen: 0, utilisation_pct: null }),
    );
    expect(bar.segments.every((s) => s.widthPct === 0)).toBe(true);
    expect(bar.over).toBe(false);
  });
});

describe('creditHeadline', () => {
  it('gives the limit and the exposure with its utilisation, in both languages', () => {
    // 60 万 of 100 万
    expect(creditHeadline(exposure(), zh, 'zh-CN')).toEqual({ limit: '100.00万元', exposure: '60.00万元（60.0%）', over: false });
    expect(creditHeadline(exposure(), en, 'en')).toEqual({ limit: '¥100.00 × 10k', exposure: '¥60.00 × 10k (60.0% of the limit)', over: false });
  });

  it('computes the utilisation when the server gives none, and a tie is within the limit', () => {
    const tie = exposure({ exposure_fen: 100_000_000, utilisation_pct: null });
    expect(creditHeadline(tie, zh, 'zh-CN')).toEqual({ limit: '100.00万元', exposure: '100.00万元（100.0%）', over: false });
    const oneFenOver = exposure({ exposure_fen: 100_000_001, utilisation_pct: null });
    expect(creditHeadline(oneFenOver, zh, 'zh-CN').over).toBe(true);
  });

  it('says there is no limit, and any exposure without one is over', () => {
    expect(creditHeadline(exposure({ limit_fen: 0, exposure_fen: 0, headroom_fen: 0, utilisation_pct: null }), zh, 'zh-CN')).toEqual({
      limit: '无额度',
      exposure: '0.00万元',
      over: false,
    });
    const some = creditHeadline(exposure({ limit_fen: 0, headroom_fen: -60_000_000, utilisation_pct: null }), en, 'en');
    expect(some).toEqual({ limit: 'No limit', exposure: '¥60.00 × 10k', over: true });
  });
});
