// A shipping note's form over a signed contract's open lines (GET /shippable-contracts: ordered,
// shipped and what remains, no prices): the rows the form shows and keeps while what remains is
// read again, the quantities capped at what remains, which lines the note carries (those with a
// quantity), and the API's errors back on the contract line they concern (the API numbers the
// note's lines, which skip the lines left empty).
import type { NoteStatus, ShippableContract, ShippableLine } from '@/api/types';
import { pathFormErrors, type PathError } from '@/lib/field-paths';
import type { Lang } from '@/lib/i18n';

export const NOTE_STATUS_COLORS: Record<NoteStatus, string> = {
  issued: 'processing',
  confirmed: 'success',
  cancelled: 'default',
};

/** A row of the form: one open line of the contract, as first read. */
export type NoteRow = ShippableLine;

/**
 * The form's rows with what remains now: the rows stay those the form was opened with (the
 * quantities are bound to their positions), each with the remaining of `fresh`. A line missing
 * from a fresh answer has nothing left (shipped since), as has every line of a contract no longer
 * shippable (`fresh` null); while nothing fresh is known (`undefined`) the rows stand as read.
 */
export function currentRows(rows: readonly NoteRow[], fresh: ShippableContract | null | undefined): NoteRow[] {
  if (fresh === undefined) return [...rows];
  const now = new Map((fresh?.lines ?? []).map((l) => [l.contract_line_id, l]));
  return rows.map((r) => {
    const l = now.get(r.contract_line_id);
    return l ? { ...r, ordered: l.ordered, shipped: l.shipped, remaining: Math.max(0, l.remaining) } : { ...r, shipped: r.ordered, remaining: 0 };
  });
}

/** A typed quantity kept within 0 and what remains of its line (empty stays empty). */
export function capQuantity(quantity: number | null | undefined, remaining: number): number | null {
  if (quantity === null || quantity === undefined || !Number.isFinite(quantity)) return null;
  return Math.min(Math.max(0, Math.trunc(quantity)), Math.max(0, remaining));
}

/** "All that remains": each line's remaining quantity, none for a line with nothing left. */
export function allRemaining(rows: readonly Pick<NoteRow, 'remaining'>[]): (number | null)[] {
  return rows.map((r) => (r.remaining > 0 ? r.remaining : null));
}

/**
 * The note's amount in fen from the contract's prices (by contract line), for users who may read
 * the contract; undefined while a quantity's price is unknown.
 */
export function noteAmount(
  rows: readonly Pick<NoteRow, 'contract_line_id'>[],
  quantities: readonly (number | null | undefined)[] | undefined,
  prices: ReadonlyMap<number, number> | undefined,
): bigint | undefined {
  if (!prices) return undefined;
  let sum = 0n;
  for (const [i, r] of rows.entries()) {
    const q = quantities?.[i];
    if (!q) continue;
    const price = prices.get(r.contract_line_id);
    if (price === undefined) return undefined;
    sum += BigInt(q) * BigInt(price);
  }
  return sum;
}

/** The form: one quantity per row (by position), empty or 0 for lines not shipped now. */
export interface NoteFormValues {
  ship_date?: string | null;
  quantities?: (number | null | undefined)[];
}

export interface NoteLinesPlan {
  lines: { contract_line_id: number; quantity: number }[];
  /** For each of `lines`, the position of its contract line in the form. */
  positions: number[];
}

/** The note's lines: the rows given a quantity, in contract order. */
export function noteLines(rows: readonly Pick<NoteRow, 'contract_line_id'>[], quantities: readonly (number | null | undefined)[] | undefined): NoteLinesPlan {
  const lines: NoteLinesPlan['lines'] = [];
  const positions: number[] = [];
  rows.forEach((l, i) => {
    const q = quantities?.[i];
    if (q !== null && q !== undefined && q !== 0) {
      lines.push({ contract_line_id: l.contract_line_id, quantity: q });
      positions.push(i);
    }
  });
  return { lines, positions };
}

/**
 * A refused note: `lines[k].quantity` (e.g. `shipping.over_ordered`) lands on the quantity of the
 * contract line that note line came from; `ship_date` on the date; the rest above the form.
 * `overrides` take `<field>.<code>`, for a line's quantity `lines.quantity.<code>`.
 */
export function noteFormErrors(
  lang: Lang,
  error: unknown,
  positions: readonly number[],
  overrides: Partial<Record<string, string>> = {},
  /** A message for an error of the contract line at `position` (e.g. what remains of it). */
  lineMessage?: (position: number, code: string) => string | undefined,
): { fields: PathError[]; general: string | null } {
  return pathFormErrors(
    lang,
    error,
    (path) => {
      const [head, index, sub] = path;
      if (head === 'lines' && typeof index === 'number' && path.length === 3 && (sub === 'quantity' || sub === 'contract_line_id')) {
        const position = positions[index];
        return position === undefined ? null : ['quantities', position];
      }
      return path.length === 1 && head === 'ship_date' ? ['ship_date'] : null;
    },
    overrides,
    (path, field) => (path[0] === 'lines' && path.length === 3 ? `lines.${String(path[2])}` : field),
    (path, code) => {
      const position = path[0] === 'lines' && typeof path[1] === 'number' ? positions[path[1]] : undefined;
      return position === undefined ? undefined : lineMessage?.(position, code);
    },
  );
}
