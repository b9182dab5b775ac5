/**
 * What the running Excel can do, decided once at start-up from the requirement sets. The manifest
 * asks for ExcelApi 1.7; everything newer is optional and degrades with a Vietnamese message.
 */
export interface Capabilities {
  /** Data validation (ExcelApi 1.8). */
  dataValidation: boolean;
  /** Page layout: orientation, paper, fit to page, print titles, margins, print area (ExcelApi 1.9). */
  pageLayout: boolean;
  /** Hiding gridlines (ExcelApi 1.8). */
  gridlines: boolean;
}

export const FULL_CAPABILITIES: Capabilities = { dataValidation: true, pageLayout: true, gridlines: true };

/** `isSetSupported` is `Office.context.requirements.isSetSupported` in the pane. */
export function detectCapabilities(isSetSupported: (name: string, version: string) => boolean): Capabilities {
  const has = (v: string) => {
    try {
      return isSetSupported('ExcelApi', v);
    } catch {
      // Very old hosts throw instead of answering: treat as "not supported".
      return false;
    }
  };
  const api18 = has('1.8');
  return { dataValidation: api18, gridlines: api18, pageLayout: has('1.9') };
}

/** The Vietnamese notes shown when a feature had to be skipped. */
export const CAPABILITY_WARNINGS = {
  dataValidation:
    'Phiên bản Excel này chưa hỗ trợ kiểm tra dữ liệu khi nhập (cần ExcelApi 1.8, ví dụ Microsoft 365 hoặc Excel 2021). Biểu mẫu vẫn được tạo; các lỗi số liệu sẽ được báo trong ngăn này.',
  pageLayout:
    'Phiên bản Excel này chưa cho phép phần bổ trợ thiết lập trang in (cần ExcelApi 1.9). Trước khi in, hãy chọn khổ A4, hướng ngang, vừa 1 trang chiều ngang trong thẻ Bố trí Trang.',
  gridlines: 'Phiên bản Excel này chưa cho phép ẩn đường lưới (cần ExcelApi 1.8); trang vẫn in bình thường.',
} as const;
