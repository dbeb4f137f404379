// Policy versions (管理办法参数) in the browser: the business manager drafts a revision, enters an
// invalid grade threshold and is told so at the parameter, fixes it, is refused without an
// effective date (at the date), sets it and submits; the VP opens it from the approvals inbox,
// reads the change on the version page and approves; the list shows it approved and scheduled.
// A change of the credit part goes on from the VP to the GM. A draft can be withdrawn (its review
// rules and its monthly statements shown with their defaults, a downgrade count of 0 refused at the
// field first). On its own server (see global-setup.ts), with users set up through the API.
import type { Page } from '@playwright/test';
import { apiAdmin, apiUser } from './api';
import { E2E_TODAY } from './env';
import { expect, login, serverUrl, snap, test } from './fixtures';

test.use({ server: 'policies' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Policies-E2e-Secret-2026!';
const MANAGER = { username: 'qian.jingli', name: '钱经理' };
const VP = { username: 'sun.fuzong', name: '孙副总' };
const GM = { username: 'li.zongjingli', name: '李总经理' };
// An effective date that is never in the past while the suite runs.
const EFFECTIVE = `${Number(E2E_TODAY.slice(0, 4)) + 1}-01-01`;

test.beforeAll(async () => {
  const base = serverUrl('policies');
  const admin = await apiAdmin(base);
  await apiUser(admin, base, { username: MANAGER.username, display_name: MANAGER.name, roles: ['business_manager'], password: PASSWORD });
  await apiUser(admin, base, { username: VP.username, display_name: VP.name, roles: ['vice_president'], password: PASSWORD });
  await apiUser(admin, base, { username: GM.username, display_name: GM.name, roles: ['general_manager'], password: PASSWORD });
  await admin.ctx.dispose();
});

async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
}

/** The form item of a parameter (its label, its input and the messages under it). */
function item(page: Page, label: string) {
  return page.getByTestId('policy-form').locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
}

async function newDraft(page: Page, note: string): Promise<string> {
  await page.getByTestId('policy-create').click();
  const modal = page.getByTestId('policy-new-draft');
  await expect(modal.getByText('草稿复制现行的第 1 版')).toBeVisible();
  await modal.getByLabel(/说明/).fill(note);
  await modal.getByRole('button', { name: /新\s*建/ }).click();
  await expect(page).toHaveURL(/\/policies\/\d+$/);
  await expect(page.getByTestId('policy-form')).toBeVisible();
  return new URL(page.url()).pathname;
}

async function submitDraft(page: Page): Promise<void> {
  await page.getByTestId('policy-submit').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '提交审批' }).click();
}

async function setEffectiveDate(page: Page, date: string): Promise<void> {
  const input = page.getByLabel('生效日期', { exact: true });
  await input.fill(date);
  await input.press('Enter');
  await expect(input).toHaveValue(date);
}

/** Opens the newest pending request in the approvals inbox whose title matches. */
async function openFromInbox(page: Page, title: string): Promise<void> {
  await page.getByTestId('side-menu').getByText('审批中心', { exact: true }).click();
  await expect(page).toHaveURL(/\/approvals/);
  const row = page.getByTestId('approvals-table').getByRole('row', { name: new RegExp(title) });
  await expect(row).toContainText('待审批');
  await row.getByTestId('approval-link').click();
  await expect(page.getByTestId('approval-title')).toHaveText(title);
}

let revisionPath = '';

test('the business manager drafts a revision, is told about an invalid threshold at the parameter, fixes it, sets the date and submits', async ({ page }) => {
  await login(page, MANAGER.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('管理办法参数', { exact: true }).click();
  await expect(page).toHaveURL(/\/policies$/);
  const table = page.getByTestId('policies-table');
  await expect(table.getByRole('row', { name: /第 1 版/ })).toContainText('已批准');
  await expect(table.getByRole('row', { name: /第 1 版/ })).toContainText('现行');

  revisionPath = await newDraft(page, '2027 年度修订：B 级门槛调整');
  await expect(page.getByTestId('policy-title')).toHaveText('管理办法参数 · 第 2 版');
  await expect(page.getByTestId('policy-status').first()).toHaveText('草稿');
  // A fresh copy passes every check.
  await expect(page.getByTestId('policy-no-problems')).toBeVisible();

  // Grade B above grade A: saved as a draft, but named at the parameter.
  await page.getByLabel('B 级门槛（分）', { exact: true }).fill('90');
  await page.getByTestId('policy-save').click();
  await expect(item(page, 'B 级门槛（分）')).toContainText('B 级门槛须大于 0 且低于 A 级门槛');
  await expect(page.getByTestId('policy-problems')).toContainText('此草稿有 1 个问题');
  await expect(page.getByTestId('policy-problems')).toContainText('B 级门槛（分）：B 级门槛须大于 0 且低于 A 级门槛');
  await snap(page, '70-policy-problem', { height: 1400 });

  await page.getByLabel('B 级门槛（分）', { exact: true }).fill('72');
  await page.getByTestId('policy-save').click();
  await expect(page.getByText('草稿已保存', { exact: true })).toBeVisible();
  await expect(page.getByTestId('policy-problems')).toHaveCount(0);
  await expect(item(page, 'B 级门槛（分）')).not.toContainText('B 级门槛须大于 0');

  // Without an effective date the submission is refused, at the date.
  await submitDraft(page);
  await expect(item(page, '生效日期')).toContainText('请设置生效日期');
  await expect(page.getByTestId('policy-error')).toContainText('草稿还有问题');

  await setEffectiveDate(page, EFFECTIVE);
  // The change against version 1, with readable names and units.
  await page.getByTestId('policy-tab-changes').click();
  await expect(page.getByTestId('policy-changes-table')).toContainText('B 级门槛（分）');
  await expect(page.getByTestId('policy-changes-table')).toContainText('70 分');
  await expect(page.getByTestId('policy-changes-table')).toContainText('72 分');
  await expect(page.getByTestId('policy-changes-credit')).toContainText('信用政策部分没有修改');
  await page.getByTestId('policy-tab-edit').click();

  // Submitting saves the unsaved date first.
  await submitDraft(page);
  await expect(page.getByText('已提交主管副总经理审批', { exact: true })).toBeVisible();
  await expect(page.getByTestId('policy-status').first()).toHaveText('待副总经理审批');
  await expect(page.getByTestId('policy-form')).toHaveCount(0);
  await expect(page.getByTestId('policy-effective')).toHaveText(EFFECTIVE);
  await expect(page.getByTestId('policy-details')).toContainText(MANAGER.name);
  await logout(page);
});

test('the VP opens the revision from the approvals inbox, reads the change and approves it; the list shows it approved', async ({ page }) => {
  await login(page, VP.username, PASSWORD);
  await openFromInbox(page, '管理办法第 2 版修订');
  await expect(page.getByTestId('approval-details')).toContainText(EFFECTIVE);
  await expect(page.getByTestId('approval-policy-hint')).toBeVisible();

  await page.getByTestId('approval-policy').click();
  await expect(page).toHaveURL(new RegExp(`${revisionPath}$`));
  // A version with changes opens on them.
  const changes = page.getByTestId('policy-changes-table');
  await expect(changes).toContainText('B 级门槛（分）');
  await expect(changes).toContainText('70 分');
  await expect(changes).toContainText('72 分');
  // The VP reads, but does not edit.
  await expect(page.getByTestId('policy-form')).toHaveCount(0);
  await expect(page.getByTestId('policy-submit')).toHaveCount(0);
  // The whole document as the measures' tables.
  await page.getByTestId('policy-tab-document').click();
  await expect(page.getByTestId('policy-doc-grades')).toContainText('≥ 72 分且 < 85 分');
  await expect(page.getByTestId('policy-doc-rating')).toContainText('≥ 500万元');
  await expect(page.getByTestId('policy-doc-treatment')).toContainText('大客户 A 级');
  await snap(page, '71-policy-document', { height: 2400 });

  // Back to the request (switching tabs does not add to the history).
  await page.goBack();
  await expect(page.getByTestId('approval-title')).toHaveText('管理办法第 2 版修订');
  await page.getByTestId('approval-approve').click();
  await expect(page.getByTestId('approval-status').first()).toHaveText('已批准');

  await page.getByTestId('approval-policy').click();
  await expect(page.getByTestId('policy-status').first()).toHaveText('已批准');
  await expect(page.getByTestId('policy-in-force').first()).toHaveText('待生效');
  await page.getByTestId('policy-back').click();
  const row = page.getByTestId('policies-table').getByRole('row', { name: /第 2 版/ });
  await expect(row).toContainText('已批准');
  await expect(row).toContainText('待生效');
  await expect(row).toContainText(EFFECTIVE);
  // The status filter lives in the URL.
  await page.getByTestId('policies-filter-status').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^草稿$/ }).click();
  await expect(page).toHaveURL(/status=draft/);
  await expect(page.getByTestId('policies-table')).toContainText('没有符合条件的记录');
  await page.getByTestId('policies-filter-status').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^已批准$/ }).click();
  await expect(page).toHaveURL(/status=approved/);
  await page.reload();
  await expect(page.getByTestId('policies-table').getByRole('row', { name: /第 2 版/ })).toContainText('已批准');
  await expect(page.getByTestId('policies-table').getByRole('row', { name: /第 1 版/ })).toContainText('现行');
  await snap(page, '72-policy-list');
  await logout(page);
});

test('a change of the credit part goes from the VP on to the GM; a draft can be withdrawn', async ({ page }) => {
  await login(page, MANAGER.username, PASSWORD, '/policies');
  const creditPath = await newDraft(page, '放宽副总经理放行额度');
  await expect(page.getByTestId('policy-title')).toHaveText('管理办法参数 · 第 3 版');
  await page.getByLabel('副总经理放行受阻发货的金额上限', { exact: true }).fill('80');
  await setEffectiveDate(page, EFFECTIVE);
  await submitDraft(page);
  await expect(page.getByTestId('policy-status').first()).toHaveText('待副总经理审批');
  await expect(page.getByTestId('policy-changes-table')).toContainText('副总经理放行受阻发货的金额上限');
  await expect(page.getByTestId('policy-changes-credit')).toContainText('信用政策部分有修改');
  await logout(page);

  // The VP approves: the GM decides the credit part.
  await login(page, VP.username, PASSWORD);
  await openFromInbox(page, '管理办法第 3 版修订');
  await page.getByTestId('approval-approve').click();
  await expect(page.getByTestId('approval-status').first()).toHaveText('已批准');
  await page.getByTestId('approval-policy').click();
  await expect(page.getByTestId('policy-status').first()).toHaveText('待总经理审批');
  await logout(page);

  await login(page, GM.username, PASSWORD);
  await openFromInbox(page, '管理办法第 3 版（信用政策部分）');
  await expect(page.getByTestId('approval-details')).toContainText('信用政策修订');
  await expect(page.getByTestId('approval-policy-hint')).toContainText('主管副总经理已批准此版本');
  await page.getByTestId('approval-policy').click();
  await expect(page).toHaveURL(new RegExp(`${creditPath}$`));
  const changes = page.getByTestId('policy-changes-table');
  await expect(changes).toContainText('信用政策');
  await expect(changes).toContainText('副总经理放行受阻发货的金额上限');
  await expect(changes).toContainText('50万元');
  await expect(changes).toContainText('80万元');
  await snap(page, '73-policy-credit-changes');
  await page.goBack();
  await page.getByTestId('approval-approve').click();
  await expect(page.getByTestId('approval-status').first()).toHaveText('已批准');
  await page.getByTestId('approval-policy').click();
  await expect(page.getByTestId('policy-status').first()).toHaveText('已批准');
  await page.getByTestId('policy-tab-document').click();
  await expect(page.getByTestId('policy-doc-credit-rules')).toContainText('80万元以内由主管副总经理放行');
  await expect(page.getByTestId('policy-doc-credit-rules')).toContainText('应收余额不低于额度的 80%，建议升级');
  await expect(page.getByTestId('policy-doc-credit-rules')).toContainText('每月第 1 个工作日，系统自动把上月对账单（附 .xlsx）邮件发送给有未结余额、且参加月度对账的客户。');
  await logout(page);

  // A draft nobody wants any more is withdrawn.
  await login(page, MANAGER.username, PASSWORD, '/policies');
  await newDraft(page, '试写，不提交');
  // The review rules (信用升降级评审) are edited with the credit part, from the defaults; a downgrade
  // count of 0 is refused at its field (below 1, and not above what an upgrade allows).
  // The monthly statements (月度对账单) too: the schedule on, on the first working day.
  const statements = page.getByTestId('policy-edit-statements');
  await expect(statements).toContainText('月度对账单');
  await expect(statements.getByRole('checkbox')).toBeChecked();
  await expect(statements.getByLabel('月度对账日（每月第几个工作日）', { exact: true })).toHaveValue('1');
  const review = page.getByTestId('policy-edit-review');
  await expect(review).toContainText('升降级评审规则');
  await expect(review.getByLabel('升级：额度使用率不低于（%）', { exact: true })).toHaveValue('80');
  await expect(review.getByLabel('降级：最长逾期达到（天）', { exact: true })).toHaveValue('60');
  await review.getByLabel('降级：逾期笔数达到', { exact: true }).fill('0');
  await page.getByTestId('policy-save').click();
  await expect(item(page, '降级：逾期笔数达到')).toContainText('须在 1 到 1000 之间');
  await expect(item(page, '降级：逾期笔数达到')).toContainText('须大于升级允许的逾期笔数');
  await expect(page.getByTestId('policy-problems')).toContainText('降级：逾期笔数达到：须大于升级允许的逾期笔数');
  await page.getByTestId('policy-withdraw').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /撤\s*回/ }).click();
  await expect(page.getByText('版本已撤回', { exact: true })).toBeVisible();
  await expect(page.getByTestId('policy-status').first()).toHaveText('已撤回');
  await expect(page.getByTestId('policy-form')).toHaveCount(0);
  await page.getByTestId('policy-back').click();
  const table = page.getByTestId('policies-table');
  await expect(table.getByRole('row', { name: /第 3 版/ })).toContainText('已批准');
  await expect(table.getByRole('row', { name: /第 4 版/ })).toContainText('已撤回');
});
