// Borrowing, approvals, notifications and the customer dossier in the browser: a salesman of
// another office is refused a duplicate of a customer outside his scope and asks for access; the
// business manager sees the request in the bell and approves it; the salesman then opens the
// customer's card. The owner keeps the dossier: an interaction, a key person edited with its
// history, a financial statement with the ratio chart; finance sees the key person without the
// personal details. On its own server (see global-setup.ts), with users set up through the API.
import { apiAdmin, apiLogin, apiPost, apiUser } from './api';
import { dayFromToday } from './env';
import { expect, expectNoModal, login, pickOption, serverUrl, snap, test } from './fixtures';

test.use({ server: 'dossier' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Dossier-E2e-Secret-2026!';
const ZHANG = { username: 'zhang.san', name: '张三' };
const LI = { username: 'li.si', name: '李四' };
const MANAGER = { username: 'wang.jingli', name: '王经理' };
const FINANCE = { username: 'qian.caiwu', name: '钱财务' };
const CUSTOMER = { name: '河北纪元光电有限公司', creditCode: '91130100MA07L7QG1A' };
const REASON = '下周到石家庄拜访，需先了解该客户的往来和信用情况';

let customerId = 0;

/** A day before the test day, as YYYY-MM-DD. */
function daysAgo(days: number): string {
  return dayFromToday(-days);
}

test.beforeAll(async () => {
  const base = serverUrl('dossier');
  const admin = await apiAdmin(base);
  const sjz = await apiPost<{ id: number }>(admin, '/api/v1/offices', { code: 'HB-SJZ', name: '石家庄办事处', region: '华北' });
  const bd = await apiPost<{ id: number }>(admin, '/api/v1/offices', { code: 'HB-BD', name: '保定办事处', region: '华北' });
  await apiUser(admin, base, { username: ZHANG.username, display_name: ZHANG.name, roles: ['salesman'], office_id: sjz.id, password: PASSWORD });
  await apiUser(admin, base, { username: LI.username, display_name: LI.name, roles: ['salesman'], office_id: bd.id, password: PASSWORD });
  await apiUser(admin, base, { username: MANAGER.username, display_name: MANAGER.name, roles: ['business_manager'], password: PASSWORD });
  await apiUser(admin, base, { username: FINANCE.username, display_name: FINANCE.name, roles: ['finance'], password: PASSWORD });
  await admin.ctx.dispose();
  // The customer of office A (石家庄), owned by 张三.
  const zhang = await apiLogin(base, ZHANG.username, PASSWORD);
  ({ id: customerId } = await apiPost<{ id: number }>(zhang, '/api/v1/customers', {
    name: CUSTOMER.name,
    credit_code: CUSTOMER.creditCode,
    address: '河北省石家庄市高新区长江大道 88 号',
    phone: '0311-88886666',
  }));
  await zhang.ctx.dispose();
});

async function logout(page: import('@playwright/test').Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
}

test('a salesman of another office asks for access from the duplicate refusal; the manager approves it from the bell; the salesman opens the card', async ({ page }) => {
  // 李四 (保定) registers the same company: refused, without its details, with the offer to borrow it.
  await login(page, LI.username, PASSWORD, '/customers');
  await page.getByTestId('customer-create').click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel('客户名称').fill('保定某光电公司');
  await form.getByLabel('统一社会信用代码').fill(CUSTOMER.creditCode);
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expect(form.getByTestId('duplicate-hidden')).toContainText('不在您的数据范围内');
  await expect(form).not.toContainText(CUSTOMER.name);
  await form.getByTestId('request-access').click();

  const borrow = page.getByTestId('borrow-form');
  await expect(borrow.getByTestId('borrow-target')).toContainText(`统一社会信用代码：${CUSTOMER.creditCode}`);
  await borrow.getByRole('button', { name: '提交申请' }).click();
  await expect(borrow.getByText('请填写借阅原因')).toBeVisible();
  await borrow.getByLabel('借阅原因').fill(REASON);
  // At most 30 days: more is brought back to 30.
  await borrow.getByLabel('借阅天数').fill('31');
  await borrow.getByLabel('借阅原因').click();
  await expect(borrow.getByLabel('借阅天数')).toHaveValue('30');
  await borrow.getByLabel('借阅天数').fill('7');
  await snap(page, '30-borrow-request', { height: 1200 });
  await borrow.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByTestId('borrow-requested')).toContainText('借阅申请已提交');
  await form.getByRole('button', { name: /取\s*消/ }).click();
  await expectNoModal(page);

  // In "my requests": pending, and the customer is not named to the borrower.
  await page.getByTestId('side-menu').getByText('审批中心', { exact: true }).click();
  await expect(page).toHaveURL(/\/approvals$/);
  await expect(page.getByTestId('approvals-tab-mine')).toBeVisible();
  await expect(page.getByTestId('approvals-tab-inbox')).toHaveCount(0);
  const table = page.getByTestId('approvals-table');
  await expect(table).toContainText('资料借阅');
  await expect(table).toContainText('待审批');
  await expect(table).not.toContainText(CUSTOMER.name);
  await snap(page, '31-approvals-mine');
  await logout(page);

  // The business manager: one unread notification, one request waiting.
  await login(page, MANAGER.username, PASSWORD);
  const bell = page.getByTestId('notification-bell');
  await expect(bell).toHaveAttribute('aria-label', '通知：1 条未读');
  await expect(page.getByTestId('header-approvals')).toHaveAttribute('aria-label', '审批中心：1 件待我审批');
  await bell.click();
  const item = page.getByTestId('notification-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('新的审批申请');
  await expect(item).toContainText(LI.name);
  await snap(page, '32-manager-bell');
  await item.click();
  await expect(page).toHaveURL(/\/approvals\/\d+$/);
  await expect(bell).toHaveAttribute('aria-label', '通知：0 条未读');

  const details = page.getByTestId('approval-details');
  await expect(details).toContainText(LI.name);
  await expect(details).toContainText(REASON);
  await expect(details).toContainText('7 天');
  await expect(details).toContainText(CUSTOMER.name);
  // Rejecting needs a comment; approving does not, but this one gives one.
  await page.getByTestId('approval-reject').click();
  await expect(page.getByText('驳回时请填写意见，告知申请人原因')).toBeVisible();
  await page.getByLabel('审批意见').fill('同意借阅 7 天，拜访后请及时反馈');
  await page.getByTestId('approval-approve').click();
  await expect(page.getByTestId('approval-status')).toHaveText('已批准');
  await expect(page.getByTestId('approval-decide')).toHaveCount(0);
  const history = page.getByTestId('approval-history');
  await expect(history).toContainText('提交申请');
  await expect(history).toContainText('批准');
  await expect(history).toContainText('同意借阅 7 天，拜访后请及时反馈');
  await expect(page.getByTestId('header-approvals')).toHaveAttribute('aria-label', '审批中心：0 件待我审批');
  await snap(page, '33-approval-approved');

  // Decided: no longer in the inbox, listed under "decided by me".
  await page.getByTestId('approval-back').click();
  await expect(page.getByTestId('approvals-table')).toContainText('暂无数据');
  await page.getByTestId('approvals-tab-decided').click();
  await expect(page).toHaveURL(/box=decided/);
  await expect(page.getByTestId('approvals-table')).toContainText(CUSTOMER.name);
  await expect(page.getByTestId('approvals-table')).toContainText('已批准');
  await logout(page);

  // 李四 is told, and opens the customer's card through the loan.
  await login(page, LI.username, PASSWORD);
  await expect(bell).toHaveAttribute('aria-label', '通知：1 条未读');
  await bell.click();
  await expect(item).toContainText('申请已批准');
  await item.click();
  await expect(page.getByTestId('approval-status')).toHaveText('已批准');
  await page.getByTestId('approval-customer').click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerId}$`));
  await expect(page.getByTestId('customer-name')).toHaveText(CUSTOMER.name);
  await expect(page.getByTestId('customer-dossier')).toBeVisible();
  // A loan lends the file for reading: the page says so and offers no change.
  await expect(page.getByTestId('customer-borrowed-notice')).toContainText('可以查看，不能修改');
  await expect(page.getByTestId('customer-edit')).toHaveCount(0);
  await expect(page.getByTestId('customer-change-status')).toHaveCount(0);
  const dossierCard = page.getByTestId('customer-dossier');
  await expect(dossierCard.getByTestId('dossier-section-characteristics')).toBeVisible();
  await expect(dossierCard.getByTestId('dossier-section-create')).toHaveCount(0);
  await expect(dossierCard.getByTestId('dossier-section-edit')).toHaveCount(0);
  await page.getByTestId('dossier-tab-grants').click();
  const grants = page.getByTestId('dossier-grants');
  await expect(grants).toContainText(LI.name);
  await expect(grants).toContainText(REASON);
  await expect(grants).toContainText(/剩余 [67] 天/);
  await snap(page, '34-borrower-card');
});

test('the owner adds an interaction and a key person, sees the history after an edit, and records the financials', async ({ page }) => {
  await login(page, ZHANG.username, PASSWORD, `/customers/${customerId}`);
  const dossier = page.getByTestId('customer-dossier');
  await expect(dossier).toBeVisible();

  // A profile section: written when missing.
  await expect(page.getByTestId('dossier-section-characteristics')).toContainText('尚未填写客户特征');
  await page.getByTestId('dossier-section-create').click();
  const form = page.getByTestId('dossier-form');
  await form.getByLabel('服务区域').fill('华北五省');
  await form.getByLabel('发展潜力').fill('光伏组件扩产，需求逐年增长');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expectNoModal(page);
  await expect(page.getByTestId('dossier-section-characteristics')).toContainText('华北五省');
  await expect(page.getByTestId('dossier-section-characteristics')).toContainText(ZHANG.name);

  // An interaction (往来记录).
  await page.getByTestId('dossier-tab-interaction').click();
  await page.getByTestId('dossier-list-interaction').getByTestId('dossier-entry-add').click();
  await form.getByLabel('日期').fill(daysAgo(2));
  await form.getByLabel('日期').press('Enter');
  await pickOption(page, form.getByLabel('方式'), '会议');
  await form.getByLabel('参与人员').fill('王总、李采购');
  await form.getByLabel('内容').fill('介绍新一代 LED 模组，客户关注交期与价格');
  await form.getByLabel('后续跟进').fill('月底前报价');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expectNoModal(page);
  const interactions = page.getByTestId('dossier-list-interaction');
  await expect(interactions).toContainText('介绍新一代 LED 模组');
  await expect(interactions).toContainText('会议');
  await expect(interactions).toContainText(daysAgo(2));
  await expect(page.getByTestId('dossier-tab-interaction')).toContainText('1');
  await snap(page, '35-dossier-interaction');

  // A key person: the server's content.phone error lands on the phone field.
  await page.getByTestId('dossier-tab-key_person').click();
  const people = page.getByTestId('dossier-list-key_person');
  await people.getByTestId('dossier-entry-add').click();
  await form.getByLabel('姓名').fill('王总');
  await form.getByLabel('职务').fill('总经理');
  await form.getByLabel('电话').fill('abc');
  await form.getByLabel('爱好').fill('钓鱼');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expect(form.locator('.ant-form-item-explain-error')).toHaveText('电话号码应为 7–20 位数字（可含 -、空格、+）');
  await form.getByLabel('电话').fill('13800138000');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expectNoModal(page);
  await expect(people).toContainText('王总');
  await expect(people).toContainText('13800138000');

  // Edited with the version read; the history keeps both versions and marks the change.
  await people.getByTestId('dossier-entry-edit').click();
  await expect(form.getByLabel('爱好')).toHaveValue('钓鱼');
  await form.getByLabel('爱好').fill('登山');
  await form.getByLabel('年龄').fill('52');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expectNoModal(page);
  await expect(people).toContainText('52');
  await people.getByTestId('dossier-entry-history').click();
  const drawer = page.getByTestId('dossier-history');
  const versions = drawer.getByTestId('dossier-version');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toContainText('第 2 版');
  await expect(versions.nth(0)).toContainText('当前');
  await expect(versions.nth(0)).toContainText('登山');
  await expect(versions.nth(0).locator('del', { hasText: '钓鱼' })).toBeVisible();
  await expect(versions.nth(1)).toContainText('第 1 版');
  await expect(versions.nth(1)).toContainText('新建');
  await snap(page, '36-key-person-history');
  await page.keyboard.press('Escape');
  await expect(drawer).toHaveCount(0);

  // Financial statements: 2024 through the API, 2025 on the form in 元; the ratios and the chart.
  const zhang = await apiLogin(serverUrl('dossier'), ZHANG.username, PASSWORD);
  await apiPost(zhang, `/api/v1/customers/${customerId}/dossier`, {
    kind: 'financial_statement',
    content: {
      period: '2024',
      revenue_fen: 800_000_000,
      net_profit_fen: 40_000_000,
      total_assets_fen: 1_800_000_000,
      total_liabilities_fen: 900_000_000,
      current_assets_fen: 500_000_000,
      current_liabilities_fen: 400_000_000,
    },
  });
  await zhang.ctx.dispose();
  await page.reload();
  await page.getByTestId('dossier-tab-financial_statement').click();
  const financials = page.getByTestId('dossier-list-financial_statement');
  await financials.getByTestId('dossier-entry-add').click();
  await form.getByLabel('期间').fill('2025');
  await form.getByLabel('营业收入').fill('10,000,000');
  await expect(form.getByText('即 1,000.00万元')).toBeVisible();
  await form.getByLabel('净利润').fill('800000.5');
  await form.getByLabel('资产总额').fill('20000000');
  await form.getByLabel('负债总额').fill('9000000');
  await form.getByLabel('流动资产').fill('6000000');
  await form.getByLabel('流动负债').fill('4000000');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expectNoModal(page);
  const rows = page.getByTestId('financials-table').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(2);
  // Newest period first.
  await expect(rows.nth(0)).toContainText('2025');
  await expect(rows.nth(0)).toContainText('¥10,000,000.00');
  await expect(rows.nth(0)).toContainText('¥800,000.50');
  await expect(rows.nth(0).getByTestId('ratio-current_ratio')).toHaveText('1.50');
  await expect(rows.nth(0).getByTestId('ratio-debt_ratio')).toHaveText('45.00%');
  await expect(rows.nth(0).getByTestId('ratio-net_margin')).toHaveText('8.00%');
  await expect(rows.nth(1).getByTestId('ratio-current_ratio')).toHaveText('1.25');
  await expect(page.getByTestId('ratio-chart').locator('canvas')).toHaveCount(1);
  await snap(page, '37-financials-chart');

  // The borrow form of the approvals page names the customer by name here; this one is in the
  // owner's scope already, which the server says.
  await page.getByTestId('side-menu').getByText('审批中心', { exact: true }).click();
  await page.getByTestId('borrow-create').click();
  const borrow = page.getByTestId('borrow-form');
  await borrow.locator('.ant-radio-button-wrapper', { hasText: '客户名称' }).click();
  await borrow.getByRole('textbox', { name: '客户名称' }).fill(CUSTOMER.name);
  await borrow.getByLabel('借阅原因').fill('核对');
  await borrow.getByRole('button', { name: '提交申请' }).click();
  await expect(borrow.locator('.ant-alert-error')).toHaveText('该客户已在您的数据范围内，无需借阅');
  await borrow.locator('.ant-radio-button-wrapper', { hasText: '客户 ID' }).click();
  await borrow.getByRole('textbox', { name: '客户 ID' }).fill('999999');
  await borrow.getByRole('button', { name: '提交申请' }).click();
  await expect(borrow.locator('.ant-alert-error')).toHaveText('没有找到这个客户，请核对后再试');
});

test('finance reads the financials but not the personal details of key people', async ({ page }) => {
  await login(page, FINANCE.username, PASSWORD, `/customers/${customerId}?tab=key_person`);
  const people = page.getByTestId('dossier-list-key_person');
  await expect(people).toContainText('王总');
  await expect(people).toContainText('您无权查看关键人物的个人信息');
  await expect(people.getByTestId('dossier-restricted').first()).toBeVisible();
  await expect(people).not.toContainText('13800138000');
  await expect(people.getByTestId('dossier-entry-add')).toHaveCount(0);
  await snap(page, '38-key-person-restricted');
  await page.getByTestId('dossier-tab-financial_statement').click();
  await expect(page.getByTestId('financials-table')).toContainText('¥10,000,000.00');
  await expect(page.getByTestId('dossier-list-financial_statement').getByTestId('dossier-entry-add')).toHaveCount(0);

  // The same card in English.
  await pickOption(page, page.getByTestId('language-switch'), 'English');
  await expect(page.getByTestId('dossier-tab-financial_statement')).toContainText('Financial statements');
  await expect(page.getByTestId('financials-table')).toContainText('Debt ratio');
  await snap(page, '39-financials-en');
});
