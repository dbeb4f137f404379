import { describe, expect, it } from 'vitest';
import { uploadType } from './calendar';

describe('uploadType', () => {
  it('sends an .xlsx as a workbook and anything else as CSV text', () => {
    expect(uploadType({ name: '2025.xlsx', type: '' })).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(uploadType({ name: 'holidays', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(uploadType({ name: '2025.CSV', type: 'text/csv' })).toBe('text/csv');
    expect(uploadType({ name: '2025.txt', type: 'text/plain' })).toBe('text/csv');
  });
});
