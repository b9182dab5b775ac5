/**
 * The one test both readers (the pane through Office.js, the worker from the file's styles) apply to
 * a cell's number format: does Excel show this number as a date or a time?
 */
import { describe, expect, it } from 'vitest';
import { CELL_PROBLEM, isDateFormat } from '../../shared/template-read.ts';

describe('a number shown as a date', () => {
  it('is told by its format: day, month, year or time parts outside quotes, brackets and escapes', () => {
    const dates = ['dd/mm/yyyy', 'd/m/yy', 'mm-dd', 'h:mm:ss', '[h]:mm', 'yyyy', '[$-42A]dd/mm/yyyy', 'm/d/yy h:mm'];
    const numbers = ['General', '0', '#,##0.0', '0.00%', '#,##0;[Red]-#,##0', '"Ngày" 0', '0 "ha"', '\\d0', '[Red]0.0', '@'];
    expect(dates.filter((f) => !isDateFormat(f))).toEqual([]);
    expect(numbers.filter(isDateFormat)).toEqual([]);
  });

  it('is explained in the words both readers use, with what to do', () => {
    expect(CELL_PROBLEM.date).toMatch(/^Excel đã hiểu số liệu là ngày tháng .*Hãy định dạng ô là Số và nhập lại, ví dụ 1\.721,4\.$/);
    expect(CELL_PROBLEM.error('#DIV/0!')).toBe('Ô đang báo lỗi #DIV/0!. Hãy nhập số liệu trực tiếp thay cho công thức.');
  });
});
