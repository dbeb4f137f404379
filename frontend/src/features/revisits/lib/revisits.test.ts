import { describe, expect, it } from 'vitest';
import { canComplete, canReplan, defaultPeriod, defaultTab, rateStatus } from './revisits';

const SALESMAN = { roles: ['salesman' as const], permissions: ['revisits.read', 'revisits.write'] };
const STAFF = { roles: ['business_staff' as const], permissions: ['revisits.read'] };
const MANAGER = { roles: ['business_manager' as const], permissions: ['revisits.read', 'revisits.write'] };

describe('who records a visit', () => {
  it('is the holder of the visit’s role while it is planned', () => {
    expect(canComplete({ role: 'salesman', status: 'planned' }, SALESMAN)).toBe(true);
    expect(canComplete({ role: 'salesman', status: 'done' }, SALESMAN)).toBe(false);
    expect(canComplete({ role: 'office_director', status: 'planned' }, SALESMAN)).toBe(false);
    expect(canComplete({ role: 'business_manager', status: 'planned' }, MANAGER)).toBe(true);
  });

  it('is never a reader, even of the visit’s role', () => {
    expect(canComplete({ role: 'business_staff', status: 'planned' }, STAFF)).toBe(false);
  });
});

describe('the page’s defaults', () => {
  it('replans for the business manager and the VP only', () => {
    expect(canReplan(MANAGER)).toBe(true);
    expect(canReplan({ roles: ['vice_president'], permissions: ['revisits.write'] })).toBe(true);
    expect(canReplan(SALESMAN)).toBe(false);
    expect(canReplan({ roles: ['general_manager'], permissions: ['revisits.read'] })).toBe(false);
  });

  it('opens on my visits for those who visit, on all for readers', () => {
    expect(defaultTab(SALESMAN)).toBe('mine');
    expect(defaultTab(STAFF)).toBe('all');
  });

  it('reports from the first of the year to today, and colours rates', () => {
    expect(defaultPeriod('2026-11-27')).toEqual({ from: '2026-01-01', to: '2026-11-27' });
    expect(rateStatus(100)).toBe('success');
    expect(rateStatus(85)).toBe('normal');
    expect(rateStatus(40)).toBe('exception');
  });
});
