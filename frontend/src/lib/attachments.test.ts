import { describe, expect, it, vi } from 'vitest';
import { FileUploadError, pendingFiles, uploadPicked, type PickedFile } from './attachments';

const picked = (uid: string, name = `${uid}.pdf`): PickedFile => ({ uid, name, originFileObj: new File(['%PDF-1.4'], name, { type: 'application/pdf' }) });

describe('pendingFiles', () => {
  it('leaves out the files uploaded already, in the order picked', () => {
    const files = [picked('a'), picked('b'), picked('c')];
    expect(pendingFiles(files, new Map([['b', 7]])).map((f) => f.uid)).toEqual(['a', 'c']);
    expect(pendingFiles(files, new Map())).toHaveLength(3);
    expect(pendingFiles([], new Map([['a', 1]]))).toEqual([]);
  });
});

describe('uploadPicked', () => {
  it('uploads each picked file and gives the attachment ids in the order picked', async () => {
    let next = 10;
    const upload = vi.fn(async (_file: File) => ({ id: next++ }));
    const uploaded = new Map<string, number>();
    expect(await uploadPicked([picked('a'), picked('b')], uploaded, upload)).toEqual([10, 11]);
    expect(upload).toHaveBeenCalledTimes(2);
    expect(upload.mock.calls.map(([f]) => f.name)).toEqual(['a.pdf', 'b.pdf']);
    expect([...uploaded]).toEqual([
      ['a', 10],
      ['b', 11],
    ]);
  });

  it('after a refusal, a second attempt uploads only what is missing', async () => {
    const refusal = new Error('422');
    const upload = vi
      .fn<(f: File) => Promise<{ id: number }>>()
      .mockResolvedValueOnce({ id: 1 })
      .mockRejectedValueOnce(refusal)
      .mockResolvedValueOnce({ id: 2 })
      .mockResolvedValueOnce({ id: 3 });
    const uploaded = new Map<string, number>();
    const files = [picked('a'), picked('b', '扫描件.pdf'), picked('c')];
    const failed = await uploadPicked(files, uploaded, upload).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(FileUploadError);
    expect((failed as FileUploadError).filename).toBe('扫描件.pdf');
    expect((failed as FileUploadError).error).toBe(refusal);
    // The first file is kept; the third was not tried.
    expect([...uploaded]).toEqual([['a', 1]]);
    expect(upload).toHaveBeenCalledTimes(2);

    expect(await uploadPicked(files, uploaded, upload)).toEqual([1, 2, 3]);
    expect(upload).toHaveBeenCalledTimes(4);
    // Sent a third time: nothing is uploaded again.
    expect(await uploadPicked(files, uploaded, upload)).toEqual([1, 2, 3]);
    expect(upload).toHaveBeenCalledTimes(4);
  });

  it('ids of files removed from the form are not sent', async () => {
    const uploaded = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    const upload = vi.fn(async () => ({ id: 99 }));
    expect(await uploadPicked([picked('b')], uploaded, upload)).toEqual([2]);
    expect(upload).not.toHaveBeenCalled();
  });

  it('a picked file whose content is not at hand is refused by name', async () => {
    const upload = vi.fn(async () => ({ id: 1 }));
    const failed = await uploadPicked([{ uid: 'x', name: 'lost.pdf' }], new Map(), upload).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(FileUploadError);
    expect((failed as FileUploadError).filename).toBe('lost.pdf');
    expect(upload).not.toHaveBeenCalled();
  });
});
