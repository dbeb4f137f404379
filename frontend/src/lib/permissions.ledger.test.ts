// The sales ledger's pages in the menu, by the permissions /me reports for each role (docs/roles.md).
import { describe, expect, it } from 'vitest';
import { buildMenu, canOpen, pageForPath, type MenuNode } from './permissions';

const ledger = (nodes: MenuNode[]) => {
  const g = nodes.find((n) => n.kind === 'group' && n.key === 'ledger');
  return g && g.kind === 'group' ? g.pages.map((p) => p.key) : [];
};

describe('the sales ledger menu', () => {
  it('gives each role the pages of what it reads', () => {
    const salesman = ['customer_master.read', 'products.read', 'contracts.read', 'contracts.write', 'shipping_notes.read', 'receivables.read'];
    expect(ledger(buildMenu(salesman))).toEqual(['products', 'contracts', 'shippingNotes', 'receivables', 'payments', 'arAging']);
    const warehouse = ['customer_master.read', 'products.read', 'shipping_notes.read', 'shipping_notes.write'];
    expect(ledger(buildMenu(warehouse))).toEqual(['products', 'shippingNotes']);
    const finance = ['products.read', 'contracts.read', 'shipping_notes.read', 'receivables.read', 'receivables.write'];
    // 月度对账单 for finance alone, who writes receivables.
    expect(ledger(buildMenu(finance))).toEqual(['products', 'contracts', 'shippingNotes', 'receivables', 'payments', 'arAging', 'statementRuns']);
    const technical = ['customer_master.read', 'products.read'];
    expect(ledger(buildMenu(technical))).toEqual(['products']);
    expect(ledger(buildMenu(['administration.read']))).toEqual([]);
  });

  it('does not open a page on write alone or a look-alike permission', () => {
    expect(canOpen(['receivables.write'], 'payments')).toBe(false);
    expect(canOpen(['contracts.readx'], 'contracts')).toBe(false);
    expect(canOpen(['receivables.read'], 'statementRuns')).toBe(false);
    expect(canOpen(['receivables.read', 'receivables.write'], 'statementRuns')).toBe(true);
  });

  it('finds the page of every ledger location', () => {
    expect(pageForPath('/contracts/new')?.key).toBe('contracts');
    expect(pageForPath('/contracts/7/edit')?.key).toBe('contracts');
    expect(pageForPath('/shipping-notes/new')?.key).toBe('shippingNotes');
    expect(pageForPath('/payments/3')?.key).toBe('payments');
    expect(pageForPath('/reports/ar-aging')?.key).toBe('arAging');
    expect(pageForPath('/receivables/statement-runs')?.key).toBe('statementRuns');
    expect(pageForPath('/receivables')?.key).toBe('receivables');
    expect(pageForPath('/products')?.key).toBe('products');
  });
});
