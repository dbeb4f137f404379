// How the customer's history (GET /customers/{id}/changes) writes a classification.
import type { CustomerCategory } from '@/api/types';

/** A classification as the server records it: `big` / `general`, `+key` for a key customer. */
export function parseClassification(v: string): { category: CustomerCategory | null; key: boolean } {
  const [category = '', flag] = v.split('+');
  return { category: category === 'big' || category === 'general' ? category : null, key: flag === 'key' };
}
