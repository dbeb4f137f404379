import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { fileOf, filenameFromContentDisposition } from './download';

describe('filenameFromContentDisposition', () => {
  it('reads a quoted or plain file name', () => {
    expect(filenameFromContentDisposition('attachment; filename="customers-2026-11-27.xlsx"', 'x.xlsx')).toBe('customers-2026-11-27.xlsx');
    expect(filenameFromContentDisposition('attachment; filename=report.xlsx', 'x.xlsx')).toBe('report.xlsx');
    expect(filenameFromContentDisposition('attachment; filename="a \\"b\\"; c.pdf"', 'x')).toBe('a "b"; c.pdf');
  });

  it('prefers the UTF-8 name of filename* (Chinese names), in either order', () => {
    const zh = encodeURIComponent('营业执照 2026.pdf');
    expect(filenameFromContentDisposition(`attachment; filename*=UTF-8''${zh}`, 'x')).toBe('营业执照 2026.pdf');
    expect(filenameFromContentDisposition(`attachment; filename*=utf-8''${zh}; filename="licence.pdf"`, 'x')).toBe('营业执照 2026.pdf');
    expect(filenameFromContentDisposition(`attachment; filename="licence.pdf"; filename*=UTF-8'zh'${zh}`, 'x')).toBe('营业执照 2026.pdf');
    expect(filenameFromContentDisposition("attachment; filename*=ISO-8859-1''caf%E9.txt", 'x')).toBe('café.txt');
  });

  it('falls back on a missing, empty or broken header, and on a name that is only a path', () => {
    expect(filenameFromContentDisposition(null, 'export.xlsx')).toBe('export.xlsx');
    expect(filenameFromContentDisposition('', 'export.xlsx')).toBe('export.xlsx');
    expect(filenameFromContentDisposition('attachment', 'export.xlsx')).toBe('export.xlsx');
    expect(filenameFromContentDisposition("attachment; filename*=UTF-8''%E8%90", 'export.xlsx')).toBe('export.xlsx');
    expect(filenameFromContentDisposition("attachment; filename*=UTF-8''%E8%90; filename=\"b.pdf\"", 'x')).toBe('b.pdf');
    expect(filenameFromContentDisposition('attachment; filename=".."', 'export.xlsx')).toBe('export.xlsx');
  });

  it('keeps only the last path segment and drops control characters', () => {
    expect(filenameFromContentDisposition('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd');
    expect(filenameFromContentDisposition(`attachment; filename*=UTF-8''${encodeURIComponent('C:\\scans\\合同\n.docx')}`, 'x')).toBe('合同.docx');
  });
});

describe('fileOf', () => {
  it('returns the blob with the name from the answer', async () => {
    const blob = new Blob(['PK']);
    const response = new Response(blob, { headers: { 'Content-Disposition': 'attachment; filename="customers.xlsx"' } });
    await expect(fileOf(Promise.resolve({ data: blob, response }), 'fallback.xlsx')).resolves.toEqual({ blob, filename: 'customers.xlsx' });
  });

  it('throws the problem of a refused download as an ApiError', async () => {
    const response = new Response(null, { status: 403 });
    const failed = fileOf(Promise.resolve({ error: { code: 'auth.forbidden' }, response }), 'x');
    await expect(failed).rejects.toBeInstanceOf(ApiError);
    await expect(failed).rejects.toMatchObject({ status: 403, code: 'auth.forbidden' });
  });
});
