import { describe, expect, it } from 'vitest';
import {
  buildMenu,
  canOpen,
  loginPathFor,
  MENU_GROUPS,
  pageForPath,
  PAGES,
  safeNextPath,
  summarizePermissions,
  type MenuNode,
} from './permissions';

const labels = (nodes: MenuNode[]) =>
  nodes.map((n) => (n.kind === 'page' ? n.page.key : `${n.key}: ${n.pages.map((p) => p.key).join(',')}`));

// Permissions as the server reports them for some roles (docs/roles.md).
const ADMIN = ['administration.read', 'administration.write', 'audit_log.read', 'policy_versions.read'];
const SALESMAN = ['customer_master.read', 'customer_master.write', 'contracts.read', 'contracts.write', 'receivables.read'];
const BUSINESS_MANAGER = ['customer_master.read', 'customer_master.write', 'audit_log.read', 'dossier_borrowing.read', 'dossier_borrowing.approve'];

describe('buildMenu', () => {
  it('gives the administrator the whole system group (with the calendar) and the policy parameters to read', () => {
    expect(labels(buildMenu(ADMIN))).toEqual([
      'home',
      'credit: policies',
      'system: offices,users,apiTokens,audit,settings,calendar',
      'profile',
    ]);
  });

  it('lets everyone read the calendar at its URL, listed in the menu for the administrator only', () => {
    expect(canOpen(SALESMAN, 'calendar')).toBe(true);
    expect(canOpen([], 'calendar')).toBe(true);
    expect(labels(buildMenu([...SALESMAN, 'policy_versions.read']))).toEqual([
      'home',
      'customers: customers',
      'ledger: contracts,receivables,payments,arAging',
      'credit: policies',
      'profile',
    ]);
    expect(pageForPath('/system/calendar')?.key).toBe('calendar');
  });

  it('gives the policy versions to every reader and the approvals inbox to those who submit or decide them', () => {
    const vp = ['customer_master.read', 'policy_versions.read', 'policy_versions.approve'];
    expect(labels(buildMenu(vp))).toEqual(['home', 'approvals', 'customers: customers', 'credit: policies', 'profile']);
    expect(canOpen(['policy_versions.read', 'policy_versions.write'], 'approvals')).toBe(true);
    expect(canOpen(['policy_versions.read'], 'approvals')).toBe(false);
    expect(canOpen(['policy_versions.read'], 'policies')).toBe(true);
    expect(canOpen(SALESMAN, 'policies')).toBe(false);
    expect(pageForPath('/policies/3')?.key).toBe('policies');
  });

  it('gives credit training to its readers and writers, in the credit group', () => {
    const staff = ['customer_master.read', 'credit_limits.read', 'credit_training.read', 'credit_training.write', 'policy_versions.read'];
    expect(labels(buildMenu(staff))).toEqual(['home', 'customers: customers', 'credit: creditBlocks,creditTrainings,policies', 'profile']);
    expect(canOpen(['credit_training.read'], 'creditTrainings')).toBe(true);
    expect(canOpen(SALESMAN, 'creditTrainings')).toBe(false);
    expect(pageForPath('/credit-trainings')?.key).toBe('creditTrainings');
  });

  it('gives collection to its readers: tasks, cases and the write-off register by area, write-off deciders the approvals', () => {
    const planning = ['customer_master.read', 'collection_tasks.read', 'collection_cases.read', 'collection_cases.write', 'write_offs.read', 'write_offs.write'];
    expect(labels(buildMenu(planning))).toEqual(['home', 'approvals', 'customers: customers', 'credit: collectionTasks,letterTemplate,collectionCases,writeOffs', 'profile']);
    const salesman = [...SALESMAN, 'collection_tasks.read', 'collection_tasks.write', 'collection_cases.read'];
    expect(labels(buildMenu(salesman))).toContain('credit: collectionTasks,letterTemplate,collectionCases');
    expect(canOpen(['write_offs.read', 'write_offs.approve'], 'approvals')).toBe(true);
    expect(canOpen(salesman, 'writeOffs')).toBe(false);
    expect(pageForPath('/collection/tasks/12')?.key).toBe('collectionTasks');
    expect(pageForPath('/collection/cases/3')?.key).toBe('collectionCases');
    expect(pageForPath('/collection/write-offs')?.key).toBe('writeOffs');
    expect(pageForPath('/collection/letter-template')?.key).toBe('letterTemplate');
    expect(canOpen(planning, 'letterTemplate')).toBe(true);
    expect(canOpen(['customer_master.read'], 'letterTemplate')).toBe(false);
  });

  it('gives a salesman the customer list, the contracts and receivables, no system pages and no empty groups', () => {
    expect(labels(buildMenu(SALESMAN))).toEqual(['home', 'customers: customers', 'ledger: contracts,receivables,payments,arAging', 'profile']);
  });

  it('gives the business manager the approvals, the customers and, in the system group, the audit log only', () => {
    expect(labels(buildMenu(BUSINESS_MANAGER))).toEqual(['home', 'approvals', 'customers: customers', 'system: audit', 'profile']);
  });

  it('gives the approvals inbox to those who may request or decide borrowing, not to the administrator', () => {
    expect(labels(buildMenu([...SALESMAN, 'dossier_borrowing.read', 'dossier_borrowing.write']))).toEqual([
      'home',
      'approvals',
      'customers: customers',
      'ledger: contracts,receivables,payments,arAging',
      'profile',
    ]);
    expect(canOpen(ADMIN, 'approvals')).toBe(false);
    expect(pageForPath('/approvals/12')?.key).toBe('approvals');
  });

  it('shows the customer group to read-only roles, not to roles without customer data', () => {
    expect(labels(buildMenu(['customer_master.read']))).toEqual(['home', 'customers: customers', 'profile']);
    expect(labels(buildMenu(['production_notices.read']))).toEqual(['home', 'profile']);
  });

  it('gives the development plans to the office director and the business department, not to a salesman', () => {
    const director = [...SALESMAN, 'development_plans.read', 'development_plans.write'];
    expect(labels(buildMenu(director))).toEqual(['home', 'customers: customers,developmentPlans', 'ledger: contracts,receivables,payments,arAging', 'profile']);
    expect(labels(buildMenu([...BUSINESS_MANAGER, 'development_plans.read']))).toEqual([
      'home',
      'approvals',
      'customers: customers,developmentPlans',
      'system: audit',
      'profile',
    ]);
    expect(canOpen(SALESMAN, 'developmentPlans')).toBe(false);
    expect(canOpen(['development_plans.write'], 'developmentPlans')).toBe(false);
    expect(pageForPath('/development-plans/7')?.key).toBe('developmentPlans');
    expect(pageForPath('/development-plans/new')?.key).toBe('developmentPlans');
  });

  it('shows home and profile to a user without any permission', () => {
    expect(labels(buildMenu([]))).toEqual(['home', 'profile']);
  });

  it('keeps the business-area groups in the order of the spec', () => {
    expect(MENU_GROUPS.map((g) => g.key)).toEqual(['customers', 'ledger', 'credit', 'reports', 'service', 'system']);
  });

  it('does not treat write or a look-alike permission as read', () => {
    expect(canOpen(['administration.write'], 'users')).toBe(false);
    expect(canOpen(['administration.readx'], 'users')).toBe(false);
    expect(canOpen(['administration.read'], 'users')).toBe(true);
    expect(canOpen([], 'home')).toBe(true);
  });

  it('every menu page has a distinct path', () => {
    const paths = Object.values(PAGES).map((p) => p.path);
    expect(new Set(paths).size).toBe(paths.length);
  });
});

describe('pageForPath', () => {
  it('finds the page of a location', () => {
    expect(pageForPath('/')?.key).toBe('home');
    expect(pageForPath('/system/users')?.key).toBe('users');
    expect(pageForPath('/system/users/12')?.key).toBe('users');
    expect(pageForPath('/customers/12')?.key).toBe('customers');
    expect(pageForPath('/system/settings')?.key).toBe('settings');
    expect(pageForPath('/system/usersx')).toBeUndefined();
    expect(pageForPath('/nowhere')).toBeUndefined();
  });
});

describe('summarizePermissions', () => {
  it('groups levels by area in read, write, approve order', () => {
    expect(summarizePermissions(['credit_grade.approve', 'customer_master.write', 'credit_grade.read', 'customer_master.read', 'junk'])).toEqual([
      { area: 'credit_grade', levels: ['read', 'approve'] },
      { area: 'customer_master', levels: ['read', 'write'] },
    ]);
  });
});

describe('login redirects', () => {
  it('remembers the page, and accepts only in-app paths back', () => {
    expect(loginPathFor({ pathname: '/' })).toBe('/login');
    expect(loginPathFor({ pathname: '/profile' })).toBe('/login?next=%2Fprofile');
    expect(loginPathFor({ pathname: '/login', search: '?next=/x' })).toBe('/login');
    expect(safeNextPath('/system/users?page=2')).toBe('/system/users?page=2');
    expect(safeNextPath('https://evil.example')).toBe('/');
    expect(safeNextPath('//evil.example')).toBe('/');
    expect(safeNextPath(null)).toBe('/');
  });
});
