// What the development plan pages know beyond the API's answers: the statuses, who may do
// what (mirroring the server's checks, which decide), the prospect form and its errors.
import type { Prospect, Role } from '@/api/types';
import { ApiError } from '@/lib/api-error';
import { errorMessage, fieldErrorMessage } from '@/lib/errors';
import { apiFieldPath, type PathError } from '@/lib/field-paths';
import type { Lang } from '@/lib/i18n';
import { hasPermission, PERMISSIONS, type Permission } from '@/lib/permissions';

/** A plan's life: the office drafts it, submits it, the business department comments on it. */
export const PLAN_STATUSES = ['draft', 'submitted', 'commented'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_STATUS_COLORS: Record<PlanStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  commented: 'success',
};

export function isPlanStatus(s: string): s is PlanStatus {
  return (PLAN_STATUSES as readonly string[]).includes(s);
}

/** Roles that see every customer (docs/roles.md, data scope "all"). */
const ALL_SCOPE_ROLES: readonly Role[] = ['business_staff', 'business_manager', 'vice_president', 'general_manager', 'finance', 'planning'];

/** Does any of these roles see every office's plans (and so filter them by office)? */
export function seesAllOffices(roles: readonly Role[]): boolean {
  return roles.some((r) => ALL_SCOPE_ROLES.includes(r));
}

/**
 * The business department answers plans: the server asks for the plans' read right, the right to
 * write customer data and the scope of all customers (business staff and business manager).
 */
export function canCommentPlans(user: { roles: readonly Role[]; permissions: readonly Permission[] }): boolean {
  return (
    hasPermission(user.permissions, PERMISSIONS.developmentPlansRead) &&
    hasPermission(user.permissions, PERMISSIONS.customerMasterWrite) &&
    seesAllOffices(user.roles)
  );
}

/** An office (its director) drafts and submits; a submitted plan is no longer changed. */
export function canEditPlan(permissions: readonly Permission[], status: string): boolean {
  return hasPermission(permissions, PERMISSIONS.developmentPlansWrite) && status === 'draft';
}

/** A prospect line as the form holds it (the date as YYYY-MM-DD, like the API). */
export interface ProspectValues {
  name?: string;
  reason?: string;
  target_date?: string | null;
  owner_user_id?: number | null;
}

export interface PlanFormValues {
  period?: string;
  items?: ProspectValues[];
}

/** The form's lines → the API's prospects (trimmed; the server checks what is missing). */
export function toProspects(items: readonly ProspectValues[] | undefined): Prospect[] {
  return (items ?? []).map((p) => ({
    name: (p.name ?? '').trim(),
    reason: (p.reason ?? '').trim(),
    target_date: p.target_date ?? '',
    owner_user_id: p.owner_user_id ?? null,
  }));
}

/** The API's prospects → the form's lines. */
export function fromProspects(items: readonly Prospect[]): ProspectValues[] {
  return items.map((p) => ({
    name: p.name,
    reason: p.reason,
    target_date: p.target_date,
    owner_user_id: p.owner_user_id ?? null,
  }));
}

/** `items[2].name` → `['items', 2, 'name']`, `period` → `['period']`. */
export { apiFieldPath };

const LINE_FIELDS = ['name', 'reason', 'target_date', 'owner_user_id'];

/**
 * Splits an API error of the plan form into messages for its fields (the period, each line's
 * name, reason, date and owner) and a general message for the rest. `overrides` are messages for
 * `<field>.<code>` (`period.duplicate`, `items.required`, `status.invalid` …), for a line's field
 * `items.<field>.<code>`.
 */
export function planFormErrors(
  lang: Lang,
  error: unknown,
  lineCount: number,
  overrides: Partial<Record<string, string>> = {},
): { fields: PathError[]; general: string | null } {
  if (!(error instanceof ApiError)) return { fields: [], general: errorMessage(lang, error) };
  const byField = new Map<string, PathError>();
  const generalParts: string[] = [];
  for (const fe of error.fieldErrors) {
    const path = apiFieldPath(fe.field);
    const [head, index, sub] = path;
    const onLine = head === 'items' && typeof index === 'number' && index < lineCount && typeof sub === 'string' && LINE_FIELDS.includes(sub) && path.length === 3;
    const known = onLine || (head === 'period' && path.length === 1);
    const overrideKey = onLine ? `items.${String(sub)}.${fe.code}` : `${fe.field}.${fe.code}`;
    const text = overrides[overrideKey] ?? fieldErrorMessage(lang, fe.code, fe.message);
    if (!known) {
      generalParts.push(overrides[overrideKey] ?? errorMessage(lang, error));
      continue;
    }
    const key = path.join('.');
    const entry = byField.get(key) ?? { name: path, errors: [] };
    entry.errors.push(text);
    byField.set(key, entry);
  }
  const fields = [...byField.values()];
  const general =
    generalParts.length > 0 ? [...new Set(generalParts)].join(lang === 'en' ? '; ' : '；') : fields.length > 0 ? null : errorMessage(lang, error);
  return { fields, general };
}
