// Silent token refresh (from the HttpOnly refresh cookie) against the server whose access tokens
// live 5 seconds.
import { request as playwrightRequest, type Page } from '@playwright/test';
import { ADMIN_INITIAL_PASSWORD, ADMIN_PASSWORD } from './env';
import { changeFirstPassword, expect, snap, submitLogin, test } from './fixtures';

test.use({ server: 'short-ttl' });

/** The bearer token the page sent last (it lives in the page's memory only). */
function lastBearer(page: Page): () => string | undefined {
  let last: string | undefined;
  page.on('request', (r) => {
    const auth = r.headers()['authorization'];
    if (auth) last = auth;
  });
  return () => last;
}

test('an expired access token is refreshed silently and the user stays on the page', async ({ page, context, baseURL }) => {
  test.setTimeout(150_000);
  const bearer = lastBearer(page);
  await page.goto('/system/users?q=admin');
  await expect(page).toHaveURL(/\/login\?next=/);
  await submitLogin(page, 'admin', ADMIN_INITIAL_PASSWORD);
  await changeFirstPassword(page, ADMIN_INITIAL_PASSWORD, ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/system\/users\?q=admin/);
  await expect(page.getByTestId('users-table')).toContainText('admin');
  const firstAccess = bearer();
  expect(firstAccess).toMatch(/^Bearer /);

  // Let the access token expire (5 s, plus the server's 5 s leeway).
  await page.waitForTimeout(12_000);

  const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh') && r.status() === 200);
  const offices = page.waitForResponse((r) => r.url().includes('/api/v1/offices') && r.status() === 200);
  await page.getByTestId('side-menu').getByText('办事处', { exact: true }).click();
  await refreshed;
  await offices;
  await expect(page).toHaveURL(/\/system\/offices/);
  await expect(page.getByTestId('offices-table')).toBeVisible();
  expect(bearer()).toMatch(/^Bearer /);
  expect(bearer()).not.toBe(firstAccess);

  // Again after a reload with an expired token: still signed in, same page.
  await page.waitForTimeout(12_000);
  await page.reload();
  await expect(page).toHaveURL(/\/system\/offices/);
  await expect(page.getByTestId('offices-table')).toBeVisible();
  await expect(page.getByTestId('header-user')).toHaveText('系统管理员');
  await snap(page, '13-after-silent-refresh');

  // Two tabs whose access tokens expired refresh at the same moment with the same cookie: they
  // take turns (Web Locks), so the single-use refresh token is never presented twice and
  // neither tab logs the other out.
  const other = await context.newPage();
  await other.goto('/system/users');
  await expect(other.getByTestId('users-table')).toBeVisible();
  await page.waitForTimeout(12_000);
  const refreshes: number[] = [];
  context.on('response', (r) => {
    if (r.url().endsWith('/api/v1/auth/refresh')) refreshes.push(r.status());
  });
  await Promise.all([
    page.getByTestId('side-menu').getByText('用户', { exact: true }).click(),
    other.getByTestId('side-menu').getByText('办事处', { exact: true }).click(),
  ]);
  await expect(page.getByTestId('users-table')).toBeVisible();
  await expect(other.getByTestId('offices-table')).toBeVisible();
  await expect(page).toHaveURL(/\/system\/users/);
  await expect(other).toHaveURL(/\/system\/offices/);
  expect(refreshes.length).toBeGreaterThan(0);
  expect(refreshes.every((s) => s === 200)).toBe(true);
  await other.close();

  // A session the server ended (refresh refused) goes back to login, remembering the page: an
  // API client ends the session of the browser's current refresh cookie.
  await page.getByTestId('side-menu').getByText('办事处', { exact: true }).click();
  await expect(page.getByTestId('offices-table')).toBeVisible();
  const cookie = (await context.cookies()).find((c) => c.name === 'jiyuan_refresh');
  expect(cookie?.value).toBeTruthy();
  const api = await playwrightRequest.newContext({ baseURL });
  expect((await api.post('/api/v1/auth/logout', { data: { refresh_token: cookie?.value } })).status()).toBe(204);
  await api.dispose();
  await page.waitForTimeout(12_000);
  // The next request finds out (the notifications bell's poll may be first: then the login page
  // remembers the offices instead).
  await page
    .getByTestId('side-menu')
    .getByText('用户', { exact: true })
    .click({ timeout: 5_000 })
    .catch(() => undefined);
  await expect(page).toHaveURL(/\/login\?next=%2Fsystem%2F(users|offices)/);
  await expect(page.getByText('登录已过期，请重新登录。')).toBeVisible();
  await snap(page, '14-session-expired');
  await submitLogin(page, 'admin', ADMIN_PASSWORD);
  await expect(page).toHaveURL(/\/system\/(users|offices)/);
});
