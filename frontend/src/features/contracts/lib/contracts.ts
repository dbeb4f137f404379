// What the contract pages know beyond the API's answers: status colours, who may do what
// (mirroring the server's checks, which decide) and where a refused form's errors belong.
import type { Contract, ContractStatus, Role } from '@/api/types';
import { pathFormErrors, type PathError } from '@/lib/field-paths';
import { isApiError } from '@/lib/api-error';
import type { Lang, TFunction } from '@/lib/i18n';
import { hasPermission, type Permission } from '@/lib/permissions';

export const CONTRACT_PERMISSIONS = {
  read: 'contracts.read',
  write: 'contracts.write',
} as const;

export const CONTRACT_STATUS_COLORS: Record<ContractStatus, string> = {
  draft: 'default',
  in_review: 'processing',
  signed: 'success',
  completed: 'cyan',
  cancelled: 'error',
};

/** The business department (business staff, business manager): contract writers who see every customer. */
const REVIEWER_ROLES: readonly Role[] = ['business_staff', 'business_manager'];

interface UserLike {
  roles: readonly Role[];
  permissions: readonly Permission[];
}

/** 合同评审 is the business department's: the server asks for contracts' write right and the scope of all customers. */
export function canReviewContracts(user: UserLike): boolean {
  return hasPermission(user.permissions, CONTRACT_PERMISSIONS.write) && user.roles.some((r) => REVIEWER_ROLES.includes(r));
}

export interface ContractActions {
  edit: boolean;
  submit: boolean;
  review: boolean;
  complete: boolean;
  cancel: boolean;
}

/**
 * The actions a contract offers to this user: a draft is edited and submitted, a contract in
 * review is decided by the business department, a signed one is completed; anything not yet
 * completed or cancelled may be cancelled while nothing was shipped against it.
 */
export function contractActions(contract: Pick<Contract, 'status' | 'lines'>, user: UserLike): ContractActions {
  const write = hasPermission(user.permissions, CONTRACT_PERMISSIONS.write);
  const shipped = (contract.lines ?? []).some((l) => l.shipped_quantity > 0);
  const s = contract.status;
  return {
    edit: write && s === 'draft',
    submit: write && s === 'draft',
    review: s === 'in_review' && canReviewContracts(user),
    complete: write && s === 'signed',
    cancel: write && (s === 'draft' || s === 'in_review' || s === 'signed') && !shipped,
  };
}

const LINE_FIELDS: Record<string, string> = { product_id: 'product_id', quantity: 'quantity', price_fen: 'price' };
const TOP_FIELDS = ['customer_id', 'number', 'credit_period_days', 'credit_form', 'note'];

/**
 * A refused contract form: `lines[i].price_fen` lands on line i's price (typed in 元), the terms
 * on their fields, `lines` (none at all) and anything else above the form. `overrides` take
 * `<field>.<code>` for the terms, `lines.<field>.<code>` for a line's fields.
 */
export function contractFormErrors(
  lang: Lang,
  error: unknown,
  lineCount: number,
  overrides: Partial<Record<string, string>> = {},
): { fields: PathError[]; general: string | null } {
  return pathFormErrors(
    lang,
    error,
    (path) => {
      const [head, index, sub] = path;
      if (head === 'lines' && typeof index === 'number' && index < lineCount && typeof sub === 'string' && path.length === 3) {
        const field = LINE_FIELDS[sub];
        return field ? ['lines', index, field] : null;
      }
      return path.length === 1 && typeof head === 'string' && TOP_FIELDS.includes(head) ? [head] : null;
    },
    overrides,
    (path, field) => (path[0] === 'lines' && path.length === 3 ? `lines.${String(path[2])}` : field),
  );
}

/** A refused review said in the contract's terms (its author, a stale version), else null. */
export function reviewError(e: unknown, t: TFunction): string | null {
  if (!isApiError(e)) return null;
  if (e.code === 'conflict.stale_version') return t('contracts.changedMeanwhile');
  // Nobody reviews a contract they drew up or submitted.
  if (e.code === 'approval.self_approval') return t('contracts.reviewSelf');
  return null;
}
