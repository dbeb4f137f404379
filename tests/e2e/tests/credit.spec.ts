// Credit control in the browser: the customer's credit tab shows its profile (standard, exposure,
// no credit yet); the business department files a limit request there, the VP approves it in the
// approvals inbox and the tab shows the new limit (and a hold set and lifted with its reason);
// a contract over the limit, approved in its review by the business department, becomes a
// special contract for the GM, who approves it in the inbox, and it is signed; a shipping note
// over a lowered limit is blocked (the warehouse cannot confirm it), the VP opens its documents
// from the exposure and releases it with a reason on the blocked worklist, and the warehouse
// confirms it. Business staff record an investigation with a PDF file (listed, downloadable, in
// the customer's files); the customer page's header shows the credit grade, limit and exposure,
// and the hold tag while the customer is on hold. Business staff do not see the security
// instruments' form; the VP records a guarantee (the limit rises; over 100 亿元 is refused) and
// voids it with a reason (listed as voided, the limit back). On its own server (see global-setup.ts), with
// users and data set up through the API.
import { readFile } from 'node:fs/promises';
import { type Page } from '@playwright/test';
import { apiAdmin, apiGet, apiGrantCredit, apiLogin, apiPost, apiUser, type Session } from './api';
import { dayFromToday } from './env';
import { expect, login, pickOption, snap, test as base } from './fixtures';

function creditUrl(): string {
  const url = process.env.E2E_CREDIT_URL;
  if (!url) throw new Error('global-setup did not start the credit backend');
  return url;
}

const test = base.extend({
  baseURL: async ({}, use) => {
    await use(creditUrl());
  },
});
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Credit-E2e-Secret-2026!';
const STAFF = { username: 'zhao.tongji', name: '赵统计' };
const SALESMAN = { username: 'qian.yewu', name: '钱业务' };
const VP = { username: 'sun.fuzong', name: '孙副总' };
const GM = { username: 'li.zongjingli', name: '李总经理' };
const WAREHOUSE = { username: 'zhou.kuguan', name: '周库管' };
const CUSTOMER_A = '唐山市恒光照明工程有限公司';
const CUSTOMER_B = '邯郸市星辰市政工程有限公司';
const PRODUCT = { code: 'LED-300W', name: 'LED 高杆灯 300W', unit: '套', list_price_fen: 1_000_000 };
const WAN = 1_000_000;

let customerA = 0;
let customerB = 0;
let productId = 0;
let blockedNoteId = 0;
let blockedNoteNumber = '';

async function session(username: string): Promise<Session> {
  return apiLogin(creditUrl(), username, PASSWORD);
}

/** A contract of `quantity` × 10,000 元 drafted by the salesman and submitted for review. */
async function submittedContract(sales: Session, customerId: number, quantity: number): Promise<{ id: number; number: string; version: number }> {
  const c = await apiPost<{ id: number; number: string; version: number }>(sales, '/api/v1/contracts', {
    customer_id: customerId,
    credit_form: 'open_account',
    credit_period_days: 30,
    lines: [{ product_id: productId, quantity, price_fen: PRODUCT.list_price_fen }],
  });
  return apiPost(sales, `/api/v1/contracts/${c.id}/submit`, { version: c.version }, 200);
}

test.beforeAll(async () => {
  const url = creditUrl();
  const admin = await apiAdmin(url);
  const office = await apiPost<{ id: number }>(admin, '/api/v1/offices', { code: 'HB-TS', name: '唐山办事处', region: '华北' });
  await apiUser(admin, url, { username: STAFF.username, display_name: STAFF.name, roles: ['business_staff'], password: PASSWORD });
  await apiUser(admin, url, { username: SALESMAN.username, display_name: SALESMAN.name, roles: ['salesman'], office_id: office.id, password: PASSWORD });
  await apiUser(admin, url, { username: VP.username, display_name: VP.name, roles: ['vice_president'], password: PASSWORD });
  await apiUser(admin, url, { username: GM.username, display_name: GM.name, roles: ['general_manager'], password: PASSWORD });
  await apiUser(admin, url, { username: WAREHOUSE.username, display_name: WAREHOUSE.name, roles: ['warehouse'], password: PASSWORD });
  await admin.ctx.dispose();

  // Two customers of the salesman, in business for years.
  const sales = await session(SALESMAN.username);
  customerA = (await apiPost<{ id: number }>(sales, '/api/v1/customers', { name: CUSTOMER_A, phone: '0315-22223333', registration_date: dayFromToday(-1200) })).id;
  customerB = (await apiPost<{ id: number }>(sales, '/api/v1/customers', { name: CUSTOMER_B, phone: '0310-44445555', registration_date: dayFromToday(-1500) })).id;
  await sales.ctx.dispose();

  const staff = await session(STAFF.username);
  productId = (
    await apiPost<{ id: number }>(staff, '/api/v1/products', { ...PRODUCT, effective_from: dayFromToday(-200) })
  ).id;
  // Customer A: a credit investigation on file, no credit yet (the browser test grants it).
  await apiPost(staff, `/api/v1/customers/${customerA}/credit/investigations`, {
    source: 'bank_report',
    investigated_on: dayFromToday(-3),
    findings: '开户行资信良好，无不良记录',
  });
  await staff.ctx.dispose();
});

async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL(/\/login/);
}

async function confirmPopover(page: Page, button: string): Promise<void> {
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: button }).click();
}

test('the credit tab shows the profile; business staff request a limit, the VP approves it and the tab shows the new limit', async ({ page }) => {
  await login(page, STAFF.username, PASSWORD, `/customers/${customerA}?tab=credit`);
  await expect(page).toHaveURL(new RegExp(`/customers/${customerA}\\?tab=credit`));
  const credit = page.getByTestId('customer-credit');
  await expect(credit).toBeVisible();
  await expect(credit.getByTestId('credit-grade')).toHaveText('未授信');
  await expect(credit.getByTestId('credit-exposure-limit')).toHaveText('无额度');
  await expect(credit.getByTestId('credit-exposure-total')).toHaveText('0.00万元');
  // The standard: years in business, nothing overdue, the investigation on file.
  await expect(credit.getByTestId('credit-standard-result')).toHaveText('符合信用标准');
  await expect(credit.getByTestId('credit-standard')).toContainText('不少于 12 个月');
  await expect(credit.getByTestId('credit-standard')).toContainText('有记录');
  await expect(credit.getByTestId('credit-investigations')).toContainText('开户行资信良好，无不良记录');
  // Business staff neither set holds nor decide.
  await expect(credit.getByTestId('credit-hold-set')).toHaveCount(0);

  await credit.getByTestId('credit-request-limit').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('credit-request-current')).toContainText('未授信');
  // Under load the option's click can land while the dropdown is still sliding in (mouse down and
  // up on different spots: no click); picked again until the grade's defaults show.
  const grade = dialog.getByTestId('credit-request-grade');
  await expect(async () => {
    if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) await grade.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: /^A$/ }).first().click({ timeout: 3_000 });
    await expect(dialog.getByText('等级 A 的默认额度 100.00万元、信用期 45 天')).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
  await dialog.getByLabel('新信用额度（万元）').fill('80');
  await dialog.getByLabel('信用期（天）').fill('30');
  // The reason is required.
  await dialog.getByRole('button', { name: '提交申请' }).click();
  await expect(dialog.getByText('请填写申请理由')).toBeVisible();
  await dialog.getByLabel('申请理由').fill('合作三年，回款及时，订单增长');
  await snap(page, '90-credit-limit-request');
  await dialog.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByText('额度申请已提交，等待审批')).toBeVisible();
  await expect(page.locator('.ant-modal:visible')).toHaveCount(0);
  const history = credit.getByTestId('credit-requests-table');
  await expect(history.getByTestId('credit-request-status')).toHaveText('待审批');
  await expect(history).toContainText('0.00万元 → 80.00万元');
  await expect(credit.getByTestId('credit-request-limit')).toBeDisabled();
  await logout(page);

  // The VP decides it in the approvals inbox.
  await login(page, VP.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('审批中心', { exact: true }).click();
  const link = page.getByTestId('approvals-table').getByTestId('approval-link').filter({ hasText: '信用额度调整：— → A' });
  await expect(link).toHaveCount(1);
  await link.click();
  await expect(page.getByTestId('approval-title')).toHaveText('信用额度调整：— → A');
  await expect(page.getByTestId('approval-customer')).toContainText(CUSTOMER_A);
  await expect(page.getByTestId('approval-credit-grade')).toHaveText('无 → A');
  await expect(page.getByTestId('approval-credit-limit')).toHaveText('0.00万元 → 80.00万元');
  await expect(page.getByTestId('approval-credit-reason')).toHaveText('合作三年，回款及时，订单增长');
  await snap(page, '91-credit-limit-approval');
  await page.getByTestId('approval-approve').click();
  await expect(page.getByText('已批准', { exact: true }).first()).toBeVisible();

  // The tab shows the new grade and limit.
  await page.goto(`/customers/${customerA}?tab=credit`);
  await expect(credit.getByTestId('credit-grade')).toHaveText('A');
  await expect(credit.getByTestId('credit-approved-limit')).toHaveText('80.00万元');
  await expect(credit.getByTestId('credit-exposure-limit')).toHaveText('80.00万元');
  await expect(credit.getByTestId('credit-exposure-headroom')).toHaveText('80.00万元');
  await expect(credit.getByTestId('credit-period')).toHaveText('30 天');
  await expect(history.getByTestId('credit-request-status')).toHaveText('已批准');

  // The VP puts the customer on hold (a reason is required) and lifts it.
  await credit.getByTestId('credit-hold-set').click();
  const hold = page.getByRole('dialog');
  await hold.getByRole('button', { name: '设置信用冻结' }).click();
  await expect(hold.getByText('请填写原因')).toBeVisible();
  await hold.getByLabel('原因').fill('客户涉及诉讼，待核实');
  await hold.getByRole('button', { name: '设置信用冻结' }).click();
  await expect(credit.getByTestId('credit-hold-banner')).toContainText('信用冻结：客户涉及诉讼，待核实');
  await expect(page.getByTestId('credit-tab-hold')).toBeVisible();
  await snap(page, '92-credit-tab-hold', { height: 1800 });
  await credit.getByTestId('credit-hold-lift').click();
  const lift = page.getByRole('dialog');
  await lift.getByLabel('原因').fill('诉讼已和解');
  await lift.getByRole('button', { name: '解除信用冻结' }).click();
  await expect(credit.getByTestId('credit-hold-banner')).toHaveCount(0);
  await expect(credit.getByTestId('credit-holds')).toContainText('诉讼已和解');

  // The printable card.
  await credit.getByTestId('credit-print-link').click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerA}/credit-card$`));
  await expect(page.getByTestId('credit-card')).toContainText('客户信用管理卡');
  await expect(page.getByTestId('credit-card-customer')).toHaveText(CUSTOMER_A);
  await expect(page.getByTestId('credit-card-grade')).toHaveText('A');
  await expect(page.getByTestId('credit-card-limit')).toHaveText('80.00万元');
  await snap(page, '93-credit-card');
  await page.getByTestId('credit-card-back').click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerA}\\?tab=credit`));
  await logout(page);
});

test('business staff record an investigation with a PDF file, listed and downloadable; the header shows the limit and the hold', async ({ page }) => {
  await login(page, STAFF.username, PASSWORD, `/customers/${customerA}?tab=credit`);
  // The header: grade, limit and exposure (nothing open yet), no hold.
  const header = page.getByTestId('customer-credit-header');
  await expect(header.getByTestId('customer-credit-grade')).toHaveText('A');
  await expect(header.getByTestId('customer-credit-limit')).toHaveText('80.00万元');
  await expect(header.getByTestId('customer-credit-exposure')).toHaveText('0.00万元（0.0%）');
  await expect(header.getByTestId('customer-credit-hold')).toHaveCount(0);

  const credit = page.getByTestId('customer-credit');
  // Security instruments raise the limit: only the VP and the GM record or void them.
  await expect(credit.getByTestId('credit-instruments')).toBeVisible();
  await expect(credit.getByTestId('credit-instrument-add')).toHaveCount(0);
  await credit.getByTestId('credit-investigation-add').click();
  const dialog = page.getByTestId('credit-investigation-modal');
  await pickOption(page, dialog.getByTestId('credit-investigation-source'), '直接接触');
  await dialog.getByTestId('credit-investigation-findings').fill('实地走访：厂房自有，设备开工率约八成');
  const input = page.locator('.ant-modal:visible input[type=file]');
  // Text named .pdf is refused by its content, named in the message; nothing is recorded.
  await input.setInputFiles({ name: '走访记录.pdf', mimeType: 'application/pdf', buffer: Buffer.from('only text, not a PDF') });
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog.locator('.ant-form-item-explain-error')).toContainText('文件“走访记录.pdf”未能上传：不接受此类文件');
  await page.locator('.ant-modal:visible .ant-upload-list-item', { hasText: '走访记录.pdf' }).getByRole('button').click();
  // A real (small) PDF.
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await input.setInputFiles({ name: '走访报告.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(page.locator('.ant-modal:visible .ant-upload-list-item')).toHaveCount(1);
  await snap(page, '98-credit-investigation-file');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('资信调查已登记')).toBeVisible();
  await expect(page.locator('.ant-modal:visible')).toHaveCount(0);

  const row = credit.getByTestId('credit-investigations').getByRole('row', { name: /实地走访/ });
  await expect(row.getByTestId('credit-file')).toHaveText(['走访报告.pdf']);
  // The investigation filed through the API earlier has no file.
  await expect(credit.getByTestId('credit-investigations').getByRole('row', { name: /开户行资信良好/ }).getByTestId('credit-file')).toHaveCount(0);
  // Downloaded with the session's token, under its Chinese name, unchanged.
  const downloading = page.waitForEvent('download');
  await row.getByTestId('credit-file').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('走访报告.pdf');
  expect(await readFile(await download.path())).toEqual(pdf);
  // The file is among the customer's files, saying what it belongs to (the refused one is not).
  await page.getByTestId('dossier-tab-attachments').click();
  const files = page.getByTestId('attachments-table').locator('tbody tr.ant-table-row');
  await expect(files).toHaveCount(1);
  await expect(files.first()).toContainText('走访报告.pdf');
  await expect(files.first()).toContainText('资信调查（');

  // While the VP holds the customer, the header shows the hold tag (business staff do not hold).
  const vp = await session(VP.username);
  await apiPost(vp, `/api/v1/customers/${customerA}/credit/hold`, { reason: '走访发现停产迹象，待核实' }, 200);
  await page.reload();
  await expect(header.getByTestId('customer-credit-hold')).toHaveText('信用冻结');
  await expect(header.getByTestId('customer-credit-limit')).toHaveText('80.00万元');
  await snap(page, '99-customer-credit-header-hold');
  await apiPost(vp, `/api/v1/customers/${customerA}/credit/hold/lift`, { reason: '核实后正常生产' }, 200);
  await vp.ctx.dispose();
  await page.reload();
  await expect(header.getByTestId('customer-credit-grade')).toHaveText('A');
  await expect(header.getByTestId('customer-credit-hold')).toHaveCount(0);
  await logout(page);
});

test('a contract over the limit approved in review becomes a special contract; the GM approves it in the inbox and it is signed', async ({ page }) => {
  // 100 × 10,000 元 = 100 万 against the limit of 80 万.
  const sales = await session(SALESMAN.username);
  const contract = await submittedContract(sales, customerA, 100);
  await sales.ctx.dispose();

  await login(page, STAFF.username, PASSWORD, `/contracts/${contract.id}`);
  await expect(page.getByTestId('contract-title')).toContainText(contract.number);
  await expect(page.getByTestId('contract-credit-failed')).toHaveCount(0);
  const review = page.getByTestId('contract-review');
  await review.getByLabel('评审意见').fill('价格符合政策');
  await review.getByTestId('review-approve').click();
  await expect(page.getByText('信用检查未通过：合同作为特殊合同提交总经理审批')).toBeVisible();
  const banner = page.getByTestId('contract-credit-failed');
  await expect(banner.getByTestId('contract-credit-state')).toHaveText('特殊合同 · 待总经理审批');
  await expect(banner.getByTestId('credit-reason')).toHaveText(['信用占用 100.00万元 超过信用额度 80.00万元（超出 20.00万元）']);
  await expect(page.getByTestId('contract-status').first()).toHaveText('评审中');
  await expect(banner.getByTestId('contract-special-approval')).toBeVisible();
  await snap(page, '94-special-contract');
  await logout(page);

  // The GM: the request in the inbox, with the check's figures.
  await login(page, GM.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('审批中心', { exact: true }).click();
  const link = page.getByTestId('approvals-table').getByTestId('approval-link').filter({ hasText: contract.number });
  await expect(link).toHaveText(`超信用范围的特殊合同 ${contract.number}`);
  await link.click();
  await expect(page.getByTestId('approval-special-contract')).toHaveText(contract.number);
  await expect(page.getByTestId('approval-special-amount')).toHaveText('100.00万元');
  await expect(page.getByTestId('approval-special-exposure')).toHaveText('100.00万元');
  await expect(page.getByTestId('approval-special-limit')).toHaveText('80.00万元');
  await expect(page.getByTestId('approval-special-reasons')).toContainText('超出 20.00万元');
  await snap(page, '95-special-contract-approval');
  await page.getByTestId('approval-approve').click();
  await expect(page.getByText('已批准', { exact: true }).first()).toBeVisible();

  await page.getByTestId('approval-special-contract').click();
  await expect(page).toHaveURL(new RegExp(`/contracts/${contract.id}$`));
  await expect(page.getByTestId('contract-status').first()).toHaveText('已签订');
  await expect(page.getByTestId('contract-credit-state')).toHaveText('特殊合同 · 总经理已批准');
  await logout(page);
});

test('a shipping note over a lowered limit is blocked; the VP releases it with a reason on the worklist and the warehouse confirms it', async ({ page }) => {
  const url = creditUrl();
  const staff = await session(STAFF.username);
  const vp = await session(VP.username);
  const sales = await session(SALESMAN.username);
  // Customer B: credit of 50 万, a contract of 40 万 signed within it …
  await apiGrantCredit(staff, vp, customerB, 50 * WAN);
  const contract = await submittedContract(sales, customerB, 40);
  const signed = await apiPost<{ status: string; credit_state: string }>(
    staff,
    `/api/v1/contracts/${contract.id}/review`,
    { version: contract.version, outcome: 'approved', note: '', signed_on: dayFromToday(-5) },
    200,
  );
  expect(signed.status).toBe('signed');
  expect(signed.credit_state).toBe('passed');
  // … then the limit is lowered to 20 万.
  await apiPost(staff, `/api/v1/customers/${customerB}/credit/limit-requests`, {
    new_grade: 'B',
    new_limit_fen: 20 * WAN,
    credit_period_days: 30,
    reason: '回款放缓，下调额度',
  });
  const inbox = await apiGet<{ items: { id: number; customer_id: number | null }[] }>(vp, '/api/v1/approvals?box=inbox&kind=credit_limit');
  const lowering = inbox.items.find((a) => a.customer_id === customerB);
  expect(lowering).toBeTruthy();
  await apiPost(vp, `/api/v1/approvals/${lowering!.id}/approve`, { comment: '同意' }, 200);
  await Promise.all([staff.ctx.dispose(), vp.ctx.dispose(), sales.ctx.dispose()]);

  // The warehouse issues a note of the whole 40 万: blocked.
  const warehouse = await apiLogin(url, WAREHOUSE.username, PASSWORD);
  const open = await apiGet<{ items: { contract_id: number; lines: { contract_line_id: number; remaining: number }[] }[] }>(
    warehouse,
    `/api/v1/shippable-contracts?contract_id=${contract.id}`,
  );
  const line = open.items[0]!.lines[0]!;
  const note = await apiPost<{ id: number; number: string; credit_state: string }>(warehouse, '/api/v1/shipping-notes', {
    contract_id: contract.id,
    ship_date: dayFromToday(0),
    lines: [{ contract_line_id: line.contract_line_id, quantity: line.remaining }],
  });
  await warehouse.ctx.dispose();
  expect(note.credit_state).toBe('blocked');
  blockedNoteId = note.id;
  blockedNoteNumber = note.number;

  // The warehouse sees it blocked and cannot confirm it.
  await login(page, WAREHOUSE.username, PASSWORD, `/shipping-notes/${blockedNoteId}`);
  await expect(page.getByTestId('note-credit-blocked')).toContainText('信用冻结');
  await expect(page.getByTestId('note-confirm')).toBeDisabled();
  await page.getByTestId('side-menu').getByText('发货单', { exact: true }).click();
  const queueRow = page.getByTestId('notes-table').getByRole('row', { name: new RegExp(blockedNoteNumber) });
  await expect(queueRow.getByTestId('note-credit-tag')).toHaveText('信用冻结');
  await expect(queueRow.getByTestId('note-confirm')).toBeDisabled();
  await logout(page);

  // The VP: the customer's exposure shows the note among the shipped-not-invoiced documents.
  await login(page, VP.username, PASSWORD, `/customers/${customerB}?tab=credit`);
  const credit = page.getByTestId('customer-credit');
  await expect(credit.getByTestId('credit-exposure-limit')).toHaveText('20.00万元');
  await expect(credit.getByTestId('credit-part-amount-shipped_not_invoiced')).toHaveText('40.00万元');
  await expect(credit.getByTestId('credit-exposure-headroom')).toHaveText('超出额度 20.00万元');
  await credit.getByTestId('credit-part-open-shipped_not_invoiced').click();
  const drawer = page.getByTestId('credit-docs-table');
  await expect(drawer.getByRole('link', { name: blockedNoteNumber })).toBeVisible();
  await expect(drawer).toContainText(contract.number);
  await snap(page, '96-credit-exposure-documents');
  await page.locator('.ant-drawer-close').click();

  // The worklist: reasons, payments, who may release; release needs a reason.
  await page.getByTestId('side-menu').getByText('信用冻结发货', { exact: true }).click();
  await expect(page).toHaveURL(/\/credit-blocks$/);
  const row = page.getByTestId('blocks-table').getByRole('row', { name: new RegExp(blockedNoteNumber) });
  await expect(row).toContainText(CUSTOMER_B);
  await expect(row).toContainText(contract.number);
  await expect(row.getByTestId('block-amount')).toHaveText('¥400,000.00');
  await expect(row.getByTestId('credit-reason')).toHaveText(['信用占用 40.00万元 超过信用额度 20.00万元（超出 20.00万元）']);
  await expect(row.getByTestId('block-payment')).toContainText('无回款记录');
  await expect(row.getByTestId('block-releaser')).toHaveText('主管副总经理');
  await snap(page, '97-credit-blocks');
  // Re-checking changes nothing while nothing was paid.
  await row.getByTestId('block-recheck').click();
  await expect(page.getByText(`发货单 ${blockedNoteNumber} 重新检查仍未通过`)).toBeVisible();
  await row.getByTestId('block-release').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: '放 行' }).click();
  await expect(dialog.getByText('请填写理由')).toBeVisible();
  await dialog.getByLabel('理由').fill('客户承诺月底前回款 20 万，先行发货');
  await dialog.getByRole('button', { name: '放 行' }).click();
  await expect(page.getByText(`发货单 ${blockedNoteNumber} 已放行`)).toBeVisible();
  await expect(page.getByTestId('blocks-table').getByRole('row', { name: new RegExp(blockedNoteNumber) })).toHaveCount(0);
  await page.goto(`/shipping-notes/${blockedNoteId}`);
  await expect(page.getByTestId('note-credit-released')).toContainText(`${VP.name}`);
  await expect(page.getByTestId('note-credit-released')).toContainText('客户承诺月底前回款 20 万，先行发货');
  await logout(page);

  // The warehouse confirms it from the queue.
  await login(page, WAREHOUSE.username, PASSWORD);
  await page.getByTestId('side-menu').getByText('发货单', { exact: true }).click();
  const released = page.getByTestId('notes-table').getByRole('row', { name: new RegExp(blockedNoteNumber) });
  await expect(released.getByTestId('note-credit-tag')).toHaveText('已放行');
  await released.getByTestId('note-confirm').click();
  await confirmPopover(page, '确认发货');
  await expect(page.getByText(`发货单 ${blockedNoteNumber} 已确认发货`)).toBeVisible();
  await logout(page);
});

test('the VP records a guarantee, which raises the limit, and voids it with a reason', async ({ page }) => {
  await login(page, VP.username, PASSWORD, `/customers/${customerA}?tab=credit`);
  const credit = page.getByTestId('customer-credit');
  await expect(credit.getByTestId('credit-limit')).toHaveText('80.00万元');
  await credit.getByTestId('credit-instrument-add').click();
  const dialog = page.getByTestId('credit-instrument-modal');
  await pickOption(page, dialog.getByTestId('credit-instrument-kind'), '担保');
  await dialog.getByTestId('credit-instrument-provider').fill('唐山市融信担保有限公司');
  // At most 100 亿元.
  await dialog.getByTestId('credit-instrument-amount').fill('10000000000.01');
  await dialog.getByLabel('到期日').fill(dayFromToday(180));
  await dialog.getByLabel('到期日').press('Enter');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog.getByText('金额不能超过 100 亿元')).toBeVisible();
  await dialog.getByTestId('credit-instrument-amount').fill('200000');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('已登记', { exact: true })).toBeVisible();
  const rows = credit.getByTestId('credit-instruments').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('credit-instrument-counts')).toBeVisible();
  await expect(credit.getByTestId('credit-limit')).toHaveText('100.00万元');

  // Void: a reason is required; the instrument stays listed as voided, with its reason, and no longer counts.
  await rows.first().getByTestId('credit-instrument-void').click();
  const voidDialog = page.getByTestId('credit-instrument-void-modal');
  await voidDialog.getByRole('button', { name: /作\s*废/ }).click();
  await expect(voidDialog.getByText('请填写作废原因')).toBeVisible();
  await voidDialog.getByTestId('credit-instrument-void-reason').fill('担保公司撤回担保函');
  await voidDialog.getByRole('button', { name: /作\s*废/ }).click();
  await expect(rows.first().getByTestId('credit-instrument-voided')).toHaveText('已作废');
  await expect(rows.first().getByTestId('credit-instrument-void-reason-text')).toHaveText('作废原因：担保公司撤回担保函');
  await expect(rows.first().getByTestId('credit-instrument-void')).toHaveCount(0);
  await expect(credit.getByTestId('credit-limit')).toHaveText('80.00万元');
  await logout(page);
});
