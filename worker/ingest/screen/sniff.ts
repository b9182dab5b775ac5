/**
 * What a file really is, told by its bytes and never by its name: OLE containers (legacy .xls,
 * password-encrypted workbooks, .doc), other formats renamed .xlsx (PDF, images, HTML, CSV …),
 * other zip-based documents (.xlsb, .ods, .docx, .pptx) and macro-enabled workbooks.
 */
import { reject } from './common.ts';
import { latin1, startsWith } from './zip.ts';

export const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export function screenCfb(bytes: Uint8Array): never {
  if (hasCfbDirEntry(bytes, 'EncryptedPackage') || hasCfbDirEntry(bytes, 'EncryptionInfo')) {
    reject(
      'cfb_encrypted',
      'Tệp được đặt mật khẩu mở (mã hóa), hệ thống không đọc được. Hãy bỏ mật khẩu mở tệp (Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu, xóa mật khẩu) rồi nộp lại.',
      'OLE compound file with EncryptionInfo/EncryptedPackage streams (password-encrypted OOXML)',
    );
  }
  if (hasCfbDirEntry(bytes, 'Workbook') || hasCfbDirEntry(bytes, 'Book')) {
    reject(
      'cfb_xls',
      "Tệp là bảng tính Excel 97-2003 (.xls) dù có đuôi .xlsx. Hãy mở bằng Excel và lưu lại dưới dạng 'Sổ làm việc Excel (.xlsx)' theo biểu mẫu đã gửi.",
      'OLE compound file with a Workbook/Book stream (legacy BIFF .xls)',
    );
  }
  let kind = 'một tệp Microsoft Office đời cũ (định dạng OLE) không phải bảng tính';
  let en = 'OLE compound file without Workbook/EncryptedPackage streams';
  if (hasCfbDirEntry(bytes, 'WordDocument')) {
    kind = 'tài liệu Word 97-2003 (.doc)';
    en = 'OLE compound file with a WordDocument stream (.doc)';
  } else if (hasCfbDirEntry(bytes, 'PowerPoint Document')) {
    kind = 'bản trình chiếu PowerPoint 97-2003 (.ppt)';
    en = 'OLE compound file with a PowerPoint Document stream (.ppt)';
  }
  reject('cfb_unknown', `Tệp là ${kind}, không phải sổ làm việc Excel (.xlsx). Hãy nộp đúng tệp Excel theo biểu mẫu đã gửi.`, en);
}

/**
 * True when a CFB directory entry with this name exists. Directory entries are 128 bytes,
 * sector-aligned (sectors are 512 or 4096 bytes, so entries sit at multiples of 128), and
 * start with the UTF-16LE name followed by NUL; the name length in bytes, NUL included,
 * is stored at offset 64. Checking alignment and that length avoids matching the same
 * text inside cell data.
 */
function hasCfbDirEntry(bytes: Uint8Array, name: string): boolean {
  const n = name.length;
  const nameBytes = (n + 1) * 2;
  const c0 = name.charCodeAt(0);
  for (let pos = 512; pos + 128 <= bytes.length; pos += 128) {
    if (bytes[pos] !== c0 || bytes[pos + 1] !== 0) continue;
    if ((bytes[pos + 64] | (bytes[pos + 65] << 8)) !== nameBytes) continue;
    let same = true;
    for (let i = 1; i < n && same; i++) {
      same = bytes[pos + 2 * i] === name.charCodeAt(i) && bytes[pos + 2 * i + 1] === 0;
    }
    if (same && bytes[pos + 2 * n] === 0 && bytes[pos + 2 * n + 1] === 0) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------
// Neither zip nor OLE: say what it looks like

/** What a non-zip, non-OLE file looks like; `excelOpens` when Excel can open it and save it as .xlsx. */
export function sniffNonZip(bytes: Uint8Array): { vi: string; en: string; excelOpens?: boolean } {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return { vi: 'tài liệu PDF', en: 'PDF' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47]) || startsWith(bytes, [0xff, 0xd8, 0xff]) || startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) {
    return { vi: 'một tệp hình ảnh', en: 'image (PNG/JPEG/GIF)' };
  }
  if (startsWith(bytes, [0x52, 0x61, 0x72, 0x21]) || startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf]) || startsWith(bytes, [0x1f, 0x8b])) {
    return { vi: 'một tệp nén khác (RAR/7z/gzip)', en: 'RAR/7z/gzip archive' };
  }
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return { vi: 'tài liệu RTF', en: 'RTF' };
  const head = latin1(bytes.subarray(0, 4096))
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (head.includes('urn:schemas-microsoft-com:office:spreadsheet')) {
    return { vi: "bảng tính XML 2003 ('XML Spreadsheet 2003')", en: 'SpreadsheetML 2003 XML', excelOpens: true };
  }
  if (/^<(!doctype html|html|table|head|body|meta)\b/.test(head) || head.includes('<html')) {
    return { vi: 'một trang web HTML (thường do phần mềm khác xuất ra rồi đặt đuôi Excel)', en: 'HTML', excelOpens: true };
  }
  let printable = 0;
  const sample = bytes.subarray(0, 4096);
  for (const b of sample) if (b === 9 || b === 10 || b === 13 || b >= 32) printable++;
  if (printable === sample.length) return { vi: 'một tệp văn bản (có thể là CSV)', en: 'text/CSV', excelOpens: true };
  return { vi: 'một định dạng không xác định', en: 'unknown binary' };
}

export function quotedRunAround(text: string, keyword: RegExp): string | undefined {
  const m = keyword.exec(text);
  if (!m) return undefined;
  const start = Math.max(text.lastIndexOf('"', m.index), text.lastIndexOf("'", m.index)) + 1;
  const after = m.index + m[0].length;
  const ends = [text.indexOf('"', after), text.indexOf("'", after)].filter((i) => i >= 0);
  return text.slice(start, ends.length ? Math.min(...ends) : text.length);
}

export function rejectMacro(detail: string): never {
  reject(
    'macro_enabled',
    "Tệp chứa macro (.xlsm hoặc có mã VBA), hệ thống không nhận tệp có macro vì lý do an toàn. Hãy mở bằng Microsoft Excel, chọn Tệp > Lưu như, lưu dưới dạng 'Sổ làm việc Excel (.xlsx)' (macro sẽ bị loại bỏ) rồi nộp lại.",
    detail,
  );
}
