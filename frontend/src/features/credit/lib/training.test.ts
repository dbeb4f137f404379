import { describe, expect, it } from 'vitest';
import { attendeeSummary, chosenPeople, monthsBetween, trainingBody } from './training';

describe('months since the last session', () => {
  it('counts a month once its day is reached', () => {
    expect(monthsBetween('2025-12-02', '2026-12-02')).toBe(12);
    expect(monthsBetween('2025-12-03', '2026-12-02')).toBe(11);
    expect(monthsBetween('2026-11-30', '2026-12-02')).toBe(0);
    expect(monthsBetween('2026-01-31', '2026-03-01')).toBe(1);
  });

  it('is never negative', () => {
    expect(monthsBetween('2026-12-05', '2026-12-02')).toBe(0);
  });
});

describe('a session’s attendees in a line', () => {
  it('names the first ones and counts the rest', () => {
    const a = ['甲', '乙', '丙', '丁', '戊'].map((display_name) => ({ display_name }));
    expect(attendeeSummary(a)).toEqual({ names: ['甲', '乙', '丙'], more: 2 });
    expect(attendeeSummary(a.slice(0, 2))).toEqual({ names: ['甲', '乙'], more: 0 });
    expect(attendeeSummary([])).toEqual({ names: [], more: 0 });
  });
});

describe('the form’s body', () => {
  it('trims the texts and names each attendee once', () => {
    expect(
      trainingBody({ held_on: '2026-12-01', topic: ' 应收账款风险 ', trainer: ' 王会计', materials: undefined, attendee_ids: [3, 5, 3] }),
    ).toEqual({ held_on: '2026-12-01', topic: '应收账款风险', trainer: '王会计', materials: '', attendee_ids: [3, 5] });
  });
});

describe('the people chosen', () => {
  it('keep the names they were chosen under', () => {
    const known = new Map([
      [1, '张三'],
      [2, '李四'],
    ]);
    expect(chosenPeople([2, 1, 9], known)).toEqual([
      { value: 2, label: '李四' },
      { value: 1, label: '张三' },
      { value: 9, label: '#9' },
    ]);
  });
});
