// Customer rating and revisits in the menu, by the permissions /me reports for each role (docs/roles.md).
import { describe, expect, it } from 'vitest';
import { buildMenu, canOpen, pageForPath, type MenuNode } from './permissions';

const group = (nodes: MenuNode[], key: string) => {
  const g = nodes.find((n) => n.kind === 'group' && n.key === key);
  return g && g.kind === 'group' ? g.pages.map((p) => p.key) : [];
};

describe('the rating and revisits menu', () => {
  it('gives the rating runs to every reader, next to the policy', () => {
    const salesman = ['customer_master.read', 'rating_runs.read', 'revisits.read', 'revisits.write', 'policy_versions.read'];
    expect(group(buildMenu(salesman), 'credit')).toEqual(['ratingRuns', 'policies']);
    expect(group(buildMenu(salesman), 'service')).toEqual(['revisits']);
    const finance = ['rating_runs.read', 'policy_versions.read', 'receivables.read', 'receivables.write'];
    expect(group(buildMenu(finance), 'credit')).toEqual(['ratingRuns', 'policies']);
    expect(group(buildMenu(finance), 'service')).toEqual([]);
    expect(group(buildMenu(['policy_versions.read']), 'credit')).toEqual(['policies']);
  });

  it('opens the approvals inbox to those who submit or decide a rating run', () => {
    expect(canOpen(['rating_runs.read', 'rating_runs.write'], 'approvals')).toBe(true);
    expect(canOpen(['rating_runs.read', 'rating_runs.approve'], 'approvals')).toBe(true);
    expect(canOpen(['rating_runs.read'], 'approvals')).toBe(false);
  });

  it('finds the page of every rating and revisit location', () => {
    expect(pageForPath('/ratings')?.key).toBe('ratingRuns');
    expect(pageForPath('/ratings/12')?.key).toBe('ratingRuns');
    expect(pageForPath('/revisits')?.key).toBe('revisits');
    expect(canOpen(['revisits.read'], 'revisits')).toBe(true);
    expect(canOpen(['revisits.write'], 'revisits')).toBe(false);
  });
});
