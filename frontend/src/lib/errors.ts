// API errors in the user's language, from their stable `code`.
import { ApiError, isApiError } from './api-error';
import { splitDuration } from './format';
import { translate, translateDynamic, type Lang } from './i18n';

/** Every error code of the platform contract (docs/api-contract-platform.md) plus the client's own. */
export const ERROR_CODES = [
  'auth.unauthenticated',
  'auth.invalid_credentials',
  'auth.account_locked',
  'auth.rate_limited',
  'auth.account_disabled',
  'auth.invalid_refresh_token',
  'auth.password_change_required',
  'auth.forbidden',
  'not_found',
  'validation.failed',
  'request.malformed_json',
  'request.invalid_query',
  'request.too_large',
  'conflict.stale_version',
  'conflict.duplicate',
  'internal',
  'network',
] as const;

export const FIELD_ERROR_CODES = [
  'required',
  'too_short',
  'too_long',
  'invalid',
  'unknown_field',
  'invalid_type',
  'out_of_range',
  'duplicate',
  'password.too_short',
  'password.too_long',
  'password.too_common',
  'password.equals_username',
  'password.wrong_current',
  'password.unchanged',
  'unknown_office',
  'unknown_user',
] as const;

export function formatWait(lang: Lang, seconds: number | null): string {
  if (seconds === null || seconds <= 0) return translate(lang, 'error.waitSoon');
  const { h, m, s } = splitDuration(seconds);
  if (h > 0) return translate(lang, 'duration.hoursMinutes', { h, m });
  if (m > 0 && s === 0) return translate(lang, 'duration.minutes', { m });
  if (m > 0) return translate(lang, 'duration.minutesSeconds', { m, s });
  return translate(lang, 'duration.seconds', { s });
}

/** The message to show for an error thrown by an API call (or anything else). */
export function errorMessage(lang: Lang, error: unknown): string {
  if (!isApiError(error)) {
    return translate(lang, 'error.unknown', { code: error instanceof Error ? error.message : String(error) });
  }
  const params = { wait: formatWait(lang, error.retryAfterSeconds), code: error.code };
  return (
    translateDynamic(lang, `error.${error.code}`, params) ??
    error.detail ??
    translate(lang, 'error.unknown', { code: error.code })
  );
}

/** A field error's message: the translated code, else the server's message. */
export function fieldErrorMessage(lang: Lang, code: string, serverMessage?: string | null): string {
  return translateDynamic(lang, `fieldError.${code}`) ?? serverMessage ?? translate(lang, 'fieldError.invalid');
}

export interface FormFieldError<N extends string = string> {
  name: N;
  errors: string[];
}

/**
 * Splits an API error into messages for the form's fields and what is left for a general
 * message. `knownFields` are the names of the form's fields; `rename` maps API field names to
 * form field names where they differ.
 */
export function formErrors<N extends string>(
  lang: Lang,
  error: unknown,
  knownFields: readonly N[],
  rename: Record<string, N> = {},
): { fields: FormFieldError<N>[]; general: string | null } {
  if (!(error instanceof ApiError)) return { fields: [], general: errorMessage(lang, error) };
  const byField = new Map<N, string[]>();
  let unmatched = false;
  for (const fe of error.fieldErrors) {
    const name = (rename[fe.field] ?? fe.field) as N;
    if (!knownFields.includes(name)) {
      unmatched = true;
      continue;
    }
    const list = byField.get(name) ?? [];
    list.push(fieldErrorMessage(lang, fe.code, fe.message));
    byField.set(name, list);
  }
  const fields = [...byField].map(([name, errors]) => ({ name, errors }));
  const general = fields.length > 0 && !unmatched ? null : errorMessage(lang, error);
  return { fields, general };
}
