// New-customer development plans (新客户开发计划) in the browser: an office director drafts a plan
// with two prospects (one owned by a salesman of the office), is told what is missing, saves,
// changes and submits it; the business department is notified, opens it from the bell and
// comments; the director is notified of the comment and reads it. A salesman has no such page.
// On its own server (see global-setup.ts), with users set up through the API.
import { apiAdmin, apiUser } from './api';
import { expect, login, searchAndPick, serverUrl, snap, test } from './fixtures';

test.use({ server: 'customerbase' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Plans-E2e-Secret-2026!';
const DIRECTOR = { username: 'zhou.zhuren', name: '周主任' };
const SALESMAN = { username: 'wu.yewu', name: '吴业务' };
const STAFF = { username: 'zheng.tongji', name: '郑统计' };
const VP = { username: 'feng.fuzong', name: '冯副总' };
const FIRST = { name: '唐山某照明工程公司', reason: '市政路灯改造项目多，预算已批', date: '2027-06-30' };
const SECOND = { name: '秦皇岛某港口物流公司', reason: '新建仓储园区，需大量工矿灯', date: '2027-09-30' };
const COMMENT = '重点跟进唐山项目，业务部可安排技术支持';

let planPath = '';

test.beforeAll(async () => {
  const base = serverUrl('customerbase');
  const admin = await apiAdmin(base);
  const res = await admin.ctx.post('/api/v1/offices', { headers: admin.headers, data: { code: 'HB-TS', name: '唐山办事处', region: '华北' } });
  expect(res.status()).toBe(201);
  const office = (await res.json()) as { id: number };
  await apiUser(admin, base, { username: DIRECTOR.username, display_name: DIRECTOR.name, roles: ['office_director'], office_id: office.id, password: PASSWORD });
  await apiUser(admin, base, { username: SALESMAN.username, display_name: SALESMAN.name, roles: ['salesman'], office_id: office.id, password: PASSWORD });
  await apiUser(admin, base, { username: STAFF.username, display_name: STAFF.name, roles: ['business_staff'], password: PASSWORD });
  await apiUser(admin, base, { username: VP.username, display_name: VP.name, roles: ['vice_president'], password: PASSWORD });
  await admin.ctx.dispose();
});

async function logout(page: import('@playwright/test').Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
}

test('an office director drafts a plan, is told what is missing, changes and submits it', async ({ page }) => {
  await login(page, DIRECTOR.username, PASSWORD);
  const menu = page.getByTestId('side-menu');
  await menu.getByText('新客户开发计划', { exact: true }).click();
  await expect(page).toHaveURL(/\/development-plans$/);
  await expect(page.getByTestId('plans-table')).toContainText('暂无数据');
  // An office director sees only the office's plans: no office filter.
  await expect(page.getByTestId('plans-filter-office')).toHaveCount(0);
  await page.getByTestId('plan-create').click();
  await expect(page).toHaveURL(/\/development-plans\/new$/);
  await expect(page.getByText('唐山办事处的新客户开发计划')).toBeVisible();

  const form = page.getByTestId('plan-form');
  await form.getByLabel('计划期间').fill('2027');
  const line1 = page.getByTestId('plan-line').nth(0);
  await line1.getByLabel('客户名称').fill(FIRST.name);
  // Nothing else: the form says what is missing before anything is sent.
  await page.getByTestId('plan-save').click();
  await expect(line1.getByText('请填写开发理由')).toBeVisible();
  await expect(line1.getByText('请选择目标日期')).toBeVisible();
  await line1.getByLabel('开发理由').fill(FIRST.reason);
  await line1.getByLabel('目标日期').fill(FIRST.date);
  await line1.getByLabel('目标日期').press('Enter');
  await searchAndPick(page, line1.getByLabel('负责人'), '/users/lookup', '吴', SALESMAN.name);

  await page.getByTestId('plan-line-add').click();
  const line2 = page.getByTestId('plan-line').nth(1);
  await line2.getByLabel('客户名称').fill(SECOND.name);
  // Whitespace is no reason.
  await line2.getByLabel('开发理由').fill('   ');
  await line2.getByLabel('目标日期').fill(SECOND.date);
  await line2.getByLabel('目标日期').press('Enter');
  await page.getByTestId('plan-save').click();
  await expect(line2.getByText('请填写开发理由')).toBeVisible();
  await line2.getByLabel('开发理由').fill(SECOND.reason);
  await snap(page, '60-plan-new', { height: 1300 });
  await page.getByTestId('plan-save').click();

  await expect(page).toHaveURL(/\/development-plans\/\d+$/);
  planPath = new URL(page.url()).pathname;
  await expect(page.getByTestId('plan-title')).toHaveText('新客户开发计划 · 2027');
  await expect(page.getByTestId('plan-status').first()).toHaveText('草稿');
  await expect(page.getByTestId('plan-details')).toContainText('唐山办事处');
  // The owner is named (the API gives the id only).
  await expect(page.getByTestId('plan-line').nth(0).getByTestId('plan-line-owner')).toContainText(SALESMAN.name);

  // A second plan for the same period is refused on the period field.
  await page.getByTestId('plan-back').click();
  await expect(page.getByTestId('plans-table')).toContainText('草稿');
  await page.getByTestId('plan-create').click();
  await page.getByTestId('plan-form').getByLabel('计划期间').fill('2027');
  const dup = page.getByTestId('plan-line').nth(0);
  await dup.getByLabel('客户名称').fill('重复');
  await dup.getByLabel('开发理由').fill('重复');
  await dup.getByLabel('目标日期').fill('2027-12-31');
  await dup.getByLabel('目标日期').press('Enter');
  await page.getByTestId('plan-save').click();
  await expect(page.getByTestId('plan-form').getByText('本办事处已有该期间的开发计划')).toBeVisible();
  await page.goto(planPath);

  // Save is offered once something changed; the change is kept.
  await expect(page.getByTestId('plan-save')).toBeDisabled();
  await page.getByTestId('plan-line').nth(1).getByLabel('开发理由').fill(`${SECOND.reason}；明年一季度招标`);
  await page.getByTestId('plan-save').click();
  await expect(page.getByText('已保存', { exact: true })).toBeVisible();
  await expect(page.getByTestId('plan-save')).toBeDisabled();
  await page.reload();
  await expect(page.getByTestId('plan-line').nth(1).getByLabel('开发理由')).toHaveValue(`${SECOND.reason}；明年一季度招标`);

  // Submitted: no longer editable.
  await page.getByTestId('plan-submit').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '提交业务部' }).click();
  await expect(page.getByText('已提交业务部', { exact: true })).toBeVisible();
  await expect(page.getByTestId('plan-status').first()).toHaveText('已提交');
  await expect(page.getByTestId('plan-submit')).toHaveCount(0);
  await expect(page.getByTestId('plan-form')).toHaveCount(0);
  const prospects = page.getByTestId('plan-prospects');
  await expect(prospects).toContainText(FIRST.name);
  await expect(prospects).toContainText(FIRST.reason);
  await expect(prospects).toContainText(FIRST.date);
  await expect(prospects).toContainText(SALESMAN.name);
  await expect(prospects).toContainText(SECOND.name);
  await expect(page.getByTestId('plan-comment')).toContainText('业务部尚未批注');
  await expect(page.getByTestId('plan-comment-input')).toHaveCount(0);
  await snap(page, '61-plan-submitted');
  await logout(page);
});

test('the business department is notified, comments from the plan, and the director reads the comment', async ({ page }) => {
  await login(page, STAFF.username, PASSWORD);
  const bell = page.getByTestId('notification-bell');
  await expect(bell).toHaveAttribute('aria-label', '通知：1 条未读');
  await bell.click();
  const item = page.getByTestId('notification-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('新客户开发计划待阅');
  await item.click();
  await expect(page).toHaveURL(new RegExp(`${planPath}$`));
  await expect(page.getByTestId('plan-prospects')).toContainText(FIRST.name);
  // The business department reads but does not edit the plan.
  await expect(page.getByTestId('plan-submit')).toHaveCount(0);

  await page.getByTestId('plan-comment-send').click();
  await expect(page.getByTestId('plan-comment').getByText('请填写意见')).toBeVisible();
  await page.getByTestId('plan-comment-input').fill(COMMENT);
  await page.getByTestId('plan-comment-send').click();
  await expect(page.getByText('意见已提交，办事处会收到通知')).toBeVisible();
  await expect(page.getByTestId('plan-status').first()).toHaveText('业务部已批注');
  await expect(page.getByTestId('plan-comment-text')).toHaveText(COMMENT);

  // Every office's plans, filtered by status in the URL.
  await page.getByTestId('plan-back').click();
  await expect(page.getByTestId('plans-filter-office')).toBeVisible();
  await page.getByTestId('plans-filter-status').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^草稿$/ }).click();
  await expect(page).toHaveURL(/status=draft/);
  await expect(page.getByTestId('plans-table')).toContainText('没有符合条件的记录');
  await page.getByTestId('plans-filter-status').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^业务部已批注$/ }).click();
  await expect(page).toHaveURL(/status=commented/);
  await expect(page.getByTestId('plans-table')).toContainText('唐山办事处');
  await snap(page, '62-plans-list');
  await logout(page);

  // The director: notified of the comment, reads it on the plan.
  await login(page, DIRECTOR.username, PASSWORD);
  await expect(bell).toHaveAttribute('aria-label', '通知：1 条未读');
  await bell.click();
  await expect(item).toContainText('开发计划已批注');
  await expect(item).toContainText(COMMENT);
  await item.click();
  await expect(page).toHaveURL(new RegExp(`${planPath}$`));
  await expect(page.getByTestId('plan-comment-text')).toHaveText(COMMENT);
  await expect(page.getByTestId('plan-comment-input')).toHaveCount(0);
  await snap(page, '63-plan-commented');
  await logout(page);
});

test('the management reads plans without commenting; a salesman has no plans page', async ({ page }) => {
  await login(page, VP.username, PASSWORD, planPath);
  await expect(page).toHaveURL(new RegExp(`${planPath}$`));
  await expect(page.getByTestId('plan-comment-text')).toHaveText(COMMENT);
  await expect(page.getByTestId('plan-comment-input')).toHaveCount(0);
  await expect(page.getByTestId('plan-submit')).toHaveCount(0);
  await logout(page);

  await login(page, SALESMAN.username, PASSWORD);
  await expect(page.getByTestId('side-menu').getByText('新客户开发计划', { exact: true })).toHaveCount(0);
  await page.goto(planPath);
  await expect(page.getByTestId('forbidden-page')).toBeVisible();
});
