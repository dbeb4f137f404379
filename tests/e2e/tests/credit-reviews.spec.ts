// The credit review campaign (信用升降级评审) in the browser. Two salesmen's customers with credit of
// 10 万 (grade A) each; the first bought 90,000 元 on 30 days' credit ten days ago (open, not yet
// due: 90 % of the limit in use, nothing late — the rules propose an upgrade). The business
// department starts the review month's campaign (发起评审) and sees it gathered (the progress, then
// open); a second start of the month is refused at the month. It opens the first customer's review
// form (客户升(降)级评审表): the figures, the proposal with its reason in words (AA, its limit capped
// at the GM's 100 万); a limit of 150 万 is refused at the limit, 50 万 is saved with an opinion. The VP sees the form without its edit controls, approves the campaign at once (批量批准,
// the confirmation says 1 approved and 0 excepted; the result: approved 1), and the customer card's
// credit tab shows the grade AA and the review in its history; the form prints on one A4 page.
// A salesman sees only his own customer in the campaign. On the collection server (see
// global-setup.ts: its day is E2E_TODAY, 2026-12-02 — December is a review month of the default
// policy), with its own users and data set up through the API.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Page } from '@playwright/test';
import {
  apiAdmin,
  apiConfirmShipment,
  apiCustomer,
  apiGrantCredit,
  apiLogin,
  apiOffice,
  apiProduct,
  apiShippingNote,
  apiSignContract,
  apiSubmittedContract,
  apiUsers,
  type Session,
} from './api';
import { dayFromToday, E2E_TODAY } from './env';
import { expect, expectNoModal, login, SCREENSHOT_DIR, serverUrl, snap, test } from './fixtures';

test.use({ server: 'collection' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Reviews-E2e-Secret-2026!';
const STAFF = { username: 'qin.yewu', name: '秦业务' };
const VP = { username: 'han.fuzong', name: '韩副总' };
const SALES_1 = { username: 'yang.xiaoshou', name: '杨销售' };
const SALES_2 = { username: 'zhu.xiaoshou', name: '朱销售' };
const WAREHOUSE = { username: 'qian.cangku', name: '钱仓库' };
const CUSTOMER_1 = '邢台市光明市政照明有限公司';
const CUSTOMER_2 = '邯郸市恒通道路照明工程有限公司';
const PRODUCT = { code: 'LED-200W', name: 'LED 路灯 200W', unit: '套', list_price_fen: 1_000_000 };
const WAN = 1_000_000;
const OPINION = '评审期内回款及时，额度使用充分，同意升级，额度暂定 50 万元。';

/** The latest review month (June or December) not after today. */
function reviewMonth(): string {
  const [y, m] = E2E_TODAY.split('-').map(Number) as [number, number];
  if (m === 12) return `${y}-12`;
  return m >= 6 ? `${y}-06` : `${y - 1}-12`;
}
const MONTH = reviewMonth();

let customer1 = 0;
let customer2 = 0;

async function session(username: string): Promise<Session> {
  return apiLogin(serverUrl('collection'), username, PASSWORD);
}

test.beforeAll(async () => {
  const url = serverUrl('collection');
  const admin = await apiAdmin(url);
  const office = await apiOffice(admin, { code: 'HB-XT', name: '邢台办事处', region: '华北' });
  await apiUsers(admin, url, PASSWORD, [
    { ...STAFF, roles: ['business_staff'] },
    { ...VP, roles: ['vice_president'] },
    { ...SALES_1, roles: ['salesman'], office_id: office },
    { ...SALES_2, roles: ['salesman'], office_id: office },
    { ...WAREHOUSE, roles: ['warehouse'] },
  ]);
  await admin.ctx.dispose();

  // A customer of each salesman, in business for years, with credit of 10 万 (grade A).
  const s1 = await session(SALES_1.username);
  customer1 = await apiCustomer(s1, { name: CUSTOMER_1, phone: '0319-22223333', registration_date: dayFromToday(-1500) });
  const s2 = await session(SALES_2.username);
  customer2 = await apiCustomer(s2, { name: CUSTOMER_2, phone: '0310-44445555', registration_date: dayFromToday(-1600) });
  await s2.ctx.dispose();
  const staff = await session(STAFF.username);
  const vp = await session(VP.username);
  const productId = await apiProduct(staff, PRODUCT, dayFromToday(-400));
  await apiGrantCredit(staff, vp, customer1, 10 * WAN);
  await apiGrantCredit(staff, vp, customer2, 10 * WAN);
  await vp.ctx.dispose();

  // The first customer's contract of 9 × 10,000 元 on 30 days' credit, signed 40 days ago, shipped
  // whole ten days ago and confirmed: 90,000 元 open, due in 20 days.
  const contract = await apiSubmittedContract(s1, { customerId: customer1, productId, quantity: 9, priceFen: PRODUCT.list_price_fen });
  await s1.ctx.dispose();
  await apiSignContract(staff, contract, dayFromToday(-40));
  await staff.ctx.dispose();
  const warehouse = await session(WAREHOUSE.username);
  const note = await apiShippingNote(warehouse, contract.id, dayFromToday(-10));
  await apiConfirmShipment(warehouse, note.id);
  await warehouse.ctx.dispose();
});

async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
}

/** The row of a customer in the campaign's items. */
function itemRow(page: Page, customer: string) {
  return page.getByTestId('review-items').locator('tbody tr.ant-table-row').filter({ hasText: customer });
}

test('the business department starts the campaign, sees it gathered and reviews a customer', async ({ page }) => {
  await login(page, STAFF.username, PASSWORD, '/');
  await page.getByTestId('side-menu').getByText('信用评审', { exact: true }).click();
  await expect(page).toHaveURL(/\/credit\/reviews$/);
  await expect(page.getByRole('heading', { name: '信用升降级评审' })).toBeVisible();

  // 发起评审: the month defaults to the latest review month; only review months can be picked.
  await page.getByTestId('review-start').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('评审月份', { exact: true })).toHaveValue(MONTH);
  await dialog.getByRole('button', { name: /^发\s*起$/ }).click();
  await expectNoModal(page);
  await expect(page).toHaveURL(/\/credit\/reviews\/\d+$/);
  const campaignUrl = page.url();
  await expect(page.getByTestId('review-title')).toHaveText(`${MONTH} 信用评审`);
  // Gathered in the background: open once every customer with credit is in.
  await expect(page.getByTestId('review-status')).toHaveText('评审中', { timeout: 30_000 });
  await expect(page.getByTestId('review-progress')).toHaveCount(0);
  await expect(itemRow(page, CUSTOMER_1)).toHaveCount(1);
  await expect(itemRow(page, CUSTOMER_2)).toHaveCount(1);

  // The figures of the first customer in the list: 90,000 元 sold and open, 90 % in use, an upgrade.
  const row = itemRow(page, CUSTOMER_1);
  await expect(row.getByTestId('review-item-sales')).toHaveText('¥90,000.00');
  await expect(row.getByTestId('review-item-utilisation')).toHaveText('90%');
  await expect(row.getByTestId('review-proposal')).toHaveText('升级 → AA');
  await expect(row.getByTestId('review-item-status')).toHaveText('待评审');

  // Filters are kept in the URL.
  const search = page.getByPlaceholder('客户名称或编号');
  await search.fill(CUSTOMER_2);
  await search.press('Enter');
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(itemRow(page, CUSTOMER_1)).toHaveCount(0);
  await expect(itemRow(page, CUSTOMER_2)).toHaveCount(1);
  await page.goto(campaignUrl);

  // The month's campaign exists: a second start is refused at the month.
  await page.goto('/credit/reviews');
  await expect(page.getByTestId('reviews-table').getByTestId('review-link').filter({ hasText: MONTH })).toHaveCount(1);
  await page.getByTestId('review-start').click();
  await dialog.getByRole('button', { name: /^发\s*起$/ }).click();
  await expect(dialog.getByText('该月份的评审已经发起')).toBeVisible();
  await dialog.getByRole('button', { name: /取\s*消/ }).click();
  await expectNoModal(page);
  await snap(page, 'r1-credit-reviews');

  // The review form of the first customer.
  await page.goto(campaignUrl);
  await itemRow(page, CUSTOMER_1).getByTestId('review-item-open').click();
  await expect(page).toHaveURL(/\/credit\/reviews\/\d+\/items\/\d+$/);
  const sheet = page.getByTestId('review-sheet');
  await expect(sheet.getByTestId('review-sheet-title')).toHaveText('客户升(降)级评审表');
  await expect(sheet.getByTestId('review-sheet-customer')).toContainText(CUSTOMER_1);
  await expect(sheet.getByTestId('review-sheet-grade')).toHaveText('A');
  await expect(sheet.getByTestId('review-sheet-limit')).toHaveText('10.00万元');
  await expect(sheet.getByTestId('review-sheet-sales')).toHaveText('¥90,000.00');
  await expect(sheet.getByTestId('review-sheet-open')).toHaveText('¥90,000.00');
  await expect(sheet.getByTestId('review-sheet-overdue')).toHaveText('¥0.00');
  await expect(sheet.getByTestId('review-sheet-late')).toHaveText('0');
  await expect(sheet.getByTestId('review-sheet-utilisation')).toHaveText('90%');
  await expect(sheet.getByTestId('review-sheet-proposal')).toHaveText('升级');
  await expect(sheet.getByTestId('review-sheet-reasons')).toContainText('评审期内无逾期回款、无违约承诺，额度使用率达 90%，符合升级条件');

  // The form starts from the proposal: upgrade to AA, AA's default limit (300 万) capped at the
  // GM's amount (100 万: a larger raise is a limit request of its own), AA's period.
  await expect(sheet.getByTestId('review-sheet-proposed')).toHaveText('AA · 100.00万元 · 60 天');
  const form = page.getByTestId('review-form');
  await expect(form.getByRole('radio', { name: '升级' })).toBeChecked();
  await expect(form.getByTestId('review-form-limit')).toHaveValue('1000000');
  await expect(form.getByTestId('review-form-period')).toHaveValue('60');
  // Keep prefills the current terms; back to upgrade, the proposal again.
  await form.getByText('维持', { exact: true }).click();
  await expect(form.getByTestId('review-form-limit')).toHaveValue('100000');
  await expect(form.getByTestId('review-form-period')).toHaveValue('30');
  await form.getByText('升级', { exact: true }).click();
  await expect(form.getByTestId('review-form-limit')).toHaveValue('1000000');
  await expect(form.getByTestId('review-form-period')).toHaveValue('60');

  // No opinion, and a limit above the GM's 100 万 that raises the limit: refused at their fields.
  await form.getByTestId('review-form-limit').fill('1500000');
  await form.getByTestId('review-form-save').click();
  await expect(form.getByText('请填写评审意见')).toBeVisible();
  await expect(form.getByText('额度超过 100.00万元 且高于现额度，须另行提交额度申请（由总经理审批）')).toBeVisible();
  await form.getByTestId('review-form-limit').fill('500000');
  await form.getByTestId('review-form-opinion').fill(OPINION);
  await form.getByTestId('review-form-save').click();
  await expect(page.getByText('评审已保存，待主管副总审批')).toBeVisible();
  await expect(page.getByTestId('review-item-status')).toHaveText('已评审');
  await expect(form.getByTestId('review-form-reviewed')).toContainText(`评审人：${STAFF.name}`);
  await snap(page, 'r2-review-form');
  await logout(page);
});

test('the VP cannot fill the form, approves the campaign at once; the card shows the new grade', async ({ page }) => {
  await login(page, VP.username, PASSWORD, '/credit/reviews');
  await page.getByTestId('reviews-table').getByTestId('review-link').filter({ hasText: MONTH }).click();
  await expect(page.getByTestId('review-count-reviewed')).toHaveText('已评审 1');
  // The VP reads the form: no edit controls, the decision buttons once reviewed.
  await itemRow(page, CUSTOMER_1).getByTestId('review-item-open').click();
  const sheet = page.getByTestId('review-sheet');
  await expect(sheet.getByTestId('review-sheet-opinion')).toHaveText(OPINION);
  await expect(sheet.getByTestId('review-sheet-new-terms')).toContainText('AA · 50.00万元 · 60 天');
  await expect(page.getByTestId('review-form')).toHaveCount(0);
  await expect(page.getByTestId('review-form-save')).toHaveCount(0);
  await expect(page.getByTestId('review-decision-approve')).toBeVisible();
  await page.getByTestId('review-item-back').click();

  // 批量批准: every reviewed customer, none excepted.
  await page.getByTestId('review-batch-approve').click();
  const dialog = page.getByTestId('review-batch-modal');
  await expect(page.getByTestId('review-batch-summary')).toHaveText('已评审 1 户：将批准 1 户，例外 0 户。批准后新的等级、额度与信用期立即生效。');
  await page.getByTestId('review-batch-note').fill('同意业务部评审意见');
  await page.getByTestId('review-batch-ok').click();
  await expect(page.getByTestId('review-batch-approved')).toHaveText('已批准 1 户');
  await expect(page.getByTestId('review-batch-excepted')).toHaveText('例外保留 0 户');
  await expect(page.getByTestId('review-batch-own')).toHaveText('本人评审、保留待他人审批 0 户');
  await page.getByTestId('review-batch-close').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('review-count-approved')).toHaveText('已批准 1');
  await expect(itemRow(page, CUSTOMER_1).getByTestId('review-item-status')).toHaveText('已批准');

  // The customer card's credit tab: grade AA, and the review in its history.
  await page.goto(`/customers/${customer1}?tab=credit`);
  const credit = page.getByTestId('customer-credit');
  await expect(credit.getByTestId('credit-grade')).toHaveText('AA');
  const history = credit.getByTestId('customer-reviews');
  await expect(history.getByTestId('customer-review-link')).toHaveText(MONTH);
  await expect(history.getByTestId('customer-review-grade')).toHaveText('A → AA');
  await expect(history.getByTestId('review-item-status')).toHaveText('已批准');
  await snap(page, 'r3-customer-reviews');

  // The form from the history, decided; it prints on one A4 page with the app around it hidden.
  await history.getByTestId('customer-review-link').click();
  await expect(page).toHaveURL(/\/credit\/reviews\/\d+\/items\/\d+$/);
  await expect(page.getByTestId('review-sheet-vp-result')).toHaveText('批准，已生效');
  await expect(page.getByTestId('review-decision-approve')).toHaveCount(0);
  await expect(page.getByTestId('review-sheet-signature')).toContainText(STAFF.name);
  await expect(page.getByTestId('review-sheet-signature')).toContainText(VP.name);
  await page.evaluate(() => {
    const w = window as unknown as { printed: number; print: () => void };
    w.printed = 0;
    w.print = () => {
      w.printed += 1;
    };
  });
  await page.getByTestId('review-item-print').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('side-menu')).toBeHidden();
  await expect(page.getByTestId('header-user')).toBeHidden();
  await expect(page.getByTestId('review-item-print')).toBeHidden();
  await expect(page.getByTestId('review-item-back')).toBeHidden();
  await expect(page.getByTestId('review-sheet')).toBeVisible();
  await snap(page, 'r4-review-form-print');
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  await writeFile(join(SCREENSHOT_DIR, 'r4-review-form.pdf'), pdf);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).toHaveLength(1);
  await page.emulateMedia({ media: 'screen' });
  await logout(page);
});

test('a salesman reads only his own customer in the campaign, without any action', async ({ page }) => {
  await login(page, SALES_1.username, PASSWORD, '/credit/reviews');
  await expect(page.getByTestId('review-start')).toHaveCount(0);
  await page.getByTestId('reviews-table').getByTestId('review-link').filter({ hasText: MONTH }).click();
  await expect(itemRow(page, CUSTOMER_1)).toHaveCount(1);
  await expect(page.getByTestId('review-items').locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(itemRow(page, CUSTOMER_2)).toHaveCount(0);
  await expect(page.getByTestId('review-batch-approve')).toHaveCount(0);
  await itemRow(page, CUSTOMER_1).getByTestId('review-item-open').click();
  await expect(page.getByTestId('review-sheet-opinion')).toHaveText(OPINION);
  await expect(page.getByTestId('review-form')).toHaveCount(0);
  await expect(page.getByTestId('review-decision-approve')).toHaveCount(0);
  await logout(page);
});
