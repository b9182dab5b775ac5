/**
 * What a person reads when something outside the files goes wrong: a full disk, a damaged or busy
 * ledger, a missing catalogue. Short, Vietnamese, saying what to do; the stack goes to the log.
 */

/** An error whose message is already written for the planning office (Vietnamese, with what to do). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

const CODE_MESSAGES: Record<string, string> = {
  ENOSPC: 'Ổ đĩa đã đầy nên hệ thống không ghi được tệp. Hãy giải phóng dung lượng ổ đĩa chứa thư mục dữ liệu rồi chạy lại; các tệp đã nộp vẫn còn nguyên.',
  EDQUOT: 'Đã hết hạn mức dung lượng của tài khoản trên ổ đĩa. Hãy giải phóng dung lượng rồi chạy lại; các tệp đã nộp vẫn còn nguyên.',
  EACCES: 'Hệ thống không có quyền ghi vào thư mục dữ liệu. Hãy kiểm tra quyền của thư mục rồi chạy lại.',
  EPERM: 'Hệ thống không có quyền ghi vào thư mục dữ liệu. Hãy kiểm tra quyền của thư mục rồi chạy lại.',
  EROFS: 'Thư mục dữ liệu nằm trên ổ chỉ đọc. Hãy chọn thư mục dữ liệu ghi được (“dataDir” trong tệp cấu hình).',
  EMFILE: 'Hệ thống đang mở quá nhiều tệp cùng lúc. Hãy chạy lại sau ít phút.',
  SQLITE_CORRUPT:
    'Sổ theo dõi (tệp ledger.sqlite) bị hỏng. Hãy dừng hệ thống, đổi tên tệp đó (ví dụ ledger.hong.sqlite) rồi chạy “phuluc rebuild” để dựng lại từ kho lưu trữ; không tệp nộp nào bị mất.',
  SQLITE_NOTADB:
    'Tệp ledger.sqlite không phải sổ theo dõi của hệ thống (có thể đã bị ghi đè). Hãy đổi tên tệp đó rồi chạy “phuluc rebuild” để dựng lại từ kho lưu trữ; không tệp nộp nào bị mất.',
  SQLITE_BUSY: 'Sổ theo dõi đang bị một chương trình khác giữ (có thể một lượt chạy khác chưa xong). Hãy đợi ít phút rồi chạy lại.',
  SQLITE_LOCKED: 'Sổ theo dõi đang bị một chương trình khác giữ (có thể một lượt chạy khác chưa xong). Hãy đợi ít phút rồi chạy lại.',
  SQLITE_FULL: 'Ổ đĩa đã đầy nên hệ thống không ghi được sổ theo dõi. Hãy giải phóng dung lượng ổ đĩa rồi chạy lại; các tệp đã nộp vẫn còn nguyên.',
  SQLITE_CANTOPEN: 'Không mở được sổ theo dõi (ledger.sqlite). Hãy kiểm tra thư mục dữ liệu và quyền ghi rồi chạy lại.',
  SQLITE_READONLY: 'Sổ theo dõi chỉ đọc, hệ thống không ghi được. Hãy kiểm tra quyền của tệp ledger.sqlite rồi chạy lại.',
  SQLITE_IOERR: 'Lỗi đọc ghi ổ đĩa khi dùng sổ theo dõi. Hãy kiểm tra ổ đĩa (còn dung lượng, không bị lỗi) rồi chạy lại.',
  ECONNREFUSED: 'Không kết nối được cơ sở dữ liệu PostgreSQL. Hãy kiểm tra cơ sở dữ liệu đang chạy và địa chỉ “ledger.url” trong tệp cấu hình.',
  // PostgreSQL's own codes (SQLSTATE) and a host that does not resolve.
  ENOTFOUND: 'Không tìm thấy máy có cơ sở dữ liệu PostgreSQL ghi trong “ledger.url” của tệp cấu hình. Hãy kiểm tra tên máy trong địa chỉ đó.',
  '28P01':
    'Cơ sở dữ liệu PostgreSQL từ chối đăng nhập: sai mật khẩu. Hãy kiểm tra mật khẩu (biến PGPASSWORD hoặc tệp ~/.pgpass) của người dùng ghi trong “ledger.url”.',
  '28000':
    'Cơ sở dữ liệu PostgreSQL không cho người dùng ghi trong “ledger.url” đăng nhập từ máy này. Hãy nhờ người quản trị cơ sở dữ liệu cấp quyền (pg_hba.conf).',
  '3D000': 'Chưa có cơ sở dữ liệu ghi trong “ledger.url”. Hãy tạo cơ sở dữ liệu (createdb) rồi chạy lại; hệ thống tự tạo các bảng khi khởi động.',
  '57P03': 'Cơ sở dữ liệu PostgreSQL đang khởi động. Hãy chạy lại sau ít phút.',
};

/** The error's code, also for better-sqlite3's extended codes (SQLITE_IOERR_WRITE → SQLITE_IOERR). */
function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string') return undefined;
  if (CODE_MESSAGES[code]) return code;
  const base = /^(SQLITE_[A-Z]+?)_[A-Z_]+$/.exec(code)?.[1];
  return base && CODE_MESSAGES[base] ? base : code;
}

/** The message a person reads for `e`, or undefined when it is a bug (then: a generic message, stack in the log). */
export function describeError(e: unknown): string | undefined {
  if (e instanceof UserError) return e.message;
  const code = codeOf(e);
  if (code && CODE_MESSAGES[code]) return CODE_MESSAGES[code];
  const name = (e as Error)?.name;
  // Errors of modules that already speak to the user (Vietnamese messages saying what to do).
  if (name === 'CatalogError' || name === 'DocxReadError' || name === 'PdfError') return (e as Error).message;
  return undefined;
}

/** For anything else: say it is the system's fault, where the details are, and that nothing was lost. */
export const UNEXPECTED =
  'Hệ thống gặp lỗi ngoài dự kiến; chi tiết kỹ thuật đã được ghi vào nhật ký. Các tệp đã nộp không bị mất. Hãy chạy lại; nếu lỗi lặp lại, hãy gửi nhật ký cho bộ phận kỹ thuật.';
