import { describe, expect, it } from 'vitest';
import { CUSTOMER_STATUSES } from '@/api/types';
import { canMove, nextStatuses } from './status';

describe('nextStatuses', () => {
  it('offers the lifecycle moves of the server, with the blacklist for those allowed', () => {
    expect(nextStatuses('prospect', false)).toEqual(['new', 'lost']);
    expect(nextStatuses('new', false)).toEqual(['active', 'dormant', 'lost']);
    expect(nextStatuses('active', false)).toEqual(['dormant', 'lost']);
    expect(nextStatuses('dormant', false)).toEqual(['active', 'lost']);
    expect(nextStatuses('lost', false)).toEqual(['prospect', 'active']);
    expect(nextStatuses('prospect', true)).toEqual(['new', 'lost', 'blacklisted']);
    expect(nextStatuses('active', true)).toEqual(['dormant', 'lost', 'blacklisted']);
  });

  it('lets only the blacklist permission lift the blacklist, and only to dormant', () => {
    expect(nextStatuses('blacklisted', false)).toEqual([]);
    expect(nextStatuses('blacklisted', true)).toEqual(['dormant']);
  });

  it('never offers the current status', () => {
    for (const s of CUSTOMER_STATUSES) {
      expect(nextStatuses(s, true)).not.toContain(s);
      expect(canMove(s, s)).toBe(false);
    }
  });

  it('matches the whole transition table of the server', () => {
    const allowed = CUSTOMER_STATUSES.flatMap((from) => CUSTOMER_STATUSES.filter((to) => canMove(from, to)).map((to) => `${from}→${to}`));
    expect(allowed).toEqual([
      'prospect→new',
      'prospect→lost',
      'prospect→blacklisted',
      'new→active',
      'new→dormant',
      'new→lost',
      'new→blacklisted',
      'active→dormant',
      'active→lost',
      'active→blacklisted',
      'dormant→active',
      'dormant→lost',
      'dormant→blacklisted',
      'lost→prospect',
      'lost→active',
      'lost→blacklisted',
      'blacklisted→dormant',
    ]);
  });
});
