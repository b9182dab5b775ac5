/**
 * What screening checks against (limits), what it answers (problems, in Vietnamese for the
 * department, with an English detail for the log) and how a check rejects a file.
 */

export interface ScreenLimits {
  /** Size of the submitted file itself. */
  maxFileBytes: number;
  /** Uncompressed size of any single zip entry (declared and actual). */
  maxEntryBytes: number;
  /** Uncompressed size of all entries together (declared and actual). */
  maxTotalBytes: number;
  /** Number of entries in the zip central directory. */
  maxEntries: number;
  /** Cells covered by all `<dataValidation sqref>` ranges of all worksheets together. */
  maxValidationCells: number;
  /** Entries of at least `compressionRatioMinBytes` compressed more than this ratio are a bomb. */
  maxCompressionRatio?: number;
  /** Minimum declared uncompressed size for the ratio check to apply. */
  compressionRatioMinBytes?: number;
}

export const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: ScreenLimits = {
  maxFileBytes: 20 * MiB,
  maxEntryBytes: 50 * MiB,
  maxTotalBytes: 200 * MiB,
  maxEntries: 2000,
  maxValidationCells: 200_000,
  maxCompressionRatio: 200,
  compressionRatioMinBytes: 1 * MiB,
};

export type ScreenProblemCode =
  | 'empty'
  | 'too_large'
  | 'not_zip'
  | 'cfb_encrypted'
  | 'cfb_xls'
  | 'cfb_unknown'
  | 'corrupt_zip'
  | 'zip_bomb'
  | 'macro_enabled'
  | 'not_xlsx'
  | 'no_worksheets'
  | 'absurd_validation';

export interface ScreenProblem {
  code: ScreenProblemCode;
  /** Vietnamese, for the submitting department: what the file really is and what to do. */
  message: string;
  /** Technical detail (English) for logs. */
  detail?: string;
}

export const SAVE_AS_XLSX = "Hãy mở bằng Microsoft Excel và lưu lại dưới dạng 'Sổ làm việc Excel (.xlsx)' theo biểu mẫu đã gửi, rồi nộp lại.";

export class Rejection extends Error {
  readonly problem: ScreenProblem;
  constructor(problem: ScreenProblem) {
    super(`${problem.code}: ${problem.detail ?? problem.message}`);
    this.problem = problem;
  }
}

export function reject(code: ScreenProblemCode, message: string, detail?: string): never {
  throw new Rejection({ code, message, detail });
}

export function corrupt(detail: string): ScreenProblem {
  return {
    code: 'corrupt_zip',
    message:
      "Tệp bị hỏng hoặc không phải sổ làm việc Excel hợp lệ (cấu trúc nén bị lỗi, có thể do tải lên bị gián đoạn hoặc tệp bị cắt cụt). Hãy mở tệp bằng Microsoft Excel để kiểm tra, lưu lại dưới dạng 'Sổ làm việc Excel (.xlsx)' rồi nộp lại.",
    detail,
  };
}

export function rejectCorrupt(detail: string): never {
  throw new Rejection(corrupt(detail));
}

/** What to do about a damaged file, in every message that says it is damaged. */
export const SAVE_AGAIN_FROM_EXCEL = "Hãy mở tệp gốc bằng Microsoft Excel, kiểm tra lại số liệu, lưu lại dưới dạng 'Sổ làm việc Excel (.xlsx)' rồi nộp lại.";

/**
 * A part whose content is damaged: its CRC-32 differs from the one the zip records ('crc'), or
 * its deflate data cannot be inflated ('inflate'). `whatVi` names the part for the department
 * (“trang tính “Phụ lục 1””); by default “một phần bên trong tệp”.
 */
export function rejectDamaged(how: 'crc' | 'inflate', whatVi: string | undefined, detail: string): never {
  const what = whatVi ?? 'một phần bên trong tệp';
  reject(
    'corrupt_zip',
    how === 'crc'
      ? `Tệp bị hỏng: nội dung của ${what} không khớp với mã kiểm tra lưu kèm trong tệp, tức là tệp đã bị thay đổi hoặc hư hại sau khi lưu (khi sao chép, tải lên, hoặc do một phần mềm khác sửa). Hệ thống không dùng số liệu nào trong tệp này. ${SAVE_AGAIN_FROM_EXCEL}`
      : `Tệp bị hỏng: nội dung của ${what} bị hư hại, không giải nén được (có thể do tải lên bị gián đoạn hoặc tệp bị một phần mềm khác sửa). Hệ thống không dùng số liệu nào trong tệp này. ${SAVE_AGAIN_FROM_EXCEL}`,
    detail,
  );
}

export function rejectBomb(whatVi: string, detail: string): never {
  reject(
    'zip_bomb',
    `Tệp có dung lượng giải nén bất thường (${whatVi}) nên bị từ chối để bảo vệ hệ thống. Tệp Excel bình thường không như vậy; hãy nhập số liệu vào biểu mẫu gốc đã gửi, lưu bằng Microsoft Excel rồi nộp lại.`,
    detail,
  );
}

export function rejectNoWorksheets(whyVi: string, detail: string): never {
  reject(
    'no_worksheets',
    `Hệ thống không đọc được đầy đủ các trang tính trong tệp: ${whyVi}. Tệp có thể đã được lưu bằng một phần mềm không được hỗ trợ (không phải Microsoft Excel). Hãy mở bằng Microsoft Excel và lưu lại dưới dạng 'Sổ làm việc Excel (.xlsx)', hoặc nhập số liệu vào biểu mẫu gốc, rồi nộp lại.`,
    detail,
  );
}

export function formatMiB(n: number): string {
  if (n >= 1024 * MiB) return `${(n / (1024 * MiB)).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} GB`;
  return `${(n / MiB).toLocaleString('vi-VN', { maximumFractionDigits: 1 })} MB`;
}

export function formatBytes(n: number): string {
  if (n >= MiB) return formatMiB(n);
  if (n >= 10 * 1024) return `${Math.round(n / 1024).toLocaleString('vi-VN')} KB`;
  return `${n.toLocaleString('vi-VN')} byte`;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
