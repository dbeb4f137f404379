import { describe, expect, it } from 'vitest';
import { notificationTarget } from './notifications';

describe('notificationTarget', () => {
  it('follows paths inside the app only', () => {
    expect(notificationTarget('/approvals/12')).toBe('/approvals/12');
    expect(notificationTarget(' /customers/3?tab=people ')).toBe('/customers/3?tab=people');
    expect(notificationTarget('https://evil.example/')).toBeNull();
    expect(notificationTarget('//evil.example/')).toBeNull();
    expect(notificationTarget('/\\evil.example')).toBeNull();
    expect(notificationTarget('')).toBeNull();
    expect(notificationTarget(null)).toBeNull();
  });
});
