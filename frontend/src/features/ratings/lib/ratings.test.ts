import { describe, expect, it } from 'vitest';
import type { RatingHistoryEntry } from '@/api/types';
import { translate } from '@/lib/i18n';
import {
  boolFilter,
  canAssessInfluence,
  canCreateRuns,
  changedResultsPath,
  explanationLines,
  formatBp,
  gradeShown,
  gradeTotal,
  historyLevels,
  officeSeries,
  overridableGrades,
  pollInterval,
  progressPercent,
  runActions,
  scoreSeries,
} from './ratings';

const WRITER = ['rating_runs.read', 'rating_runs.write'];
const READER = ['rating_runs.read'];
const VP = ['rating_runs.read', 'rating_runs.approve', 'strategic_influence.read', 'strategic_influence.write'];

describe('progress of a run', () => {
  it('is the whole per cent of the customers done while computing', () => {
    expect(progressPercent({ status: 'computing', done: 0, total: 0 })).toBe(0);
    expect(progressPercent({ status: 'computing', done: 1, total: 3 })).toBe(33);
    expect(progressPercent({ status: 'computing', done: 2, total: 3 })).toBe(66);
    expect(progressPercent({ status: 'computing', done: 5, total: 3 })).toBe(100);
    expect(progressPercent({ status: 'computing', done: -1, total: 3 })).toBe(0);
  });

  it('is complete once the run is no longer computing', () => {
    expect(progressPercent({ status: 'draft', done: 0, total: 10 })).toBe(100);
    expect(progressPercent({ status: 'failed', done: 3, total: 10 })).toBe(100);
  });

  it('polls every second while computing only', () => {
    expect(pollInterval({ status: 'computing' })).toBe(1000);
    expect(pollInterval({ status: 'draft' })).toBe(false);
    expect(pollInterval(undefined)).toBe(false);
  });
});

describe('what a user may do with a run', () => {
  it('lets the business department override, submit and cancel a draft', () => {
    expect(runActions({ status: 'draft', purpose: 'rating' }, WRITER)).toEqual({ override: true, submit: true, cancel: true });
  });

  it('never submits a what-if run, which may still be overridden and cancelled', () => {
    expect(runActions({ status: 'draft', purpose: 'what_if' }, WRITER)).toEqual({ override: true, submit: false, cancel: true });
  });

  it('only cancels a computing or failed run, and does nothing with a submitted or decided one', () => {
    expect(runActions({ status: 'computing', purpose: 'rating' }, WRITER)).toEqual({ override: false, submit: false, cancel: true });
    expect(runActions({ status: 'failed', purpose: 'rating' }, WRITER)).toEqual({ override: false, submit: false, cancel: true });
    for (const status of ['submitted', 'approved', 'cancelled'] as const) {
      expect(runActions({ status, purpose: 'rating' }, WRITER)).toEqual({ override: false, submit: false, cancel: false });
    }
  });

  it('offers nothing to readers and to the approver', () => {
    for (const perms of [READER, VP]) {
      expect(runActions({ status: 'draft', purpose: 'rating' }, perms)).toEqual({ override: false, submit: false, cancel: false });
    }
  });

  it('lets the writers start runs and the business manager and above assess influence', () => {
    expect(canCreateRuns(WRITER)).toBe(true);
    expect(canCreateRuns(VP)).toBe(false);
    expect(canAssessInfluence(VP)).toBe(true);
    expect(canAssessInfluence(['strategic_influence.read'])).toBe(false);
    expect(canAssessInfluence(WRITER)).toBe(false);
  });
});

describe('how results are written', () => {
  it('writes an indicator’s level and points in both languages', () => {
    expect(translate('zh-CN', 'rating.levelPoints', { level: 2, points: 30 })).toBe('2 级 · 30 分');
    expect(translate('en', 'rating.levelPoints', { level: 2, points: 30 })).toBe('level 2 · 30 pts');
  });

  it('shows the final grade with the computed one beside an override', () => {
    expect(gradeShown({ final_grade: 'B', proposed_grade: 'B', override_grade: null, override_category: null })).toEqual({
      final: 'B',
      computed: 'B',
      overridden: false,
    });
    expect(gradeShown({ final_grade: 'A', proposed_grade: 'B', override_grade: 'A', override_category: null })).toEqual({
      final: 'A',
      computed: 'B',
      overridden: true,
    });
    // A category override alone still marks the result as adjusted.
    expect(gradeShown({ final_grade: null, proposed_grade: null, override_category: 'big' }).overridden).toBe(true);
  });

  it('explains in the user’s language, falling back to the other one', () => {
    const e = { zh: ['协议金额 2 级'], en: ['Contracts level 2'] };
    expect(explanationLines(e, 'zh-CN')).toEqual(['协议金额 2 级']);
    expect(explanationLines(e, 'en')).toEqual(['Contracts level 2']);
    expect(explanationLines({ zh: ['只有中文'], en: [] }, 'en')).toEqual(['只有中文']);
  });

  it('writes basis points as an exact percentage', () => {
    expect(formatBp(1234)).toBe('12.34%');
    expect(formatBp(5)).toBe('0.05%');
    expect(formatBp(-250)).toBe('-2.50%');
    expect(formatBp(0)).toBe('0.00%');
    expect(formatBp(null)).toBe('—');
  });

  it('reads the URL’s boolean filters and links a what-if to who would move', () => {
    expect(boolFilter('true')).toBe(true);
    expect(boolFilter('false')).toBe(false);
    expect(boolFilter('yes')).toBeUndefined();
    expect(boolFilter(undefined)).toBeUndefined();
    expect(changedResultsPath(7)).toBe('/ratings/7?changed=true');
  });
});

describe('chart series', () => {
  it('stacks the grades per office, naming a customer without office', () => {
    const s = officeSeries(
      [
        { office_id: 1, office_name: '保定办事处', grades: { a: 1, b: 2, c: 3, not_rated: 4 } },
        { office_id: null, office_name: '', grades: { a: 0, b: 1, c: 0, not_rated: 0 } },
      ],
      '无办事处',
    );
    expect(s).toEqual({ offices: ['保定办事处', '无办事处'], a: [1, 0], b: [2, 1], c: [3, 0], notRated: [4, 0] });
    expect(gradeTotal({ a: 1, b: 2, c: 3, not_rated: 4 })).toBe(10);
  });

  it('draws a customer’s score oldest first', () => {
    const entry = (run_id: number, rating_date: string, total_points: number, final_grade: 'A' | 'B' | null): RatingHistoryEntry => ({
      run_id,
      rating_date,
      total_points,
      final_grade,
      policy_version_number: 1,
      levels: [1, 2, 3, 4],
      final_category: 'general',
      override_reason: '',
      explanation: { zh: [], en: [] },
    });
    const s = scoreSeries([entry(3, '2026-12-31', 80, 'A'), entry(1, '2025-12-31', 55, null), entry(2, '2025-12-31', 60, 'B')]);
    expect(s).toEqual({ dates: ['2025-12-31', '2025-12-31', '2026-12-31'], points: [55, 60, 80], grades: [null, 'B', 'A'] });
  });

  it('names the history’s levels by indicator', () => {
    expect(historyLevels({ levels: [1, 2, 3] })).toEqual([
      { key: 'contract_amount', level: 1 },
      { key: 'receivables', level: 2 },
      { key: 'premium', level: 3 },
      { key: 'strategic_influence', level: null },
    ]);
  });
});

describe('override grades', () => {
  it('follow the eligibility the rules give', () => {
    expect(overridableGrades('rated')).toEqual(['A', 'B', 'C']);
    expect(overridableGrades('new_customer')).toEqual(['C']);
    expect(overridableGrades('not_rated')).toEqual([]);
  });
});
