// The working-day calendar (工作日历) in the browser: the administrator imports a year from a .csv
// with a broken row (the problem named by file row, nothing imported), then the right file; the
// year view marks the Spring Festival holidays and make-up days with their names, the count of
// working days follows, and "N working days after D" answers across the holiday. Saving a list
// with a holiday on a weekend is refused at that day. Everyone else reads the calendar without
// editing it. On its own server (see global-setup.ts).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { apiAdmin, apiUser } from './api';
import { ADMIN_PASSWORD } from './env';
import { expect, expectNoModal, login, serverUrl, snap, test } from './fixtures';

test.use({ server: 'policies' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Calendar-E2e-Secret-2026!';
const READER = { username: 'zhao.yewu', name: '赵业务' };
const dir = mkdtempSync(join(tmpdir(), 'jiyuan-e2e-calendar-'));

function csv(name: string, lines: string[]): string {
  const path = join(dir, name);
  // With a byte-order mark, as Excel saves "CSV UTF-8".
  writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
  return path;
}

// 2025 as the State Council published it: 1月28日–2月4日 off, 1月26日 (Sun) and 2月8日 (Sat) worked.
const SPRING = [
  '2025-01-26,上班,春节调休',
  '2025-01-28,放假,春节',
  '2025-01-29,放假,春节',
  '2025-01-30,放假,春节',
  '2025-01-31,放假,春节',
  '2025-02-03,放假,春节',
  '2025-02-04,放假,春节',
  '2025-02-08,上班,春节调休',
];

test.beforeAll(async () => {
  const base = serverUrl('policies');
  const admin = await apiAdmin(base);
  await apiUser(admin, base, { username: READER.username, display_name: READER.name, roles: ['salesman'], password: PASSWORD });
  await admin.ctx.dispose();
});

async function calculate(page: Page, from: string, add: number): Promise<void> {
  const calc = page.getByTestId('calendar-calc');
  const date = calc.getByLabel('起始日期', { exact: true });
  await date.fill(from);
  await date.press('Enter');
  await expect(date).toHaveValue(from);
  await calc.getByLabel('工作日数', { exact: true }).fill(String(add));
  await calc.getByTestId('calendar-calc-submit').click();
}

test('the administrator imports a year (a broken row first), sees the holidays and counts working days across them', async ({ page }) => {
  await login(page, 'admin', ADMIN_PASSWORD);
  await page.getByTestId('side-menu').getByText('工作日历', { exact: true }).click();
  await expect(page).toHaveURL(/\/system\/calendar$/);
  await page.goto('/system/calendar?year=2025');
  await expect(page.getByTestId('calendar-year')).toHaveText('2025 年');
  await expect(page.getByTestId('calendar-summary')).toContainText('2025 年还没有录入放假安排');
  await expect(page.getByTestId('calendar-working-days')).toContainText('261');

  // Row 4 of the file has no real date: nothing is imported, the row is named.
  const importCard = page.getByTestId('calendar-import');
  await importCard.locator('input[type=file]').setInputFiles(csv('broken-2025.csv', ['日期,类型,名称', ...SPRING.slice(0, 2), '2025-13-01,放假,春节', ...SPRING.slice(2)]));
  const refused = page.getByTestId('calendar-import-error');
  await expect(refused).toContainText('文件 broken-2025.csv 有 1 处问题，没有导入');
  await expect(refused.getByRole('row', { name: /第 4 行/ })).toContainText('日期“2025-13-01”无效，应写成 2025-01-28 这样的格式');
  await expect(page.getByTestId('calendar-day-2025-01-28')).toHaveAttribute('data-state', 'working');
  await snap(page, '74-calendar-import-broken', { height: 1800 });

  await importCard.locator('input[type=file]').setInputFiles(csv('spring-2025.csv', ['日期,类型,名称', ...SPRING]));
  await expect(page.getByText('已从 spring-2025.csv 导入 2025 年日历（8 个日期）')).toBeVisible();
  await expect(refused).toHaveCount(0);

  // The year view: the holidays and make-up days, with their names.
  for (const d of ['2025-01-28', '2025-01-31', '2025-02-03', '2025-02-04']) {
    await expect(page.getByTestId(`calendar-day-${d}`)).toHaveAttribute('data-state', 'holiday');
  }
  await expect(page.getByTestId('calendar-day-2025-01-26')).toHaveAttribute('data-state', 'makeup');
  await expect(page.getByTestId('calendar-day-2025-02-08')).toHaveAttribute('data-state', 'makeup');
  await expect(page.getByTestId('calendar-day-2025-02-01')).toHaveAttribute('data-state', 'weekend');
  await expect(page.getByTestId('calendar-day-2025-02-05')).toHaveAttribute('data-state', 'working');
  const january = page.getByTestId('calendar-month-1');
  await expect(january).toContainText('1月26日 春节调休：调休上班');
  await expect(january).toContainText('1月28日–2月4日 春节：放假');
  await expect(page.getByTestId('calendar-month-2')).toContainText('2月8日 春节调休：调休上班');
  // 261 weekdays, 6 of them off, 2 weekend days worked.
  await expect(page.getByTestId('calendar-working-days')).toContainText('257');
  await expect(page.getByTestId('calendar-exception-table')).toContainText('春节调休');

  // The calculator answers across the holiday, by the saved calendar.
  await calculate(page, '2025-01-27', 1);
  await expect(page.getByTestId('calendar-calc-result')).toContainText('2025-01-27 之后第 1 个工作日是 2025-02-05（星期三）');
  await calculate(page, '2025-01-24', 1);
  await expect(page.getByTestId('calendar-calc-result')).toContainText('2025-01-24 之后第 1 个工作日是 2025-01-26（星期日）');
  await calculate(page, '2025-01-30', 0);
  await expect(page.getByTestId('calendar-calc-result')).toContainText('2025-01-30 当天或之后的第一个工作日是 2025-02-05（星期三）');
  await expect(page.getByTestId('calendar-calc-result')).toContainText('起始日期 2025-01-30 是“春节”（放假）');
  await snap(page, '75-calendar-year', { height: 2200 });
});

test('a holiday on a weekend is refused at that day; without it the year is saved', async ({ page }) => {
  await login(page, 'admin', ADMIN_PASSWORD, '/system/calendar?year=2025');
  await expect(page.getByTestId('calendar-working-days')).toContainText('257');
  const addDay = async (date: string, name: string) => {
    await page.getByTestId('calendar-add').click();
    const form = page.getByTestId('calendar-day-form');
    const input = form.getByLabel('日期', { exact: true });
    await input.fill(date);
    // (Enter would submit the form.)
    await form.getByLabel(/名称/).fill(name);
    await expect(input).toHaveValue(date);
    await form.getByRole('button', { name: /确\s*定/ }).click();
    await expectNoModal(page);
  };
  await addDay('2025-05-01', '劳动节');
  await addDay('2025-05-03', '劳动节');
  await expect(page.getByTestId('calendar-unsaved')).toBeVisible();
  // The edit shows at once, unsaved.
  await expect(page.getByTestId('calendar-day-2025-05-01')).toHaveAttribute('data-state', 'holiday');
  await page.getByTestId('calendar-save').click();
  await expect(page.getByTestId('calendar-save-error')).toContainText('有 1 处问题，日历没有保存');
  const row = page.getByTestId('calendar-exception-table').getByRole('row', { name: /2025-05-03/ });
  await expect(row).toContainText('2025-05-03 是周末，本来就休息，不必列为放假');
  await snap(page, '76-calendar-save-refused', { height: 2000 });

  await row.getByRole('button', { name: '删除 2025-05-03' }).click();
  await expect(page.getByTestId('calendar-save-error')).toHaveCount(0);
  await page.getByTestId('calendar-save').click();
  await expect(page.getByText('2025 年日历已保存')).toBeVisible();
  await expect(page.getByTestId('calendar-unsaved')).toHaveCount(0);
  await expect(page.getByTestId('calendar-working-days')).toContainText('256');
  await page.reload();
  await expect(page.getByTestId('calendar-day-2025-05-01')).toHaveAttribute('data-state', 'holiday');
  await expect(page.getByTestId('calendar-month-5')).toContainText('5月1日 劳动节：放假');
});

test('everyone else reads the calendar, without editing it and without a menu entry', async ({ page }) => {
  await login(page, READER.username, PASSWORD);
  await expect(page.getByTestId('side-menu').getByText('工作日历', { exact: true })).toHaveCount(0);
  await page.goto('/system/calendar?year=2025');
  await expect(page.getByText('只有系统管理员可以修改日历。')).toBeVisible();
  await expect(page.getByTestId('calendar-day-2025-01-28')).toHaveAttribute('data-state', 'holiday');
  await expect(page.getByTestId('calendar-exceptions')).toHaveCount(0);
  await expect(page.getByTestId('calendar-import')).toHaveCount(0);
  await calculate(page, '2025-01-27', 3);
  await expect(page.getByTestId('calendar-calc-result')).toContainText('2025-01-27 之后第 3 个工作日是 2025-02-07（星期五）');
});
