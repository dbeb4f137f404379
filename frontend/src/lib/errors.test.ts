import { describe, expect, it } from 'vitest';
import { ApiError, unwrap } from './api-error';
import { ERROR_CODES, errorMessage, FIELD_ERROR_CODES, fieldErrorMessage, formErrors, formatWait } from './errors';
import { DICTIONARIES, translateDynamic, type Lang } from './i18n';

const LANGS: Lang[] = ['zh-CN', 'en'];

describe('error translations', () => {
  it('translates every error code of the contract in both languages', () => {
    for (const lang of LANGS) {
      for (const code of ERROR_CODES) expect(translateDynamic(lang, `error.${code}`), `${lang} error.${code}`).toBeTruthy();
      for (const code of FIELD_ERROR_CODES)
        expect(translateDynamic(lang, `fieldError.${code}`), `${lang} fieldError.${code}`).toBeTruthy();
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, zh] of Object.entries(DICTIONARIES['zh-CN'])) {
      const en = (DICTIONARIES.en as Record<string, string>)[key] ?? '';
      expect(placeholders(en), key).toEqual(placeholders(zh));
    }
  });

  it('says how long a locked account must wait', () => {
    const locked = new ApiError(429, { code: 'auth.account_locked', retry_after_seconds: 300 } as never);
    expect(errorMessage('zh-CN', locked)).toBe('登录失败次数过多，账户已暂时锁定，请在 5 分钟后重试');
    expect(errorMessage('en', locked)).toBe('Too many failed sign-ins: the account is locked. Try again in 5 min');
    expect(formatWait('zh-CN', 75)).toBe('1 分 15 秒');
    expect(formatWait('en', 30)).toBe('30 s');
  });

  it('falls back to the detail, then to the code, for unknown codes', () => {
    expect(errorMessage('en', new ApiError(409, { code: 'credit.limit_exceeded', detail: 'Over the limit' } as never))).toBe('Over the limit');
    expect(errorMessage('en', new ApiError(409, { code: 'credit.limit_exceeded' } as never))).toBe('The operation failed (credit.limit_exceeded)');
    expect(errorMessage('zh-CN', new ApiError(502, null))).toBe('服务器出错，请稍后再试');
  });

  it('puts field errors on the form fields and keeps the rest general', () => {
    const e = new ApiError(422, {
      code: 'validation.failed',
      errors: [
        { field: 'new_password', code: 'password.too_common', message: 'too common' },
        { field: 'current_password', code: 'password.wrong_current', message: 'wrong' },
      ],
    } as never);
    const r = formErrors('zh-CN', e, ['current_password', 'new_password'] as const);
    expect(r.general).toBeNull();
    expect(r.fields).toEqual([
      { name: 'new_password', errors: ['密码太常见，容易被猜到，请换一个'] },
      { name: 'current_password', errors: ['当前密码不正确'] },
    ]);
    const other = formErrors('en', e, ['new_password'] as const);
    expect(other.general).toBe('Some fields are not valid; please correct them');
    expect(fieldErrorMessage('en', 'some.new_code', 'server says')).toBe('server says');
  });

  it('puts the error of a list item or a nested path on its form field', () => {
    const e = new ApiError(422, {
      code: 'validation.failed',
      errors: [
        { field: 'tags[1]', code: 'invalid', message: 'bad tag' },
        { field: 'registered_capital_fen', code: 'out_of_range', message: 'negative' },
      ],
    } as never);
    const r = formErrors('zh-CN', e, ['tags', 'registered_capital'] as const, { registered_capital_fen: 'registered_capital' });
    expect(r.general).toBeNull();
    expect(r.fields.map((f) => f.name)).toEqual(['tags', 'registered_capital']);
  });
});

describe('unwrap', () => {
  it('returns data or throws an ApiError with the problem fields', async () => {
    await expect(unwrap(Promise.resolve({ data: 1, response: new Response(null, { status: 200 }) }))).resolves.toBe(1);
    const err = await unwrap(
      Promise.resolve({
        error: { code: 'conflict.duplicate', title: 'Duplicate', status: 409, errors: [{ field: 'code', code: 'duplicate', message: 'taken' }] },
        response: new Response(null, { status: 409 }),
      }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('conflict.duplicate');
    expect((err as ApiError).fieldErrors).toEqual([{ field: 'code', code: 'duplicate', message: 'taken' }]);
    const dup = await unwrap(
      Promise.resolve({
        error: { code: 'customer.duplicate', status: 409, duplicate_of: { id: 7, code: 'C202600007', name: '纪元' } },
        response: new Response(null, { status: 409 }),
      }),
    ).catch((e: unknown) => e);
    expect((dup as ApiError).duplicateOf).toEqual({ id: 7, code: 'C202600007', name: '纪元' });
    expect((err as ApiError).duplicateOf).toBeNull();
    const net = await unwrap(Promise.reject(new TypeError('Failed to fetch'))).catch((e: unknown) => e);
    expect((net as ApiError).code).toBe('network');
  });
});
