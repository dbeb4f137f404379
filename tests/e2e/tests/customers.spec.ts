// The customer master in the browser: a salesman registers, finds and edits a customer (the form
// has no category, key flag or first deal: others decide those); a duplicate is refused (with a
// link, or without details outside the scope); a business manager classifies it with a reason,
// transfers and blacklists it; the first salesman then gets a 404. On its own server
// (see global-setup.ts), with users set up through the API.
import { apiAdmin, apiGet, apiLogin, apiPatch, apiPost, apiUser, type Session } from './api';
import { ADMIN_PASSWORD } from './env';
import { expect, expectNoModal, login, pickOption, searchAndPick, serverUrl, snap, test } from './fixtures';

test.use({ server: 'customers' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Customers-E2e-Secret-2026!';
const ZHANG = { username: 'zhang.san', name: '张三' };
const LI = { username: 'li.si', name: '李四' };
const MANAGER = { username: 'wang.jingli', name: '王经理' };
const KEEPER = { username: 'zhao.kuguan', name: '赵库管' };
const CUSTOMER = { name: '河北纪元光电有限公司', creditCode: '91130100MA07L7QG1A' };

let customerId = 0;
let customerCode = '';

test.beforeAll(async () => {
  const base = serverUrl('customers');
  const admin = await apiAdmin(base);
  const sjz = await apiPost<{ id: number }>(admin, '/api/v1/offices', { code: 'HB-SJZ', name: '石家庄办事处', region: '华北' });
  const bd = await apiPost<{ id: number }>(admin, '/api/v1/offices', { code: 'HB-BD', name: '保定办事处', region: '华北' });
  await apiUser(admin, base, { username: ZHANG.username, display_name: ZHANG.name, roles: ['salesman'], office_id: sjz.id, password: PASSWORD });
  await apiUser(admin, base, { username: LI.username, display_name: LI.name, roles: ['salesman'], office_id: bd.id, password: PASSWORD });
  await apiUser(admin, base, { username: MANAGER.username, display_name: MANAGER.name, roles: ['business_manager'], password: PASSWORD });
  await apiUser(admin, base, { username: KEEPER.username, display_name: KEEPER.name, roles: ['warehouse'], password: PASSWORD });
  await admin.ctx.dispose();
});

async function salesmanApi(username = ZHANG.username): Promise<Session> {
  return apiLogin(serverUrl('customers'), username, PASSWORD);
}

test('a salesman registers a customer on the form, sees it in the list and finds it by pinyin initials', async ({ page }) => {
  await login(page, ZHANG.username, PASSWORD);
  const menu = page.getByTestId('side-menu');
  await expect(menu.getByText('客户', { exact: true })).toBeVisible();
  await menu.getByText('客户列表', { exact: true }).click();
  await expect(page).toHaveURL(/\/customers$/);
  // The search box says what it searches.
  const search = page.getByPlaceholder('名称 / 编码 / 电话 / 信用代码 / 拼音');
  await expect(search).toBeVisible();

  await page.getByTestId('customer-create').click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel('客户名称').fill(CUSTOMER.name);
  // The check digit is checked as typed (like the server does).
  await form.getByLabel('统一社会信用代码').fill('91130100MA07L7QG1B');
  await form.getByLabel('法定代表人').click();
  await expect(form.getByText('校验码不符，请核对')).toBeVisible();
  await form.getByLabel('统一社会信用代码').fill(CUSTOMER.creditCode.toLowerCase());
  await expect(form.getByLabel('统一社会信用代码')).toHaveValue(CUSTOMER.creditCode);
  await form.getByLabel('法定代表人').fill('李纪元');
  await form.getByLabel('企业性质').fill('民营企业');
  await form.getByLabel('行业类型').fill('光电器件');
  await form.getByLabel('职工人数').fill('320');
  await form.getByLabel('地址').fill('河北省石家庄市高新区长江大道 88 号');
  await form.getByLabel('邮政编码').fill('05000');
  await form.getByLabel('电话').click();
  await expect(form.getByText('邮政编码为 6 位数字')).toBeVisible();
  await form.getByLabel('邮政编码').fill('050000');
  await form.getByLabel('电话').fill('0311-88886666');
  // Amounts in 元, converted to fen exactly (0.29 × 100 is 28.999… in floating point).
  await form.getByLabel('注册资本').fill('10,000,000.29');
  await expect(form.getByText('即 1,000.00万元')).toBeVisible();
  await form.getByLabel('年销售收入').fill('123456789.1');
  await form.getByLabel('人民币开户行').fill('中国银行石家庄高新区支行');
  await form.getByLabel('人民币账号').fill('1013 0000 8888 6666');
  await form.getByLabel('经营范围').fill('光电器件、LED 照明产品的研发、生产与销售');
  // Category, key-customer flag and first deal are not the salesman's to fill in.
  for (const decided of ['客户类别', '重点客户', '首次成交日期']) {
    await expect(form.getByLabel(decided)).toHaveCount(0);
  }
  await form.getByLabel('标签').fill('光伏');
  await form.getByLabel('标签').press('Enter');
  await snap(page, '20-customer-form', { height: 1900 });
  await form.getByRole('button', { name: /保\s*存/ }).click();

  await expect(page).toHaveURL(/\/customers\/\d+$/);
  customerId = Number(new URL(page.url()).pathname.split('/').pop());
  await expect(page.getByTestId('customer-name')).toHaveText(CUSTOMER.name);
  customerCode = (await page.getByTestId('customer-code').innerText()).trim();
  expect(customerCode).toMatch(/^C\d{4}\d{5}$/);
  const header = page.getByTestId('customer-header');
  await expect(header).toContainText('潜在');
  await expect(header).toContainText('一般客户');
  await expect(page.getByTestId('customer-key')).toHaveCount(0);
  await expect(page.getByTestId('customer-classify')).toHaveCount(0);
  await expect(page.getByTestId('customer-first-deal')).toHaveCount(0);
  await expect(page.getByTestId('customer-owner')).toContainText(ZHANG.name);
  await expect(page.getByTestId('customer-office')).toContainText('石家庄办事处');
  await expect(page.getByTestId('customer-finance')).toContainText('¥10,000,000.29');
  await expect(page.getByTestId('customer-finance')).toContainText('¥123,456,789.10');
  await expect(page.getByTestId('customer-basic')).toContainText(CUSTOMER.creditCode);
  await snap(page, '21-customer-detail');
  const api = await salesmanApi();
  const stored = await apiGet<{ registered_capital_fen: number; annual_revenue_fen: number }>(api, `/api/v1/customers/${customerId}`);
  expect(stored.registered_capital_fen).toBe(1_000_000_029);
  expect(stored.annual_revenue_fen).toBe(12_345_678_910);
  await api.ctx.dispose();

  // In the list, and found by the initials of its name's pinyin.
  await page.getByTestId('customer-back').click();
  await expect(page).toHaveURL(/\/customers$/);
  const table = page.getByTestId('customers-table');
  await expect(table).toContainText(customerCode);
  await search.fill('zzzz');
  await search.press('Enter');
  await expect(page).toHaveURL(/q=zzzz/);
  await expect(table).toContainText('没有符合条件的记录');
  await search.fill('hbjy');
  await search.press('Enter');
  await expect(page).toHaveURL(/q=hbjy/);
  await expect(table).toContainText(CUSTOMER.name);
  await page.getByTestId('filter-status').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^潜在$/ }).click();
  await expect(page).toHaveURL(/status=prospect/);
  // The list state lives in the URL: a reload keeps it.
  await page.reload();
  await expect(page.getByTestId('customers-table')).toContainText(CUSTOMER.name);
  await expect(search).toHaveValue('hbjy');
  await snap(page, '22-customer-list-pinyin');
});

test('the salesman edits it with the version it read; a stale edit and a duplicate are refused', async ({ page }) => {
  await login(page, ZHANG.username, PASSWORD, `/customers/${customerId}`);
  await expect(page.getByTestId('customer-name')).toHaveText(CUSTOMER.name);

  await page.getByTestId('customer-edit').click();
  const form = page.getByTestId('customer-form');
  await expect(form.getByLabel('注册资本')).toHaveValue('10000000.29');
  await form.getByLabel('电话').fill('0311-66668888');
  await form.getByLabel('年销售收入').fill('');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expectNoModal(page);
  await expect(page.getByText('0311-66668888')).toBeVisible();
  await expect(page.getByTestId('customer-finance')).not.toContainText('¥123,456,789.10');

  // Someone else saves in between: this form's version is stale.
  await page.getByTestId('customer-edit').click();
  await form.getByLabel('传真').fill('0311-66669999');
  const api = await salesmanApi();
  const current = await apiGet<{ version: number }>(api, `/api/v1/customers/${customerId}`);
  await apiPatch(api, `/api/v1/customers/${customerId}`, { version: current.version, industry: '光电' });
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expect(form.locator('.ant-alert-error')).toHaveText('该记录已被他人修改，请刷新后再试');
  await snap(page, '23-customer-stale-version', { height: 1900 });
  await form.getByRole('button', { name: /取\s*消/ }).click();
  await page.reload();
  await expect(page.getByTestId('customer-basic')).toContainText('光电');
  await page.getByTestId('customer-edit').click();
  await form.getByLabel('传真').fill('0311-66669999');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expectNoModal(page);
  await expect(page.getByText('0311-66669999')).toBeVisible();
  await api.ctx.dispose();

  // The same company again (the legal-form suffix does not make it another one).
  await page.getByTestId('customer-back').click();
  await page.getByTestId('customer-create').click();
  await form.getByLabel('客户名称').fill('河北纪元光电');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expect(form.getByTestId('duplicate-of')).toContainText(`该客户已登记：${customerCode} ${CUSTOMER.name}`);
  await expect(form.locator('.ant-form-item-explain-error')).toHaveText('已有同名客户');
  await snap(page, '24-customer-duplicate', { height: 1900 });
  await form.getByRole('link', { name: '打开该客户' }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerId}$`));
  await expectNoModal(page);
});

test('a salesman of another office is told to ask for access, without the details', async ({ page }) => {
  await login(page, LI.username, PASSWORD, '/customers');
  await expect(page.getByTestId('customers-table')).not.toContainText(CUSTOMER.name);
  await page.getByTestId('customer-create').click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel('客户名称').fill('保定某光电公司');
  await form.getByLabel('统一社会信用代码').fill(CUSTOMER.creditCode);
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expect(form.getByTestId('duplicate-hidden')).toContainText('不在您的数据范围内');
  await expect(form).not.toContainText(customerCode);
  await expect(form.locator('.ant-form-item-explain-error')).toHaveText('已有客户使用此信用代码');
  await snap(page, '24b-customer-duplicate-out-of-scope', { height: 1900 });
});

test('a business manager classifies the customer with a reason, transfers it to another office and blacklists it', async ({ page }) => {
  await login(page, MANAGER.username, PASSWORD, '/customers');
  // The manager sees every office's customers; filtered by owner (looked up by name).
  await searchAndPick(page, page.getByTestId('filter-owner').locator('input'), '/api/v1/users/lookup', '张', `${ZHANG.name}（${ZHANG.username}）`);
  await expect(page).toHaveURL(/owner_user_id=\d+/);
  await page.getByTestId('customers-table').getByRole('link', { name: CUSTOMER.name }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerId}$`));

  // The category and key-customer flag are the manager's decision, with its reason.
  await page.getByTestId('customer-classify').click();
  const classify = page.getByTestId('classify-form');
  await classify.getByText('大客户', { exact: true }).click();
  await classify.getByTestId('classify-key').click();
  await classify.getByRole('button', { name: '调整分类' }).click();
  await expect(classify.getByText('请说明原因')).toBeVisible();
  await classify.getByTestId('classify-reason').fill('年协议金额超过 300 万元，列为大客户、重点客户');
  await snap(page, '25c-customer-classify');
  await classify.getByRole('button', { name: '调整分类' }).click();
  await expect(page.getByText('客户分类已调整')).toBeVisible();
  await expectNoModal(page);
  const header = page.getByTestId('customer-header');
  await expect(header).toContainText('大客户');
  await expect(header.getByTestId('customer-key')).toBeVisible();
  const history = page.getByTestId('customer-history');
  await expect(history).toContainText('分类');
  await expect(history).toContainText('年协议金额超过 300 万元，列为大客户、重点客户');

  await page.getByTestId('customer-transfer').click();
  const transfer = page.getByTestId('transfer-form');
  // The new owner is looked up by name (GET /users/lookup).
  await searchAndPick(page, transfer.getByLabel('新负责人'), '/api/v1/users/lookup', '李', `${LI.name}（${LI.username}）· 保定办事处`);
  await snap(page, '25a-customer-transfer');
  await transfer.getByLabel('原因').fill('业务员调岗，客户划归保定办事处');
  await transfer.getByRole('button', { name: '转移客户' }).click();
  await expect(page.getByText('客户已转移')).toBeVisible();
  await expectNoModal(page);
  await expect(page.getByTestId('customer-owner')).toContainText(LI.name);
  await expect(page.getByTestId('customer-office')).toContainText('保定办事处');
  await expect(history).toContainText('转移');
  await expect(history).toContainText('业务员调岗，客户划归保定办事处');
  await expect(history).toContainText(MANAGER.name);

  // A prospect may become new or lost, or (for the manager) be blacklisted.
  await page.getByTestId('customer-change-status').click();
  const items = page.locator('.ant-dropdown:visible .ant-dropdown-menu-item');
  await expect(items).toHaveText(['新客户', '流失', '黑名单']);
  await items.filter({ hasText: '黑名单' }).click();
  const status = page.getByTestId('status-form');
  await expect(status).toContainText('列入黑名单的客户应停止一切交易');
  await status.getByLabel('原因').fill('长期拖欠货款，经催收无果');
  await status.getByRole('button', { name: '变更状态' }).click();
  await expect(page.getByText('状态已变更')).toBeVisible();
  await expectNoModal(page);
  await expect(header).toContainText('黑名单');
  await expect(history).toContainText('状态变更');
  await expect(history).toContainText('长期拖欠货款，经催收无果');
  await snap(page, '25-customer-transferred-blacklisted');

  // Only lifting the blacklist (to dormant) is left.
  await page.getByTestId('customer-change-status').click();
  await expect(items).toHaveText(['休眠']);
  await page.keyboard.press('Escape');

  // The same page in English.
  await pickOption(page, page.getByTestId('language-switch'), 'English');
  await expect(page.getByTestId('customer-header')).toContainText('Blacklisted');
  await expect(page.getByTestId('customer-owner')).toHaveText(`Owner: ${LI.name}`);
  await expect(history).toContainText('Status change');
  await snap(page, '25b-customer-detail-en');
});

test('the first salesman now gets a 404 for the customer and no longer lists it', async ({ page }) => {
  await login(page, ZHANG.username, PASSWORD, `/customers/${customerId}`);
  await expect(page.getByTestId('not-found-page')).toBeVisible();
  await expect(page.getByText('客户不存在，或不在您的数据范围内。')).toBeVisible();
  await snap(page, '26-customer-404-out-of-scope');
  await page.goto('/customers');
  await expect(page.getByTestId('customers-table')).toContainText('暂无数据');
  await page.goto('/customers/not-a-number');
  await expect(page.getByTestId('not-found-page')).toBeVisible();
});

test('a warehouse keeper sees only the name, code, address and phone, and no actions', async ({ page }) => {
  await login(page, KEEPER.username, PASSWORD, '/customers');
  const table = page.getByTestId('customers-table');
  await expect(table).toContainText(customerCode);
  await expect(table).not.toContainText('黑名单');
  await expect(page.getByTestId('customer-create')).toHaveCount(0);
  // Only the search box: the other filters are about what this role does not see.
  await expect(page.getByTestId('filter-status')).toHaveCount(0);
  await expect(table).toContainText('河北省石家庄市高新区长江大道 88 号');
  await snap(page, '26c-customer-list-limited');
  await table.getByRole('link', { name: CUSTOMER.name }).click();
  await expect(page.getByTestId('customer-limited')).toBeVisible();
  await expect(page.getByText('0311-66668888')).toBeVisible();
  await expect(page.getByText(CUSTOMER.creditCode)).toHaveCount(0);
  for (const action of ['customer-edit', 'customer-change-status', 'customer-transfer', 'customer-classify', 'customer-first-deal']) {
    await expect(page.getByTestId(action)).toHaveCount(0);
  }
  await snap(page, '26b-customer-limited-view');
});

test('the administrator sets the customer code pattern with a preview, and new codes follow it', async ({ page }) => {
  await login(page, 'admin', ADMIN_PASSWORD);
  const menu = page.getByTestId('side-menu');
  // The administrator has no customer data (scope none).
  await expect(menu.getByText('客户列表', { exact: true })).toHaveCount(0);
  await menu.getByText('系统设置', { exact: true }).click();
  await expect(page).toHaveURL(/\/system\/settings$/);
  const form = page.getByTestId('settings-form');
  await expect(form.getByLabel('客户编码规则')).toHaveValue('C{YYYY}{SEQ:5}');
  await form.getByLabel('客户编码规则').fill('JY{YY}');
  await expect(form.getByText('必须包含流水号 {SEQ:n}')).toBeVisible();
  await form.getByLabel('客户编码规则').fill('JY-{YY}{MM}-{SEQ:4}');
  await expect(page.getByTestId('code-example')).toHaveText(/^示例：JY-\d{4}-0001$/);
  await form.getByLabel('档案更新期限（月）').fill('6');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('设置已保存')).toBeVisible();
  await snap(page, '27-settings');

  const api = await salesmanApi(LI.username);
  const created = await apiPost<{ code: string }>(api, '/api/v1/customers', { name: '保定新客户光电有限公司' });
  expect(created.code).toMatch(/^JY-\d{4}-\d{4}$/);
  await api.ctx.dispose();
});
