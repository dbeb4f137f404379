import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { E2E_START } from './env';

export const SCREENSHOT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../test-output');
mkdirSync(SCREENSHOT_DIR, { recursive: true });

/**
 * Saves a full-page screenshot as test-output/<name>.png. A long modal scrolls inside the
 * viewport, so `height` makes the viewport that tall for the picture (then restores it).
 */
export async function snap(page: Page, name: string, options: { height?: number } = {}): Promise<void> {
  const viewport = page.viewportSize();
  if (options.height && viewport) await page.setViewportSize({ width: viewport.width, height: options.height });
  // Let loading overlays and drawer/modal animations finish first.
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  if (options.height && viewport) await page.setViewportSize(viewport);
}

/** The servers global-setup started (see there). */
export type Server = 'main' | 'short-ttl' | 'customers' | 'dossier' | 'customerbase' | 'policies' | 'ledger' | 'collection' | 'statement';

export function serverUrl(server: Server): string {
  const url = {
    main: process.env.E2E_BASE_URL,
    'short-ttl': process.env.E2E_SHORT_TTL_URL,
    customers: process.env.E2E_CUSTOMERS_URL,
    dossier: process.env.E2E_DOSSIER_URL,
    customerbase: process.env.E2E_CUSTOMERBASE_URL,
    policies: process.env.E2E_POLICIES_URL,
    ledger: process.env.E2E_LEDGER_URL,
    collection: process.env.E2E_COLLECTION_URL,
    statement: process.env.E2E_STATEMENT_URL,
  }[server];
  if (!url) throw new Error(`global-setup did not start the ${server} backend`);
  return url;
}

/**
 * The tests run against a server that global-setup started (`test.use({ server })`). The server
 * sends a strict Content-Security-Policy with every answer: a page of the test that breaks it
 * (an inline script, a worker from blob:, a request elsewhere …) fails the test.
 */
export const test = base.extend<{ server: Server; cspViolations: string[]; testDay: void }>({
  server: ['main', { option: true }],
  baseURL: async ({ server }, use) => {
    await use(serverUrl(server));
  },
  // The browser lives on the servers' day (JIYUAN_TODAY): its clock starts at 07:00 Shanghai
  // time of E2E_TODAY and runs on, so the web app's own dates agree with the server's.
  testDay: [
    async ({ context }, use) => {
      await context.clock.install({ time: E2E_START });
      await use();
    },
    { auto: true },
  ],
  cspViolations: [
    async ({ context }, use) => {
      const violations: string[] = [];
      context.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Fills the login form (the page must be on /login). */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel(/^(用户名|Username)$/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByTestId('login-submit').click();
}

/** Logs in from the login page and waits for the workbench (or the page asked for). */
export async function login(page: Page, username: string, password: string, path = '/'): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login/);
  await submitLogin(page, username, password);
  await expect(page.getByTestId('side-menu')).toBeVisible();
}

/** The forced first-password change, from the page it shows. */
export async function changeFirstPassword(page: Page, current: string, next: string): Promise<void> {
  await expect(page).toHaveURL(/\/change-password/);
  await page.getByLabel(/^(当前密码|Current password)$/).fill(current);
  await page.getByLabel(/^(新密码|New password)$/).fill(next);
  await page.getByLabel(/^(确认新密码|Confirm new password)$/).fill(next);
  await page.getByRole('button', { name: /修改密码|Change password/ }).click();
}

/** Picks `option` in the antd Select that `trigger` opens. */
export async function pickOption(page: Page, trigger: ReturnType<Page['locator']>, option: string | RegExp): Promise<void> {
  await trigger.click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
}

/**
 * Types `search` into a searchable antd Select whose options come from the server (`api` is a
 * part of the search request's URL), waits for that search's answer, and picks `option`.
 */
export async function searchAndPick(
  page: Page,
  input: ReturnType<Page['locator']>,
  api: string,
  search: string,
  option: string | RegExp,
): Promise<void> {
  const answered = page.waitForResponse((r) => r.url().includes(api) && new URL(r.url()).searchParams.get('q') === search);
  await input.fill(search);
  await answered;
  // Until the answer is rendered, the list still shows the previous results: wait for the
  // found ones only, so that the click does not land on a row that is being replaced.
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await expect(options.filter({ hasNotText: search })).toHaveCount(0);
  const item = options.filter({ hasText: option });
  await expect(item).toHaveCount(1);
  await item.click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
}

/**
 * No dialog is open. (A modal's data-testid sits on its zero-size root element, which counts as
 * hidden even while the dialog shows, so `toBeHidden()` on it proves nothing.)
 */
export async function expectNoModal(page: Page): Promise<void> {
  await expect(page.locator('.ant-modal:visible')).toHaveCount(0);
}
