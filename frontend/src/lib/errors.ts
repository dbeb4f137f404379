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
  'customer.duplicate',
  'approval.already_decided',
  'approval.self_approval',
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
  'unknown',
  'policy.order',
  'policy.tiers',
  'policy.not_allowed',
  'policy.immutable',
  'calendar.weekend_holiday',
  'calendar.weekday_workday',
  'display_name.taken',
  'roles.own',
  'roles.service_admin',
  'policy.none_in_force',
  'credit.blocked',
  'credit.not_on_hold',
  'template.unknown_placeholder',
  'too_many',
  'review.month',
  'review.grade_mismatch',
  'review.needs_gm',
  'review.status',
  'review.profile_changed',
  'invalid_email',
  'mail.off',
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

/**
 * What a field error's (English) message names, for the codes whose text says it too: the
 * username of whoever already goes by a display name.
 */
const MESSAGE_PARAMS: Partial<Record<string, RegExp>> = {
  'display_name.taken': /\bthe user (?<username>\S+) goes by\b/,
  // "unknown placeholders {amount}, {since}: use {customer_name} …"
  'template.unknown_placeholder': /\bunknown placeholders? (?<names>.+?): use\b/,
};

/** A field error's message: the translated code, else the server's message. */
export function fieldErrorMessage(lang: Lang, code: string, serverMessage?: string | null): string {
  const pattern = MESSAGE_PARAMS[code];
  if (pattern) {
    const params = serverMessage?.match(pattern)?.groups;
    const named = params ? translateDynamic(lang, `fieldError.${code}`, { ...params }) : translateDynamic(lang, `fieldError.${code}_unnamed`);
    if (named) return named;
  }
  return translateDynamic(lang, `fieldError.${code}`) ?? serverMessage ?? translate(lang, 'fieldError.invalid');
}

/** The message of the error at `field` (a query parameter, a form field), if the error has one. */
export function fieldErrorAt(lang: Lang, error: unknown, field: string): string | null {
  if (!(error instanceof ApiError)) return null;
  const fe = error.fieldErrors.find((e) => e.field === field);
  return fe ? fieldErrorMessage(lang, fe.code, fe.message) : null;
}

/**
 * The form field an API field path belongs to: renamed, as it is, or its first segment
 * (`tags[2]` → `tags`, `address.city` → `address`) when that is a field of the form.
 */
function fieldFor<N extends string>(path: string, knownFields: readonly N[], rename: Record<string, N>): N | undefined {
  const base = path.split(/[[.]/)[0] ?? path;
  for (const candidate of [rename[path], path, rename[base], base]) {
    if (candidate !== undefined && knownFields.includes(candidate as N)) return candidate as N;
  }
  return undefined;
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
  /** Messages for `<form field>.<code>` that say more than the generic one of the code. */
  overrides: Partial<Record<string, string>> = {},
): { fields: FormFieldError<N>[]; general: string | null } {
  if (!(error instanceof ApiError)) return { fields: [], general: errorMessage(lang, error) };
  const byField = new Map<N, string[]>();
  let unmatched = false;
  for (const fe of error.fieldErrors) {
    const name = fieldFor(fe.field, knownFields, rename);
    if (name === undefined) {
      unmatched = true;
      continue;
    }
    const list = byField.get(name) ?? [];
    list.push(overrides[`${name}.${fe.code}`] ?? fieldErrorMessage(lang, fe.code, fe.message));
    byField.set(name, list);
  }
  const fields = [...byField].map(([name, errors]) => ({ name, errors }));
  const general = fields.length > 0 && !unmatched ? null : errorMessage(lang, error);
  return { fields, general };
}
