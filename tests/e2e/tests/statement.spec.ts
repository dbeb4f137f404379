// The statement of account (对账单) in the browser: a customer of a salesman with credit, a
// contract signed last year and shipped before this year (the opening balance), a contract signed
// this year and shipped in the summer, and a payment booked by finance of which part is allocated
// to the old receivable and the rest stays unallocated. Finance opens the statement from the
// customer card: the default period (this year), the opening and closing balances and the period's
// totals computed by hand, the lines with the running balance, the contracts signed in the period,
// the aging and the unallocated payment; another period from the pickers (in the URL); a refused
// period; the .xlsx export; printing (the button calls the browser's print, the print styles
// hide the app around the sheet) and the sheet as a PDF. By e-mail: finance sets the customer's
// statement address (an invalid one refused at the field first) and mails the statement of the
// page's period, which becomes 已发送 and arrives at the fake SMTP server with its .xlsx; on the
// monthly statements page (月度对账单) the schedule's run of last month (nobody in it yet), that
// month refused by hand, the month before started and sent, its drawer with the customer's mail
// and a link to the statement of its period; a salesman reads the address and the mails without
// sending or the runs. On its own server (see global-setup.ts: mail on, to the sink), with users and
// data set up through the API.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import {
  apiAdmin,
  apiAs,
  apiConfirmShipment,
  apiCustomer,
  apiGet,
  apiGrantCredit,
  apiLogin,
  apiOffice,
  apiPost,
  apiProduct,
  apiShippingNote,
  apiSignContract,
  apiSubmittedContract,
  apiUsers,
  type ContractRef,
  type Session,
} from './api';
import { dayFromToday, E2E_TODAY } from './env';
import { expect, login, SCREENSHOT_DIR, serverUrl, snap, test } from './fixtures';
import { attachments, waitForMails } from './mail';

test.use({ server: 'statement' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Statement-E2e-Secret-2026!';
const STAFF = { username: 'he.yewubu', name: '何业务部' };
const SALESMAN = { username: 'lv.xiaoshou', name: '吕销售' };
const VP = { username: 'shi.fuzong', name: '施副总' };
const WAREHOUSE = { username: 'zhang.cangku', name: '张仓库' };
const FINANCE = { username: 'kong.caiwu', name: '孔财务' };
const CUSTOMER = '石家庄市恒光市政工程有限公司';
const PRODUCT = { code: 'LED-200W', name: 'LED 路灯 200W', unit: '套', list_price_fen: 1_000_000 };
const WAN = 1_000_000;
const BANK_REF = 'BOC-20261003-001';
const ADDRESS = 'caiwu@hengguang.example';

// The days of the story (E2E_TODAY is 2026-12-02 unless told otherwise).
const YEAR_START = `${E2E_TODAY.slice(0, 4)}-01-01`;
const SIGNED_A = dayFromToday(-400);
const SHIPPED_A = dayFromToday(-370);
const SIGNED_B = dayFromToday(-120);
const SHIPPED_B = dayFromToday(-100);
const PAID_ON = dayFromToday(-60);
// The monthly runs: last month (the schedule's) and the month before (started by hand).
const LAST_MONTH = monthBefore(E2E_TODAY.slice(0, 7));
const MONTH_BEFORE = monthBefore(LAST_MONTH);
const MONTH_BEFORE_END = lastDayOf(MONTH_BEFORE);

/** `2026-11` → `2026-10`. */
function monthBefore(month: string): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

/** `2026-10` → `2026-10-31`. */
function lastDayOf(month: string): string {
  const d = new Date(`${month}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

let customerId = 0;
let contractA = '';
let contractB = '';
let noteB = '';

async function session(username: string): Promise<Session> {
  return apiLogin(serverUrl('statement'), username, PASSWORD);
}

/** Runs `work` as `username`, logged in for it alone. */
async function actAs<T>(username: string, work: (s: Session) => Promise<T>): Promise<T> {
  return apiAs(serverUrl('statement'), username, PASSWORD, work);
}

/** A contract of `quantity` × 10,000 元 on 30 days' credit, signed on `signedOn`. */
async function signedContract(quantity: number, signedOn: string, productId: number): Promise<ContractRef> {
  const contract = await actAs(SALESMAN.username, (sales) =>
    apiSubmittedContract(sales, { customerId, productId, quantity, priceFen: PRODUCT.list_price_fen }),
  );
  await actAs(STAFF.username, (staff) => apiSignContract(staff, contract, signedOn));
  return { id: contract.id, number: contract.number };
}

test.beforeAll(async () => {
  // The story needs the first shipment before this year and the second in it.
  expect(SHIPPED_A < YEAR_START && SIGNED_B >= YEAR_START, `E2E_TODAY ${E2E_TODAY} leaves no room for the story`).toBe(true);
  const url = serverUrl('statement');
  const admin = await apiAdmin(url);
  const office = await apiOffice(admin, { code: 'HB-SJZ2', name: '石家庄二办', region: '华北' });
  await apiUsers(admin, url, PASSWORD, [
    { ...STAFF, roles: ['business_staff'] },
    { ...SALESMAN, roles: ['salesman'], office_id: office },
    { ...VP, roles: ['vice_president'] },
    { ...WAREHOUSE, roles: ['warehouse'] },
    { ...FINANCE, roles: ['finance'] },
  ]);
  await admin.ctx.dispose();

  customerId = await actAs(SALESMAN.username, (sales) =>
    apiCustomer(sales, { name: CUSTOMER, phone: '0311-66667777', registration_date: dayFromToday(-1500) }),
  );
  const staff = await session(STAFF.username);
  const vp = await session(VP.username);
  const productId = await apiProduct(staff, PRODUCT, dayFromToday(-600));
  await apiGrantCredit(staff, vp, customerId, 50 * WAN);
  await Promise.all([staff.ctx.dispose(), vp.ctx.dispose()]);

  // A: 4 × 10,000 = 40,000 元 shipped last year (the opening balance); B: 6 × 10,000 = 60,000 元
  // signed and shipped this year.
  // Both signed and both notes made before any receivable exists (A's is overdue today).
  const a = await signedContract(4, SIGNED_A, productId);
  contractA = a.number;
  const b = await signedContract(6, SIGNED_B, productId);
  contractB = b.number;
  // Shipping notes of the whole contracts (their credit checks passed): every note is made before
  // any is confirmed, since a receivable overdue today would hold the later ones.
  await actAs(WAREHOUSE.username, async (warehouse) => {
    const na = await apiShippingNote(warehouse, a.id, SHIPPED_A);
    const nb = await apiShippingNote(warehouse, b.id, SHIPPED_B);
    noteB = nb.number;
    await apiConfirmShipment(warehouse, na.id);
    await apiConfirmShipment(warehouse, nb.id);
  });

  // Finance books 35,000 元, 30,000 of it to A's receivable; 5,000 stays unallocated.
  const finance = await session(FINANCE.username);
  const receivables = await apiGet<{ items: { id: number; contract_number: string }[] }>(finance, `/api/v1/receivables?customer_id=${customerId}&page=1&page_size=50`);
  const ra = receivables.items.find((r) => r.contract_number === contractA);
  expect(ra, 'the receivable of contract A').toBeTruthy();
  await apiPost(finance, '/api/v1/payments', {
    customer_id: customerId,
    received_on: PAID_ON,
    amount_fen: 3_500_000,
    method: 'bank_transfer',
    bank_ref: BANK_REF,
    allocations: [{ receivable_id: ra!.id, amount_fen: 3_000_000 }],
  });
  await finance.ctx.dispose();
});

async function fillDate(page: Page, label: string, date: string): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Enter');
  await expect(input).toHaveValue(date);
}

test('finance opens the statement from the customer card: balances, lines, contracts, aging', async ({ page }) => {
  await login(page, FINANCE.username, PASSWORD, `/customers/${customerId}`);
  await expect(page.getByTestId('customer-name')).toHaveText(CUSTOMER);
  await page.getByTestId('customer-statement').click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerId}/statement$`));

  const sheet = page.getByTestId('statement-sheet');
  await expect(sheet).toBeVisible();
  await expect(page.getByTestId('statement-company')).toHaveText('河北纪元光电');
  await expect(page.getByTestId('statement-title')).toHaveText('对账单');
  await expect(page.getByTestId('statement-customer-name')).toHaveText(CUSTOMER);
  await expect(page.getByTestId('statement-customer-code')).not.toBeEmpty();
  await expect(page.getByTestId('statement-period')).toHaveText(`${YEAR_START} 至 ${E2E_TODAY}`);
  await expect(page.getByTestId('statement-drawn-on')).toHaveText(E2E_TODAY);
  await expect(page.getByLabel('开始日期', { exact: true })).toHaveValue(YEAR_START);
  await expect(page.getByLabel('截止日期', { exact: true })).toHaveValue(E2E_TODAY);

  // By hand: opening 40,000 (A, shipped last year, nothing paid before this year); this year
  // 60,000 shipped (B) and 35,000 paid; closing 40,000 + 60,000 − 35,000 = 65,000.
  await expect(page.getByTestId('statement-opening')).toHaveText('40,000.00');
  await expect(page.getByTestId('statement-debit')).toHaveText('60,000.00');
  await expect(page.getByTestId('statement-credit')).toHaveText('35,000.00');
  await expect(page.getByTestId('statement-closing')).toHaveText('65,000.00');
  await expect(page.getByTestId('statement-not-adding-up')).toHaveCount(0);

  const lines = page.getByTestId('statement-lines');
  await expect(lines.getByTestId('statement-row-opening')).toContainText(YEAR_START);
  await expect(lines.getByTestId('statement-row-opening')).toContainText('40,000.00');
  const entries = lines.getByTestId('statement-row-line');
  await expect(entries).toHaveCount(2);
  const cells = (row: number) => entries.nth(row).locator('td');
  await expect(cells(0)).toHaveText([SHIPPED_B, '发货', noteB, contractB, '60,000.00', '', '100,000.00']);
  await expect(cells(1)).toHaveText([PAID_ON, '回款', BANK_REF, '', '', '35,000.00', '65,000.00']);
  await expect(lines.getByTestId('statement-row-totals').locator('td')).toHaveText(['', '本期合计', '', '', '60,000.00', '35,000.00', '']);
  await expect(lines.getByTestId('statement-row-closing').locator('td')).toHaveText([E2E_TODAY, '期末余额', '', '', '', '', '65,000.00']);
  // The table's header repeats on each printed page.
  expect(await lines.locator('thead').evaluate((el) => getComputedStyle(el).display)).toBe('table-header-group');

  // Only B was signed this year.
  const contracts = page.getByTestId('statement-contracts').getByTestId('statement-contract');
  await expect(contracts).toHaveCount(1);
  await expect(contracts.locator('td').nth(0)).toHaveText(contractB);
  await expect(contracts.locator('td').nth(1)).toHaveText(SIGNED_B);
  await expect(contracts.locator('td').nth(2)).toHaveText('60,000.00');

  // Open at the end: 10,000 of A and 60,000 of B, all overdue; 5,000 received, not allocated.
  await expect(page.getByTestId('statement-aging-current')).toHaveText('0.00');
  await expect(page.getByTestId('statement-aging-total')).toHaveText('70,000.00');
  await expect(page.getByTestId('statement-unallocated')).toHaveText('5,000.00');
  await expect(page.getByTestId('statement-aging').locator('thead')).toContainText('未到期');
  await expect(page.getByTestId('statement-aging').locator('thead')).toContainText('合计');
  await expect(page.getByTestId('statement-signatures')).toContainText('客户确认（盖章）');
  await expect(page.getByTestId('statement-signatures')).toContainText('经办人');
  await expect(page.getByTestId('statement-signatures')).toContainText('日期');
  await snap(page, 's1-statement');

  // Another period, from the pickers: from 1 November last year, A's shipment is in it and its
  // contract (signed in October) is not.
  const from = `${Number(E2E_TODAY.slice(0, 4)) - 1}-11-01`;
  await fillDate(page, '开始日期', from);
  await expect(page).toHaveURL(new RegExp(`from=${from}`));
  await expect(page.getByTestId('statement-period')).toHaveText(`${from} 至 ${E2E_TODAY}`);
  await expect(page.getByTestId('statement-opening')).toHaveText('0.00');
  await expect(page.getByTestId('statement-debit')).toHaveText('100,000.00');
  await expect(page.getByTestId('statement-credit')).toHaveText('35,000.00');
  await expect(page.getByTestId('statement-closing')).toHaveText('65,000.00');
  await expect(entries).toHaveCount(3);
  await expect(cells(0)).toHaveText([SHIPPED_A, '发货', /.+/, contractA, '40,000.00', '', '40,000.00']);
  await expect(page.getByTestId('statement-contracts').getByTestId('statement-contract')).toHaveCount(1);
  expect(SIGNED_A < from).toBe(true);

  // A period that runs backwards is said wrong, and nothing is shown as if it were its statement.
  await page.goto(`/customers/${customerId}/statement?from=${dayFromToday(-10)}&to=${dayFromToday(-20)}`);
  await expect(page.getByTestId('statement-from-error')).toHaveText('开始日期不能晚于截止日期');
  await expect(page.getByTestId('statement-sheet')).toHaveCount(0);
  await expect(page.getByTestId('statement-print')).toBeDisabled();
});

test('finance exports the statement as .xlsx, prints it and saves it as a PDF', async ({ page }) => {
  await login(page, FINANCE.username, PASSWORD, `/customers/${customerId}/statement`);
  await expect(page.getByTestId('statement-closing')).toHaveText('65,000.00');

  // The workbook of the same period, named by the server.
  const asked = page.waitForRequest((r) => r.url().includes(`/api/v1/customers/${customerId}/statement.xlsx`));
  const downloading = page.waitForEvent('download');
  await page.getByTestId('statement-export').click();
  const request = await asked;
  const params = new URL(request.url()).searchParams;
  expect(params.get('from')).toBe(YEAR_START);
  expect(params.get('to')).toBe(E2E_TODAY);
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^statement-.+\.xlsx$/);
  const workbook = await readFile(await download.path());
  expect(workbook.subarray(0, 2).toString('latin1')).toBe('PK');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(workbook.buffer.slice(workbook.byteOffset, workbook.byteOffset + workbook.byteLength) as ArrayBuffer);
  const sheet = book.worksheets[0]!;
  const texts: string[] = [];
  const numbers: number[] = [];
  sheet.eachRow((row) =>
    row.eachCell((cell) => {
      if (typeof cell.value === 'number') numbers.push(cell.value);
      else if (cell.value !== null && cell.value !== undefined) texts.push(String(cell.value));
    }),
  );
  expect(texts.some((t) => t.includes(CUSTOMER))).toBe(true);
  expect(texts.some((t) => t.includes(BANK_REF))).toBe(true);
  // The opening, the shipment, the payment, the running and closing balances, in 元.
  for (const n of [40_000, 60_000, 35_000, 100_000, 65_000]) expect(numbers).toContain(n);

  // 打印 opens the browser's print dialog (counted here instead of shown).
  await page.evaluate(() => {
    const w = window as unknown as { printed: number; print: () => void };
    w.printed = 0;
    w.print = () => {
      w.printed += 1;
    };
  });
  await page.getByTestId('statement-print').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // In print, the sheet alone: no menu, header or buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('side-menu')).toBeHidden();
  await expect(page.getByTestId('header-user')).toBeHidden();
  await expect(page.getByTestId('statement-print')).toBeHidden();
  await expect(page.getByTestId('statement-export')).toBeHidden();
  await expect(page.getByTestId('statement-title')).toBeVisible();
  await expect(page.getByTestId('statement-title')).toHaveText('对账单');
  await expect(page.getByTestId('statement-sheet')).toContainText('对账单');
  expect(await page.getByTestId('statement-lines').locator('tbody tr').first().evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid');

  await snap(page, 's2-statement-print');

  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  await writeFile(join(SCREENSHOT_DIR, 's2-statement.pdf'), pdf);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
  expect(pages.length).toBeGreaterThanOrEqual(1);
  await page.emulateMedia({ media: 'screen' });
});

/** The run of a month on the monthly statements page. */
function runRow(page: Page, month: string) {
  return page.getByTestId('statement-runs').locator('tbody tr.ant-table-row').filter({ hasText: `${month}-01 至` });
}

test('finance keeps the statement address and mails the statement of the page’s period: sent, with its workbook', async ({ page }) => {
  await login(page, FINANCE.username, PASSWORD, `/customers/${customerId}/statement`);
  await expect(page.getByTestId('statement-closing')).toHaveText('65,000.00');
  const panel = page.getByTestId('statement-mail-panel');
  await expect(panel).toContainText('邮件发送');
  await expect(page.getByTestId('statement-mail-off')).toHaveCount(0);
  await expect(page.getByTestId('statement-recipient-email')).toHaveText('未设置');
  await expect(page.getByTestId('statement-mails')).toContainText('尚未通过邮件发送过对账单');

  // An address the server refuses is said at the field; then the right one, in the monthly run.
  await page.getByTestId('statement-recipient-edit').click();
  const form = page.getByRole('dialog');
  await expect(form).toContainText('对账单邮箱');
  await expect(form.getByRole('switch')).toBeChecked();
  await form.getByLabel('收件邮箱', { exact: true }).fill('caiwu@');
  await form.getByRole('button', { name: /^保\s*存$/ }).click();
  await expect(form).toContainText('请输入有效的邮箱地址，如 caiwu@customer.example');
  await form.getByLabel('收件邮箱', { exact: true }).fill(ADDRESS);
  await form.getByRole('button', { name: /^保\s*存$/ }).click();
  await expect(page.getByText('对账单邮箱已保存')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByTestId('statement-recipient-email')).toHaveText(ADDRESS);
  await expect(page.getByTestId('statement-recipient-monthly')).toHaveText('参加');

  // 发送邮件: the page's period, to the address on file.
  await page.getByTestId('statement-mail').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByLabel('开始日期', { exact: true })).toHaveValue(YEAR_START);
  await expect(dialog.getByLabel('截止日期', { exact: true })).toHaveValue(E2E_TODAY);
  await expect(dialog.getByLabel('收件邮箱', { exact: true })).toHaveValue(ADDRESS);
  await dialog.getByRole('button', { name: /^发\s*送$/ }).click();
  await expect(page.getByText(`对账单已加入发送队列，将发送至 ${ADDRESS}`)).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Queued, then sent by the mailer within seconds (the list is read again meanwhile).
  const row = page.getByTestId('statement-mail-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`${YEAR_START} 至 ${E2E_TODAY}`);
  await expect(row.getByTestId('mail-email')).toHaveText(ADDRESS);
  await expect(row.getByTestId('mail-requested-by')).toHaveText(FINANCE.name);
  await expect(row.getByTestId('mail-status')).toHaveText('已发送', { timeout: 30_000 });
  await expect(row.getByTestId('mail-sent-at')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  await expect(row.getByTestId('mail-error')).toHaveCount(0);
  await snap(page, 's3-statement-mailed');

  // It arrived, to the customer's address, with the statement's workbook.
  const [mail] = await waitForMails(ADDRESS, 1);
  const files = attachments(mail!.raw);
  const xlsx = files.find((f) => /^statement-.+\.xlsx$/.test(f.name));
  expect(xlsx, `attachments: ${files.map((f) => f.name).join(', ')}`).toBeTruthy();
  expect(xlsx!.name).toMatch(new RegExp(`-${E2E_TODAY}\\.xlsx$`));
  expect(xlsx!.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx!.bytes.buffer.slice(xlsx!.bytes.byteOffset, xlsx!.bytes.byteOffset + xlsx!.bytes.byteLength) as ArrayBuffer);
  const texts: string[] = [];
  book.worksheets[0]!.eachRow((r) => r.eachCell((c) => void texts.push(String(c.value ?? ''))));
  expect(texts.some((t) => t.includes(CUSTOMER))).toBe(true);
});

test('finance follows the monthly statements: the schedule’s run of last month, the month before started by hand and sent', async ({ page }) => {
  await login(page, FINANCE.username, PASSWORD, '/');
  await page.getByTestId('side-menu').getByText('月度对账单', { exact: true }).click();
  await expect(page).toHaveURL(/\/receivables\/statement-runs$/);
  await expect(page.getByRole('heading', { name: '月度对账单' })).toBeVisible();
  await expect(page.getByTestId('statement-runs-schedule')).toHaveText('按现行管理办法，每月第 1 个工作日自动发起上月的对账。');

  // The schedule started last month's run when the server came up (its first working day is
  // past), before any customer had a statement address: nothing was queued.
  const scheduled = runRow(page, LAST_MONTH);
  await expect(scheduled.getByTestId('run-started-by')).toHaveText('按计划自动');
  await expect(scheduled.getByTestId('run-queued')).toHaveText('0');

  // 发起对账: last month by default, refused at the month since it has been run; the month before.
  await page.getByTestId('statement-run-start').click();
  const dialog = page.getByRole('dialog');
  const month = dialog.getByLabel('对账月份', { exact: true });
  await expect(month).toHaveValue(LAST_MONTH);
  await dialog.getByRole('button', { name: /^发\s*起$/ }).click();
  await expect(dialog).toContainText('该月份已经对过账');
  await month.click();
  await page.locator(`.ant-picker-dropdown:visible .ant-picker-cell[title="${MONTH_BEFORE}"]`).click();
  await expect(month).toHaveValue(MONTH_BEFORE);
  await dialog.getByRole('button', { name: /^发\s*起$/ }).click();
  await expect(page.getByText(`${MONTH_BEFORE} 的对账已发起，1 份对账单排队发送`)).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The customer (open balance, address in the monthly run) is queued, then sent.
  const run = runRow(page, MONTH_BEFORE);
  await expect(run).toContainText(`${MONTH_BEFORE}-01 至 ${MONTH_BEFORE_END}`);
  await expect(run.getByTestId('run-queued')).toHaveText('1');
  await expect(run.getByTestId('run-started-by')).toHaveText(FINANCE.name);
  await expect(run.getByTestId('run-sent')).toHaveText('1', { timeout: 30_000 });
  await expect(run.getByTestId('run-waiting')).toHaveText('0');
  await expect(run.getByTestId('run-failed')).toHaveText('0');
  await snap(page, 's4-statement-runs');

  // The run's drawer: its mail, filtered by state, linking to the statement of the month.
  await run.getByTestId('run-open').click();
  await expect(page).toHaveURL(/[?&]run=\d+/);
  const drawer = page.getByTestId('statement-run-drawer');
  await expect(drawer).toContainText(`${MONTH_BEFORE} 月度对账单`);
  await expect(drawer.getByTestId('run-drawer-sent')).toHaveText('1');
  const mails = drawer.getByTestId('run-mail-row');
  await expect(mails).toHaveCount(1);
  await expect(mails.getByTestId('mail-status')).toHaveText('已发送');
  await expect(mails.getByTestId('mail-email')).toHaveText(ADDRESS);
  await drawer.getByTestId('run-mails-status').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '失败' }).click();
  await expect(drawer.getByTestId('run-mails')).toContainText('没有此状态的对账单');
  await expect(mails).toHaveCount(0);
  await drawer.getByTestId('run-mails-status').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '已发送' }).click();
  await expect(mails).toHaveCount(1);
  await snap(page, 's5-statement-run-drawer');
  await mails.getByTestId('run-mail-customer').click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerId}/statement\\?from=${MONTH_BEFORE}-01&to=${MONTH_BEFORE_END}$`));
  await expect(page.getByTestId('statement-period')).toHaveText(`${MONTH_BEFORE}-01 至 ${MONTH_BEFORE_END}`);
  // On the customer's page too: the run's mail (月度对账) above the one asked for.
  await expect(page.getByTestId('statement-mail-row')).toHaveCount(2);
  await expect(page.getByTestId('statement-mail-row').first().getByTestId('mail-requested-by')).toHaveText('月度对账');

  // The month's statement arrived, with its workbook.
  const [mail] = await waitForMails(ADDRESS, 1, (m) => attachments(m.raw).some((f) => f.name.endsWith(`-${MONTH_BEFORE_END}.xlsx`)));
  expect(mail!.raw).toContain(`To: ${ADDRESS}`);
});

test('a salesman reads the statement address and the mails, and neither sends nor sees the monthly statements', async ({ page }) => {
  await login(page, SALESMAN.username, PASSWORD, `/customers/${customerId}/statement`);
  await expect(page.getByTestId('statement-closing')).toHaveText('65,000.00');
  await expect(page.getByTestId('statement-recipient-email')).toHaveText(ADDRESS);
  await expect(page.getByTestId('statement-recipient-monthly')).toHaveText('参加');
  await expect(page.getByTestId('statement-mail-row')).toHaveCount(2);
  await expect(page.getByTestId('statement-mail-row').getByTestId('mail-status')).toHaveText(['已发送', '已发送']);
  await expect(page.getByTestId('statement-print')).toBeEnabled();
  await expect(page.getByTestId('statement-mail')).toHaveCount(0);
  await expect(page.getByTestId('statement-recipient-edit')).toHaveCount(0);
  await expect(page.getByTestId('side-menu').getByText('应收账款', { exact: true })).toBeVisible();
  await expect(page.getByTestId('side-menu').getByText('月度对账单', { exact: true })).toHaveCount(0);
  await page.goto('/receivables/statement-runs');
  await expect(page.getByTestId('forbidden-page')).toBeVisible();
});
