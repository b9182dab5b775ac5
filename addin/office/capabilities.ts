/**
 * What the running Excel can do, decided once at start-up from the requirement sets. The manifest
 * asks only for ExcelApi 1.1 (reading ranges is all the checklist needs); everything newer is
 * checked here and degrades with a Vietnamese message. See docs/addin-install.md for which Office
 * has which set.
 */
export interface Capabilities {
  /** getItemOrNullObject / getUsedRangeOrNullObject (ExcelApi 1.4): the smaller read of the sheet. */
  nullObjects: boolean;
  /** worksheet.onChanged (ExcelApi 1.7): the checklist follows the sheet; else a "Kiểm tra" button. */
  changeEvents: boolean;
  /**
   * Drawing a template in the open workbook: conditional formats (1.6), workbook protection and
   * frozen panes (1.7). Without it the pane says so and points to the template file.
   */
  drawTemplate: boolean;
  /** Data validation (ExcelApi 1.8). */
  dataValidation: boolean;
  /** Page layout: orientation, paper, fit to page, print titles, margins, print area (ExcelApi 1.9). */
  pageLayout: boolean;
  /** Hiding gridlines (ExcelApi 1.8). */
  gridlines: boolean;
  /** Fitting row heights to their text, `range.format.autofitRows()` (ExcelApi 1.2); else the rows keep a height estimated from the text. */
  autofit: boolean;
}

export const FULL_CAPABILITIES: Capabilities = {
  nullObjects: true,
  changeEvents: true,
  drawTemplate: true,
  dataValidation: true,
  pageLayout: true,
  gridlines: true,
  autofit: true,
};

/** The capabilities of a host that supports ExcelApi up to `version` ("1.1" … "1.9"). */
export function capabilitiesFor(version: string): Capabilities {
  return detectCapabilities((_name, v) => compareVersions(v, version) <= 0);
}

/** Compares dotted version strings numerically: -1, 0 or 1. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** `isSetSupported` is `Office.context.requirements.isSetSupported` in the pane. */
export function detectCapabilities(isSetSupported: (name: string, version: string) => boolean): Capabilities {
  const has = (v: string) => {
    try {
      return isSetSupported('ExcelApi', v) === true;
    } catch {
      // Very old hosts throw instead of answering: treat as "not supported".
      return false;
    }
  };
  const api17 = has('1.7');
  const api18 = has('1.8');
  return {
    nullObjects: has('1.4'),
    changeEvents: api17,
    drawTemplate: api17,
    dataValidation: api18,
    gridlines: api18,
    pageLayout: has('1.9'),
    autofit: has('1.2'),
  };
}

/** The Vietnamese notes shown when a feature had to be skipped or is missing. */
export const CAPABILITY_WARNINGS = {
  dataValidation:
    'Phiên bản Excel này chưa cho phần bổ trợ đặt kiểm tra dữ liệu khi nhập (cần Excel 2019 trở lên hoặc Microsoft 365). Biểu mẫu vẫn được tạo; các lỗi số liệu sẽ được báo trong ngăn này.',
  pageLayout:
    'Phiên bản Excel này chưa cho phần bổ trợ thiết lập trang in (cần Excel 2021 trở lên hoặc Microsoft 365). Trước khi in, hãy chọn khổ A4, hướng ngang, vừa 1 trang chiều ngang trong thẻ Bố trí Trang.',
  gridlines: 'Phiên bản Excel này chưa cho phần bổ trợ ẩn đường lưới; trang vẫn in bình thường.',
  changeEvents: 'Phiên bản Excel này không báo cho phần bổ trợ khi trang tính thay đổi: sau khi nhập, hãy bấm “Kiểm tra” để cập nhật danh sách.',
  drawTemplate:
    'Phiên bản Excel này không cho phần bổ trợ vẽ biểu mẫu (cần Excel 2019 trở lên hoặc Microsoft 365). Hãy mở tệp biểu mẫu của đơn vị do Phòng Tài chính - Kế hoạch gửi; biểu mẫu tự kiểm tra khi nhập và ngăn này vẫn kiểm tra được.',
} as const;
