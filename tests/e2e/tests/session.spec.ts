// The web app's session in a real browser: the refresh token lives in the server's HttpOnly cookie
// (no page script can read it), the access token in memory only; a reload and a second tab
// restore the session from the cookie, and a logout in one tab ends it in all of them. On the
// customers' server, with its own user set up through the API.
import { apiAdmin, apiUser } from './api';
import { expect, serverUrl, submitLogin, test } from './fixtures';

test.use({ server: 'customers' });

const USER = { username: 'session.tester', display_name: '会话测试', password: 'Session-E2e-Secret-2026!' };

test.beforeAll(async () => {
  const base = serverUrl('customers');
  const admin = await apiAdmin(base);
  await apiUser(admin, base, { ...USER, roles: ['business_manager'] });
  await admin.ctx.dispose();
});

/** Everything page script can read where a token could be kept. */
async function scriptReadable(page: import('@playwright/test').Page): Promise<string> {
  return page.evaluate(() => {
    const dump = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k) ?? ''}`);
    return JSON.stringify({ local: dump(window.localStorage), session: dump(window.sessionStorage), cookie: document.cookie });
  });
}

test('the refresh token is an HttpOnly cookie no script can read, and a reload keeps the user signed in', async ({ page, context }) => {
  // An upgraded browser: an earlier version left both tokens in localStorage.
  await page.goto('/login');
  await page.evaluate(() =>
    window.localStorage.setItem('jiyuan.tokens', JSON.stringify({ accessToken: 'old-access', refreshToken: 'old-refresh' })),
  );
  await page.reload();
  await expect(page.getByTestId('login-form')).toBeVisible();
  expect(await page.evaluate(() => window.localStorage.getItem('jiyuan.tokens'))).toBeNull();

  // The login asks for the cookie; the answer's body carries the access token only.
  const loginAnswer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'));
  await submitLogin(page, USER.username, USER.password);
  const login = await loginAnswer;
  expect(login.status()).toBe(200);
  expect(login.request().postDataJSON()).toMatchObject({ username: USER.username, refresh_cookie: true });
  const body = (await login.json()) as { access_token: string; refresh_token?: string };
  expect(body.refresh_token).toBeUndefined();
  const setCookie = (await login.headerValue('set-cookie')) ?? '';
  expect(setCookie).toMatch(/^jiyuan_refresh=[^;]+;/);
  for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/api/v1/auth']) expect(setCookie).toContain(attribute);
  await expect(page.getByTestId('side-menu')).toBeVisible();

  // Chromium keeps the Secure cookie although this server is plain http: 127.0.0.1 is a
  // potentially trustworthy origin (as localhost; any other http address drops it).
  const stored = (await context.cookies()).filter((c) => c.name === 'jiyuan_refresh');
  expect(stored).toHaveLength(1);
  const cookie = stored[0];
  if (!cookie) throw new Error('no refresh cookie');
  expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/api/v1/auth', domain: '127.0.0.1' });
  expect(await page.evaluate(() => window.isSecureContext && 'locks' in navigator)).toBe(true);

  // Nothing a script can read holds the refresh token — nor the access token, which stays in memory.
  let readable = await scriptReadable(page);
  expect(readable).not.toContain(cookie.value);
  expect(readable).not.toContain('jiyuan_refresh');
  expect(readable).not.toContain(body.access_token);
  expect(readable).not.toMatch(/token/i);

  // A reload restores the session from the cookie: the same page, never the login page.
  await page.getByTestId('side-menu').getByText('个人设置', { exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
  const visited: string[] = [];
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) visited.push(f.url());
  });
  const restored = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/refresh'));
  await page.reload();
  const refresh = await restored;
  expect(refresh.status()).toBe(200);
  expect(refresh.request().postData()).toBe('{}');
  expect((await refresh.request().headerValue('cookie')) ?? '').toContain(`jiyuan_refresh=${cookie.value}`);
  expect(((await refresh.json()) as { refresh_token?: string }).refresh_token).toBeUndefined();
  await expect(page.getByTestId('header-user')).toHaveText(USER.display_name);
  await expect(page).toHaveURL(/\/profile$/);
  expect(visited.filter((u) => u.includes('/login'))).toEqual([]);
  // The cookie was rotated, and is still out of reach.
  const rotated = (await context.cookies()).find((c) => c.name === 'jiyuan_refresh');
  expect(rotated?.value).toBeTruthy();
  expect(rotated?.value).not.toBe(cookie.value);
  readable = await scriptReadable(page);
  expect(readable).not.toContain(rotated?.value ?? cookie.value);
  expect(readable).not.toMatch(/token/i);

  // A second tab is signed in too; logging out there signs this tab out as well.
  const other = await context.newPage();
  await other.goto('/');
  await expect(other.getByTestId('header-user')).toHaveText(USER.display_name);
  const loggedOut = other.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout'));
  await other.getByTestId('logout').click();
  const logout = await loggedOut;
  expect(logout.status()).toBe(204);
  expect(logout.request().postData()).toBe('{}');
  await expect(other).toHaveURL(/\/login$/);
  await expect(page).toHaveURL(/\/login\?next=%2Fprofile/);
  expect((await context.cookies()).filter((c) => c.name === 'jiyuan_refresh')).toEqual([]);

  // And a reload brings nothing back.
  await page.reload();
  await expect(page.getByTestId('login-form')).toBeVisible();
  await other.close();
});
