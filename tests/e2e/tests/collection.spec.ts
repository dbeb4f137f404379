// Collection (催收) in the browser: two customers of a salesman with credit, each with a contract
// signed months ago and a confirmed shipment whose receivable is overdue — A's by 35 days (a
// follow-up task at the 30-day level, a phone call), B's by 100 days (beyond the normal period: a
// collection case for the planning department) — and the administrator runs today's collection
// pass. The salesman opens his task, records the phone call and a payment promise (shown on the
// customer card's 催收 tab); the planning department takes B's case, writes its analysis and
// method, records a lawyer's letter with its cost and proposes writing the receivable off with a
// file of the customer's as evidence; the GM approves it in the approvals inbox, and the
// write-off register shows it with its total; the administrator runs the pass again from the
// settings and nothing is opened twice. The dunning letter (催款函): the business department edits
// its template (an unknown placeholder refused at the body, then a good one saved), the salesman
// opens A's letter from his task — the body filled in, the overdue receivable and the total —
// prints it and saves it as a PDF; B, written off, has nothing overdue. On its own server (see
// global-setup.ts), with users and data set up through the API.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Page } from '@playwright/test';
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
import { ADMIN_PASSWORD, dayFromToday } from './env';
import { expect, expectNoModal, login, pickOption, SCREENSHOT_DIR, serverUrl, snap, test } from './fixtures';

test.use({ server: 'collection' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Collection-E2e-Secret-2026!';
const STAFF = { username: 'wu.yewubu', name: '吴业务部' };
const SALESMAN = { username: 'zheng.xiaoshou', name: '郑销售' };
const VP = { username: 'wang.fuzong', name: '王副总' };
const GM = { username: 'feng.zongjingli', name: '冯总经理' };
const PLANNING = { username: 'chen.qihua', name: '陈企划' };
const WAREHOUSE = { username: 'chu.cangku', name: '褚仓库' };
const CUSTOMER_A = '保定市明辉照明工程有限公司';
const CUSTOMER_B = '沧州市远航路灯安装有限公司';
const PRODUCT = { code: 'LED-150W', name: 'LED 路灯 150W', unit: '套', list_price_fen: 1_000_000 };
const WAN = 1_000_000;
const EVIDENCE = '终结执行裁定.pdf';

let customerA = 0;
let customerB = 0;
let contractA: ContractRef = { id: 0, number: '' };
let contractB: ContractRef = { id: 0, number: '' };

async function session(username: string): Promise<Session> {
  return apiLogin(serverUrl('collection'), username, PASSWORD);
}

/** Runs `work` as `username`, logged in for it alone. */
async function actAs<T>(username: string, work: (s: Session) => Promise<T>): Promise<T> {
  return apiAs(serverUrl('collection'), username, PASSWORD, work);
}

/**
 * A contract of 10 × 10,000 元 on 30 days' credit, signed 200 days ago, shipped whole on
 * `shippedOn` and confirmed: its receivable falls due 30 days after the shipment.
 */
async function shippedContract(customerId: number, productId: number, shippedOn: string): Promise<ContractRef> {
  const contract = await actAs(SALESMAN.username, (sales) =>
    apiSubmittedContract(sales, { customerId, productId, quantity: 10, priceFen: PRODUCT.list_price_fen }),
  );
  await actAs(STAFF.username, (staff) => apiSignContract(staff, contract, dayFromToday(-200)));
  await actAs(WAREHOUSE.username, async (warehouse) => {
    const note = await apiShippingNote(warehouse, contract.id, shippedOn);
    await apiConfirmShipment(warehouse, note.id);
  });
  return { id: contract.id, number: contract.number };
}

test.beforeAll(async () => {
  const url = serverUrl('collection');
  const admin = await apiAdmin(url);
  const office = await apiOffice(admin, { code: 'HB-BD', name: '保定办事处', region: '华北' });
  await apiUsers(admin, url, PASSWORD, [
    { ...STAFF, roles: ['business_staff'] },
    { ...SALESMAN, roles: ['salesman'], office_id: office },
    { ...VP, roles: ['vice_president'] },
    { ...GM, roles: ['general_manager'] },
    { ...PLANNING, roles: ['planning'] },
    { ...WAREHOUSE, roles: ['warehouse'] },
  ]);

  // Two customers of the salesman, in business for years, with credit of 50 万 each.
  await actAs(SALESMAN.username, async (sales) => {
    customerA = await apiCustomer(sales, { name: CUSTOMER_A, phone: '0312-55556666', registration_date: dayFromToday(-1300) });
    customerB = await apiCustomer(sales, { name: CUSTOMER_B, phone: '0317-77778888', registration_date: dayFromToday(-1400) });
  });
  const staff = await session(STAFF.username);
  const vp = await session(VP.username);
  const productId = await apiProduct(staff, PRODUCT, dayFromToday(-400));
  await apiGrantCredit(staff, vp, customerA, 50 * WAN);
  await apiGrantCredit(staff, vp, customerB, 50 * WAN);
  // B's court ruling, on file among the customer's attachments (the write-off's evidence).
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  const uploaded = await staff.ctx.post(`/api/v1/customers/${customerB}/attachments?filename=${encodeURIComponent(EVIDENCE)}&description=${encodeURIComponent('法院裁定书')}`, {
    headers: { ...staff.headers, 'Content-Type': 'application/octet-stream' },
    data: pdf,
  });
  expect(uploaded.status(), await uploaded.text()).toBe(201);
  await Promise.all([staff.ctx.dispose(), vp.ctx.dispose()]);

  // A's receivable is due 35 days ago, B's 100 days ago.
  contractA = await shippedContract(customerA, productId, dayFromToday(-65));
  contractB = await shippedContract(customerB, productId, dayFromToday(-130));

  // Today's collection pass, run now by the administrator.
  const run = await apiPost<{ ran: boolean; tasks_opened: number; cases_opened: number; receivables_handed_over: number }>(admin, '/api/v1/collection/run', {}, 200);
  expect(run.ran).toBe(true);
  expect(run.tasks_opened).toBe(1);
  expect(run.cases_opened).toBe(1);
  expect(run.receivables_handed_over).toBe(1);
  await admin.ctx.dispose();
});

async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
}

async function fillDate(scope: Page | ReturnType<Page['locator']>, label: string, date: string): Promise<void> {
  const input = scope.getByLabel(label, { exact: true });
  await input.click();
  await input.fill(date);
  await input.press('Tab');
  await expect(input).toHaveValue(date);
}

test('the salesman opens his follow-up task, records a phone call and a payment promise', async ({ page }) => {
  await login(page, SALESMAN.username, PASSWORD, '/collection/tasks');
  await expect(page.locator('.ant-tabs-tab-active')).toHaveText('我的任务');
  const rows = page.getByTestId('tasks-table').locator('tbody tr.ant-table-row');
  // Only A: B's debt went to the planning department.
  await expect(rows).toHaveCount(1);
  const row = rows.filter({ hasText: CUSTOMER_A });
  await expect(row.getByTestId('task-level')).toHaveText('逾期 30 天 · 电话催收');
  await expect(row.getByTestId('task-open-amount')).toContainText('¥100,000.00');
  await expect(row.getByTestId('task-status')).toHaveText('处理中');
  await snap(page, 'c1-follow-up-tasks');
  await row.getByTestId('task-open').click();
  await expect(page).toHaveURL(/\/collection\/tasks\/\d+$/);
  await expect(page.getByTestId('task-title')).toHaveText(`${CUSTOMER_A} · 逾期 30 天 · 电话催收`);
  const items = page.getByTestId('task-items');
  await expect(items).toContainText(contractA.number);
  await expect(items).toContainText(dayFromToday(-35));
  await expect(items).toContainText('35 天');

  // The phone call: the level's action is preset; whom he reached and the outcome are required.
  await page.getByTestId('task-record-action').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('action-kind')).toContainText('电话催收');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog.getByText('请填写联系人')).toBeVisible();
  await expect(dialog.getByText('请填写结果')).toBeVisible();
  await dialog.getByTestId('action-contact').fill('财务 李经理');
  await dialog.getByTestId('action-outcome').fill('答应十日内先付两万元');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('催收记录已保存')).toBeVisible();
  await expectNoModal(page);
  const action = page.getByTestId('task-actions').getByTestId('task-action');
  await expect(action).toHaveCount(1);
  await expect(action).toContainText('电话催收');
  await expect(action).toContainText('联系人：财务 李经理');
  await expect(action).toContainText('答应十日内先付两万元');
  await expect(action).toContainText(SALESMAN.name);

  // The promise: 20,000 元 in ten days.
  await page.getByTestId('task-record-promise').click();
  await dialog.getByLabel('承诺金额').fill('20000');
  await fillDate(dialog, '承诺付款日期', dayFromToday(10));
  await dialog.getByTestId('promise-note').fill('电话中承诺');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('承诺付款已记录')).toBeVisible();
  await expectNoModal(page);
  const promise = page.getByTestId('task-promises').locator('tbody tr.ant-table-row');
  await expect(promise).toHaveCount(1);
  await expect(promise.getByTestId('promise-amount')).toHaveText('¥20,000.00');
  await expect(promise).toContainText(dayFromToday(10));
  await expect(promise.getByTestId('promise-status')).toHaveText('待兑现');
  await snap(page, 'c2-follow-up-task');

  // The customer card's 催收 tab lists the task and the promise.
  await page.getByTestId('task-details').getByTestId('collection-customer').click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerA}\\?tab=collection$`));
  const tab = page.getByTestId('customer-collection');
  await expect(tab.getByTestId('customer-task-link')).toHaveText('逾期 30 天 · 电话催收');
  await expect(tab.getByTestId('customer-promises').getByTestId('promise-amount')).toHaveText('¥20,000.00');
  await expect(tab.getByTestId('customer-cases')).toContainText('没有追收案件');
  await logout(page);
});

test('the planning department takes the case, records an action and proposes a write-off with evidence', async ({ page }) => {
  await login(page, PLANNING.username, PASSWORD, '/collection/cases');
  const row = page.getByTestId('cases-table').locator('tbody tr.ant-table-row').filter({ hasText: CUSTOMER_B });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('待领取');
  await expect(row.getByTestId('case-open-amount')).toContainText('¥100,000.00');
  await row.getByTestId('case-open').click();
  await expect(page).toHaveURL(/\/collection\/cases\/\d+$/);
  await expect(page.getByTestId('case-title')).toHaveText(`追收案件 · ${CUSTOMER_B}`);
  await expect(page.getByTestId('case-items')).toContainText(contractB.number);
  await expect(page.getByTestId('case-items')).toContainText('100 天');

  // Taken: the case is his.
  await expect(page.getByTestId('case-assigned')).toHaveText('待领取');
  await page.getByTestId('case-take').click();
  await expect(page.getByText('已领取该案件')).toBeVisible();
  await expect(page.getByTestId('case-assigned')).toHaveText(PLANNING.name);
  await expect(page.getByTestId('case-take')).toHaveCount(0);

  // The analysis and the method.
  await page.getByTestId('case-analysis-input').fill('客户停产，资金链断裂；法院已终结执行，无可执行财产');
  await pickOption(page, page.getByTestId('case-method-input'), '律师函');
  await page.getByTestId('case-analysis-save').click();
  await expect(page.getByText('已保存', { exact: true })).toBeVisible();

  // An action with its cost (the method preset from the case).
  await page.getByTestId('case-record-action').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('case-action-method')).toContainText('律师函');
  await dialog.getByTestId('case-action-note').fill('发出律师函，要求十日内付清');
  await dialog.getByLabel('费用').fill('2000');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('追收行动已记录')).toBeVisible();
  await expectNoModal(page);
  const action = page.getByTestId('case-actions').getByTestId('case-action');
  await expect(action).toHaveCount(1);
  await expect(action).toContainText('律师函');
  await expect(action).toContainText('费用 ¥2,000.00');
  await expect(page.getByTestId('case-cost')).toHaveText('¥2,000.00');

  // The write-off: the whole balance by default, a reason, the court's ruling as evidence.
  await page.getByTestId('case-items').getByTestId('case-propose-write-off').click();
  await expect(dialog.getByLabel('核销金额')).toHaveValue('100000');
  await dialog.getByRole('button', { name: '提交审批' }).click();
  await expect(dialog.getByText('请填写核销理由')).toBeVisible();
  await dialog.getByTestId('write-off-reason').fill('法院终结执行，无可执行财产');
  await pickOption(page, dialog.getByTestId('write-off-evidence'), EVIDENCE);
  await dialog.getByTestId('write-off-reason').click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await snap(page, 'c3-write-off-proposal', { height: 1000 });
  await dialog.getByRole('button', { name: '提交审批' }).click();
  await expect(page.getByText('核销申请已提交总经理审批')).toBeVisible();
  await expectNoModal(page);
  const offs = page.getByTestId('case-write-offs').locator('tbody tr.ant-table-row');
  await expect(offs).toHaveCount(1);
  await expect(offs.getByTestId('write-off-status')).toHaveText('待审批');
  await expect(offs.getByTestId('write-off-amount-cell')).toHaveText('¥100,000.00');
  await expect(offs).toContainText('1 个文件');
  // One proposal at a time: none is offered while it waits for the GM.
  await expect(page.getByTestId('case-propose-write-off')).toHaveCount(0);
  await snap(page, 'c4-collection-case');
  await logout(page);
});

test('the GM approves the write-off in the approvals inbox and the register shows it', async ({ page }) => {
  await login(page, GM.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('审批中心', { exact: true }).click();
  const link = page.getByTestId('approvals-table').getByTestId('approval-link').filter({ hasText: contractB.number });
  await expect(link).toHaveText(`坏账核销 ${contractB.number}`);
  await link.click();
  await expect(page.getByTestId('approval-title')).toHaveText(`坏账核销 ${contractB.number}`);
  await expect(page.getByTestId('approval-write-off-contract')).toHaveText(contractB.number);
  await expect(page.getByTestId('approval-write-off-amount')).toHaveText('¥100,000.00');
  await expect(page.getByTestId('approval-write-off-reason')).toHaveText('法院终结执行，无可执行财产');
  await expect(page.getByTestId('approval-customer')).toContainText(CUSTOMER_B);
  await snap(page, 'c5-write-off-approval');
  await page.getByTestId('approval-approve').click();
  await expect(page.getByText('已批准', { exact: true }).first()).toBeVisible();

  // The register (approved write-offs) shows it, with the count and the total.
  await page.goto('/collection/write-offs');
  const rows = page.getByTestId('write-offs-table').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(CUSTOMER_B);
  await expect(rows).toContainText(contractB.number);
  await expect(rows).toContainText(dayFromToday(0));
  await expect(rows.getByTestId('write-off-amount-cell')).toHaveText('¥100,000.00');
  await expect(rows.getByTestId('write-off-status')).toHaveText('已核销');
  await expect(page.getByTestId('write-offs-count')).toContainText('1');
  await expect(page.getByTestId('write-offs-amount')).toContainText('¥100,000.00');
  await snap(page, 'c6-write-off-register');
  await logout(page);

  // The receivable's balance is written off.
  const gm = await session(GM.username);
  const receivables = await apiGet<{ items: { contract_id: number; written_off_fen: number; balance_fen: number }[] }>(gm, `/api/v1/receivables?customer_id=${customerB}`);
  const r = receivables.items.find((x) => x.contract_id === contractB.id);
  expect(r?.written_off_fen).toBe(10_000_000);
  expect(r?.balance_fen).toBe(0);
  await gm.ctx.dispose();
});

test('the administrator runs the collection pass again from the settings: nothing is opened twice', async ({ page }) => {
  await login(page, 'admin', ADMIN_PASSWORD, '/system/settings');
  const card = page.getByTestId('collection-run');
  await card.getByTestId('collection-run-now').click();
  await expect(page.getByText('今日催收处理已运行')).toBeVisible();
  const result = card.getByTestId('collection-run-result');
  await expect(result).toContainText(dayFromToday(0));
  const figure = (label: string) => result.locator('.ant-descriptions-item').filter({ hasText: label }).locator('.ant-descriptions-item-content');
  await expect(figure('开立催收任务')).toHaveText('0');
  await expect(figure('开立追收案件')).toHaveText('0');
  await logout(page);
});

/** `2026-12-02` → `2026年12月2日`, as the letter writes its dates. */
function chineseDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${y}年${Number(m)}月${Number(d)}日`;
}

const LETTER_TITLE = '逾期货款催收函';

test('the business department edits the dunning letter template: an unknown placeholder is refused at the body, a good one saved', async ({ page }) => {
  await login(page, STAFF.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('催款函模板', { exact: true }).click();
  await expect(page).toHaveURL(/\/collection\/letter-template$/);
  await expect(page.getByTestId('letter-template-updated')).toHaveText('当前为系统默认模板，尚未修改过。');
  const title = page.getByTestId('letter-template-title');
  const body = page.getByTestId('letter-template-body');
  const bodyItem = page.locator('.ant-form-item').filter({ has: body });
  const preview = page.getByTestId('letter-template-preview');
  // The default text, with the sample values in the preview.
  await expect(title).toHaveValue('催款函');
  await expect(body).toHaveValue(/^\{customer_name\}：/);
  await expect(preview.getByTestId('letter-preview-body')).toContainText('示例照明工程有限公司：');

  // A placeholder that does not exist: marked in the preview, refused by the server at the body.
  await title.fill(LETTER_TITLE);
  await body.fill('{customer_name}：\n\n截至{date}，贵司欠款{amount}。');
  await expect(preview.getByTestId('letter-template-unknown')).toContainText('{amount}');
  await expect(preview.getByTestId('letter-preview-title')).toHaveText(LETTER_TITLE);
  await page.getByTestId('letter-template-save').click();
  await expect(bodyItem.locator('.ant-form-item-explain-error')).toHaveText('有无法识别的占位符：{amount}。请只使用下方列出的占位符。');
  await expect(page.getByTestId('letter-template-updated')).toHaveText('当前为系统默认模板，尚未修改过。');

  // A good body, its placeholders clicked in at the cursor.
  await body.fill('{customer_name}：\n\n截至');
  await body.press('Control+End');
  await page.getByTestId('placeholder-date').click();
  await page.keyboard.type('，贵司逾期货款合计');
  await page.getByTestId('placeholder-total').click();
  await page.keyboard.type('，共');
  await page.getByTestId('placeholder-count').click();
  await page.keyboard.type('笔，请于收函后七日内付清。');
  await expect(body).toHaveValue('{customer_name}：\n\n截至{date}，贵司逾期货款合计{total}，共{count}笔，请于收函后七日内付清。');
  await expect(bodyItem.locator('.ant-form-item-explain-error')).toHaveCount(0);
  await expect(preview.getByTestId('letter-template-unknown')).toHaveCount(0);
  await expect(preview.getByTestId('letter-preview-body')).toContainText(
    `截至${chineseDate(dayFromToday(0))}，贵司逾期货款合计123456.00 元，共3笔，请于收函后七日内付清。`,
  );
  await snap(page, 'c7-letter-template');
  await page.getByTestId('letter-template-save').click();
  await expect(page.getByText('催款函模板已保存')).toBeVisible();
  await expect(page.getByTestId('letter-template-updated')).toContainText(`最后修改：${STAFF.name}`);
  await page.reload();
  await expect(title).toHaveValue(LETTER_TITLE);
  await expect(body).toHaveValue('{customer_name}：\n\n截至{date}，贵司逾期货款合计{total}，共{count}笔，请于收函后七日内付清。');
  await logout(page);
});

test('the salesman opens the dunning letter of his customer from the task, prints it and saves it as a PDF', async ({ page }) => {
  await login(page, SALESMAN.username, PASSWORD, '/collection/tasks');
  // Readers who are not the business department see the template without changing it.
  await page.goto('/collection/letter-template');
  await expect(page.getByTestId('letter-template-read-only')).toBeVisible();
  await expect(page.getByTestId('letter-template-save')).toHaveCount(0);
  await expect(page.getByTestId('letter-template-body')).toBeDisabled();

  await page.goto('/collection/tasks');
  await page.getByTestId('tasks-table').locator('tbody tr.ant-table-row').filter({ hasText: CUSTOMER_A }).getByTestId('task-open').click();
  await expect(page).toHaveURL(/\/collection\/tasks\/\d+$/);
  const taskUrl = page.url();
  await page.getByTestId('task-dunning-letter').click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerA}/dunning-letter$`));

  const sheet = page.getByTestId('letter-sheet');
  await expect(sheet.getByTestId('letter-company')).toHaveText('河北纪元光电');
  await expect(sheet.getByTestId('letter-title')).toHaveText(LETTER_TITLE);
  await expect(sheet.getByTestId('letter-date')).toHaveText(chineseDate(dayFromToday(0)));
  // The body as the template says, filled in, one paragraph a line (the blank line dropped).
  const paragraphs = sheet.getByTestId('letter-paragraph');
  await expect(paragraphs).toHaveText([`${CUSTOMER_A}：`, `截至${chineseDate(dayFromToday(0))}，贵司逾期货款合计100000.00 元，共1笔，请于收函后七日内付清。`]);
  // The overdue receivable (shipped 65 days ago, due 35 days ago) and the total.
  const rows = sheet.getByTestId('letter-item');
  await expect(rows).toHaveCount(1);
  await expect(rows.locator('td')).toHaveText([contractA.number, dayFromToday(-65), dayFromToday(-35), '35 天', '100,000.00', '100,000.00']);
  await expect(sheet.getByTestId('letter-total')).toHaveText('100,000.00');
  const signature = sheet.getByTestId('letter-signature');
  await expect(signature).toContainText('河北纪元光电');
  await expect(signature).toContainText('财务部 / 业务部');
  await expect(signature).toContainText('盖章');
  await expect(signature).toContainText(`日期：${chineseDate(dayFromToday(0))}`);

  // 打印 opens the browser's print dialog (counted here instead of shown).
  await page.evaluate(() => {
    const w = window as unknown as { printed: number; print: () => void };
    w.printed = 0;
    w.print = () => {
      w.printed += 1;
    };
  });
  await page.getByTestId('letter-print').click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

  // In print, the letter alone: no menu, header or buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('side-menu')).toBeHidden();
  await expect(page.getByTestId('header-user')).toBeHidden();
  await expect(page.getByTestId('letter-print')).toBeHidden();
  await expect(page.getByTestId('letter-back')).toBeHidden();
  await expect(sheet).toBeVisible();
  await snap(page, 'c8-dunning-letter-print');
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true });
  await writeFile(join(SCREENSHOT_DIR, 'c8-dunning-letter.pdf'), pdf);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // One overdue receivable: the letter fits on one page.
  expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).toHaveLength(1);
  await page.emulateMedia({ media: 'screen' });

  // Back to the task it was opened from.
  await page.getByTestId('letter-back').click();
  await expect(page).toHaveURL(taskUrl);

  // From the customer card's 催收 tab too; B's receivable is written off: nothing to claim.
  await page.goto(`/customers/${customerA}?tab=collection`);
  await page.getByTestId('customer-collection').getByTestId('customer-dunning-letter').click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerA}/dunning-letter$`));
  await expect(page.getByTestId('letter-total')).toHaveText('100,000.00');
  await page.goto(`/customers/${customerB}/dunning-letter`);
  await expect(page.getByTestId('letter-empty')).toContainText('该客户目前没有逾期的应收账款');
  await expect(page.getByTestId('letter-print')).toBeDisabled();
  await expect(page.getByTestId('letter-sheet')).toHaveCount(0);
  await logout(page);
});
