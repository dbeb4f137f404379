// The customer import's report (POST /customers/import): what the wizard shows of it.
import type { ImportProblem, ImportReport, ImportSheet } from '@/api/types';

/** Sheets in the order of the template: customers, then their key people. */
const SHEET_ORDER: Record<ImportSheet, number> = { customers: 0, key_people: 1 };

/** Is this answer (a 200, or the body of a 422) an import report? */
export function isImportReport(v: unknown): v is ImportReport {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.committed === 'boolean' &&
    typeof r.customer_rows === 'number' &&
    typeof r.key_person_rows === 'number' &&
    Array.isArray(r.errors) &&
    Array.isArray(r.created)
  );
}

export type ImportOutcome = 'invalid' | 'valid' | 'committed';

/** Problems found (nothing written) / checked and ready to commit / written. */
export function importOutcome(report: ImportReport): ImportOutcome {
  if (report.errors.length > 0) return 'invalid';
  return report.committed ? 'committed' : 'valid';
}

/** One line of the problem table; `rowSpan` merges the sheet and row cells of one Excel row. */
export interface ProblemLine extends ImportProblem {
  key: string;
  rowSpan: number;
}

function sheetRank(sheet: ImportSheet | null | undefined): number {
  return sheet ? SHEET_ORDER[sheet] : -1;
}

/**
 * The problems sorted as the file reads: problems of the whole file first, then by sheet, Excel
 * row and column order of appearance; the problems of one row grouped (the first carries the
 * row's `rowSpan`, the others 0).
 */
export function problemLines(errors: readonly ImportProblem[]): ProblemLine[] {
  const sorted = errors
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        sheetRank(a.p.sheet) - sheetRank(b.p.sheet) ||
        (a.p.row ?? -1) - (b.p.row ?? -1) ||
        a.i - b.i,
    );
  // Problems of the whole file (no row) stay one per line; those of one Excel row are grouped.
  const groups: ProblemLine[][] = [];
  for (const { p, i } of sorted) {
    const line: ProblemLine = { ...p, key: String(i), rowSpan: 1 };
    const last = groups[groups.length - 1];
    const head = last?.[0];
    if (last && head && head.row !== null && head.row !== undefined && head.sheet === p.sheet && head.row === p.row) last.push(line);
    else groups.push([line]);
  }
  const lines: ProblemLine[] = [];
  for (const group of groups) {
    group.forEach((line, k) => {
      line.rowSpan = k === 0 ? group.length : 0;
      lines.push(line);
    });
  }
  return lines;
}

/** How many rows of each sheet have at least one problem, and how many problems concern the whole file. */
export function problemCounts(errors: readonly ImportProblem[]): { customers: number; key_people: number; file: number } {
  const rows = { customers: new Set<number>(), key_people: new Set<number>() };
  let file = 0;
  for (const p of errors) {
    if (p.sheet && p.row !== null && p.row !== undefined) rows[p.sheet].add(p.row);
    else file += 1;
  }
  return { customers: rows.customers.size, key_people: rows.key_people.size, file };
}
