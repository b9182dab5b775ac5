/**
 * Screening of a submitted file BEFORE anything parses its content: what it really is (by its
 * bytes, never its name), whether its zip container is sound and honest about its sizes (a zip
 * bomb costs at most its declared size, within the limits) and every entry's content matches its
 * CRC-32 (a file damaged or edited after it was saved is refused, never read with a changed
 * figure), whether it carries macros, and whether its data-validation ranges are sane. Memory
 * stays bounded whatever the input (see zip.ts).
 *
 * The parts screening inflated anyway can be handed to the reader (`keepParts`), so a workbook is
 * inflated once; the reader gets the others it asks for (too large to keep) through `source`.
 *
 *   zip.ts          the container: central directory, bounded inflation, CRC-32
 *   sniff.ts        what the file is: OLE (.xls, encrypted), other formats, macros
 *   validations.ts  data-validation ranges
 *   common.ts       limits, problems (Vietnamese for the department, English detail for the log)
 */
import type { PartSource } from '../read/parts.ts';
import { readWorkbookStructure, type SheetRef } from '../read/workbook.ts';
import {
  corrupt,
  DEFAULT_LIMITS,
  errorText,
  formatBytes,
  formatMiB,
  MiB,
  reject,
  rejectBomb,
  rejectCorrupt,
  Rejection,
  rejectNoWorksheets,
  SAVE_AS_XLSX,
  type ScreenLimits,
  type ScreenProblem,
} from './common.ts';
import { CFB_MAGIC, quotedRunAround, rejectMacro, screenCfb, sniffNonZip } from './sniff.ts';
import { ValidationScanner } from './validations.ts';
import { concat, readCentralDirectory, startsWith, streamEntry, utf8, wholeEntry, zipPartSource, type ZipEntry } from './zip.ts';

export { DEFAULT_LIMITS, type ScreenLimits, type ScreenProblem, type ScreenProblemCode } from './common.ts';
export { sqrefCellCount } from './validations.ts';

export type ScreenResult =
  | {
      ok: true;
      entries: number;
      uncompressedBytes: number;
      /** The worksheets, as the workbook declares them. */
      sheets: SheetRef[];
      /**
       * With ScreenOptions.keepParts: the inflated content of every entry the predicate selects,
       * by name (what screening inflated anyway, so a reader need not inflate it again); absent
       * when one of them was too large to be inflated whole (it was streamed and dropped).
       */
      parts?: Map<string, Uint8Array>;
      /**
       * With ScreenOptions.keepParts: every entry for a reader, the kept ones whole and the others
       * inflated again on demand (whole up to 8 MiB, else streamed), each checked again.
       */
      source?: PartSource;
    }
  | { ok: false; problem: ScreenProblem };

/** Metadata parts ([Content_Types].xml, workbook.xml, its rels) are read as text up to this size. */
const MAX_META_BYTES = 16 * MiB;

export interface ScreenOptions {
  /**
   * Entries whose inflated content the result should carry (`parts`), given the worksheets the
   * workbook declares. Only entries inflated whole (≤ 8 MiB each, already bounded by the limits)
   * are kept; the caller holds them as long as it holds the result.
   */
  keepParts?: (name: string, sheets: readonly SheetRef[]) => boolean;
}

export function screenWorkbook(bytes: Uint8Array, limits?: Partial<ScreenLimits>, options?: ScreenOptions): ScreenResult {
  const lim: Required<ScreenLimits> = { ...(DEFAULT_LIMITS as Required<ScreenLimits>), ...stripUndefined(limits ?? {}) };
  try {
    return screen(bytes, lim, options?.keepParts);
  } catch (e) {
    if (e instanceof Rejection) return { ok: false, problem: e.problem };
    // Anything unexpected while walking hostile bytes means the container is broken.
    return { ok: false, problem: corrupt(`unexpected error while screening: ${errorText(e)}`) };
  }
}

type Keep = ScreenOptions['keepParts'];

function screen(bytes: Uint8Array, lim: Required<ScreenLimits>, keep: Keep): ScreenResult {
  if (bytes.length === 0) {
    reject('empty', 'Tệp rỗng (0 byte), có thể đã bị lỗi khi tải lên hoặc khi lưu. Hãy kiểm tra lại tệp trên máy rồi nộp lại.', 'file has 0 bytes');
  }
  if (bytes.length > lim.maxFileBytes) {
    reject(
      'too_large',
      `Tệp quá lớn (${formatBytes(bytes.length)}, giới hạn ${formatBytes(lim.maxFileBytes)}). Biểu mẫu báo cáo thường chỉ vài trăm KB; hãy xóa các trang tính, hình ảnh hoặc dữ liệu thừa, hoặc nhập số liệu vào biểu mẫu gốc, rồi nộp lại.`,
      `file is ${bytes.length} bytes, limit ${lim.maxFileBytes}`,
    );
  }
  if (startsWith(bytes, CFB_MAGIC)) screenCfb(bytes);
  if (startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    reject('not_xlsx', `Tệp là một tệp nén ZIP rỗng, không chứa sổ làm việc Excel nào. ${SAVE_AS_XLSX}`, 'empty zip archive (end of central directory only)');
  }
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const kind = sniffNonZip(bytes);
    const fix = kind.excelOpens ? SAVE_AS_XLSX : 'Hãy nộp đúng tệp Excel (.xlsx) theo biểu mẫu đã gửi.';
    reject('not_zip', `Tệp không phải sổ làm việc Excel (.xlsx) mà là ${kind.vi}. ${fix}`, `no zip or OLE signature; looks like ${kind.en}`);
  }
  return screenZip(bytes, lim, keep);
}

/** Entries already inflated in full and checked (small metadata parts), with their content. */
type Verified = Map<ZipEntry, Uint8Array>;

/** What a part is, for the department, when it is damaged (see rejectDamaged). */
function partVi(name: string, sheetOf?: ReadonlyMap<string, SheetRef>): string | undefined {
  const sheet = sheetOf?.get(name);
  if (sheet) return sheet.state === 'veryHidden' ? 'trang thông tin ẩn của biểu mẫu' : `trang tính “${sheet.name}”`;
  if (name === 'xl/sharedStrings.xml') return 'phần lưu các đoạn chữ của sổ làm việc';
  if (name === 'xl/styles.xml') return 'phần định dạng ô của sổ làm việc';
  if (name === 'xl/workbook.xml' || name === 'xl/_rels/workbook.xml.rels') return 'phần mô tả các trang tính của sổ làm việc';
  if (name === '[Content_Types].xml') return 'phần mô tả các thành phần của tệp';
  return undefined;
}

function screenZip(bytes: Uint8Array, lim: Required<ScreenLimits>, keep: Keep): ScreenResult {
  const entries = readCentralDirectory(bytes, lim);
  const verified: Verified = new Map();
  const byName = new Map<string, ZipEntry>();
  for (const e of entries) {
    if (byName.has(e.name)) rejectCorrupt(`duplicate entry name ${JSON.stringify(e.name)}`);
    byName.set(e.name, e);
  }
  checkDeclaredSizes(entries, lim);
  const text = (e: ZipEntry) => readMetaText(bytes, e, lim, verified);

  // Other zip-based formats, told apart by their characteristic parts.
  if (byName.has('xl/workbook.bin')) {
    reject('not_xlsx', `Tệp là sổ làm việc nhị phân Excel (.xlsb), không phải sổ làm việc Excel (.xlsx). ${SAVE_AS_XLSX}`, 'xl/workbook.bin present (.xlsb)');
  }
  const mimetype = byName.get('mimetype');
  if (mimetype) {
    const mt = text(mimetype).trim();
    if (mt.startsWith('application/vnd.oasis.opendocument')) {
      const what = mt.endsWith('.spreadsheet')
        ? 'bảng tính OpenDocument (.ods, từ LibreOffice/OpenOffice/WPS)'
        : 'tài liệu OpenDocument (LibreOffice/OpenOffice)';
      reject('not_xlsx', `Tệp là ${what} dù có đuôi Excel. ${SAVE_AS_XLSX}`, `OpenDocument package: ${mt}`);
    }
  }
  if (byName.has('word/document.xml')) {
    reject(
      'not_xlsx',
      'Tệp là tài liệu Word (.docx), không phải sổ làm việc Excel (.xlsx). Hãy nộp đúng tệp Excel theo biểu mẫu đã gửi.',
      'word/document.xml present (.docx)',
    );
  }
  if (byName.has('ppt/presentation.xml')) {
    reject(
      'not_xlsx',
      'Tệp là bản trình chiếu PowerPoint (.pptx), không phải sổ làm việc Excel (.xlsx). Hãy nộp đúng tệp Excel theo biểu mẫu đã gửi.',
      'ppt/presentation.xml present (.pptx)',
    );
  }
  for (const required of ['[Content_Types].xml', 'xl/workbook.xml']) {
    if (!byName.has(required)) {
      reject(
        'not_xlsx',
        `Tệp là một tệp nén ZIP nhưng không phải sổ làm việc Excel (.xlsx) hợp lệ (thiếu thành phần bắt buộc). ${SAVE_AS_XLSX}`,
        `missing ${required}`,
      );
    }
  }

  // Macros: VBA project part, or macro-enabled / macro-sheet content types.
  if (byName.has('xl/vbaProject.bin')) rejectMacro('xl/vbaProject.bin present');
  const macroType = quotedRunAround(text(byName.get('[Content_Types].xml')!), /macroEnabled|vbaProject|macrosheet/i);
  if (macroType !== undefined) rejectMacro(`content type ${macroType}`);

  const sheets = worksheets(byName, text);

  // Inflate everything for real, checking the output size and CRC-32; scan worksheet XML for validations.
  const scanned = new Set(sheets.map((s) => s.part));
  for (const e of entries) if (e.name.startsWith('xl/worksheets/') && e.name.endsWith('.xml')) scanned.add(e.name);
  const sheetOf = new Map(sheets.map((s) => [s.part, s]));
  const validation = { cells: 0, max: lim.maxValidationCells };
  let actualTotal = 0;
  let parts = keep && new Map<string, Uint8Array>();
  const kept = keep && new Map<string, Uint8Array>();
  for (const e of entries) {
    if (e.name.endsWith('/') && e.usize === 0) continue;
    const scanner = scanned.has(e.name) ? new ValidationScanner(e.name, sheetOf.get(e.name)?.name, validation) : undefined;
    const wanted = keep !== undefined && keep(e.name, sheets);
    const done = verified.get(e);
    if (done && !scanner) {
      actualTotal += e.usize;
      if (wanted) {
        parts?.set(e.name, done);
        kept!.set(e.name, done);
      }
      continue;
    }
    const whole = wholeEntry(bytes, e, partVi(e.name, sheetOf));
    if (whole) {
      scanner?.scanWhole(whole);
      actualTotal += whole.length;
      if (wanted) {
        parts?.set(e.name, whole);
        kept!.set(e.name, whole);
      }
    } else {
      actualTotal += streamEntry(bytes, e, lim, actualTotal, scanner && ((chunk) => scanner.push(chunk)), partVi(e.name, sheetOf));
      if (wanted) parts = undefined; // too large to keep: the reader streams it (`source`)
    }
  }

  const result: ScreenResult = { ok: true, entries: entries.length, uncompressedBytes: actualTotal, sheets };
  if (parts) result.parts = parts;
  if (kept) result.source = zipPartSource(bytes, entries, kept, (name) => partVi(name, sheetOf));
  return result;
}

/** Declared sizes, checked before anything is inflated. */
function checkDeclaredSizes(entries: ZipEntry[], lim: Required<ScreenLimits>): void {
  let declaredTotal = 0;
  for (const e of entries) {
    if (e.flags & 1) rejectCorrupt(`entry ${e.name} is encrypted (zip password)`);
    if (e.method !== 0 && e.method !== 8) rejectCorrupt(`entry ${e.name} uses compression method ${e.method} (only stored/deflate are readable)`);
    if (e.method === 0 && e.csize !== e.usize) rejectCorrupt(`stored entry ${e.name} has csize ${e.csize} != usize ${e.usize}`);
    if (e.usize > lim.maxEntryBytes) {
      rejectBomb(`một phần bên trong giải nén ra ${formatMiB(e.usize)}`, `entry ${e.name} declares ${e.usize} bytes uncompressed, limit ${lim.maxEntryBytes}`);
    }
    declaredTotal += e.usize;
    if (declaredTotal > lim.maxTotalBytes) {
      rejectBomb(
        `tổng dung lượng giải nén trên ${formatMiB(lim.maxTotalBytes)}`,
        `declared uncompressed total exceeds ${lim.maxTotalBytes} bytes at entry ${e.name}`,
      );
    }
    if (e.usize >= lim.compressionRatioMinBytes && e.usize > e.csize * lim.maxCompressionRatio) {
      const ratio = e.csize > 0 ? Math.round(e.usize / e.csize) : Infinity;
      rejectBomb(
        `một phần bên trong nén với tỷ lệ ${ratio}:1`,
        `entry ${e.name} declares ${e.usize} bytes from ${e.csize} compressed (ratio ${ratio}:1 > ${lim.maxCompressionRatio}:1)`,
      );
    }
  }
}

/** Whole small part as text (bounded). Used for [Content_Types].xml, workbook.xml, rels. */
function readMetaText(bytes: Uint8Array, e: ZipEntry, lim: Required<ScreenLimits>, verified: Verified): string {
  if (e.usize > MAX_META_BYTES) {
    rejectBomb(`phần ${e.name} giải nén ra ${formatMiB(e.usize)}`, `metadata part ${e.name} declares ${e.usize} bytes, limit ${MAX_META_BYTES}`);
  }
  let content = verified.get(e) ?? wholeEntry(bytes, e, partVi(e.name));
  if (!content) {
    const chunks: Uint8Array[] = [];
    streamEntry(bytes, e, lim, 0, (c) => chunks.push(c), partVi(e.name));
    content = concat(chunks);
  }
  verified.set(e, content);
  return utf8(content);
}

/** The worksheets the workbook declares, each present in the file; macro sheets are refused. */
function worksheets(byName: Map<string, ZipEntry>, text: (e: ZipEntry) => string): SheetRef[] {
  const relsEntry = byName.get('xl/_rels/workbook.xml.rels');
  if (!relsEntry) rejectNoWorksheets('thiếu phần liên kết các trang tính', 'missing xl/_rels/workbook.xml.rels');
  let structure;
  try {
    structure = readWorkbookStructure(text(byName.get('xl/workbook.xml')!), text(relsEntry));
  } catch (e) {
    if (e instanceof Rejection) throw e;
    rejectCorrupt(`xl/workbook.xml or its rels is not well-formed XML: ${errorText(e)}`);
  }
  if (structure.root !== 'workbook') {
    rejectNoWorksheets('phần mô tả sổ làm việc không theo định dạng Excel', `xl/workbook.xml root element is ${JSON.stringify(structure.root)}`);
  }
  if (structure.sheets.length === 0) rejectNoWorksheets('sổ làm việc không khai báo trang tính nào', 'xl/workbook.xml declares no <sheet>');
  const sheets: SheetRef[] = [];
  for (const s of structure.sheets) {
    if (s.kind === 'macrosheet') rejectMacro(`sheet ${JSON.stringify(s.name)} is an Excel 4.0 macro sheet`);
    if (s.kind !== 'worksheet') continue; // charts, dialogs: no cells to read
    if (!s.part || !byName.has(s.part)) {
      rejectNoWorksheets(
        `trang tính “${s.name}” không có dữ liệu trong tệp`,
        `sheet ${JSON.stringify(s.name)}: part ${JSON.stringify(s.part)} missing from the zip`,
      );
    }
    sheets.push(s);
  }
  if (sheets.length === 0) rejectNoWorksheets('sổ làm việc chỉ có trang biểu đồ, không có trang tính dữ liệu', 'no worksheet among the declared sheets');
  return sheets;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
