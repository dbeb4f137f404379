// A shipping note's form over a signed contract's lines: what remains to ship per line, which
// lines the note carries (those with a quantity), and the API's errors back on the contract line
// they concern (the API numbers the note's lines, which skip the lines left empty).
import type { ContractLine, NoteStatus } from '@/api/types';
import { pathFormErrors, type PathError } from '@/lib/field-paths';
import type { Lang } from '@/lib/i18n';

export const NOTE_STATUS_COLORS: Record<NoteStatus, string> = {
  issued: 'processing',
  confirmed: 'success',
  cancelled: 'default',
};

/** Ordered minus shipped (issued and confirmed notes reserve their quantity). */
export function remainingOf(line: Pick<ContractLine, 'quantity' | 'shipped_quantity'>): number {
  return Math.max(0, line.quantity - line.shipped_quantity);
}

/** The form: one quantity per contract line (by position), empty or 0 for lines not shipped now. */
export interface NoteFormValues {
  ship_date?: string | null;
  quantities?: (number | null | undefined)[];
}

export interface NoteLinesPlan {
  lines: { contract_line_id: number; quantity: number }[];
  /** For each of `lines`, the position of its contract line in the form. */
  positions: number[];
}

/** The note's lines: the contract lines given a quantity, in contract order. */
export function noteLines(contractLines: readonly Pick<ContractLine, 'id'>[], quantities: readonly (number | null | undefined)[] | undefined): NoteLinesPlan {
  const lines: NoteLinesPlan['lines'] = [];
  const positions: number[] = [];
  contractLines.forEach((l, i) => {
    const q = quantities?.[i];
    if (q !== null && q !== undefined && q !== 0) {
      lines.push({ contract_line_id: l.id, quantity: q });
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
