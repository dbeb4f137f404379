// The sales ledger in the browser, from a product to the AR aging register: the business manager
// creates two products (and schedules a later list price); a salesman drafts a contract of two
// lines, sees each line's premium and the amount-weighted one, and submits it; the business
// manager sends it back without a note (refused) and signs it; a warehouse clerk (who may not
// read contracts) picks the contract among those left to ship and issues a shipping note (a
// quantity is capped at what remains; one shipped meanwhile by another note is refused at its
// line, with what remains now) and the shipper confirms it from the queue; finance books a payment with the allocation preview (a split by hand over a balance is
// refused); the AR aging register as of today shows the open balance in its bucket, as of an
// earlier date the whole amount, lists the receivable in the drill-down and exports an .xlsx;
// finance issues a credit note and reverses the payment, and the register (in English) follows;
// the customer's page then shows it all in its ledger tab (账务) to the salesman who owns it. This
// server sends no mail: finance's statement of the customer says so instead of offering to mail it.
// On its own server (see global-setup.ts), with users set up through the API.
import { type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { apiAdmin, apiAs, apiCustomer, apiGet, apiGrantCredit, apiLogin, apiOffice, apiPost, apiUsers } from './api';
import { dayFromToday } from './env';
import { expect, login, pickOption, searchAndPick, serverUrl, snap, test } from './fixtures';

test.use({ server: 'ledger' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Ledger-E2e-Secret-2026!';
const MANAGER = { username: 'qian.jingli', name: '钱经理' };
const SALESMAN = { username: 'sun.yewu', name: '孙业务' };
// Both warehouse only (docs/roles.md: shipping notes, no contracts): the clerk issues the note from
// what GET /shippable-contracts tells of the contract, the shipper confirms it.
const CLERK = { username: 'li.cangguan', name: '李仓管' };
const SHIPPER = { username: 'zhou.fahuo', name: '周发货' };
const FINANCE = { username: 'wu.caiwu', name: '吴财务' };
// Approves the customer's credit limit, so the review signs the contract.
const VP = { username: 'zheng.fuzong', name: '郑副总' };
const CUSTOMER = '保定市明亮照明工程有限公司';
const P1 = { code: 'LED-100W', name: 'LED 路灯 100W', unit: '套', price: '1280' };
const P2 = { code: 'LED-200W', name: 'LED 隧道灯 200W', unit: '套', price: '2000' };

/** A business day `offset` days from the test day (E2E_TODAY). */
function day(offset: number): string {
  return dayFromToday(offset);
}
const TODAY = day(0);
const PRICE_FROM = day(-120);
const SIGNED_ON = day(-60);
// Due ship date + 30 days credit = 15 days ago: in the 1–30 days bucket today.
const SHIPPED_ON = day(-45);

let contractPath = '';
let contractNumber = '';
let noteNumber = '';

test.beforeAll(async () => {
  const base = serverUrl('ledger');
  const admin = await apiAdmin(base);
  const office = await apiOffice(admin, { code: 'HB-BD', name: '保定办事处', region: '华北' });
  await apiUsers(admin, base, PASSWORD, [
    { ...MANAGER, roles: ['business_manager'] },
    { ...SALESMAN, roles: ['salesman'], office_id: office },
    { ...CLERK, roles: ['warehouse'] },
    { ...SHIPPER, roles: ['warehouse'] },
    { ...FINANCE, roles: ['finance'] },
    { ...VP, roles: ['vice_president'] },
  ]);
  await admin.ctx.dispose();
  // The salesman's customer (owner: the salesman), registered years ago, with approved credit.
  const customer = await apiAs(base, SALESMAN.username, PASSWORD, (sales) =>
    apiCustomer(sales, { name: CUSTOMER, phone: '0312-55556666', registration_date: day(-1500) }),
  );
  const manager = await apiLogin(base, MANAGER.username, PASSWORD);
  const vp = await apiLogin(base, VP.username, PASSWORD);
  await apiGrantCredit(manager, vp, customer, 100_000_000);
  await manager.ctx.dispose();
  await vp.ctx.dispose();
});

async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
}

/**
 * Types a date into the antd DatePicker labelled `label` (inside `scope`) and leaves the field
 * (Enter would also submit the form around it).
 */
async function fillDate(scope: Page | ReturnType<Page['locator']>, label: string, date: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Tab');
  await expect(input).toHaveValue(date);
}

async function confirmPopover(page: Page, button: string): Promise<void> {
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: button }).click();
}

test('the business manager adds two products and schedules a new list price', async ({ page }) => {
  await login(page, MANAGER.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('产品与标价', { exact: true }).click();
  await expect(page).toHaveURL(/\/products$/);
  await expect(page.getByTestId('products-table')).toContainText('暂无数据');

  for (const p of [P1, P2]) {
    await page.getByTestId('product-create').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('产品编码').fill(p.code);
    await dialog.getByLabel('产品名称').fill(p.name);
    await dialog.getByLabel('单位', { exact: true }).fill(p.unit);
    await dialog.getByLabel('标价（元/单位）').fill(p.price);
    await fillDate(dialog, '生效日期', PRICE_FROM);
    if (p === P1) await snap(page, '70-product-new');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect(page.getByText('产品已新增')).toBeVisible();
    await expect(page.locator('.ant-modal:visible')).toHaveCount(0);
  }
  const table = page.getByTestId('products-table');
  await expect(table.getByRole('row', { name: new RegExp(P1.code) })).toContainText('¥1,280.00/套');
  await expect(table.getByRole('row', { name: new RegExp(P2.code) })).toContainText('¥2,000.00/套');

  // A duplicate code is refused on its field.
  await page.getByTestId('product-create').click();
  const dup = page.getByRole('dialog');
  await dup.getByLabel('产品编码').fill(P1.code);
  await dup.getByLabel('产品名称').fill('重复');
  await dup.getByLabel('标价（元/单位）').fill('1');
  await dup.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dup.getByText('该产品编码已存在')).toBeVisible();
  await dup.getByRole('button', { name: /取\s*消/ }).click();

  // A later list price: scheduled, today's stays in force.
  await table.getByRole('row', { name: new RegExp(P1.code) }).getByTestId('product-prices').click();
  const history = page.getByRole('dialog');
  await history.getByLabel('新标价（元/单位）').fill('1350');
  await fillDate(history, '生效日期', day(30));
  await history.getByTestId('price-new-save').click();
  await expect(page.getByText('新标价已设定')).toBeVisible();
  const prices = history.getByTestId('price-history-table');
  await expect(prices.getByRole('row', { name: new RegExp(day(30)) })).toContainText('待生效');
  await expect(prices.getByRole('row', { name: new RegExp(PRICE_FROM) })).toContainText('现行');
  await snap(page, '71-price-history');
  await history.getByRole('button', { name: '关 闭' }).click();
  await expect(table.getByRole('row', { name: new RegExp(P1.code) })).toContainText('¥1,280.00/套');
  await logout(page);
});

test('a salesman drafts a contract of two lines with their premiums and submits it', async ({ page }) => {
  await login(page, SALESMAN.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('合同', { exact: true }).click();
  await expect(page).toHaveURL(/\/contracts$/);
  await page.getByTestId('contract-create').click();
  await expect(page).toHaveURL(/\/contracts\/new$/);

  const form = page.getByTestId('contract-form');
  await searchAndPick(page, form.getByLabel('客户', { exact: true }), '/api/v1/customers', '明亮照明', CUSTOMER);
  // The customer's tier gives the price level (a new customer has none yet).
  await expect(form.getByTestId('contract-price-level')).toHaveText('尚未评级：标准价格');

  const line1 = page.getByTestId('contract-line').nth(0);
  await searchAndPick(page, line1.getByLabel('产品', { exact: true }), '/api/v1/products', 'LED-100', /LED-100W/);
  await expect(line1.getByTestId('line-list-price')).toHaveText('¥1,280.00/套');
  await line1.getByLabel('数量').fill('100');
  await line1.getByLabel('合同单价（元）').fill('1400');
  await expect(line1.getByTestId('line-amount')).toHaveText('¥140,000.00');
  // (1400 − 1280) / 1280 = 9.375 %
  await expect(line1.getByTestId('line-premium')).toHaveText('+9.38%');

  await page.getByTestId('contract-line-add').click();
  const line2 = page.getByTestId('contract-line').nth(1);
  // Nothing chosen yet: the form says so before anything is sent.
  await page.getByTestId('contract-save').click();
  await expect(line2.getByText('请选择产品')).toBeVisible();
  await searchAndPick(page, line2.getByLabel('产品', { exact: true }), '/api/v1/products', 'LED-200', /LED-200W/);
  await line2.getByLabel('数量').fill('50');
  await line2.getByLabel('合同单价（元）').fill('2000.001');
  await expect(line2.getByText('最多两位小数')).toBeVisible();
  await line2.getByLabel('合同单价（元）').fill('2000');
  await expect(line2.getByTestId('line-premium')).toHaveText('0.00%');
  // (240,000 − 228,000) / 228,000 = 5.263 %
  await expect(page.getByTestId('contract-total-amount')).toHaveText('¥240,000.00');
  await expect(page.getByTestId('contract-total-list')).toHaveText('¥228,000.00');
  await expect(page.getByTestId('contract-total-premium')).toHaveText('+5.26%');
  await snap(page, '72-contract-new', { height: 1400 });
  await page.getByTestId('contract-save').click();

  await expect(page).toHaveURL(/\/contracts\/\d+$/);
  contractPath = new URL(page.url()).pathname;
  await expect(page.getByText('合同草稿已保存')).toBeVisible();
  contractNumber = ((await page.getByTestId('contract-title').textContent()) ?? '').replace('合同 ', '').trim();
  expect(contractNumber).toMatch(/^HT\d{9}$/);
  await expect(page.getByTestId('contract-status').first()).toHaveText('草稿');
  await expect(page.getByTestId('contract-premium')).toHaveText('+5.26%');
  await expect(page.getByTestId('contract-lines').getByTestId('line-premium')).toHaveText(['+9.38%', '0.00%']);

  // A draft is changed with the version it was read at; the lines come back as saved.
  await page.getByTestId('contract-edit').click();
  await expect(page).toHaveURL(/\/contracts\/\d+\/edit$/);
  await expect(page.getByTestId('contract-line').nth(0).getByLabel('合同单价（元）')).toHaveValue('1400');
  await expect(page.getByTestId('contract-total-premium')).toHaveText('+5.26%');
  await page.getByTestId('contract-form').getByLabel('备注（选填）').fill('首批市政路灯，分两次发货');
  await page.getByTestId('contract-save').click();
  await expect(page).toHaveURL(new RegExp(`${contractPath}$`));
  await expect(page.getByTestId('contract-details')).toContainText('首批市政路灯，分两次发货');

  await page.getByTestId('contract-submit').click();
  await confirmPopover(page, '提交评审');
  await expect(page.getByText('已提交合同评审')).toBeVisible();
  await expect(page.getByTestId('contract-status').first()).toHaveText('评审中');
  await expect(page.getByTestId('contract-edit')).toHaveCount(0);
  // Sales do not review.
  await expect(page.getByTestId('review-approve')).toHaveCount(0);
  await logout(page);
});

test('the business manager reviews: a send-back needs a note, approval signs on the date', async ({ page }) => {
  await login(page, MANAGER.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('合同', { exact: true }).click();
  await page.getByTestId('contracts-filter-status').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^评审中$/ }).click();
  await expect(page).toHaveURL(/status=in_review/);
  await page.getByTestId('contracts-table').getByRole('link', { name: contractNumber }).click();
  await expect(page).toHaveURL(new RegExp(`${contractPath}$`));

  const review = page.getByTestId('contract-review');
  await review.getByTestId('review-reject').click();
  await expect(review.getByText('退回修改时请写明意见')).toBeVisible();
  await review.getByLabel('评审意见').fill('价格、账期符合政策');
  await fillDate(review, '签订日期', SIGNED_ON);
  await snap(page, '73-contract-review', { height: 1300 });
  await review.getByTestId('review-approve').click();
  await expect(page.getByText('评审通过，合同已签订')).toBeVisible();
  await expect(page.getByTestId('contract-status').first()).toHaveText('已签订');
  await expect(page.getByTestId('contract-review-outcome')).toContainText('评审通过');
  await expect(page.getByTestId('contract-review-outcome')).toContainText(MANAGER.name);
  await expect(page.getByTestId('contract-details')).toContainText(SIGNED_ON);
  // The list prices of the signing date: the premium stands (the later price does not apply).
  await expect(page.getByTestId('contract-premium')).toHaveText('+5.26%');
  await expect(page.getByTestId('review-approve')).toHaveCount(0);
  await logout(page);
});

test('the warehouse issues a note (capped at what remains; one shipped meanwhile is refused) and the shipper confirms it from the queue', async ({ page }) => {
  await login(page, CLERK.username, PASSWORD);
  await expect(page.getByTestId('side-menu').getByText('合同', { exact: true })).toHaveCount(0);
  await page.getByTestId('side-menu').getByText('发货单', { exact: true }).click();
  await expect(page).toHaveURL(/\/shipping-notes$/);
  await expect(page.getByTestId('notes-table')).toContainText('暂无数据');
  await page.getByTestId('note-create').click();
  // The contracts left to ship, searched by number (or customer), without reading contracts.
  await searchAndPick(page, page.getByTestId('note-contract').locator('input'), '/api/v1/shippable-contracts', contractNumber, contractNumber);
  await expect(page).toHaveURL(/contract_id=\d+/);
  const details = page.getByTestId('note-contract-details');
  await expect(details).toContainText(CUSTOMER);
  await expect(details).toContainText(SIGNED_ON);
  await expect(details.getByRole('link', { name: contractNumber })).toHaveCount(0);
  const lines = page.getByTestId('note-lines');
  await expect(lines.getByTestId('note-line-remaining')).toHaveText(['100', '50']);
  // No prices for the warehouse: the amount is the note's, once issued.
  await expect(page.getByTestId('note-amount')).toHaveCount(0);
  await fillDate(page.getByTestId('note-form'), '发货日期', SHIPPED_ON);

  // More than remains is capped at what remains.
  const quantity = page.getByLabel(`${P1.name} 本次发货数量`);
  await quantity.fill('120');
  await quantity.press('Tab');
  await expect(quantity).toHaveValue('100');

  // Meanwhile another note (the shipper's, through the API — warehouse only, too) takes 30 of
  // that line: the server refuses the 100, shown at the line with what remains now.
  const shipper = await apiLogin(serverUrl('ledger'), SHIPPER.username, PASSWORD);
  const open = await apiGet<{ items: { contract_id: number; lines: { contract_line_id: number; product_code: string; remaining: number }[] }[] }>(
    shipper,
    `/api/v1/shippable-contracts?q=${encodeURIComponent(contractNumber)}`,
  );
  expect(open.items).toHaveLength(1);
  const shippable = open.items[0]!;
  const line = shippable.lines.find((l) => l.product_code === P1.code)!;
  expect(line.remaining).toBe(100);
  const other = await apiPost<{ id: number }>(shipper, '/api/v1/shipping-notes', {
    contract_id: shippable.contract_id,
    ship_date: SHIPPED_ON,
    lines: [{ contract_line_id: line.contract_line_id, quantity: 30 }],
  });
  await page.getByTestId('note-issue').click();
  await expect(page.getByText('超过剩余可发数量：只剩 70 套（合同 100 套）')).toBeVisible();
  await expect(lines.getByTestId('note-line-remaining')).toHaveText(['70', '50']);
  await expect(page).toHaveURL(/contract_id=\d+/);
  await snap(page, '74-note-over-ordered');

  // That note is cancelled, its 30 return; the form opened again at its address (the contract
  // preselected) reads what remains.
  await apiPost(shipper, `/api/v1/shipping-notes/${other.id}/cancel`, {}, 200);
  await shipper.ctx.dispose();
  await page.reload();
  await expect(page.getByTestId('note-contract')).toContainText(contractNumber);
  await expect(lines.getByTestId('note-line-remaining')).toHaveText(['100', '50']);
  await fillDate(page.getByTestId('note-form'), '发货日期', SHIPPED_ON);
  await quantity.fill('100');
  await quantity.press('Tab');
  await page.getByTestId('note-issue').click();

  await expect(page).toHaveURL(/\/shipping-notes\/\d+$/);
  noteNumber = ((await page.getByTestId('note-title').textContent()) ?? '').replace('发货单 ', '').trim();
  expect(noteNumber).toMatch(/^FH\d{9}$/);
  await expect(page.getByTestId('note-status').first()).toHaveText('待发货');
  await expect(page.getByTestId('note-amount')).toHaveText('¥140,000.00');
  await logout(page);

  // The shipper (warehouse only): the queue, by shipping priority; confirms the shipment.
  await login(page, SHIPPER.username, PASSWORD);
  await expect(page.getByTestId('side-menu').getByText('合同', { exact: true })).toHaveCount(0);
  await page.getByTestId('side-menu').getByText('发货单', { exact: true }).click();
  const row = page.getByTestId('notes-table').getByRole('row', { name: new RegExp(noteNumber) });
  await expect(row).toContainText(CUSTOMER);
  await expect(row).toContainText(contractNumber);
  await expect(row).toContainText(SHIPPED_ON);
  await expect(row.getByTestId('note-priority')).toHaveText(/^优先级 \d+$/);
  await snap(page, '75-shipping-queue');
  await row.getByTestId('note-confirm').click();
  await confirmPopover(page, '确认发货');
  await expect(page.getByText(`发货单 ${noteNumber} 已确认发货`)).toBeVisible();
  await expect(page.getByTestId('notes-table')).toContainText('暂无数据');
  await page.getByTestId('notes-view').getByText('已发货', { exact: true }).click();
  await expect(page).toHaveURL(/status=confirmed/);
  await expect(page.getByTestId('notes-table').getByRole('row', { name: new RegExp(noteNumber) }).getByTestId('note-status')).toHaveText('已发货');
  await logout(page);
});

test('finance books a payment with the allocation preview; the AR aging shows the balance in its bucket and exports', async ({ page }) => {
  await login(page, FINANCE.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('回款', { exact: true }).click();
  await expect(page).toHaveURL(/\/payments$/);
  await page.getByTestId('payment-create').click();
  await expect(page).toHaveURL(/\/payments\/new$/);
  const form = page.getByTestId('payment-form');
  await searchAndPick(page, form.getByLabel('客户', { exact: true }), '/api/v1/customers', '明亮照明', CUSTOMER);
  await form.getByLabel('回款金额（元）').fill('50000');

  // Oldest first: the one receivable of ¥140,000 takes it all, ¥90,000 stay open.
  const editor = page.getByTestId('allocation-editor');
  await expect(editor.getByTestId('allocation-table')).toContainText(contractNumber);
  await expect(editor.getByTestId('allocation-amount')).toHaveText('¥50,000.00');
  await expect(editor.getByTestId('allocation-after')).toHaveText('¥90,000.00');
  await expect(editor.getByTestId('allocation-rest')).toHaveText('¥0.00');
  await snap(page, '76-payment-preview', { height: 1100 });

  // By hand, more than the receivable's balance is refused before anything is sent.
  await editor.getByText('手工分配', { exact: true }).click();
  await editor.getByTestId('allocation-input').fill('150000');
  await expect(editor.getByText('超过该应收账款的余额')).toBeVisible();
  await expect(editor.getByTestId('allocation-over')).toBeVisible();
  await page.getByTestId('payment-save').click();
  await expect(page.getByTestId('payment-error')).toHaveText('请先修正手工分配中的问题');
  await editor.getByText('按到期先后自动分配', { exact: true }).click();
  await page.getByTestId('payment-save').click();

  await expect(page).toHaveURL(/\/payments\/\d+$/);
  await expect(page.getByText('回款已登记')).toBeVisible();
  await expect(page.getByTestId('payment-amount')).toHaveText('¥50,000.00');
  await expect(page.getByTestId('payment-allocated')).toHaveText('¥50,000.00');
  await expect(page.getByTestId('payment-unallocated')).toHaveText('¥0.00');
  await expect(page.getByTestId('payment-allocations')).toContainText(contractNumber);

  // The register as of today: ¥90,000 open, due 15 days ago → 1–30 days overdue.
  await page.getByTestId('side-menu').getByText('应收账款账龄', { exact: true }).click();
  await expect(page).toHaveURL(/\/reports\/ar-aging$/);
  await expect(page.getByTestId('aging-caption')).toContainText(`截至 ${TODAY}`);
  const table = page.getByTestId('aging-table');
  await expect(table.getByRole('columnheader', { name: '逾期 1–30 天' })).toBeVisible();
  const row = table.getByRole('row', { name: new RegExp(CUSTOMER) });
  await expect(row.getByTestId('aging-bucket-0')).toHaveText('¥90,000.00');
  await expect(row.getByTestId('aging-bucket-1')).toHaveText('¥0.00');
  await expect(row.getByTestId('aging-row-total')).toHaveText('¥90,000.00');
  await expect(page.getByTestId('aging-grand-total')).toHaveText('¥90,000.00');
  await expect(page.getByTestId('aging-chart')).toBeVisible();
  await snap(page, '77-ar-aging');

  // The drill-down: the receivable of the row.
  await row.getByTestId('aging-drill').click();
  const drawer = page.getByTestId('aging-drill-drawer');
  const line = drawer.getByTestId('aging-lines').getByRole('row', { name: new RegExp(contractNumber) });
  await expect(line).toContainText('¥140,000.00');
  await expect(line).toContainText('¥90,000.00');
  await expect(line).toContainText('逾期 1–30 天');
  await expect(line).toContainText(day(-15));
  await snap(page, '78-ar-aging-drill');
  await page.locator('.ant-drawer-close').click();

  // The .xlsx of the register as on screen.
  const download = page.waitForEvent('download');
  await page.getByTestId('aging-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`ar-aging-${TODAY}.xlsx`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(await file.path()) as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  expect(sheet?.name).toBe('应收账款账龄');
  const cells: string[] = [];
  sheet?.eachRow((r) => r.eachCell((c) => cells.push(String(c.value))));
  expect(cells.some((c) => c.includes(CUSTOMER))).toBe(true);
  expect(cells).toContain('90000');

  // As of an earlier date (before the payment, after the due date): the whole ¥140,000.
  await fillDate(page, '截至', day(-10));
  await expect(page).toHaveURL(new RegExp(`as_of=${day(-10)}`));
  await expect(page.getByTestId('aging-caption')).toContainText(`截至 ${day(-10)}`);
  await expect(table.getByRole('row', { name: new RegExp(CUSTOMER) }).getByTestId('aging-bucket-0')).toHaveText('¥140,000.00');
  await expect(page.getByTestId('aging-grand-total')).toHaveText('¥140,000.00');

  // Before the first version of the policy there are no buckets: said at the date, no stale rows.
  await fillDate(page, '截至', '1999-12-31');
  await expect(page.getByTestId('aging-as-of-error')).toHaveText('该日期还没有生效的管理办法参数版本，请选择更晚的日期');
  await expect(page.getByTestId('aging-table')).toHaveCount(0);
  await fillDate(page, '截至', day(-10));
  await expect(page.getByTestId('aging-as-of-error')).toHaveCount(0);
  await expect(page.getByTestId('aging-grand-total')).toHaveText('¥140,000.00');
  await logout(page);
});

test('finance issues a credit note and reverses the payment; the register follows, in English too', async ({ page }) => {
  await login(page, FINANCE.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('应收账款', { exact: true }).click();
  await expect(page).toHaveURL(/\/receivables$/);
  const row = page.getByTestId('receivables-table').getByRole('row', { name: new RegExp(contractNumber) });
  await expect(row.getByTestId('receivable-balance')).toHaveText('¥90,000.00');
  await expect(row).toContainText('15 天');

  await row.getByTestId('receivable-credit').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('冲减金额（元）').fill('100000');
  await expect(dialog.getByText('超过该应收账款的余额')).toBeVisible();
  await dialog.getByLabel('冲减金额（元）').fill('1000');
  await dialog.getByLabel('原因').fill('质量赔偿：两套灯具外壳破损');
  await dialog.getByRole('button', { name: /开\s*具/ }).click();
  await expect(page.getByText('贷项通知已开具')).toBeVisible();
  await expect(row.getByTestId('receivable-balance')).toHaveText('¥89,000.00');

  // The payment reversed with a reason: its allocation ends today, the balance is open again.
  await page.getByTestId('side-menu').getByText('回款', { exact: true }).click();
  await page.getByTestId('payments-table').getByTestId('payment-link').first().click();
  await page.getByTestId('payment-reverse').click();
  const reverse = page.getByRole('dialog');
  await reverse.getByRole('button', { name: '冲销回款' }).click();
  await expect(reverse.getByText('请填写冲销原因')).toBeVisible();
  await reverse.getByLabel('冲销原因').fill('银行退票');
  await reverse.getByRole('button', { name: '冲销回款' }).click();
  await expect(page.getByText('回款已冲销')).toBeVisible();
  await expect(page.getByTestId('payment-reversed')).toContainText('银行退票');
  await expect(page.getByTestId('payment-allocations')).toContainText(`${TODAY} 冲销`);
  await expect(page.getByTestId('payment-reverse')).toHaveCount(0);

  await page.getByTestId('side-menu').getByText('应收账款账龄', { exact: true }).click();
  const aging = page.getByTestId('aging-table').getByRole('row', { name: new RegExp(CUSTOMER) });
  await expect(aging.getByTestId('aging-bucket-0')).toHaveText('¥139,000.00');
  await pickOption(page, page.getByTestId('language-switch'), 'English');
  await expect(page.getByRole('heading', { name: 'AR aging register' })).toBeVisible();
  await expect(page.getByTestId('aging-table').getByRole('columnheader', { name: '1–30 days overdue' })).toBeVisible();
  await expect(aging.getByTestId('aging-row-total')).toHaveText('¥139,000.00');
  await snap(page, '79-ar-aging-en');
  // Back to Chinese for whoever uses this browser profile next.
  await pickOption(page, page.getByTestId('language-switch'), '简体中文');
  await logout(page);
});

test("the customer's page shows the ledger: the open balance by bucket, the contract, the shipment and the reversed payment", async ({ page }) => {
  await login(page, SALESMAN.username, PASSWORD, '/customers');
  await page.getByTestId('customers-table').getByRole('link', { name: CUSTOMER }).click();
  await expect(page).toHaveURL(/\/customers\/\d+$/);
  await expect(page.getByTestId('customer-name')).toHaveText(CUSTOMER);
  // The tab is marked: something is overdue.
  const tab = page.getByTestId('dossier-tab-ledger');
  await expect(tab.locator('.ant-badge-status-error')).toBeVisible();
  await tab.click();
  await expect(page).toHaveURL(/tab=ledger/);
  const ledger = page.getByTestId('customer-ledger');

  // ¥140,000 shipped, less the ¥1,000 credit note; the ¥50,000 payment was reversed. Due 15 days
  // ago, so all of it is overdue, in the 1–30 days bucket. DSO: 139,000 ÷ 140,000 × 90 ≈ 89 days.
  await expect(ledger.getByTestId('ledger-open')).toHaveText('¥139,000.00');
  await expect(ledger.getByTestId('ledger-overdue')).toHaveText('¥139,000.00');
  await expect(ledger.getByTestId('ledger-dso')).toHaveText('89 天');
  await expect(ledger.getByTestId('ledger-aging-current')).toHaveText('¥0.00');
  await expect(ledger.getByTestId('ledger-aging-0')).toHaveText('¥139,000.00');
  await expect(ledger.getByTestId('ledger-aging-total')).toHaveText('¥139,000.00');

  const receivable = ledger.getByTestId('ledger-receivables').getByRole('row', { name: new RegExp(contractNumber) });
  await expect(receivable).toContainText(day(-15));
  await expect(receivable).toContainText('¥140,000.00');
  await expect(receivable).toContainText('¥139,000.00');
  await expect(receivable).toContainText('15 天');
  await expect(receivable).toContainText('逾期 1–30 天');

  const contract = ledger.getByTestId('ledger-contracts').getByRole('row', { name: new RegExp(contractNumber) });
  await expect(contract).toContainText(SIGNED_ON);
  await expect(contract).toContainText('已签订');
  await expect(contract).toContainText('¥240,000.00');

  const shipment = ledger.getByTestId('ledger-shipments').getByRole('row', { name: new RegExp(noteNumber) });
  await expect(shipment).toContainText(SHIPPED_ON);
  await expect(shipment).toContainText('已发货');
  await expect(shipment).toContainText('¥140,000.00');

  const payment = ledger.getByTestId('ledger-payments').getByRole('row', { name: new RegExp(TODAY) });
  await expect(payment).toContainText('¥50,000.00');
  await expect(payment).toContainText(`${TODAY} 已冲销`);
  await snap(page, '79b-customer-ledger', { height: 1900 });

  // The contract number opens the contract; the aging link, the register narrowed to the customer.
  await contract.getByRole('link', { name: contractNumber }).click();
  await expect(page).toHaveURL(new RegExp(`${contractPath}$`));
  await page.goBack();
  await ledger.getByTestId('ledger-aging-link').click();
  await expect(page).toHaveURL(/\/reports\/ar-aging\?customer_id=\d+$/);
  await expect(page.getByTestId('aging-table').getByRole('row', { name: new RegExp(CUSTOMER) }).getByTestId('aging-row-total')).toHaveText('¥139,000.00');
  await logout(page);
});

test('without mail on the server, the statement says it cannot be mailed and offers no sending', async ({ page }) => {
  await login(page, FINANCE.username, PASSWORD, '/customers');
  await page.getByTestId('customers-table').getByRole('link', { name: CUSTOMER }).click();
  await page.getByTestId('customer-statement').click();
  await expect(page).toHaveURL(/\/customers\/\d+\/statement$/);
  await expect(page.getByTestId('statement-sheet')).toBeVisible();
  await expect(page.getByTestId('statement-mail-off')).toHaveText('本服务器未配置邮件发送（SMTP），对账单无法通过邮件发送。如需发送，请联系系统管理员。');
  await expect(page.getByTestId('statement-mail')).toHaveCount(0);
  await expect(page.getByTestId('statement-print')).toBeEnabled();
  await expect(page.getByTestId('statement-recipient-email')).toHaveText('未设置');
  await logout(page);
});
