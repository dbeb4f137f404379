import { describe, expect, it } from 'vitest';
import { ApiError, unwrap } from './api-error';
import { ERROR_CODES, errorMessage, FIELD_ERROR_CODES, fieldErrorAt, fieldErrorMessage, formErrors, formatWait } from './errors';
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

describe('refusals that protect who is who', () => {
  const taken = (message: string) =>
    new ApiError(422, {
      code: 'validation.failed',
      status: 422,
      errors: [{ field: 'display_name', code: 'display_name.taken', message }],
    } as never);

  it('a display name that reads like another user\'s names that user, at the field, in both languages', () => {
    const e = taken('the user wang.jingli goes by this name already: add something that tells the two apart');
    const zh = formErrors('zh-CN', e, ['username', 'display_name', 'roles'] as const);
    expect(zh.general).toBeNull();
    expect(zh.fields).toEqual([
      { name: 'display_name', errors: ['用户 wang.jingli 已在使用这个名称（或读起来相同的写法），请加上能区分两人的信息，例如办事处'] },
    ]);
    expect(formErrors('en', e, ['display_name'] as const).fields[0]?.errors[0]).toBe(
      'The user wang.jingli already goes by this name (or one that reads the same); add something that tells the two apart, such as the office',
    );
    // The API token form calls it `name`: the same message lands there.
    const onName = new ApiError(422, {
      code: 'validation.failed',
      errors: [{ field: 'name', code: 'display_name.taken', message: 'the user zhang.san goes by this name already: x' }],
    } as never);
    expect(formErrors('zh-CN', onName, ['name'] as const).fields[0]?.errors[0]).toContain('用户 zhang.san 已在使用这个名称');
  });

  it('without a username in the message it still says what is wrong, never a bare placeholder', () => {
    for (const lang of LANGS) {
      const text = fieldErrorMessage(lang, 'display_name.taken', 'something else');
      expect(text).not.toContain('{');
      expect(text).toBe(translateDynamic(lang, 'fieldError.display_name.taken_unnamed'));
      expect(fieldErrorMessage(lang, 'display_name.taken', null)).toBe(text);
    }
  });

  it('changing one\'s own roles is refused at the roles field', () => {
    const e = new ApiError(422, {
      code: 'validation.failed',
      errors: [{ field: 'roles', code: 'roles.own', message: 'you cannot change your own roles; ask another administrator' }],
    } as never);
    expect(formErrors('zh-CN', e, ['display_name', 'roles'] as const)).toEqual({
      fields: [{ name: 'roles', errors: ['不能修改自己的角色，请由另一位管理员修改'] }],
      general: null,
    });
    expect(formErrors('en', e, ['roles'] as const).fields[0]?.errors[0]).toBe('You cannot change your own roles; another administrator must do it');
  });

  it('an AR aging date before the first policy version is said at the as-of date', () => {
    const e = new ApiError(422, {
      code: 'validation.failed',
      errors: [{ field: 'as_of', code: 'policy.none_in_force', message: 'no version of the measures was in force on 2019-01-01: choose a later date' }],
    } as never);
    expect(fieldErrorAt('zh-CN', e, 'as_of')).toBe('该日期还没有生效的管理办法参数版本，请选择更晚的日期');
    expect(fieldErrorAt('en', e, 'as_of')).toBe('No version of the policy parameters was in force on this date yet; choose a later date');
    expect(fieldErrorAt('en', e, 'date')).toBeNull();
    expect(fieldErrorAt('en', new Error('x'), 'as_of')).toBeNull();
    // The rating run's date gets the same message at its field.
    const run = new ApiError(422, { code: 'validation.failed', errors: [{ field: 'rating_date', code: 'policy.none_in_force', message: 'x' }] } as never);
    expect(formErrors('zh-CN', run, ['rating_date'] as const).fields[0]?.errors[0]).toBe('该日期还没有生效的管理办法参数版本，请选择更晚的日期');
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

describe('a letter template naming unknown placeholders', () => {
  const refused = (message: string) =>
    new ApiError(422, {
      code: 'validation.failed',
      status: 422,
      errors: [{ field: 'body', code: 'template.unknown_placeholder', message }],
    } as never);

  it('names the placeholders the server names, at the body, in both languages', () => {
    const e = refused('unknown placeholders {amount}, {since}: use {customer_name} {customer_code} {date} {total} {count} {oldest_due_date}');
    const zh = formErrors('zh-CN', e, ['title', 'body'] as const);
    expect(zh.general).toBeNull();
    expect(zh.fields).toEqual([{ name: 'body', errors: ['有无法识别的占位符：{amount}, {since}。请只使用下方列出的占位符。'] }]);
    expect(fieldErrorMessage('en', 'template.unknown_placeholder', 'unknown placeholders {amount}: use {date}')).toBe(
      'Unknown placeholders: {amount}. Use only the placeholders listed below.',
    );
  });

  it('without names in the message it still says what is wrong', () => {
    for (const lang of LANGS) {
      const text = fieldErrorMessage(lang, 'template.unknown_placeholder', 'bad');
      expect(text).toBe(translateDynamic(lang, 'fieldError.template.unknown_placeholder_unnamed'));
      expect(text).not.toContain('{names}');
    }
  });
});
