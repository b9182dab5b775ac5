/**
 * What the console's page “Danh mục chỉ tiêu” keeps and reads beside the stored catalogues
 * (worker/http/console-catalog.ts):
 *  - the year's draft, one per year, in the ledger's own values (`catalog-draft:<year>`), with who
 *    saved it when and a revision number, so that two officers saving the same draft cannot
 *    overwrite each other's work unseen (the second is told to reload). A draft is work in
 *    progress: `phuluc rebuild` does not bring it back (a published catalogue it does);
 *  - the list of targets uploaded as a file (.txt, .docx, .xlsx) read as the text the proposal
 *    reads, every refusal in Vietnamese saying what the file is and what to do;
 *  - which periods use each stored version, and how many files arrived under it (from the period
 *    records and the events that moved a period to another version).
 */
import { unzipSync } from 'fflate';
import type { CatalogDraft } from '../shared/catalog-draft.ts';
import { formatVnNumber } from '../shared/numbers.ts';
import { UserError } from './errors.ts';
import { readXlsx, XlsxReadError } from './ingest/read/xlsx.ts';
import { screenWorkbook } from './ingest/screen/index.ts';
import type { CatalogVersion, EventStore, Ledger, PeriodRecord } from './ledger/contract.ts';
import { DocxReadError, readDocx } from './report/read-docx.ts';
import { SETTING_EVENTS } from './settings.ts';

const PREFIX = 'catalog-draft:';

/** A draft as the ledger keeps it. */
export interface StoredDraft {
  draft: CatalogDraft;
  /** 1 at the first save, one more at each. */
  revision: number;
  savedAt: string;
  /** The account that saved it. */
  savedBy: string;
}

/** A change of a draft refused because it changed meanwhile (answered 409). */
export class DraftConflict extends UserError {}

export async function loadDraft(ledger: Ledger, year: number): Promise<StoredDraft | undefined> {
  const raw = await ledger.meta(`${PREFIX}${year}`);
  if (!raw) return undefined;
  try {
    const s = JSON.parse(raw) as StoredDraft;
    return s && typeof s === 'object' && s.draft && typeof s.revision === 'number' ? s : undefined;
  } catch {
    return undefined;
  }
}

export async function listDrafts(ledger: Ledger): Promise<StoredDraft[]> {
  const out: StoredDraft[] = [];
  for (const key of await ledger.metaKeys(PREFIX)) {
    const year = Number(key.slice(PREFIX.length));
    const d = Number.isInteger(year) ? await loadDraft(ledger, year) : undefined;
    if (d) out.push(d);
  }
  return out;
}

/**
 * Saves the year's draft. `expected` is the revision the person worked on (0 for a new draft);
 * when the stored one is another, nothing is written and DraftConflict says who saved it when.
 * Held under a named lock of the ledger, so that two saves never interleave.
 */
export async function saveDraft(
  ledger: Ledger,
  year: number,
  draft: CatalogDraft,
  expected: number | 'replace',
  actor: string,
  now: Date,
  describe: (s: StoredDraft) => string,
): Promise<StoredDraft> {
  return ledger.withLock(`${PREFIX}${year}`, async () => {
    const stored = await loadDraft(ledger, year);
    if (expected !== 'replace' && (stored?.revision ?? 0) !== expected) {
      throw new DraftConflict(
        stored
          ? `Bản đề xuất năm ${year} vừa được ${describe(stored)}. Hãy tải lại trang để làm tiếp trên bản đó (thay đổi chưa lưu của bạn sẽ mất), hoặc chép lại các thay đổi cần giữ.`
          : `Bản đề xuất năm ${year} đã bị bỏ. Hãy lập lại bản đề xuất.`,
      );
    }
    const next: StoredDraft = { draft, revision: (stored?.revision ?? 0) + 1, savedAt: now.toISOString(), savedBy: actor };
    await ledger.setMeta(`${PREFIX}${year}`, JSON.stringify(next));
    return next;
  });
}

/** Removes the year's draft (when `expected` is its revision, or always with 'any'); whether there was one. */
export async function dropDraft(ledger: Ledger, year: number, expected: number | 'any', describe: (s: StoredDraft) => string): Promise<boolean> {
  return ledger.withLock(`${PREFIX}${year}`, async () => {
    const stored = await loadDraft(ledger, year);
    if (!stored) return false;
    if (expected !== 'any' && stored.revision !== expected) {
      throw new DraftConflict(`Bản đề xuất năm ${year} vừa được ${describe(stored)}. Hãy tải lại trang rồi làm lại.`);
    }
    await ledger.setMeta(`${PREFIX}${year}`, null);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// A list of targets uploaded as a file.

/** The largest list file taken (a resolution's .docx with its letterhead is well under it). */
export const LIST_FILE_BYTES = 4 * 1024 * 1024;

/** A file that is not a list the proposal can read: the status and the Vietnamese sentence. */
export class ListFileError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'ListFileError';
  }
}

export interface ListFile {
  text: string;
  kind: 'txt' | 'docx' | 'xlsx';
  /** The worksheet read (an .xlsx): lines are its rows, so a line number is a row number. */
  sheet?: string;
}

const FIX =
  'Hãy chọn tệp văn bản (.txt), tài liệu Word (.docx) hoặc bảng tính Excel (.xlsx) có danh sách chỉ tiêu, hoặc mở tệp, chép danh sách rồi dán vào ô bên trên.';

function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/** The entries of a zip, by name (none inflated): what kind of Office file it is. */
function zipNames(bytes: Uint8Array): Set<string> {
  const names = new Set<string>();
  try {
    unzipSync(bytes, {
      filter: (f) => {
        names.add(f.name);
        return false;
      },
    });
  } catch {
    // a damaged zip: named by what was seen
  }
  return names;
}

/** A table cell as the list reader reads a cell pasted from Excel: one line, numbers written the Vietnamese way. */
function cellText(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? formatVnNumber(v) : '';
  if (typeof v === 'boolean') return '';
  return String(v ?? '')
    .replace(/[\t\r\n]+/g, ' ')
    .trim();
}

function docxText(bytes: Uint8Array): string {
  let doc;
  try {
    doc = readDocx(bytes);
  } catch (e) {
    if (e instanceof DocxReadError)
      throw new ListFileError(
        415,
        `Không đọc được tài liệu Word: tệp bị hỏng hoặc không phải .docx. Hãy mở tệp trong Word, lưu lại dưới dạng “Word Document (.docx)” rồi tải lên lại; hoặc chép danh sách rồi dán vào ô bên trên.`,
      );
    throw e;
  }
  const blocks = [
    ...doc.paragraphs.map((p) => ({ order: p.order, lines: [p.text] })),
    ...doc.tables.map((t) => ({ order: t.order, lines: t.rows.map((r) => r.cells.map((c) => cellText(c.text)).join('\t')) })),
  ].sort((a, b) => a.order - b.order);
  return blocks.flatMap((b) => b.lines).join('\n');
}

function xlsxText(bytes: Uint8Array): { text: string; sheet: string } {
  const screened = screenWorkbook(bytes);
  if (!screened.ok) {
    const p = screened.problem;
    throw new ListFileError(
      415,
      p.code === 'cfb_encrypted'
        ? 'Bảng tính có đặt mật khẩu mở tệp. Hãy mở bằng Excel, bỏ mật khẩu, lưu lại rồi tải lên lại.'
        : p.code === 'cfb_xls'
          ? 'Tệp là bảng tính Excel 97-2003 (.xls). Hãy mở bằng Excel và lưu lại dưới dạng “Sổ làm việc Excel (.xlsx)” rồi tải lên lại.'
          : `Bảng tính bị hỏng hoặc quá lớn để đọc an toàn. ${FIX}`,
    );
  }
  let book;
  try {
    book = readXlsx(bytes, undefined, { maxCells: 200_000 });
  } catch (e) {
    if (e instanceof XlsxReadError) {
      const where = e.problem.sheet ? `Trang “${e.problem.sheet}”${e.problem.cell ? `, ô ${e.problem.cell}` : ''}: ` : '';
      throw new ListFileError(
        415,
        `${where}bảng tính bị hỏng, không đọc được. Hãy mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi tải lên lại; hoặc chép bảng rồi dán vào ô bên trên.`,
      );
    }
    throw e;
  }
  const sheet = book.sheets.find((s) => s.state === 'visible' && [...s.cells.values()].some((c) => cellText(c.v) !== ''));
  if (!sheet) throw new ListFileError(400, `Bảng tính không có trang nào có nội dung. ${FIX}`);
  let maxRow = 0;
  let minCol = Infinity;
  let maxCol = 0;
  const grid = new Map<number, Map<number, string>>();
  for (const [ref, c] of sheet.cells) {
    const m = /^([A-Z]+)(\d+)$/.exec(ref);
    const text = cellText(c.v);
    if (!m || !text) continue;
    const col = [...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    const row = Number(m[2]);
    maxRow = Math.max(maxRow, row);
    minCol = Math.min(minCol, col);
    maxCol = Math.max(maxCol, col);
    if (!grid.has(row)) grid.set(row, new Map());
    grid.get(row)!.set(col, text);
  }
  // One line per row, every column of the table (as Excel copies it), so that line N is row N.
  const lines: string[] = [];
  for (let r = 1; r <= maxRow; r++) {
    const cells = grid.get(r);
    if (!cells) {
      lines.push('');
      continue;
    }
    const out: string[] = [];
    for (let c = minCol; c <= maxCol; c++) out.push(cells.get(c) ?? '');
    lines.push(maxCol > minCol ? out.join('\t') : out[0]);
  }
  return { text: lines.join('\n'), sheet: sheet.name };
}

/**
 * The text of an uploaded list of targets, by its content (the name's extension only to word the
 * refusal): plain text (UTF-8, or UTF-16 with its mark), a Word document's paragraphs and tables
 * (cells separated by tabs), or a workbook's first sheet with content (one line per row).
 */
export function readListFile(bytes: Uint8Array, fileName: string): ListFile {
  if (bytes.length === 0) throw new ListFileError(400, `Tệp “${fileName}” rỗng. ${FIX}`);
  if (bytes.length > LIST_FILE_BYTES) throw new ListFileError(413, `Tệp “${fileName}” quá lớn (tối đa 4 MB). ${FIX}`);
  const magic = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (magic([0xd0, 0xcf, 0x11, 0xe0])) {
    throw new ListFileError(
      415,
      ext === 'xls'
        ? 'Tệp là bảng tính Excel 97-2003 (.xls). Hãy mở bằng Excel và lưu lại dưới dạng “Sổ làm việc Excel (.xlsx)” rồi tải lên lại.'
        : ext === 'doc'
          ? 'Tệp là tài liệu Word 97-2003 (.doc). Hãy mở bằng Word và lưu lại dưới dạng “Word Document (.docx)” rồi tải lên lại.'
          : `Tệp “${fileName}” là tài liệu Office cũ hoặc có đặt mật khẩu. Hãy mở tệp, bỏ mật khẩu nếu có, lưu lại dưới dạng .docx hoặc .xlsx rồi tải lên lại.`,
    );
  }
  if (magic([0x25, 0x50, 0x44, 0x46]))
    throw new ListFileError(415, 'Tệp là PDF, hệ thống chưa đọc được danh sách từ PDF. Hãy mở tệp PDF, chép phần danh sách chỉ tiêu rồi dán vào ô bên trên.');
  if (magic([0x50, 0x4b, 0x03, 0x04])) {
    const names = zipNames(bytes);
    if (names.has('word/document.xml')) return { text: docxText(bytes), kind: 'docx' };
    if (names.has('xl/workbook.xml')) return { ...xlsxText(bytes), kind: 'xlsx' };
    throw new ListFileError(415, `Tệp “${fileName}” là tệp nén, không phải tài liệu Word hay bảng tính Excel. ${FIX}`);
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    throw new ListFileError(
      415,
      ['txt', 'csv', 'tsv', ''].includes(ext)
        ? `Tệp văn bản “${fileName}” không đọc được chữ tiếng Việt (không phải mã UTF-8). Hãy mở tệp bằng Notepad, chọn Lưu thành với mã hóa UTF-8, rồi tải lên lại.`
        : `Tệp “${fileName}” không phải văn bản, tài liệu Word hay bảng tính Excel. ${FIX}`,
    );
  }
  return { text, kind: 'txt' };
}

/** A refusal of the list reader (ProposeError's problems) placed in the uploaded file: “Trang “Sheet1”, dòng 3: …”. */
export function placeInFile(problem: string, file: ListFile): string {
  if (file.kind === 'xlsx') return problem.replace(/^Dòng (\d+):/, `Trang “${file.sheet}”, dòng $1:`);
  if (file.kind === 'docx') return problem.replace(/^Dòng (\d+):/, 'Đoạn $1 của tài liệu:');
  return problem;
}

// ---------------------------------------------------------------------------------------------
// Which periods use a version, and the files that arrived under it.

export interface VersionUse {
  period: PeriodRecord;
  /** The period uses this version now. */
  current: boolean;
  /** Files of the period received while it used this version. */
  files: number;
}

/**
 * For each stored version (`id@version`), the periods that used it and the files they received
 * meanwhile: a period uses the version it was opened with until an event moved it to another.
 */
export async function versionUses(ledger: Ledger & EventStore, versions: CatalogVersion[]): Promise<Map<string, VersionUse[]>> {
  const periods = await ledger.periods();
  const moves = await ledger.events({ kind: SETTING_EVENTS.periodCatalogChanged, limit: 5000 });
  const out = new Map<string, VersionUse[]>(versions.map((v) => [`${v.id}@${v.version}`, []]));
  for (const p of periods) {
    const mine = moves.filter((e) => e.period === p.id && e.detail.catalogId === p.catalogId);
    // Spans: [opened, first move) with the version it was opened with, then one per move.
    const first = mine.length ? Number(mine[0].detail.from) : p.catalogVersion;
    const spans = [{ version: first, from: '' }, ...mine.map((e) => ({ version: Number(e.detail.to), from: e.at }))];
    const files = await ledger.periodSubmissions(p.id);
    const byVersion = new Map<number, number>();
    for (const f of files) {
      const span = [...spans].reverse().find((s) => f.receivedAt >= s.from) ?? spans[0];
      byVersion.set(span.version, (byVersion.get(span.version) ?? 0) + 1);
    }
    for (const v of new Set(spans.map((s) => s.version))) {
      out.get(`${p.catalogId}@${v}`)?.push({ period: p, current: v === p.catalogVersion, files: byVersion.get(v) ?? 0 });
    }
  }
  return out;
}
