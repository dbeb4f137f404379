// The customer lifecycle (README design notes) as the server enforces it (customers::model::Status):
// prospect → new → active → dormant → lost, and the blacklist.
import { CUSTOMER_STATUSES, type CustomerStatus } from '@/api/types';

/** Allowed moves other than blacklisting (possible from any status). */
const MOVES: Record<CustomerStatus, readonly CustomerStatus[]> = {
  prospect: ['new', 'lost'],
  new: ['active', 'dormant', 'lost'],
  active: ['dormant', 'lost'],
  dormant: ['active', 'lost'],
  lost: ['active', 'prospect'],
  // Lifting the blacklist returns the customer to dormant.
  blacklisted: ['dormant'],
};

/** May a customer in `from` move to `to` (whoever asks)? */
export function canMove(from: CustomerStatus, to: CustomerStatus): boolean {
  if (from === to) return false;
  return to === 'blacklisted' || MOVES[from].includes(to);
}

/**
 * The statuses a user may choose for a customer now in `from`, in lifecycle order. Putting a
 * customer on the blacklist and taking it off need `customer_blacklist.write` (`canBlacklist`).
 */
export function nextStatuses(from: CustomerStatus, canBlacklist: boolean): CustomerStatus[] {
  return CUSTOMER_STATUSES.filter(
    (to) => canMove(from, to) && (canBlacklist || (to !== 'blacklisted' && from !== 'blacklisted')),
  );
}

/** Tag colours of the statuses. */
export const STATUS_COLORS: Record<CustomerStatus, string> = {
  prospect: 'blue',
  new: 'cyan',
  active: 'green',
  dormant: 'gold',
  lost: 'default',
  blacklisted: 'red',
};
