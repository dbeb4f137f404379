import { describe, expect, it } from 'vitest';
import { describePayload, isDecider } from './approvals';

describe('describePayload', () => {
  it('reads the days and reason of a borrowing request', () => {
    expect(describePayload('dossier_borrowing', { days: 7, reason: '拜访前了解客户情况' })).toEqual({
      borrowing: { days: 7, reason: '拜访前了解客户情况' },
      other: [],
    });
  });

  it('keeps unknown fields as text and survives a malformed payload', () => {
    expect(describePayload('dossier_borrowing', { days: 'x', note: { a: 1 } })).toEqual({
      borrowing: { days: null, reason: '' },
      other: [['note', '{"a":1}']],
    });
    expect(describePayload('dossier_borrowing', null).borrowing).toEqual({ days: null, reason: '' });
  });
});

describe('isDecider', () => {
  it('is true for those who may approve some kind of request', () => {
    expect(isDecider(['dossier_borrowing.read', 'dossier_borrowing.approve'])).toBe(true);
    expect(isDecider(['dossier_borrowing.read', 'dossier_borrowing.write'])).toBe(false);
  });
});
