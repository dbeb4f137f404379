// The customer import wizard (导入客户) in the browser: a salesman downloads the template, fills
// it in (two customers, one key person) with one broken row, uploads it: the report names the
// sheet, the Excel row, the column and what is wrong, and the import is refused (nothing is
// written, also when the API is asked to commit). The corrected file is checked, committed, and
// the new customers are linked from the result and appear in the list. On its own server (see
// global-setup.ts), with users set up through the API; the files are made with exceljs.
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { apiAdmin, apiGet, apiLogin, apiUser } from './api';
import { expect, login, serverUrl, snap, test } from './fixtures';

test.use({ server: 'customerbase' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Import-E2e-Secret-2026!';
const SALES = { username: 'liu.daoru', name: '刘导入' };
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FIRST = '邢台某光电照明有限公司';
const SECOND = '邢台某电器设备厂';

let template: Buffer | null = null;

test.beforeAll(async () => {
  const base = serverUrl('customerbase');
  const admin = await apiAdmin(base);
  const res = await admin.ctx.post('/api/v1/offices', { headers: admin.headers, data: { code: 'HB-XT', name: '邢台办事处', region: '华北' } });
  expect(res.status()).toBe(201);
  const office = (await res.json()) as { id: number };
  await apiUser(admin, base, { username: SALES.username, display_name: SALES.name, roles: ['salesman'], office_id: office.id, password: PASSWORD });
  await admin.ctx.dispose();
});

/** The template filled in: two customers (the second's postal code as given) and a key person of the first. */
async function filled(postalCode: string): Promise<Buffer> {
  if (!template) throw new Error('the template was not downloaded');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(template.buffer.slice(template.byteOffset, template.byteOffset + template.byteLength) as ArrayBuffer);
  const fill = (sheetName: string, rows: Record<string, string>[]) => {
    const sheet = book.getWorksheet(sheetName);
    if (!sheet) throw new Error(`no sheet ${sheetName}`);
    // Columns by heading (required ones end with *).
    const columns = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, col) => columns.set(String(cell.value).replace(/\*$/, ''), col));
    rows.forEach((values, i) => {
      const row = sheet.getRow(i + 2);
      for (const [heading, value] of Object.entries(values)) {
        const col = columns.get(heading);
        if (!col) throw new Error(`no column ${heading} in ${sheetName}`);
        row.getCell(col).value = value;
      }
      row.commit();
    });
  };
  fill('客户', [
    { 客户名称: FIRST, 地址: '河北省邢台市桥东区中兴大街 100 号', 邮政编码: '054000', 电话: '0319-2223333', '注册资本(元)': '5000000', 标签: '照明、出口' },
    { 客户名称: SECOND, 地址: '河北省邢台市信都区', 邮政编码: postalCode, 电话: '0319-5556666' },
  ]);
  fill('关键人员', [{ 客户名称: FIRST, 姓名: '孙总', 职务: '总经理', 电话: '13903190000' }]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

test('the template, a file with a broken row (reported, refused), then the corrected file imported', async ({ page }) => {
  await login(page, SALES.username, PASSWORD, '/customers');
  await page.getByTestId('customers-import').click();
  await expect(page).toHaveURL(/\/customers\/import$/);

  // Step 1: the template.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('import-template').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  template = await readFile(await download.path());
  await snap(page, '67-import-template');
  await page.getByTestId('import-next').click();

  // Step 2: the broken file — the report, nothing written.
  const broken = await filled('0540');
  const fileInput = page.getByTestId('import-step-check').locator('input[type=file]');
  await fileInput.setInputFiles({ name: '邢台客户.xlsx', mimeType: XLSX, buffer: broken });
  await expect(page.getByTestId('import-invalid')).toContainText('发现 1 处问题，未导入任何数据');
  await expect(page.getByTestId('import-invalid')).toContainText('客户 1 行，关键人员 0 行');
  const counts = page.getByTestId('import-counts');
  await expect(counts).toContainText('客户行数2');
  await expect(counts).toContainText('关键人员行数1');
  const problems = page.getByTestId('import-problems').locator('tbody tr.ant-table-row');
  await expect(problems).toHaveCount(1);
  const cells = problems.first().locator('td');
  await expect(cells.nth(0)).toHaveText('客户');
  await expect(cells.nth(1)).toHaveText('3');
  await expect(cells.nth(2)).toHaveText('邮政编码');
  await expect(cells.nth(3)).toContainText('邮政编码：应为6位数字');
  await expect(page.getByTestId('import-commit')).toBeDisabled();
  await snap(page, '68-import-broken');

  // Committing that file is refused by the server too, and nothing of it was written.
  const base = serverUrl('customerbase');
  const api = await apiLogin(base, SALES.username, PASSWORD);
  const refused = await api.ctx.post('/api/v1/customers/import?commit=true', {
    headers: { ...api.headers, 'Content-Type': XLSX },
    data: broken,
  });
  expect(refused.status()).toBe(422);
  const refusedReport = (await refused.json()) as { committed: boolean; created: unknown[] };
  expect(refusedReport.committed).toBe(false);
  expect(refusedReport.created).toEqual([]);
  const before = await apiGet<{ total: number }>(api, `/api/v1/customers?q=${encodeURIComponent('邢台')}`);
  expect(before.total).toBe(0);

  // The corrected file: checked, then imported.
  await fileInput.setInputFiles({ name: '邢台客户-改.xlsx', mimeType: XLSX, buffer: await filled('054001') });
  await expect(page.getByTestId('import-valid')).toContainText('检查通过');
  await expect(page.getByTestId('import-file-name')).toContainText('邢台客户-改.xlsx');
  await expect(page.getByTestId('import-problems')).toHaveCount(0);
  await page.getByTestId('import-commit').click();
  const done = page.getByTestId('import-step-done');
  await expect(done).toContainText('已导入 2 个客户、1 个关键人员');
  const links = page.getByTestId('import-created-link');
  await expect(links).toHaveCount(2);
  await expect(done).toContainText(FIRST);
  await expect(done).toContainText(SECOND);
  await snap(page, '69-import-done');

  // The created customers: linked, owned by the salesman, with the key person in the dossier.
  await links.filter({ hasText: FIRST }).click();
  await expect(page).toHaveURL(/\/customers\/\d+$/);
  await expect(page.getByTestId('customer-name')).toHaveText(FIRST);
  await expect(page.getByTestId('customer-owner')).toContainText(SALES.name);
  await page.getByTestId('dossier-tab-key_person').click();
  await expect(page.getByTestId('dossier-list-key_person')).toContainText('孙总');

  // And in the list.
  await page.goto('/customers?q=%E9%82%A2%E5%8F%B0');
  const table = page.getByTestId('customers-table');
  await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(2);
  await expect(table).toContainText(FIRST);
  await expect(table).toContainText(SECOND);
  const after = await apiGet<{ total: number }>(api, `/api/v1/customers?q=${encodeURIComponent('邢台')}`);
  expect(after.total).toBe(2);
  await api.ctx.dispose();
});
