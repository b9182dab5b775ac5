/**
 * The Vietnamese report written beside a file the worker did not take (`<file>.loi.txt`), and the
 * one-line description of a problem used by the command line and the appendix's lists.
 */
import { unitOf, type Collection } from '../../shared/collection.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { describeProblem } from '../../shared/problem.ts';
import type { SubmissionRecord } from '../ledger/contract.ts';

function unitName(collection: Collection, code: string | null, period: string | null): string {
  return unitOf(collection, code, period)?.name ?? '';
}

/**
 * The report beside a rejected file, in the planning office's words. `duplicate`: this file
 * arrived (with its own name and time) with the same content as `rec`, received earlier.
 */
export function rejectionReport(collection: Collection, rec: SubmissionRecord, opts: { duplicate?: { fileName: string; receivedAt: string } } = {}): string {
  const cellProblems = rec.problems.some((p) => p.cell);
  const arrival = opts.duplicate ?? rec;
  const lines = [
    'KẾT QUẢ KIỂM TRA TỆP NỘP',
    `Tệp: ${arrival.fileName}`,
    `Nhận lúc: ${formatTimeVi(arrival.receivedAt)}`,
    rec.unit ? `Đơn vị báo cáo: ${unitName(collection, rec.unit, rec.period) || rec.unit}` : '',
    '',
    opts.duplicate
      ? `Tệp này giống hệt tệp đã nộp lúc ${formatTimeVi(rec.receivedAt)} (${rec.fileName}), không được nhận thêm lần nữa. Kết quả kiểm tra lần đó:`
      : 'Kết quả: tệp không hợp lệ, bị từ chối. Cần sửa:',
    ...rec.problems.map((p, i) => `${i + 1}. ${describeProblem(p)}`),
    ...(rec.warnings.length ? ['', 'Cần xem lại (không làm tệp bị từ chối):', ...rec.warnings.map((p, i) => `${i + 1}. ${describeProblem(p)}`)] : []),
    '',
    cellProblems
      ? 'Cách khắc phục: mở tệp, sửa các ô nêu trên (ô màu vàng là ô nhập), lưu lại dạng .xlsx rồi nộp lại vào thư mục nộp báo cáo chung hoặc bấm “Nộp báo cáo” trong phần bổ trợ.'
      : // Not always a file to send again (a closed period): the guidance above says what to do.
        'Cách khắc phục: làm theo hướng dẫn nêu trên; khi cần nộp lại, lưu tệp biểu mẫu dạng .xlsx vào thư mục nộp báo cáo chung hoặc bấm “Nộp báo cáo” trong phần bổ trợ.',
    'Tệp gốc đã được lưu trữ, không bị mất.',
    '',
    `Mã nhận dạng tệp (để tra cứu khi cần): ${rec.sha256}`,
  ];
  return `${lines.filter((l, i) => l !== '' || (i > 0 && lines[i - 1] !== '')).join('\n')}\n`;
}

/** The report beside something in the shared folder that is not a file the worker may read. */
export function refusalReport(name: string, reason: string, at: string): string {
  return [
    'KẾT QUẢ KIỂM TRA TỆP NỘP',
    `Tên trong thư mục nộp báo cáo chung: ${name}`,
    `Kiểm tra lúc: ${formatTimeVi(at)}`,
    '',
    `Kết quả: không được nhận. ${reason}`,
    '',
    'Cách khắc phục: lưu chính tệp biểu mẫu .xlsx (không phải lối tắt hay liên kết) vào thư mục nộp báo cáo chung rồi nộp lại.',
    '',
  ].join('\n');
}
