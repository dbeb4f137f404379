// Credit training (信用培训) in the browser: business staff see who deals with credit and has not
// attended a session within the policy's 12 months, record a session with its topic, trainer,
// materials and two attendees picked by name (the form says what is missing first); the session is
// listed with its attendees (expanded) and the two leave the "not trained" list; a salesman reads
// the sessions and who is due, and records none. On the collection server (see
// global-setup.ts), with its own users set up through the API.
import { type Page } from '@playwright/test';
import { apiAdmin, apiOffice, apiUsers } from './api';
import { dayFromToday } from './env';
import { expect, expectNoModal, login, serverUrl, snap, test } from './fixtures';

test.use({ server: 'collection' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Training-E2e-Secret-2026!';
const STAFF = { username: 'he.peixun', name: '何培训' };
const SALES_1 = { username: 'lv.xiaoshou', name: '吕销售' };
const SALES_2 = { username: 'shi.xiaoshou', name: '施销售' };
const FINANCE = { username: 'zhang.caiwu', name: '张财务' };
const TOPIC = '应收账款风险识别与催收';

test.beforeAll(async () => {
  const url = serverUrl('collection');
  const admin = await apiAdmin(url);
  const office = await apiOffice(admin, { code: 'HB-HS', name: '衡水办事处', region: '华北' });
  await apiUsers(admin, url, PASSWORD, [
    { ...STAFF, roles: ['business_staff'] },
    { ...SALES_1, roles: ['salesman'], office_id: office },
    { ...SALES_2, roles: ['salesman'], office_id: office },
    { ...FINANCE, roles: ['finance'] },
  ]);
  await admin.ctx.dispose();
});

async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
}

/** Types a name into the attendees' choice, waits for the people search, picks the person. */
async function pickAttendee(page: Page, name: string): Promise<void> {
  const input = page.getByRole('dialog').getByLabel('参加人员', { exact: true });
  const answered = page.waitForResponse((r) => r.url().includes('/api/v1/users/lookup') && new URL(r.url()).searchParams.get('q') === name);
  await input.fill(name);
  await answered;
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await expect(options.filter({ hasNotText: name })).toHaveCount(0);
  await options.filter({ hasText: name }).click();
}

test('business staff record a session with its attendees; they leave the not-trained list', async ({ page }) => {
  await login(page, STAFF.username, PASSWORD, '/credit-trainings');
  await expect(page.getByRole('heading', { name: '信用培训' })).toBeVisible();
  await expect(page.getByText('涉及信用的人员每 12 个月至少参加一次。', { exact: false })).toBeVisible();

  // Nobody has been trained yet: the salesmen and finance are due, never trained.
  await page.getByTestId('training-tab-due').click();
  const due = page.getByTestId('training-due-table');
  for (const p of [SALES_1, SALES_2, FINANCE, STAFF]) {
    await expect(due.locator('tbody tr').filter({ hasText: p.name })).toContainText('从未参加');
  }
  await page.getByTestId('training-tab-sessions').click();

  await page.getByTestId('training-new').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('培训日期', { exact: true })).toHaveValue(dayFromToday(0));
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog.getByText('请填写主题')).toBeVisible();
  await expect(dialog.getByText('请填写讲师')).toBeVisible();
  await expect(dialog.getByText('请至少选择一位参加人员')).toBeVisible();
  await dialog.getByTestId('training-topic-input').fill(TOPIC);
  await dialog.getByTestId('training-trainer-input').fill('财务部 王会计');
  await dialog.getByTestId('training-materials-input').fill('讲义 PDF 见共享盘');
  await pickAttendee(page, SALES_1.name);
  await pickAttendee(page, FINANCE.name);
  await expect(dialog.getByTestId('training-attendees-chosen')).toHaveText('2 人');
  // The choice stays open for more people: a click elsewhere closes it.
  await dialog.getByTestId('training-topic-input').click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await snap(page, 't1-training-form', { height: 900 });
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('培训已登记')).toBeVisible();
  await expectNoModal(page);

  const row = page.getByTestId('training-table').locator('tbody tr.ant-table-row').filter({ hasText: TOPIC });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('training-held-on')).toHaveText(dayFromToday(0));
  await expect(row).toContainText('财务部 王会计');
  await expect(row.getByTestId('training-attendee-count')).toContainText('2 人');
  await row.locator('.ant-table-row-expand-icon').click();
  const expanded = page.getByTestId('training-expanded');
  await expect(expanded.getByTestId('training-attendee')).toHaveCount(2);
  expect((await expanded.getByTestId('training-attendee').allInnerTexts()).sort()).toEqual([SALES_1.name, FINANCE.name].sort());
  await expect(expanded).toContainText('讲义 PDF 见共享盘');
  await snap(page, 't2-training-sessions');

  // The two attended: no longer due; the others still are.
  await page.getByTestId('training-tab-due').click();
  await expect(due.locator('tbody tr').filter({ hasText: SALES_1.name })).toHaveCount(0);
  await expect(due.locator('tbody tr').filter({ hasText: FINANCE.name })).toHaveCount(0);
  await expect(due.locator('tbody tr').filter({ hasText: SALES_2.name })).toContainText('从未参加');
  await logout(page);
});

test('a salesman reads the sessions and who is due, and records none', async ({ page }) => {
  await login(page, SALES_1.username, PASSWORD, '/credit-trainings');
  await expect(page.getByTestId('training-new')).toHaveCount(0);
  const rows = page.getByTestId('training-table').locator('tbody tr.ant-table-row');
  await expect(rows.filter({ hasText: TOPIC })).toHaveCount(1);
  await page.getByTestId('training-tab-due').click();
  await expect(page.getByTestId('training-record-due')).toHaveCount(0);
  await expect(page.getByTestId('training-due-table').locator('tbody tr').filter({ hasText: SALES_2.name })).toHaveCount(1);
  await logout(page);
});
