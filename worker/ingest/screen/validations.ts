/**
 * Data-validation ranges of worksheet XML: a template's validations cover a handful of input
 * cells; a rule over whole columns or rows (a million cells each) is a damaged or tampered file,
 * and would cost any full spreadsheet library a million objects to load.
 */
import { colIndex } from '../../../shared/a1.ts';
import { reject } from './common.ts';
import { latin1 } from './zip.ts';

/** Excel's grid: whole-column / whole-row references cover this many cells. */
const EXCEL_ROWS = 1_048_576;
const EXCEL_COLS = 16_384;
/** Longest tag we carry over between inflated chunks while scanning worksheet XML. */
const MAX_CARRIED_TAG = 1024 * 1024;

const DV_OPEN = Buffer.from('<dataValidation', 'latin1');
const SQREF_ATTR = /\ssqref\s*=\s*(?:"([^"]*)"|'([^']*)')/;

/**
 * Adds up the cells covered by each `<dataValidation sqref="...">` of worksheet XML — exceljs's
 * load() creates one model entry per covered cell. Only unprefixed elements count (exceljs
 * ignores the x14:dataValidation extension list). All the markup we look for is ASCII, so the
 * XML is handled as bytes / latin1 text. `scanWhole` takes a whole part; `push` takes it in
 * streamed chunks, keeping at most one unfinished tag between chunks.
 */
export class ValidationScanner {
  private carry = '';
  private readonly part: string;
  private readonly sheetName: string | undefined;
  private readonly total: { cells: number; max: number };

  constructor(part: string, sheetName: string | undefined, total: { cells: number; max: number }) {
    this.part = part;
    this.sheetName = sheetName;
    this.total = total;
  }

  /**
   * A whole worksheet part: `Buffer.indexOf` finds each `<dataValidation`, and only its tag is
   * decoded. A tag ends at the first `>` outside quoted attribute values (a `>` may appear raw
   * inside them), like the tag pattern of `push`.
   */
  scanWhole(xml: Uint8Array): void {
    const buf = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
    let from = 0;
    for (;;) {
      const at = buf.indexOf(DV_OPEN, from);
      if (at < 0) return;
      let p = at + DV_OPEN.length;
      const c = buf[p];
      // The name must end here (not <dataValidations): /(?=[\s/>])/ on latin1 text.
      if (!(c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x2f || c === 0x3e)) {
        from = p;
        continue;
      }
      let quote = 0;
      for (; p < buf.length; p++) {
        const b = buf[p];
        if (quote) {
          if (b === quote) quote = 0;
        } else if (b === 0x22 || b === 0x27) {
          quote = b;
        } else if (b === 0x3e) {
          break;
        }
      }
      // An attribute value left open to the end of the part: nothing after it is well-formed
      // XML (it holds the '<' of every later tag), so exceljs's parser fails before reaching it.
      if (p >= buf.length) return;
      const sqref = SQREF_ATTR.exec(buf.toString('latin1', at, p + 1));
      if (sqref) this.add(sqref[1] ?? sqref[2] ?? '');
      from = p + 1;
    }
  }

  push(chunk: Uint8Array): void {
    const text = this.carry + latin1(chunk);
    this.carry = '';
    const tagRe = /<dataValidation(?=[\s/>])(?:[^>"']|"[^"]*"|'[^']*')*>/g;
    for (const m of text.matchAll(tagRe)) {
      const sqref = SQREF_ATTR.exec(m[0]);
      if (sqref) this.add(sqref[1] ?? sqref[2] ?? '');
    }
    const lt = text.lastIndexOf('<');
    if (lt >= 0 && !/^<(?:[^>"']|"[^"]*"|'[^']*')*>/.test(text.slice(lt))) {
      const pending = text.slice(lt);
      if (pending.length <= MAX_CARRIED_TAG) this.carry = pending;
      else if (pending.startsWith('<dataValidation')) this.reject(pending.slice(0, 80) + '…', Infinity);
      // any other over-long unfinished tag is irrelevant to us and dropped
    }
  }

  private add(sqref: string): void {
    for (const ref of sqref.trim().split(/\s+/)) {
      if (!ref) continue;
      const cells = sqrefCellCount(ref);
      this.total.cells += cells;
      if (this.total.cells > this.total.max) this.reject(ref, cells);
    }
  }

  private reject(ref: string, cells: number): never {
    const where = this.sheetName !== undefined ? `Trang tính "${this.sheetName}"` : `Phần ${this.part}`;
    const count = Number.isFinite(cells) ? `khoảng ${cells.toLocaleString('vi-VN')} ô` : 'không đếm được';
    reject(
      'absurd_validation',
      `${where} có vùng kiểm tra dữ liệu (Data Validation) quá lớn (${ref}, ${count}), hệ thống không xử lý được. Có thể quy tắc kiểm tra dữ liệu đã bị áp cho cả cột hoặc cả hàng. Hãy dùng biểu mẫu gốc đã gửi (hoặc chỉ áp kiểm tra dữ liệu cho đúng vùng nhập liệu) rồi nộp lại.`,
      `${this.part}${this.sheetName !== undefined ? ` (sheet ${JSON.stringify(this.sheetName)})` : ''}: dataValidation sqref ${ref} covers ${cells} cells; total over ${this.total.max}`,
    );
  }
}

/**
 * Cells covered by one or more space-separated references: `A1`, `B2:B1048576`,
 * whole columns `C:C` / `C:E`, whole rows `3:3`. References are not clamped to the grid —
 * exceljs would iterate them literally. Unrecognised tokens count as one cell.
 */
export function sqrefCellCount(sqref: string): number {
  let total = 0;
  for (const raw of sqref.trim().split(/\s+/)) {
    if (!raw) continue;
    const ref = raw.replace(/\$/g, '').toUpperCase();
    let m: RegExpExecArray | null;
    if ((m = /^([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?$/.exec(ref))) {
      const c1 = colIndex(m[1]);
      const r1 = Number(m[2]);
      const c2 = m[3] ? colIndex(m[3]) : c1;
      const r2 = m[4] ? Number(m[4]) : r1;
      total += (Math.abs(c2 - c1) + 1) * (Math.abs(r2 - r1) + 1);
    } else if ((m = /^([A-Z]+):([A-Z]+)$/.exec(ref))) {
      total += (Math.abs(colIndex(m[2]) - colIndex(m[1])) + 1) * EXCEL_ROWS;
    } else if ((m = /^(\d+):(\d+)$/.exec(ref))) {
      total += (Math.abs(Number(m[2]) - Number(m[1])) + 1) * EXCEL_COLS;
    } else {
      total += 1;
    }
  }
  return total;
}
