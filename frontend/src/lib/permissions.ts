// What each page needs and how the side menu follows from the user's permissions.
// The server decides every request; this only keeps the UI from offering what a role cannot do.
import type { MessageKey } from './i18n';

/** Permissions are `"<area>.<read|write|approve>"` (docs/roles.md). */
export type Permission = string;

export const PERMISSIONS = {
  administrationRead: 'administration.read',
  administrationWrite: 'administration.write',
  auditLogRead: 'audit_log.read',
  customerMasterRead: 'customer_master.read',
  customerMasterWrite: 'customer_master.write',
  customerTransferWrite: 'customer_transfer.write',
  customerBlacklistWrite: 'customer_blacklist.write',
  customerClassificationWrite: 'customer_classification.write',
  firstDealDateWrite: 'first_deal_date.write',
  restrictedDossierRead: 'restricted_dossier.read',
  restrictedDossierWrite: 'restricted_dossier.write',
  dossierBorrowingRead: 'dossier_borrowing.read',
  dossierBorrowingWrite: 'dossier_borrowing.write',
  dossierBorrowingApprove: 'dossier_borrowing.approve',
  developmentPlansRead: 'development_plans.read',
  developmentPlansWrite: 'development_plans.write',
  productsRead: 'products.read',
  productsWrite: 'products.write',
  contractsRead: 'contracts.read',
  contractsWrite: 'contracts.write',
  shippingNotesRead: 'shipping_notes.read',
  shippingNotesWrite: 'shipping_notes.write',
  receivablesRead: 'receivables.read',
  receivablesWrite: 'receivables.write',
  policyVersionsRead: 'policy_versions.read',
  policyVersionsWrite: 'policy_versions.write',
  policyVersionsApprove: 'policy_versions.approve',
  ratingRunsRead: 'rating_runs.read',
  ratingRunsWrite: 'rating_runs.write',
  ratingRunsApprove: 'rating_runs.approve',
  strategicInfluenceWrite: 'strategic_influence.write',
  revisitsRead: 'revisits.read',
  revisitsWrite: 'revisits.write',
  creditLimitsRead: 'credit_limits.read',
  creditLimitsWrite: 'credit_limits.write',
  creditLimitsApprove: 'credit_limits.approve',
  creditEventsWrite: 'credit_events.write',
  creditHoldsWrite: 'credit_holds.write',
  specialContractsApprove: 'special_contracts.approve',
  shipmentReleaseApprove: 'shipment_release.approve',
  creditTrainingRead: 'credit_training.read',
  creditTrainingWrite: 'credit_training.write',
  creditReviewsRead: 'credit_reviews.read',
  creditReviewsWrite: 'credit_reviews.write',
  creditReviewsApprove: 'credit_reviews.approve',
  collectionTasksRead: 'collection_tasks.read',
  collectionTasksWrite: 'collection_tasks.write',
  collectionCasesRead: 'collection_cases.read',
  collectionCasesWrite: 'collection_cases.write',
  writeOffsRead: 'write_offs.read',
  writeOffsWrite: 'write_offs.write',
  writeOffsApprove: 'write_offs.approve',
} as const;

export type PageKey =
  | 'home'
  | 'profile'
  | 'approvals'
  | 'customers'
  | 'developmentPlans'
  | 'products'
  | 'contracts'
  | 'shippingNotes'
  | 'receivables'
  | 'payments'
  | 'arAging'
  | 'statementRuns'
  | 'policies'
  | 'ratingRuns'
  | 'revisits'
  | 'creditBlocks'
  | 'creditReviews'
  | 'creditTrainings'
  | 'collectionTasks'
  | 'letterTemplate'
  | 'collectionCases'
  | 'writeOffs'
  | 'offices'
  | 'users'
  | 'apiTokens'
  | 'audit'
  | 'settings'
  | 'calendar';

export interface PageDef {
  key: PageKey;
  path: string;
  labelKey: MessageKey;
  /** Any one of these grants access; empty = every signed-in user. */
  anyOf: readonly Permission[];
  /**
   * Who finds the page in the menu, when that is fewer than those who may open it (a page every
   * user may read at its URL, listed in the menu of those who keep it). Default: `anyOf`.
   */
  menuAnyOf?: readonly Permission[];
  icon: 'products' | 'contracts' | 'shipping' | 'receivables' | 'payments' | 'aging' | 'home' | 'user' | 'approvals' | 'customers' | 'plans' | 'policy' | 'office' | 'team' | 'key' | 'audit' | 'settings' | 'calendar' | 'rating' | 'revisits' | 'blocked' | 'training' | 'review' | 'collection' | 'letter' | 'cases' | 'writeOffs' | 'statements';
}

export const PAGES: Record<PageKey, PageDef> = {
  home: { key: 'home', path: '/', labelKey: 'menu.home', anyOf: [], icon: 'home' },
  profile: { key: 'profile', path: '/profile', labelKey: 'menu.profile', anyOf: [], icon: 'user' },
  // The approvals inbox of every kind of request (docs/architecture.md); each kind adds the permission
  // of its area here as it comes: dossier borrowing (requesters and deciders read it), policy
  // versions (the business manager submits, the VP and the GM decide).
  approvals: {
    key: 'approvals',
    path: '/approvals',
    labelKey: 'menu.approvals',
    anyOf: [
      PERMISSIONS.dossierBorrowingRead,
      PERMISSIONS.policyVersionsWrite,
      PERMISSIONS.policyVersionsApprove,
      PERMISSIONS.ratingRunsWrite,
      PERMISSIONS.ratingRunsApprove,
      PERMISSIONS.creditLimitsWrite,
      PERMISSIONS.creditLimitsApprove,
      PERMISSIONS.specialContractsApprove,
      PERMISSIONS.writeOffsWrite,
      PERMISSIONS.writeOffsApprove,
    ],
    icon: 'approvals',
  },
  customers: {
    key: 'customers',
    path: '/customers',
    labelKey: 'menu.customers',
    anyOf: [PERMISSIONS.customerMasterRead],
    icon: 'customers',
  },
  // 新客户开发计划 (README, design notes): offices draft and submit, the business department and the
  // management read (and the business department comments).
  developmentPlans: {
    key: 'developmentPlans',
    path: '/development-plans',
    labelKey: 'menu.developmentPlans',
    anyOf: [PERMISSIONS.developmentPlansRead],
    icon: 'plans',
  },
  // 销售台账 (README design notes). Products and list prices are kept by the business department and
  // read by everyone dealing with contracts or shipments.
  products: {
    key: 'products',
    path: '/products',
    labelKey: 'menu.products',
    anyOf: [PERMISSIONS.productsRead],
    icon: 'products',
  },
  // Contracts: drafted by sales, reviewed (合同评审) by the business department.
  contracts: {
    key: 'contracts',
    path: '/contracts',
    labelKey: 'menu.contracts',
    anyOf: [PERMISSIONS.contractsRead],
    icon: 'contracts',
  },
  // 发货单: the warehouse's queue (by shipping priority), issue, confirm; others read.
  shippingNotes: {
    key: 'shippingNotes',
    path: '/shipping-notes',
    labelKey: 'menu.shippingNotes',
    anyOf: [PERMISSIONS.shippingNotesRead],
    icon: 'shipping',
  },
  // Receivables, payments (回款) and credit notes: finance writes, the others read.
  receivables: {
    key: 'receivables',
    path: '/receivables',
    labelKey: 'menu.receivables',
    anyOf: [PERMISSIONS.receivablesRead],
    icon: 'receivables',
  },
  payments: {
    key: 'payments',
    path: '/payments',
    labelKey: 'menu.payments',
    anyOf: [PERMISSIONS.receivablesRead],
    icon: 'payments',
  },
  // 应收账款账龄登记表 as of any date.
  arAging: {
    key: 'arAging',
    path: '/reports/ar-aging',
    labelKey: 'menu.arAging',
    anyOf: [PERMISSIONS.receivablesRead],
    icon: 'aging',
  },
  // 月度对账单: each month's statements mailed to the customers in the monthly run; finance (who
  // writes receivables) follows the runs and starts a month by hand.
  statementRuns: {
    key: 'statementRuns',
    path: '/receivables/statement-runs',
    labelKey: 'menu.statementRuns',
    anyOf: [PERMISSIONS.receivablesWrite],
    icon: 'statements',
  },
  // 管理办法参数 (docs/policy-parameters.md): every role reads the measures' numbers; the business manager
  // drafts revisions, the VP (and the GM for the credit part) approves them.
  policies: {
    key: 'policies',
    path: '/policies',
    labelKey: 'menu.policies',
    anyOf: [PERMISSIONS.policyVersionsRead],
    icon: 'policy',
  },
  // 客户分类与评分 (docs/policy-parameters.md): the business department computes a run, overrides results
  // with a reason and submits it; the VP approves it (approvals inbox); sales, the management
  // and finance read the runs (each within its scope).
  ratingRuns: {
    key: 'ratingRuns',
    path: '/ratings',
    labelKey: 'menu.ratingRuns',
    anyOf: [PERMISSIONS.ratingRunsRead],
    icon: 'rating',
  },
  // 回访: the visits each tier gets (who visits how often), recorded by the role that visits.
  revisits: {
    key: 'revisits',
    path: '/revisits',
    labelKey: 'menu.revisits',
    anyOf: [PERMISSIONS.revisitsRead],
    icon: 'revisits',
  },
  // 信用冻结发货 (DOMAIN §5): shipping notes blocked by the credit check, read by everyone who reads
  // credit limits; the VP (up to the policy's amount) and the GM release or reject them.
  creditBlocks: {
    key: 'creditBlocks',
    path: '/credit-blocks',
    labelKey: 'menu.creditBlocks',
    anyOf: [PERMISSIONS.creditLimitsRead],
    icon: 'blocked',
  },
  // 信用培训 (DOMAIN §5): the business department records the sessions; sales, the management,
  // finance and planning read them and who has not attended within the policy's period.
  creditTrainings: {
    key: 'creditTrainings',
    path: '/credit-trainings',
    labelKey: 'menu.creditTrainings',
    anyOf: [PERMISSIONS.creditTrainingRead],
    icon: 'training',
  },
  // 信用升降级评审 (DOMAIN §5): twice a year the business department reviews every customer with
  // credit from the rules' proposal (客户升(降)级评审表), the VP approves; sales (their customers), the
  // office director (the office's), the management and finance read.
  creditReviews: {
    key: 'creditReviews',
    path: '/credit/reviews',
    labelKey: 'menu.creditReviews',
    anyOf: [PERMISSIONS.creditReviewsRead],
    icon: 'review',
  },
  // 催收 (DOMAIN §5): follow-up tasks by level in the normal collection period — the owner
  // salesman and the office director act, the business department, the management, finance and
  // planning read; beyond it the planning department's collection cases (追收案件); bad-debt
  // write-offs (坏账核销) proposed by planning or finance, approved by the GM, and their register.
  collectionTasks: {
    key: 'collectionTasks',
    path: '/collection/tasks',
    labelKey: 'menu.collectionTasks',
    anyOf: [PERMISSIONS.collectionTasksRead],
    icon: 'collection',
  },
  // 催款函模板: the dunning letter's template, read by all who read collection tasks (the letters are
  // drawn from it), changed by the business department (the server's `can_edit`).
  letterTemplate: {
    key: 'letterTemplate',
    path: '/collection/letter-template',
    labelKey: 'menu.letterTemplate',
    anyOf: [PERMISSIONS.collectionTasksRead],
    icon: 'letter',
  },
  collectionCases: {
    key: 'collectionCases',
    path: '/collection/cases',
    labelKey: 'menu.collectionCases',
    anyOf: [PERMISSIONS.collectionCasesRead],
    icon: 'cases',
  },
  writeOffs: {
    key: 'writeOffs',
    path: '/collection/write-offs',
    labelKey: 'menu.writeOffs',
    anyOf: [PERMISSIONS.writeOffsRead],
    icon: 'writeOffs',
  },
  offices: {
    key: 'offices',
    path: '/system/offices',
    labelKey: 'menu.offices',
    anyOf: [PERMISSIONS.administrationRead],
    icon: 'office',
  },
  users: {
    key: 'users',
    path: '/system/users',
    labelKey: 'menu.users',
    anyOf: [PERMISSIONS.administrationRead],
    icon: 'team',
  },
  apiTokens: {
    key: 'apiTokens',
    path: '/system/api-tokens',
    labelKey: 'menu.apiTokens',
    anyOf: [PERMISSIONS.administrationRead],
    icon: 'key',
  },
  audit: {
    key: 'audit',
    path: '/system/audit-log',
    labelKey: 'menu.audit',
    anyOf: [PERMISSIONS.auditLogRead],
    icon: 'audit',
  },
  settings: {
    key: 'settings',
    path: '/system/settings',
    labelKey: 'menu.settings',
    anyOf: [PERMISSIONS.administrationRead],
    icon: 'settings',
  },
  // 工作日历: kept by the administrator (in the system menu); every deadline follows it, so every
  // user may read it at its URL.
  calendar: {
    key: 'calendar',
    path: '/system/calendar',
    labelKey: 'menu.calendar',
    anyOf: [],
    menuAnyOf: [PERMISSIONS.administrationRead],
    icon: 'calendar',
  },
};

export type MenuGroupKey = 'customers' | 'ledger' | 'credit' | 'reports' | 'service' | 'system';

export interface MenuGroupDef {
  key: MenuGroupKey;
  labelKey: MessageKey;
  pages: readonly PageKey[];
}

/** Pages outside any group, shown first. */
export const TOP_PAGES: readonly PageKey[] = ['home', 'approvals'];
/** Pages shown last, after the groups. */
export const BOTTOM_PAGES: readonly PageKey[] = ['profile'];

/**
 * The business areas in menu order. A group appears only when it has a page the user may open,
 * so groups whose pages come with later features stay hidden until then.
 */
export const MENU_GROUPS: readonly MenuGroupDef[] = [
  { key: 'customers', labelKey: 'menu.group.customers', pages: ['customers', 'developmentPlans'] },
  { key: 'ledger', labelKey: 'menu.group.ledger', pages: ['products', 'contracts', 'shippingNotes', 'receivables', 'payments', 'arAging', 'statementRuns'] },
  { key: 'credit', labelKey: 'menu.group.credit', pages: ['creditBlocks', 'collectionTasks', 'letterTemplate', 'collectionCases', 'writeOffs', 'ratingRuns', 'creditReviews', 'creditTrainings', 'policies'] },
  { key: 'reports', labelKey: 'menu.group.reports', pages: [] },
  { key: 'service', labelKey: 'menu.group.service', pages: ['revisits'] },
  { key: 'system', labelKey: 'menu.group.system', pages: ['offices', 'users', 'apiTokens', 'audit', 'settings', 'calendar'] },
];

export function hasPermission(permissions: readonly Permission[], required: Permission): boolean {
  return permissions.includes(required);
}

export function canOpen(permissions: readonly Permission[], page: PageKey): boolean {
  const { anyOf } = PAGES[page];
  return anyOf.length === 0 || anyOf.some((p) => permissions.includes(p));
}

/** Is the page listed in this user's menu (it may be openable by more users than that)? */
export function inMenu(permissions: readonly Permission[], page: PageKey): boolean {
  const { menuAnyOf } = PAGES[page];
  if (menuAnyOf === undefined) return canOpen(permissions, page);
  return canOpen(permissions, page) && (menuAnyOf.length === 0 || menuAnyOf.some((p) => permissions.includes(p)));
}

export interface MenuEntry {
  kind: 'page';
  page: PageDef;
}
export interface MenuGroup {
  kind: 'group';
  key: MenuGroupKey;
  labelKey: MessageKey;
  pages: PageDef[];
}
export type MenuNode = MenuEntry | MenuGroup;

/** The side menu for a user with these permissions. */
export function buildMenu(permissions: readonly Permission[]): MenuNode[] {
  const page = (key: PageKey): MenuEntry[] => (inMenu(permissions, key) ? [{ kind: 'page', page: PAGES[key] }] : []);
  const groups: MenuGroup[] = MENU_GROUPS.flatMap((g) => {
    const pages = g.pages.filter((p) => inMenu(permissions, p)).map((p) => PAGES[p]);
    return pages.length > 0 ? [{ kind: 'group' as const, key: g.key, labelKey: g.labelKey, pages }] : [];
  });
  return [...TOP_PAGES.flatMap(page), ...groups, ...BOTTOM_PAGES.flatMap(page)];
}

/** The menu entry that a location belongs to (longest matching page path). */
export function pageForPath(pathname: string): PageDef | undefined {
  let best: PageDef | undefined;
  for (const p of Object.values(PAGES)) {
    const match = p.path === '/' ? pathname === '/' : pathname === p.path || pathname.startsWith(`${p.path}/`);
    if (match && (!best || p.path.length > best.path.length)) best = p;
  }
  return best;
}

export type PermissionLevel = 'read' | 'write' | 'approve';

/** `["customer_master.read", "customer_master.write", "audit_log.read"]` → areas with their levels. */
export function summarizePermissions(permissions: readonly Permission[]): { area: string; levels: PermissionLevel[] }[] {
  const order: PermissionLevel[] = ['read', 'write', 'approve'];
  const areas = new Map<string, Set<PermissionLevel>>();
  for (const p of permissions) {
    const dot = p.lastIndexOf('.');
    if (dot <= 0) continue;
    const area = p.slice(0, dot);
    const level = p.slice(dot + 1);
    if (!order.includes(level as PermissionLevel)) continue;
    const set = areas.get(area) ?? new Set<PermissionLevel>();
    set.add(level as PermissionLevel);
    areas.set(area, set);
  }
  return [...areas].map(([area, set]) => ({ area, levels: order.filter((l) => set.has(l)) }));
}

/** Where to send a user whose session ended, so that they come back to the same page. */
export function loginPathFor(location: { pathname: string; search?: string; hash?: string }): string {
  const back = `${location.pathname}${location.search ?? ''}${location.hash ?? ''}`;
  if (!back || back === '/' || location.pathname.startsWith('/login')) return '/login';
  return `/login?next=${encodeURIComponent(back)}`;
}

/** The `next` parameter of the login page, accepted only when it is a path inside the app. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}
