// Customer rating in the browser: the business manager starts a rating run, watches it compute
// to a draft, overrides one customer's grade (a missing reason is refused at its field) and
// submits the run; the VP opens it from the approvals inbox, follows the link to its results and
// approves it; the salesman opens his customer and sees the new grade, its treatment and the
// history in the rating section (评级); the business manager then finds the visit the new tier
// plans for him (回访) and records it, and simulates a rating under a policy draft (模拟评级):
// a what-if run that lists the customers whose grade would change and is never submitted.
// On its own server (see global-setup.ts), with users, a product, the customer (first deal more
// than a year ago, recorded by the business manager, so that it is rated) and its signed contract
// set up through the API.
import { type Page } from '@playwright/test';
import { apiAdmin, apiGrantCredit, apiLogin, apiPost, apiUser, type Session } from './api';
import { dayFromToday } from './env';
import { expect, login, snap, test as base } from './fixtures';

function ratingsUrl(): string {
  const url = process.env.E2E_RATINGS_URL;
  if (!url) throw new Error('global-setup did not start the ratings backend');
  return url;
}

const test = base.extend({
  baseURL: async ({}, use) => {
    await use(ratingsUrl());
  },
});
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Ratings-E2e-Secret-2026!';
const MANAGER = { username: 'zhao.jingli', name: '赵经理' };
const VP = { username: 'qin.fuzong', name: '秦副总' };
const SALESMAN = { username: 'he.yewu', name: '何业务' };
const CUSTOMER = '石家庄星光市政照明有限公司';
const REASON = '省会路灯改造项目中标，回款稳定';

/** A business day `offset` days from the test day (E2E_TODAY). */
function day(offset: number): string {
  return dayFromToday(offset);
}

/**
 * Under the default policy the customer scores 65 (33万 of contracts: level 4; no open
 * receivables: level 1; a 10% premium: level 2; influence not assessed: level 4) — grade C; the
 * business manager makes it A, which the business manager revisits (general A, every 12 months).
 */
const COMPUTED = 'C';
const OVERRIDE = 'A';
let runPath = '';

test.beforeAll(async () => {
  const base = ratingsUrl();
  const admin = await apiAdmin(base);
  const office = await apiPost<{ id: number }>(admin, '/api/v1/offices', { code: 'HB-SJZ', name: '石家庄办事处', region: '华北' });
  await apiUser(admin, base, { username: MANAGER.username, display_name: MANAGER.name, roles: ['business_manager'], password: PASSWORD });
  await apiUser(admin, base, { username: VP.username, display_name: VP.name, roles: ['vice_president'], password: PASSWORD });
  await apiUser(admin, base, { username: SALESMAN.username, display_name: SALESMAN.name, roles: ['salesman'], office_id: office.id, password: PASSWORD });
  await admin.ctx.dispose();

  const manager = await apiLogin(base, MANAGER.username, PASSWORD);
  const product = await apiPost<{ id: number }>(manager, '/api/v1/products', {
    code: 'LED-150W',
    name: 'LED 路灯 150W',
    unit: '套',
    list_price_fen: 150_000,
    effective_from: day(-500),
  });
  // The salesman's customer, dealing with us for more than a year (rated, not a new customer).
  const sales = await apiLogin(base, SALESMAN.username, PASSWORD);
  const customer = await apiPost<{ id: number; version: number }>(sales, '/api/v1/customers', {
    name: CUSTOMER,
    phone: '0311-66667777',
    registration_date: day(-1200),
  });
  // Approved credit, so the review signs the contract (the credit check passes).
  const vp = await apiLogin(base, VP.username, PASSWORD);
  await apiGrantCredit(manager, vp, customer.id, 50_000_000);
  await vp.ctx.dispose();
  // Its first deal predates the system: the business department records it, with the reason.
  await apiPost(
    manager,
    `/api/v1/customers/${customer.id}/first-deal-date`,
    { version: customer.version, first_deal_date: day(-450), reason: '系统上线前的纸质合同' },
    200,
  );
  const draft = await apiPost<{ id: number; version: number }>(sales, '/api/v1/contracts', {
    customer_id: customer.id,
    credit_period_days: 30,
    credit_form: 'open_account',
    lines: [{ product_id: product.id, quantity: 200, price_fen: 165_000 }],
  });
  const submitted = await apiPost<{ version: number }>(sales, `/api/v1/contracts/${draft.id}/submit`, { version: draft.version }, 200);
  await apiPost(manager, `/api/v1/contracts/${draft.id}/review`, { version: submitted.version, outcome: 'approved', signed_on: day(-60), note: '' }, 200);
  await sales.ctx.dispose();
  await manager.ctx.dispose();
});

/**
 * Waits until no dialog, popover or dropdown is still moving in (a click on a moving target may
 * land on the mask behind it on a busy machine).
 */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('[class*="-appear-active"], [class*="-enter-active"], [class*="-leave-active"]')).toHaveCount(0);
}

/** Picks `option` in the antd Select that `trigger` opens, once the dropdown stands still. */
async function pick(page: Page, trigger: ReturnType<Page['locator']>, option: string): Promise<void> {
  await settled(page);
  await trigger.click();
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first();
  await expect(item).toBeVisible();
  await settled(page);
  await item.click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

/** Confirms the open popconfirm with its `button`, once it stands still. */
async function confirm(page: Page, button: string): Promise<void> {
  const ok = page.locator('.ant-popconfirm:visible').getByRole('button', { name: button });
  await expect(ok).toBeVisible();
  await settled(page);
  await ok.click();
  await expect(page.locator('.ant-popconfirm:visible')).toHaveCount(0);
}

/** Opens a dialog with `opener` and waits until it stands still. */
async function openDialog(page: Page, opener: ReturnType<Page['locator']>) {
  await settled(page);
  await opener.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await settled(page);
  return dialog;
}

async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
}

test('the business manager starts a rating run, overrides a grade with its reason and submits the run', async ({ page }) => {
  await login(page, MANAGER.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('客户评级', { exact: true }).click();
  await expect(page).toHaveURL(/\/ratings$/);

  const dialog = await openDialog(page, page.getByTestId('run-create'));
  await expect(dialog.getByLabel('评级日期')).toHaveValue(day(0));
  await snap(page, '80-rating-new');
  await dialog.getByRole('button', { name: '开始计算' }).click();
  await expect(page).toHaveURL(/\/ratings\/\d+$/);
  runPath = new URL(page.url()).pathname;

  // Polled every second until the run is a draft.
  await expect(page.getByTestId('run-status').first()).toHaveText('草稿', { timeout: 30_000 });
  await expect(page.getByTestId('run-grades')).toBeVisible();
  await expect(page.getByTestId('office-grades-chart')).toBeVisible();
  const row = page.getByTestId('results-table').getByRole('row', { name: new RegExp(CUSTOMER) });
  await expect(row).toContainText('参评');
  await expect(row.getByTestId('result-final-grade')).toHaveText(COMPUTED);
  await expect(row.getByTestId('result-total')).toHaveText('65');

  // The explanation of every step, in Chinese.
  await row.getByRole('button', { name: /展开|Expand/ }).click();
  await expect(page.getByTestId('result-explanation').first()).toBeVisible();
  await snap(page, '81-rating-run-draft');

  // The reason is mandatory: the server's refusal is shown at the field.
  const override = await openDialog(page, row.getByTestId('result-override'));
  await pick(page, override.getByTestId('override-grade'), OVERRIDE);
  await override.getByRole('button', { name: /保\s*存/ }).click();
  await expect(override.getByText('请说明调整理由')).toBeVisible();
  await override.getByTestId('override-reason').fill(REASON);
  await override.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('调整已保存')).toBeVisible();
  await expect(page.locator('.ant-modal:visible')).toHaveCount(0);
  await expect(row.getByTestId('result-final-grade')).toHaveText(OVERRIDE);
  await expect(row.getByTestId('result-computed-grade')).toHaveText(COMPUTED);
  await expect(page.getByTestId('run-count-overridden')).toContainText('1');
  // The rating table for review in Excel, with the filters on screen.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('results-export').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^rating-run-\d+\.xlsx$/);

  await page.getByTestId('run-submit').click();
  await confirm(page, '提交审批');
  await expect(page.getByText('已提交审批', { exact: true })).toBeVisible();
  await expect(page.getByTestId('run-status').first()).toHaveText('待审批');
  await expect(page.getByTestId('run-submit')).toHaveCount(0);
  await expect(page.getByTestId('result-override')).toHaveCount(0);
  await logout(page);
});

test('the VP opens the rating from the approvals inbox, reads the results and approves it', async ({ page }) => {
  await login(page, VP.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('审批中心', { exact: true }).click();
  await expect(page).toHaveURL(/\/approvals/);
  const row = page.getByTestId('approvals-table').getByRole('row', { name: /客户评级/ });
  await expect(row).toContainText('待审批');
  await expect(row).toContainText(`客户评级 ${day(0)}`);
  await expect(row.getByTestId('approval-rating-run')).toHaveAttribute('href', runPath);
  await row.getByTestId('approval-link').click();
  await expect(page.getByTestId('approval-rating-hint')).toBeVisible();

  // The results, read-only for the VP.
  await page.getByTestId('approval-rating-run').click();
  await expect(page).toHaveURL(new RegExp(`${runPath}$`));
  const result = page.getByTestId('results-table').getByRole('row', { name: new RegExp(CUSTOMER) });
  await expect(result.getByTestId('result-final-grade')).toHaveText(OVERRIDE);
  await result.getByRole('button', { name: /展开|Expand/ }).click();
  await expect(page.getByTestId('result-override-reason')).toContainText(REASON);
  await expect(page.getByTestId('run-submit')).toHaveCount(0);
  await expect(page.getByTestId('run-cancel')).toHaveCount(0);
  await page.getByTestId('run-approval').click();

  await page.getByTestId('approval-approve').click();
  await expect(page.getByTestId('approval-status').first()).toHaveText('已批准');
  await page.getByTestId('approval-rating-run').click();
  await expect(page.getByTestId('run-status').first()).toHaveText('已批准');

  // In English, the explanation too.
  await pick(page, page.getByTestId('language-switch'), 'English');
  await expect(page.getByTestId('run-status').first()).toHaveText('Approved');
  const approved = page.getByTestId('results-table').getByRole('row', { name: new RegExp(CUSTOMER) });
  await approved.getByRole('button', { name: /展开|Expand/ }).click();
  await expect(page.getByTestId('result-explanation')).toContainText('Strategic influence: not assessed');
  await expect(page.getByTestId('result-override-reason')).toContainText(REASON);
  await pick(page, page.getByTestId('language-switch'), '简体中文');
  await expect(page.getByTestId('run-status').first()).toHaveText('已批准');
  await logout(page);
});

test('the salesman sees the new grade, its treatment and history on his customer’s page', async ({ page }) => {
  await login(page, SALESMAN.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('客户列表', { exact: true }).click();
  await page.getByTestId('customers-table').getByRole('link', { name: CUSTOMER }).click();
  const section = page.getByTestId('customer-rating');
  await expect(section.getByTestId('customer-rating-grade')).toHaveText(OVERRIDE);
  await expect(section.getByTestId('customer-rating-category')).toHaveText('一般客户');
  await expect(section.getByTestId('customer-rating-treatment')).toContainText('发货优先级');
  await expect(section.getByTestId('customer-rating-revisits')).toContainText('个月一次');
  // Only the business manager and above assess the strategic influence.
  await expect(section.getByTestId('influence-assess')).toHaveCount(0);
  const history = section.getByTestId('customer-rating-history');
  await expect(history.getByTestId('history-grade')).toHaveText(OVERRIDE);
  await expect(history).toContainText('已调整');
  await history.getByRole('button', { name: /展开|Expand/ }).click();
  await expect(history).toContainText(REASON);
  await expect(history.getByTestId('history-explanation')).toBeVisible();
  await section.scrollIntoViewIfNeeded();
  await snap(page, '82-customer-rating');
  await logout(page);
});

test('the business manager assesses the influence and records the visit the new tier plans', async ({ page }) => {
  await login(page, MANAGER.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('客户列表', { exact: true }).click();
  await page.getByTestId('customers-table').getByRole('link', { name: CUSTOMER }).click();
  const section = page.getByTestId('customer-rating');
  const dialog = await openDialog(page, section.getByTestId('influence-assess'));
  await pick(page, dialog.getByTestId('influence-level-select'), '关键地位');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog.getByText('请说明评估理由')).toBeVisible();
  await dialog.getByTestId('influence-reason').fill('省会市政照明主要承包商');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.locator('.ant-modal:visible')).toHaveCount(0);
  await expect(section.getByTestId('influence-level')).toHaveText('关键地位');

  // General A is visited by the business manager: the approval planned the visit.
  await page.getByTestId('side-menu').getByText('回访', { exact: true }).click();
  await expect(page).toHaveURL(/\/revisits/);
  const visits = page.getByTestId('revisits-table').getByRole('row', { name: new RegExp(CUSTOMER) });
  await expect(visits).toHaveCount(1);
  const visit = visits.first();
  await expect(visit.getByTestId('revisit-status')).toHaveText('待回访');
  const record = await openDialog(page, visit.getByTestId('revisit-record'));
  await record.getByRole('button', { name: /保\s*存/ }).click();
  await expect(record.getByText('请填写回访内容')).toBeVisible();
  await record.getByTestId('revisit-content').fill('了解明年路灯改造计划');
  await record.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('回访已记录')).toBeVisible();
  // Recorded, and the next visit planned after it.
  await expect(visits).toHaveCount(2);
  await expect(visits.filter({ hasText: '已回访' })).toHaveCount(1);
  await expect(visits.filter({ hasText: '待回访' })).toHaveCount(1);
  // The compliance report counts visits due in the period: this one was due within a year.
  await page.getByTestId('revisits-tab-compliance').click();
  await expect(page).toHaveURL(/tab=compliance/);
  await page.goto(`/revisits?tab=compliance&from=${day(0)}&to=${day(800)}`);
  const tier = page.getByTestId('compliance-table').getByRole('row', { name: /一般客户 A 级/ });
  await expect(tier).toContainText('石家庄办事处');
  await expect(page.getByTestId('compliance-done')).toContainText('1');
  await snap(page, '83-revisits-compliance');
});

test('the business manager simulates a rating under a policy draft', async ({ page }) => {
  const manager: Session = await apiLogin(ratingsUrl(), MANAGER.username, PASSWORD);
  const draft = await apiPost<{ id: number }>(manager, '/api/v1/policies', { note: '2027 年度修订' });
  await manager.ctx.dispose();

  await login(page, MANAGER.username, PASSWORD, `/policies/${draft.id}`);
  await page.getByTestId('policy-simulate').click();
  await confirm(page, '模拟评级');
  await expect(page).toHaveURL(/\/ratings\/\d+\?changed=true$/);
  await expect(page.getByTestId('run-what-if').first()).toHaveText('模拟评级');
  await expect(page.getByTestId('run-status').first()).toHaveText('草稿', { timeout: 30_000 });
  await expect(page.getByTestId('run-what-if-hint')).toBeVisible();
  // Never submitted; the results are filtered to the changes: the customer approved as A (by
  // the override) would go back to its computed grade.
  await expect(page.getByTestId('run-submit')).toHaveCount(0);
  await expect(page.getByTestId('results-filter-changed')).toContainText('等级有变化');
  const row = page.getByTestId('results-table').getByRole('row', { name: new RegExp(CUSTOMER) });
  await expect(row.getByTestId('result-changed')).toHaveText(`原 ${OVERRIDE}`);
  await snap(page, '84-rating-what-if');
});
