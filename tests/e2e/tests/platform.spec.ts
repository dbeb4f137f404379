// The platform's main flows in the browser, in order, against one fresh database.
import { ADMIN_INITIAL_PASSWORD, ADMIN_PASSWORD, OFFICE, SALESMAN } from './env';
import { changeFirstPassword, expect, expectNoModal, login, pickOption, snap, submitLogin, test } from './fixtures';

test.describe.configure({ mode: 'serial' });

test('admin logs in and changes the first password', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByTestId('company-name')).toHaveText('河北纪元光电 客户管理系统');
  await snap(page, '01-login-zh');

  await submitLogin(page, 'admin', ADMIN_INITIAL_PASSWORD);
  await expect(page.getByText('设置新密码')).toBeVisible();
  await snap(page, '02-admin-forced-password-change');

  // The server's password rules come back as translated field errors.
  await page.getByLabel('当前密码').fill(ADMIN_INITIAL_PASSWORD);
  await page.getByLabel('新密码', { exact: true }).fill('admin');
  await page.getByLabel('确认新密码').fill('admin');
  await page.getByRole('button', { name: '修改密码' }).click();
  await expect(page.locator('.ant-form-item-explain-error').first()).toBeVisible();

  await changeFirstPassword(page, ADMIN_INITIAL_PASSWORD, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: /您好/ })).toBeVisible();
  await expect(page.getByTestId('home-account')).toContainText('系统管理员');
  const menu = page.getByTestId('side-menu');
  for (const item of ['工作台', '系统', '办事处', '用户', 'API 令牌', '审计日志', '个人设置']) {
    await expect(menu.getByText(item, { exact: true })).toBeVisible();
  }
  await snap(page, '03-admin-workbench-zh');

  // The session survives a reload (restored from the HttpOnly refresh cookie).
  await page.reload();
  await expect(page.getByTestId('home-account')).toContainText('admin');
});

test('admin creates an office and a salesman', async ({ page }) => {
  await login(page, 'admin', ADMIN_PASSWORD);

  await page.getByTestId('side-menu').getByText('办事处', { exact: true }).click();
  await expect(page).toHaveURL(/\/system\/offices/);
  await page.getByTestId('office-create').click();
  const officeForm = page.getByTestId('office-form');
  await officeForm.getByLabel('编码').fill(OFFICE.code);
  await officeForm.getByLabel('名称').fill(OFFICE.name);
  await officeForm.getByLabel(/区域/).fill(OFFICE.region);
  await officeForm.getByRole('button', { name: /保\s*存/ }).click();
  await expectNoModal(page);
  await expect(page.getByTestId('offices-table')).toContainText(OFFICE.name);

  // A duplicate code is refused with the message on the code field.
  await page.getByTestId('office-create').click();
  await officeForm.getByLabel('编码').fill(OFFICE.code);
  await officeForm.getByLabel('名称').fill('重复的办事处');
  await officeForm.getByRole('button', { name: /保\s*存/ }).click();
  await expect(officeForm.locator('.ant-form-item-explain-error, .ant-alert-error').first()).toBeVisible();
  await snap(page, '04-office-duplicate-code');
  await officeForm.getByRole('button', { name: /取\s*消/ }).click();

  await page.getByTestId('side-menu').getByText('用户', { exact: true }).click();
  await expect(page).toHaveURL(/\/system\/users/);
  await page.getByTestId('user-create').click();
  const userForm = page.getByTestId('user-form');
  await userForm.getByLabel('用户名').fill(SALESMAN.username);
  await userForm.getByLabel('姓名').fill(SALESMAN.displayName);
  await userForm.getByLabel('初始密码').fill(SALESMAN.initialPassword);
  await pickOption(page, userForm.getByLabel('角色'), '业务员');
  await page.keyboard.press('Escape');
  await pickOption(page, userForm.getByLabel(/办事处/), OFFICE.name);
  await snap(page, '05-create-salesman-form');
  await userForm.getByRole('button', { name: /保\s*存/ }).click();
  await expectNoModal(page);
  const table = page.getByTestId('users-table');
  await expect(table).toContainText(SALESMAN.username);
  await expect(table.getByRole('row', { name: new RegExp(SALESMAN.username) })).toContainText('待改密码');

  // Nobody passes for someone else: a display name that reads like the salesman's (spaces and
  // full-width forms ignored) is refused at the field, naming whose it is.
  await page.getByTestId('user-create').click();
  await userForm.getByLabel('用户名').fill('zhang.san.2');
  await userForm.getByLabel('姓名').fill(`${SALESMAN.displayName.slice(0, 1)} ${SALESMAN.displayName.slice(1)}`);
  await userForm.getByLabel('初始密码').fill(SALESMAN.initialPassword);
  await pickOption(page, userForm.getByLabel('角色'), '业务员');
  await page.keyboard.press('Escape');
  await userForm.getByRole('button', { name: /保\s*存/ }).click();
  await expect(userForm.locator('.ant-form-item', { hasText: '姓名' }).locator('.ant-form-item-explain-error')).toHaveText(
    `用户 ${SALESMAN.username} 已在使用这个名称（或读起来相同的写法），请加上能区分两人的信息，例如办事处`,
  );
  await userForm.getByRole('button', { name: /取\s*消/ }).click();
  await expectNoModal(page);

  // Nobody changes their own roles: on the administrator's own user the roles cannot be edited.
  await table.getByRole('row', { name: /admin/ }).getByRole('button', { name: /编\s*辑/ }).click();
  await expect(userForm.locator('.ant-form-item', { hasText: '角色' })).toContainText('不能修改自己的角色，请由另一位管理员修改');
  await expect(userForm.locator('.ant-form-item', { hasText: '角色' }).locator('.ant-select-disabled')).toHaveCount(1);
  await userForm.getByRole('button', { name: /取\s*消/ }).click();
  await expectNoModal(page);

  // Filters live in the URL: a reload keeps them.
  await pickOption(page, page.locator('.ant-select', { hasText: '全部角色' }), '业务员');
  await expect(page).toHaveURL(/role=salesman/);
  await page.reload();
  await expect(page.getByTestId('users-table')).toContainText(SALESMAN.username);
  await expect(page.getByTestId('users-table')).not.toContainText('系统管理员');
  await snap(page, '06-users-filtered-by-role');
});

test('the salesman logs in, changes the first password, sees only its menus and gets 403 on an admin page', async ({ page }) => {
  await page.goto('/system/users');
  await expect(page).toHaveURL(/\/login\?next=%2Fsystem%2Fusers/);
  await submitLogin(page, SALESMAN.username, SALESMAN.initialPassword);
  await changeFirstPassword(page, SALESMAN.initialPassword, SALESMAN.password);

  // Back on the page it asked for, which it may not open.
  await expect(page).toHaveURL(/\/system\/users/);
  await expect(page.getByTestId('forbidden-page')).toBeVisible();
  await expect(page.getByText('抱歉，您没有访问此页面的权限。')).toBeVisible();
  await snap(page, '07-salesman-403');

  await page.getByRole('button', { name: '返回工作台' }).click();
  await expect(page.getByRole('heading', { name: `${SALESMAN.displayName}，您好` })).toBeVisible();
  const menu = page.getByTestId('side-menu');
  await expect(menu.getByText('工作台', { exact: true })).toBeVisible();
  await expect(menu.getByText('个人设置', { exact: true })).toBeVisible();
  for (const hidden of ['系统', '办事处', '用户', 'API 令牌', '审计日志']) {
    await expect(menu.getByText(hidden, { exact: true })).toHaveCount(0);
  }
  await expect(page.getByTestId('header-office')).toHaveText(OFFICE.name);
  await expect(page.getByTestId('home-account')).toContainText('业务员');
  await expect(page.getByTestId('home-permissions')).toContainText('客户主数据');
  await snap(page, '08-salesman-workbench');

  await page.goto('/system/audit-log');
  await expect(page.getByTestId('forbidden-page')).toBeVisible();
  await page.goto('/no/such/page');
  await expect(page.getByTestId('not-found-page')).toBeVisible();
});

test('a wrong password says so', async ({ page }) => {
  await page.goto('/login');
  await submitLogin(page, SALESMAN.username, 'not-the-password');
  await expect(page.getByTestId('login-error')).toHaveText('用户名或密码错误');
  await expect(page).toHaveURL(/\/login/);
  await snap(page, '09-wrong-password');
});

test('a locked account is told how long to wait, a disabled one to ask the administrator', async ({ page, request }) => {
  // Two users made through the API, as an integration script would.
  const login = await request.post('/api/v1/auth/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
  expect(login.status()).toBe(200);
  const { access_token } = (await login.json()) as { access_token: string };
  const headers = { Authorization: `Bearer ${access_token}` };
  const make = async (username: string) => {
    const res = await request.post('/api/v1/users', {
      headers,
      data: { username, display_name: username, roles: ['salesman'], password: 'Initial-Other-2026!' },
    });
    expect(res.status()).toBe(201);
    return ((await res.json()) as { id: number }).id;
  };
  await make('wang.wu');
  const disabledId = await make('li.si');
  expect((await request.post(`/api/v1/users/${disabledId}/disable`, { headers })).status()).toBe(200);

  await page.goto('/login');
  const error = page.getByTestId('login-error');
  for (let attempt = 1; attempt <= 6; attempt++) {
    await submitLogin(page, 'wang.wu', `wrong-${attempt}`);
    await expect(error).toBeVisible();
    await expect(page.getByTestId('login-submit')).not.toHaveClass(/ant-btn-loading/);
    if ((await error.innerText()).includes('锁定')) break;
  }
  await expect(error).toHaveText(/账户已暂时锁定，请在 \d+ (分钟|秒|分 \d+ 秒)后重试/);
  await snap(page, '09b-account-locked');

  await submitLogin(page, 'li.si', 'Initial-Other-2026!');
  await expect(error).toHaveText('该账户已停用，请联系系统管理员');
  await snap(page, '09c-account-disabled');
});

test('the language switch changes the UI and persists after a reload', async ({ page }) => {
  await login(page, SALESMAN.username, SALESMAN.password);
  await expect(page.getByTestId('side-menu')).toContainText('工作台');

  await pickOption(page, page.getByTestId('language-switch'), 'English');
  await expect(page.getByTestId('side-menu')).toContainText('Workbench');
  await expect(page.getByRole('heading', { name: `Hello, ${SALESMAN.displayName}` })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();

  await page.reload();
  await expect(page.getByTestId('side-menu')).toContainText('Workbench');
  await expect(page.getByTestId('home-account')).toContainText('Salesman');
  await snap(page, '10-salesman-workbench-en');

  // The choice is in the profile, so another browser gets it at login too.
  await page.context().clearCookies();
  await page.evaluate(() => window.localStorage.clear());
  await page.goto('/login');
  await expect(page.getByTestId('company-name')).toHaveText('河北纪元光电 客户管理系统');
  await submitLogin(page, SALESMAN.username, SALESMAN.password);
  await expect(page.getByTestId('side-menu')).toContainText('Workbench');

  await page.getByTestId('side-menu').getByText('My profile').click();
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();
  await snap(page, '11-profile-en');

  // Logging out returns to the login page, and the app no longer opens.
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile/);
});

test('the administrator sees the audit log of these changes, with a diff', async ({ page }) => {
  await login(page, 'admin', ADMIN_PASSWORD, '/system/audit-log');
  await expect(page).toHaveURL(/\/system\/audit-log/);
  const table = page.getByTestId('audit-table');
  await expect(table).toContainText('user.create');
  await page.locator('#audit-filter-action').fill('office.cr');
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: 'office.create' }).click();
  await expect(page).toHaveURL(/action=office\.create/);
  await expect(table).toContainText('office.create');
  await expect(table).not.toContainText('user.create');
  await table.getByRole('button', { name: '详情' }).first().click();
  await expect(page.getByTestId('audit-diff')).toContainText(OFFICE.name);
  await expect(page).toHaveURL(/event=\d+/);
  // The open event is part of the URL: a reload (or a shared link) shows it again.
  await page.reload();
  await expect(page.getByTestId('audit-diff')).toContainText(OFFICE.name);
  await snap(page, '12-audit-diff');
});

test('the administrator creates an API token, sees it once, and revokes it', async ({ page, request }) => {
  await login(page, 'admin', ADMIN_PASSWORD, '/system/api-tokens');
  await page.getByTestId('api-token-create').click();
  const form = page.getByTestId('api-token-form');
  await form.getByLabel('名称').fill('ERP 夜间同步');
  await pickOption(page, form.getByLabel('角色'), '财务部');
  await form.getByRole('button', { name: /新\s*建/ }).click();

  const created = page.getByTestId('api-token-created');
  await expect(created.getByTestId('api-token-value')).toBeVisible();
  const token = (await created.getByTestId('api-token-value').innerText()).trim();
  expect(token.length).toBeGreaterThan(20);
  await expect(created.getByRole('button', { name: /复制|copy/i })).toBeVisible();
  await snap(page, '15-api-token-shown-once');

  // The token works for scripts …
  const me = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);

  await created.getByRole('button', { name: '关 闭' }).click();
  const table = page.getByTestId('api-tokens-table');
  const row = table.getByRole('row', { name: /ERP 夜间同步/ });
  await expect(row).toContainText('有效');
  await expect(table).not.toContainText(token);

  await row.getByRole('button', { name: /吊\s*销/ }).click();
  await page.locator('.ant-modal-confirm').getByRole('button', { name: /吊\s*销/ }).click();
  await expect(row).toContainText('已吊销');
  await snap(page, '16-api-token-revoked');

  // … until it is revoked.
  const after = await request.get('/api/v1/me', { headers: { Authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
});
