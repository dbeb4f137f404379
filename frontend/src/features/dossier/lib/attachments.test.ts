import { describe, expect, it } from 'vitest';
import { fileKind } from './attachments';

describe('fileKind', () => {
  it('names the accepted content types', () => {
    expect(fileKind('application/pdf')).toBe('pdf');
    expect(fileKind('image/jpeg')).toBe('jpeg');
    expect(fileKind('IMAGE/PNG')).toBe('png');
    expect(fileKind('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('docx');
    expect(fileKind('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; charset=binary')).toBe('xlsx');
  });

  it('calls anything else other', () => {
    expect(fileKind('application/zip')).toBe('other');
    expect(fileKind('')).toBe('other');
  });
});
