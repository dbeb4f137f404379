// Files in and out of the customer base in the browser: the customer list's export downloads the
// list view (search, filters, sort) as an .xlsx; a dossier's files tab refuses a file that is
// not of an accepted type and one over the size limit, each with its own message (in Chinese,
// then in English), uploads a PDF, lists it, downloads it unchanged and removes it. On its own server
// (attachments limited to 200 KB, see global-setup.ts), with users set up through the API.
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { apiAdmin, apiLogin, apiPost, apiUser } from './api';
import { expect, expectNoModal, login, pickOption, serverUrl, snap, test } from './fixtures';

test.use({ server: 'customerbase' });
test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Files-E2e-Secret-2026!';
const SALES = { username: 'chen.xiaoshou', name: '陈销售' };
const CUSTOMERS = [
  { name: '邯郸某钢铁集团', tags: ['出口'] },
  { name: '沧州某管件厂', tags: ['出口'] },
  { name: '衡水某玻璃钢公司', tags: [] },
];
const ids: number[] = [];

test.beforeAll(async () => {
  const base = serverUrl('customerbase');
  const admin = await apiAdmin(base);
  const res = await admin.ctx.post('/api/v1/offices', { headers: admin.headers, data: { code: 'HB-HD', name: '邯郸办事处', region: '华北' } });
  expect(res.status()).toBe(201);
  const office = (await res.json()) as { id: number };
  await apiUser(admin, base, { username: SALES.username, display_name: SALES.name, roles: ['salesman'], office_id: office.id, password: PASSWORD });
  await admin.ctx.dispose();
  const sales = await apiLogin(base, SALES.username, PASSWORD);
  for (const c of CUSTOMERS) {
    const { id } = await apiPost<{ id: number }>(sales, '/api/v1/customers', { name: c.name, tags: c.tags, phone: '0310-66668888' });
    ids.push(id);
  }
  await sales.ctx.dispose();
});

/** The rows of the first sheet of an .xlsx file, as text. */
async function sheetRows(path: string): Promise<string[][]> {
  const book = new ExcelJS.Workbook();
  const bytes = await readFile(path);
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push(values.map((v) => (v === null || v === undefined ? '' : String(v))));
  });
  return rows;
}

test('the customer list exports its current view (filters and sort) as an .xlsx', async ({ page }) => {
  await login(page, SALES.username, PASSWORD, '/customers?tag=%E5%87%BA%E5%8F%A3&sort=-name');
  const table = page.getByTestId('customers-table');
  await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(2);
  await expect(table).not.toContainText(CUSTOMERS[2]!.name);
  // The order the list shows.
  const shown = await table.locator('tbody tr td:nth-child(2) a').allInnerTexts();
  expect([...shown].sort()).toEqual([CUSTOMERS[0]!.name, CUSTOMERS[1]!.name].sort());

  const asked = page.waitForRequest((r) => r.url().includes('/api/v1/customers/export.xlsx'));
  const downloading = page.waitForEvent('download');
  await page.getByTestId('customers-export').click();
  const request = await asked;
  const params = new URL(request.url()).searchParams;
  expect(params.get('tag')).toBe('出口');
  expect(params.get('sort')).toBe('-name');
  expect(params.has('page')).toBe(false);
  expect(request.headers()['authorization']).toMatch(/^Bearer /);
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const file = await download.path();
  const rows = await sheetRows(file);
  expect(rows[0]?.[1]).toContain('客户名称');
  expect(rows.slice(1).map((r) => r[1])).toEqual(shown);
  await snap(page, '64-customers-export');
});

test('a dossier file: refused by type and by size with their messages, then uploaded, listed, downloaded and removed', async ({ page }) => {
  const customerId = ids[0]!;
  await login(page, SALES.username, PASSWORD, `/customers/${customerId}?tab=attachments`);
  const tab = page.getByTestId('dossier-attachments');
  await expect(tab).toBeVisible();
  await expect(page.getByTestId('attachments-table')).toContainText('暂无附件');

  // Text named .pdf: refused by its content.
  await page.getByTestId('attachment-upload').click();
  const form = page.getByTestId('attachment-form');
  const input = page.locator('.ant-modal:visible input[type=file]');
  await input.setInputFiles({ name: '报价.pdf', mimeType: 'application/pdf', buffer: Buffer.from('only text, not a PDF') });
  await page.locator('.ant-modal:visible').getByRole('button', { name: /上\s*传/ }).click();
  await expect(page.locator('.ant-modal:visible')).toContainText('不接受此类文件');

  // Over the server's limit (200 KB here).
  const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(300_000, 0x20)]);
  await input.setInputFiles({ name: '扫描件.pdf', mimeType: 'application/pdf', buffer: big });
  await page.locator('.ant-modal:visible').getByRole('button', { name: /上\s*传/ }).click();
  await expect(page.locator('.ant-modal:visible')).toContainText('文件太大，超过了系统允许的附件大小上限');
  await snap(page, '65-attachment-too-large');

  // A real (small) PDF with a description.
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await input.setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.locator('.ant-modal:visible').getByLabel('说明').fill('2026 年年检后的营业执照');
  await page.locator('.ant-modal:visible').getByRole('button', { name: /上\s*传/ }).click();
  await expectNoModal(page);
  await expect(form).toHaveCount(0);
  const rows = page.getByTestId('attachments-table').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('营业执照.pdf');
  await expect(rows.first()).toContainText('PDF');
  await expect(rows.first()).toContainText(`${pdf.length} B`);
  await expect(rows.first()).toContainText('2026 年年检后的营业执照');
  await expect(rows.first()).toContainText(SALES.name);
  await expect(page.getByTestId('dossier-tab-attachments')).toContainText('附件 1');
  await snap(page, '66-attachments');

  // Downloaded with the session's token, under its Chinese name, unchanged.
  const downloading = page.waitForEvent('download');
  await page.getByTestId('attachment-download').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('营业执照.pdf');
  expect(await readFile(await download.path())).toEqual(pdf);

  // The refusal by type in English.
  await pickOption(page, page.getByTestId('language-switch'), 'English');
  await page.getByTestId('attachment-upload').click();
  await page.locator('.ant-modal:visible input[type=file]').setInputFiles({ name: 'notes.docx', mimeType: 'text/plain', buffer: Buffer.from('plain text') });
  await page.locator('.ant-modal:visible').getByRole('button', { name: 'Upload' }).click();
  await expect(page.locator('.ant-modal:visible')).toContainText('This kind of file is not accepted');
  await page.locator('.ant-modal:visible').getByRole('button', { name: 'Cancel' }).click();
  await expectNoModal(page);
  await pickOption(page, page.getByTestId('language-switch'), '简体中文');
  await expect(page.getByTestId('dossier-tab-attachments')).toContainText('附件 1');

  // Removed from the dossier.
  await page.getByTestId('attachment-delete').click();
  await page.locator('.ant-popconfirm:visible').getByRole('button', { name: /删\s*除/ }).click();
  await expect(page.getByText('附件已删除')).toBeVisible();
  await expect(page.getByTestId('attachments-table')).toContainText('暂无附件');
});
