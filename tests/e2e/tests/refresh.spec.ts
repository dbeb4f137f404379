// Silent token refresh against the server whose access tokens live 5 seconds.
import { ADMIN_INITIAL_PASSWORD, ADMIN_PASSWORD } from './env';
import { changeFirstPassword, expect, snap, submitLogin, test } from './fixtures';

test.use({ server: 'short-ttl' });

test('an expired access token is refreshed silently and the user stays on the page', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/system/users?q=admin');
  await expect(page).toHaveURL(/\/login\?next=/);
  await submitLogin(page, 'admin', ADMIN_INITIAL_PASSWORD);
  await changeFirstPassword(page, ADMIN_INITIAL_PASSWORD, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/system\/users\?q=admin/);
  await expect(page.getByTestId('users-table')).toContainText('admin');
  const firstAccess = await page.evaluate(() => window.localStorage.getItem('jiyuan.tokens'));

  // Let the access token expire (5 s, plus the server's 5 s leeway).
  await page.waitForTimeout(12_000);

  const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh') && r.status() === 200);
  const offices = page.waitForResponse((r) => r.url().includes('/api/v1/offices') && r.status() === 200);
  await page.getByTestId('side-menu').getByText('办事处', { exact: true }).click();
  await refreshed;
  await offices;
  await expect(page).toHaveURL(/\/system\/offices/);
  await expect(page.getByTestId('offices-table')).toBeVisible();
  const secondAccess = await page.evaluate(() => window.localStorage.getItem('jiyuan.tokens'));
  expect(secondAccess).not.toBe(firstAccess);

  // Again after a reload with an expired token: still signed in, same page.
  await page.waitForTimeout(12_000);
  await page.reload();
  await expect(page).toHaveURL(/\/system\/offices/);
  await expect(page.getByTestId('offices-table')).toBeVisible();
  await expect(page.getByTestId('header-user')).toHaveText('系统管理员');
  await snap(page, '13-after-silent-refresh');

  // A session the server ended (refresh refused) goes back to login, remembering the page.
  await page.evaluate(() => {
    const t = JSON.parse(window.localStorage.getItem('jiyuan.tokens') ?? '{}') as Record<string, string>;
    window.localStorage.setItem('jiyuan.tokens', JSON.stringify({ ...t, refreshToken: 'revoked' }));
  });
  await page.waitForTimeout(12_000);
  await page.getByTestId('side-menu').getByText('用户', { exact: true }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Fsystem%2Fusers/);
  await expect(page.getByText('登录已过期，请重新登录。')).toBeVisible();
  await snap(page, '14-session-expired');
  await submitLogin(page, 'admin', ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/system\/users/);
});
