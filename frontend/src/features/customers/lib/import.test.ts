import { describe, expect, it } from 'vitest';
import type { ImportProblem, ImportReport } from '@/api/types';
import { importOutcome, isImportReport, problemCounts, problemLines } from './import';

const problem = (sheet: ImportProblem['sheet'], row: number | null, column: string | null, code = 'invalid'): ImportProblem => ({
  sheet,
  row,
  column,
  field: null,
  code,
  message: `${column ?? ''}：${code}`,
});

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  committed: false,
  customer_rows: 2,
  key_person_rows: 1,
  errors: [],
  created: [],
  ...over,
});

describe('isImportReport', () => {
  it('recognises a report, also as the body of a 422', () => {
    expect(isImportReport(report())).toBe(true);
    expect(isImportReport({ ...report(), errors: [problem('customers', 3, '邮政编码')] })).toBe(true);
  });

  it('refuses a problem answer or anything else', () => {
    expect(isImportReport({ code: 'validation.failed', errors: [] })).toBe(false);
    expect(isImportReport(null)).toBe(false);
    expect(isImportReport('x')).toBe(false);
  });
});

describe('importOutcome', () => {
  it('tells a file with problems, a checked one and a written one apart', () => {
    expect(importOutcome(report({ errors: [problem('customers', 2, '客户名称*', 'required')] }))).toBe('invalid');
    expect(importOutcome(report())).toBe('valid');
    expect(importOutcome(report({ committed: true, created: [{ id: 1, code: 'C202600001', name: '甲' }] }))).toBe('committed');
  });
});

describe('problemLines', () => {
  it('sorts by sheet and row, whole-file problems first, keeping the column order of a row', () => {
    const lines = problemLines([
      problem('key_people', 2, '客户名称*', 'import.unknown_customer'),
      problem('customers', 5, '电话'),
      problem('customers', 3, '统一社会信用代码'),
      problem(null, null, null, 'import.missing_column'),
      problem('customers', 3, '邮政编码'),
    ]);
    expect(lines.map((l) => [l.sheet, l.row, l.column, l.rowSpan])).toEqual([
      [null, null, null, 1],
      ['customers', 3, '统一社会信用代码', 2],
      ['customers', 3, '邮政编码', 0],
      ['customers', 5, '电话', 1],
      ['key_people', 2, '客户名称*', 1],
    ]);
    expect(new Set(lines.map((l) => l.key)).size).toBe(5);
  });

  it('does not merge problems of the whole file, nor the same row number of two sheets', () => {
    const lines = problemLines([problem(null, null, null, 'import.empty'), problem(null, null, null, 'import.not_xlsx'), problem('customers', 2, 'A'), problem('key_people', 2, 'B')]);
    expect(lines.map((l) => l.rowSpan)).toEqual([1, 1, 1, 1]);
    expect(problemLines([])).toEqual([]);
  });
});

describe('problemCounts', () => {
  it('counts the rows with problems per sheet and the problems of the whole file', () => {
    expect(
      problemCounts([
        problem('customers', 3, 'A'),
        problem('customers', 3, 'B'),
        problem('customers', 4, 'A'),
        problem('key_people', 2, 'A'),
        problem(null, null, null, 'import.missing_column'),
      ]),
    ).toEqual({ customers: 2, key_people: 1, file: 1 });
  });
});
