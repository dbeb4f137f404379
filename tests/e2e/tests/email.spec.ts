// Users' e-mail addresses (for e-mail copies of notifications): the administrator sets one on the
// user form (an invalid one is refused at the field), the user sees it on the profile page with
// what it is for, and changes it there (the refusal in the user's language). On its own server
// (see global-setup.ts).
import { apiAdmin, apiUser } from './api';
import { ADMIN_PASSWORD } from './env';
import { expect, expectNoModal, login, serverUrl, snap, test } from './fixtures';

test.use({ server: 'policies' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Email-E2e-Secret-2026!';
const USER = { username: 'wang.wu', name: '王五' };

test.beforeAll(async () => {
  const base = serverUrl('policies');
  const admin = await apiAdmin(base);
  await apiUser(admin, base, { username: USER.username, display_name: USER.name, roles: ['salesman'], password: PASSWORD });
  await admin.ctx.dispose();
});

test('the administrator sets a user’s e-mail address, refused first at the field when invalid', async ({ page }) => {
  await login(page, 'admin', ADMIN_PASSWORD, '/system/users');
  const row = page.getByTestId('users-table').getByRole('row', { name: new RegExp(USER.username) });
  await row.getByRole('button', { name: /编\s*辑/ }).click();
  const form = page.getByTestId('user-form');
  await expect(form.getByText('通知会同时抄送到此邮箱', { exact: false })).toBeVisible();
  const email = form.getByLabel(/电子邮箱/);
  await email.fill('wang@');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expect(form.locator('.ant-form-item').filter({ has: page.getByLabel(/电子邮箱/) })).toContainText('请输入有效的电子邮箱地址，例如 zhangsan@example.com');
  await snap(page, '77-user-email-invalid');
  await email.fill('wang.wu@jiyuan.example');
  await form.getByRole('button', { name: /保\s*存/ }).click();
  await expectNoModal(page);
  await expect(row).toContainText('wang.wu@jiyuan.example');
});

test('the user sees the address on the profile page and changes it there, in English', async ({ page }) => {
  await login(page, USER.username, PASSWORD, '/profile');
  await expect(page.getByTestId('profile-email')).toHaveText('wang.wu@jiyuan.example');
  await expect(page.getByText('服务器配置了邮件发送时，您的系统通知会同时抄送到上面的电子邮箱')).toBeVisible();

  await page.getByTestId('profile-language').getByText('English').click();
  await expect(page.getByText('When the server has e-mail configured, your notifications are also copied')).toBeVisible();
  await page.getByTestId('profile-email-edit').click();
  const input = page.getByTestId('profile-email-form').getByLabel('E-mail');
  await input.fill('not an address');
  await page.getByTestId('profile-email-save').click();
  await expect(page.getByTestId('profile-email-form')).toContainText('Enter a valid e-mail address such as zhangsan@example.com');
  await input.fill('wu.wang@jiyuan.example');
  await page.getByTestId('profile-email-save').click();
  await expect(page.getByText('E-mail address saved')).toBeVisible();
  await expect(page.getByTestId('profile-email')).toHaveText('wu.wang@jiyuan.example');
  await snap(page, '78-profile-email-en');
  await page.reload();
  await expect(page.getByTestId('profile-email')).toHaveText('wu.wang@jiyuan.example');
});
