// The customer card's ledger section (GET /customers/{id}/card → `ledger`): the open balance by
// aging bucket (summed from the open receivables, each carrying its bucket of the policy in
// force), a payment's state, and where the section links to — only the pages the user may open.
import type { CardLedger, CardPayment } from '@/api/types';
import { bucketLabel } from '@/lib/aging-buckets';
import type { TFunction } from '@/lib/i18n';
import { canOpen, type Permission } from '@/lib/permissions';

export interface AgingBucketRow {
  /** `current` (not yet due), or the bucket's index into `buckets`. */
  key: string;
  label: string;
  /** How many open receivables are in the bucket. */
  count: number;
  /** Their open balance, fen. */
  fen: number;
  /** Share of the whole open balance in percent, one decimal (0 when nothing is open). */
  percent: number;
}

export interface AgingBreakdown {
  /** Not yet due first, then every bucket of the policy (empty ones too). */
  rows: AgingBucketRow[];
  count: number;
  totalFen: number;
}

/**
 * The open balance by bucket: not yet due, then each of the policy's buckets in order. A bucket
 * index the list does not know (a newer policy than the labels) is kept in a row of its own
 * rather than lost, so the rows always add up to the open balance.
 */
export function agingBreakdown(ledger: Pick<CardLedger, 'buckets' | 'open_receivables'>, t: TFunction): AgingBreakdown {
  const current = { count: 0, fen: 0 };
  const buckets = ledger.buckets.map(() => ({ count: 0, fen: 0 }));
  const unknown = { count: 0, fen: 0 };
  for (const r of ledger.open_receivables) {
    const b = r.bucket === null || r.bucket === undefined ? current : (buckets[r.bucket] ?? unknown);
    b.count += 1;
    b.fen += r.balance_fen;
  }
  const totalFen = current.fen + buckets.reduce((s, b) => s + b.fen, 0) + unknown.fen;
  const percent = (fen: number) => (totalFen > 0 ? Math.round((fen * 1000) / totalFen) / 10 : 0);
  const rows: AgingBucketRow[] = [
    { key: 'current', label: t('aging.current'), ...current, percent: percent(current.fen) },
    ...ledger.buckets.map((name, i) => {
      const b = buckets[i] ?? { count: 0, fen: 0 };
      return { key: String(i), label: bucketLabel(name, t), ...b, percent: percent(b.fen) };
    }),
  ];
  if (unknown.count > 0) rows.push({ key: 'unknown', label: t('common.none'), ...unknown, percent: percent(unknown.fen) });
  return { rows, count: ledger.open_receivables.length, totalFen };
}

export type PaymentState = 'reversed' | 'allocated' | 'partly';

/** A payment's state and what of it is not allocated (nothing once reversed), as the payments list says. */
export function paymentState(p: Pick<CardPayment, 'amount_fen' | 'allocated_fen' | 'reversed_on'>): { state: PaymentState; unallocatedFen: number } {
  if (p.reversed_on) return { state: 'reversed', unallocatedFen: 0 };
  const unallocatedFen = Math.max(0, p.amount_fen - p.allocated_fen);
  return { state: unallocatedFen > 0 ? 'partly' : 'allocated', unallocatedFen };
}

export interface LedgerLinks {
  contracts?: string;
  contract?: (id: number) => string;
  shipments?: string;
  shipment?: (id: number) => string;
  receivables?: string;
  aging?: string;
  payments?: string;
  payment?: (id: number) => string;
}

/**
 * The ledger pages for this customer (lists filtered to it, a record's page), for the pages the
 * user may open: a role may see the card's ledger and still not the shipping notes (planning).
 */
export function ledgerLinks(customerId: number, permissions: readonly Permission[]): LedgerLinks {
  const links: LedgerLinks = {};
  if (canOpen(permissions, 'contracts')) {
    links.contracts = `/contracts?customer_id=${customerId}`;
    links.contract = (id) => `/contracts/${id}`;
  }
  if (canOpen(permissions, 'shippingNotes')) {
    links.shipments = `/shipping-notes?status=all&customer_id=${customerId}`;
    links.shipment = (id) => `/shipping-notes/${id}`;
  }
  if (canOpen(permissions, 'receivables')) links.receivables = `/receivables?customer_id=${customerId}`;
  if (canOpen(permissions, 'arAging')) links.aging = `/reports/ar-aging?customer_id=${customerId}`;
  if (canOpen(permissions, 'payments')) {
    links.payments = `/payments?customer_id=${customerId}`;
    links.payment = (id) => `/payments/${id}`;
  }
  return links;
}
