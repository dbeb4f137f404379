// What the rating pages compute from the API's answers: a run's progress and polling, the
// actions a user may take on it, how an indicator and a grade are written, the explanation in
// the user's language, and the series of the charts.
import {
  CUSTOMER_GRADES,
  type Eligibility,
  type Explanation,
  type Grade,
  type GradeCounts,
  type Indicator,
  type OfficeGrades,
  type RatingHistoryEntry,
  type RatingResult,
  type RatingRun,
  type RunStatus,
} from '@/api/types';
import type { Lang } from '@/lib/i18n';
import { hasPermission, PERMISSIONS, type Permission } from '@/lib/permissions';

/**
 * The grades an override may give (the server refuses the others): any for a rated customer,
 * only C for a new customer (C whatever its score), none for a customer not rated.
 */
export function overridableGrades(eligibility: Eligibility): Grade[] {
  if (eligibility === 'not_rated') return [];
  if (eligibility === 'new_customer') return ['C'];
  return [...CUSTOMER_GRADES];
}

/** Per cent of the customers computed (0–100, whole): 100 once the run is no longer computing. */
export function progressPercent(run: Pick<RatingRun, 'status' | 'done' | 'total'>): number {
  if (run.status !== 'computing') return 100;
  if (run.total <= 0) return 0;
  const p = Math.floor((Math.max(0, run.done) * 100) / run.total);
  return Math.min(100, p);
}

/** How often to read a run again: every second while it computes, else not at all. */
export function pollInterval(run: Pick<RatingRun, 'status'> | undefined): number | false {
  return run?.status === 'computing' ? 1000 : false;
}

export const RUN_STATUS_COLORS: Record<RunStatus, string> = {
  computing: 'processing',
  draft: 'blue',
  submitted: 'gold',
  approved: 'success',
  cancelled: 'default',
  failed: 'error',
};

export interface RunActions {
  /** Override a result's grade or category. */
  override: boolean;
  /** Send to the VP (never a what-if). */
  submit: boolean;
  cancel: boolean;
}

/** What the user may do with the run now (the server checks again, with the run's version). */
export function runActions(run: Pick<RatingRun, 'status' | 'purpose'>, permissions: readonly Permission[]): RunActions {
  const write = hasPermission(permissions, PERMISSIONS.ratingRunsWrite);
  const draft = run.status === 'draft';
  return {
    override: write && draft,
    submit: write && draft && run.purpose === 'rating',
    cancel: write && (run.status === 'computing' || draft || run.status === 'failed'),
  };
}

/** May the user start runs (and simulate a policy draft)? */
export const canCreateRuns = (permissions: readonly Permission[]) => hasPermission(permissions, PERMISSIONS.ratingRunsWrite);

/** May the user record a strategic influence assessment? */
export const canAssessInfluence = (permissions: readonly Permission[]) => hasPermission(permissions, PERMISSIONS.strategicInfluenceWrite);

/** `L2 · 30` — an indicator's level and points (the words around them are the dictionary's). */
export function indicatorParams(ind: Indicator): { level: number; points: number } {
  return { level: ind.level, points: ind.points };
}

/** The four indicators of a result in the order of the measures. */
export const INDICATORS = ['contract_amount', 'receivables', 'premium', 'strategic_influence'] as const;
export type IndicatorKey = (typeof INDICATORS)[number];

/** The levels of a history entry by indicator (the API gives them in the same order). */
export function historyLevels(entry: Pick<RatingHistoryEntry, 'levels'>): { key: IndicatorKey; level: number | null }[] {
  return INDICATORS.map((key, i) => ({ key, level: entry.levels[i] ?? null }));
}

/** The grade shown for a result: the final one, and the computed one beside it when overridden. */
export interface GradeShown {
  final: string | null;
  computed: string | null;
  overridden: boolean;
}

export function gradeShown(r: Pick<RatingResult, 'final_grade' | 'proposed_grade' | 'override_grade' | 'override_category'>): GradeShown {
  const overridden = (r.override_grade ?? null) !== null || (r.override_category ?? null) !== null;
  return { final: r.final_grade ?? null, computed: r.proposed_grade ?? null, overridden };
}

/** The explanation's lines in the user's language (the other one when that is empty). */
export function explanationLines(e: Explanation, lang: Lang): string[] {
  const mine = lang === 'en' ? e.en : e.zh;
  const other = lang === 'en' ? e.zh : e.en;
  return mine.length > 0 ? mine : other;
}

export function gradeTotal(g: GradeCounts): number {
  return g.a + g.b + g.c + g.not_rated;
}

/** The by-office chart: one category per office, one stacked series per grade. */
export interface OfficeSeries {
  offices: string[];
  a: number[];
  b: number[];
  c: number[];
  notRated: number[];
}

export function officeSeries(rows: readonly OfficeGrades[], noOffice: string): OfficeSeries {
  return {
    offices: rows.map((r) => r.office_name || noOffice),
    a: rows.map((r) => r.grades.a),
    b: rows.map((r) => r.grades.b),
    c: rows.map((r) => r.grades.c),
    notRated: rows.map((r) => r.grades.not_rated),
  };
}

/** The score line of a customer's history: oldest first (the API answers newest first). */
export function scoreSeries(history: readonly RatingHistoryEntry[]): { dates: string[]; points: number[]; grades: (string | null)[] } {
  const oldest = [...history].sort((x, y) => (x.rating_date < y.rating_date ? -1 : x.rating_date > y.rating_date ? 1 : x.run_id - y.run_id));
  return {
    dates: oldest.map((h) => h.rating_date),
    points: oldest.map((h) => h.total_points),
    grades: oldest.map((h) => h.final_grade ?? null),
  };
}

/** The results' link with changed=true (a what-if's point: who would move). */
export function changedResultsPath(runId: number): string {
  return `/ratings/${runId}?changed=true`;
}

/** Booleans of the results' filters in the URL (`true`/`false`, else none). */
export function boolFilter(v: string | undefined): boolean | undefined {
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/** Basis points as per cent with two decimals, exactly: `1234` → `12.34%`, `-5` → `-0.05%`. */
export function formatBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—';
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(bp));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}
