/** Errors the adapters raise on purpose, and the Vietnamese wording of whatever Office.js throws. */

/** A refusal the user can act on (the workbook is not blank, the structure is protected …). */
export class SheetRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SheetRefusal';
  }
}

const OFFICE_CODES: Record<string, string> = {
  AccessDenied: 'Excel từ chối thao tác (trang hoặc sổ làm việc đang được bảo vệ, hoặc đang ở chế độ chỉ đọc).',
  ActivityLimitReached: 'Excel báo đã vượt giới hạn thao tác. Hãy thử lại sau ít phút.',
  EditModeCannotAcquire: 'Excel đang ở chế độ sửa ô. Hãy nhấn Enter hoặc Esc để thoát khỏi ô đang sửa rồi thử lại.',
  GeneralException: 'Excel gặp lỗi khi thực hiện thao tác.',
  InsertDeleteConflict: 'Thao tác xung đột với việc chèn hoặc xóa dòng, cột.',
  InvalidArgument: 'Excel không chấp nhận một giá trị được gửi tới.',
  InvalidOperation: 'Excel không cho phép thao tác này trong tình trạng hiện tại.',
  InvalidOperationInCellEditMode: 'Excel đang ở chế độ sửa ô. Hãy nhấn Enter hoặc Esc rồi thử lại.',
  ItemAlreadyExists: 'Đã có một trang tính cùng tên.',
  ItemNotFound: 'Không tìm thấy trang tính hoặc ô cần dùng (có thể đã bị đổi tên hoặc xóa).',
  NotImplemented: 'Phiên bản Excel này chưa hỗ trợ thao tác này.',
  RequestAborted: 'Yêu cầu tới Excel bị hủy giữa chừng.',
  RequestPayloadSizeLimitExceeded: 'Yêu cầu gửi tới Excel quá lớn (Excel trên web giới hạn 5 MB).',
  ServiceNotAvailable: 'Dịch vụ Excel tạm thời không sẵn sàng. Hãy thử lại sau.',
  Unauthenticated: 'Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại rồi thử lại.',
};

/**
 * One Vietnamese sentence for any error, with the technical detail kept for support:
 * "Không đọc được trang tính: Excel từ chối thao tác … (Chi tiết kỹ thuật: AccessDenied – …)".
 */
export function describeError(action: string, error: unknown): string {
  if (error instanceof SheetRefusal) return error.message;
  const e = error as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const detail = typeof e?.message === 'string' ? e.message : String(error);
  const known = code ? OFFICE_CODES[code] : undefined;
  const tech = [code, detail].filter(Boolean).join(' – ');
  return `${action}: ${known ?? 'đã xảy ra lỗi không mong muốn.'} (Chi tiết kỹ thuật: ${tech})`;
}
