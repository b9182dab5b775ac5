/** The report beside a refused file says what to do: never “send it again” where that cannot help. */
import { describe, expect, it } from 'vitest';
import { EMPTY_COLLECTION } from '../../shared/collection.ts';
import type { SubmissionRecord } from '../../worker/ledger/contract.ts';
import { rejectionReport } from '../../worker/ingest/report.ts';

const record = (message: string, cell?: string) =>
  ({
    fileName: 'CCTK.xlsx',
    receivedAt: '2023-11-21T03:00:00.000Z',
    unit: null,
    period: null,
    sha256: 'a'.repeat(64),
    problems: [{ message, ...(cell ? { cell, sheet: 'Phụ lục 1' } : {}) }],
    warnings: [],
  }) as unknown as SubmissionRecord;

describe('the report beside a refused file', () => {
  it('a closed period: the guidance is the message’s own (ask the office), not “send it again”', () => {
    const text = rejectionReport(
      EMPTY_COLLECTION,
      record(
        'Kỳ báo cáo “Ước thực hiện năm 2023” đã đóng; hệ thống không nhận thêm báo cáo của kỳ này. Nếu cần nộp bổ sung, hãy liên hệ Phòng Tài chính - Kế hoạch.',
      ),
    );
    expect(text).toContain(
      'Cách khắc phục: làm theo hướng dẫn nêu trên; khi cần nộp lại, lưu tệp biểu mẫu dạng .xlsx vào thư mục nộp báo cáo chung hoặc bấm “Nộp báo cáo” trong phần bổ trợ.',
    );
    expect(text).not.toContain('rồi nộp lại');
  });

  it('a figure to fix: fix the cells, then send again', () => {
    expect(rejectionReport(EMPTY_COLLECTION, record('Số liệu không hợp lệ.', 'E6'))).toContain('Cách khắc phục: mở tệp, sửa các ô nêu trên');
  });
});
