/**
 * PDF through LibreOffice headless, the one place that converts: the Word report (phuluc report
 * --format pdf) and the console's appendix sheet (worker/http/console-pdf.ts). A LibreOffice profile
 * of its own in a temporary folder (never the user's), reused by every conversion; a call that hangs
 * is killed with its child processes (soffice is a wrapper that starts soffice.bin).
 *
 * On Debian, `libreoffice-writer-nogui` converts; for Vietnamese text in the PDF the fonts need the
 * Vietnamese letters: Times New Roman, or `fonts-liberation2` (metric-compatible with it). The older
 * `fonts-liberation` lacks them and LibreOffice then draws those letters in DejaVu Serif; without
 * either, it draws everything in another font. pdfFonts reads which fonts a PDF embedded (its font
 * dictionaries), and reportPdf says so when one of them is not Times New Roman or a font of the same
 * widths (Liberation Serif, Tinos): lines and pages then break differently from Word's.
 *
 * A Word document whose footnotes are in two sections (the appendix and the summary) loses the
 * footnote separator line in the second section's pages when LibreOffice 7.4 opens it (its DOCX
 * import reads the document's one separator once, for the first section with footnotes, and sets
 * the others' to none). So a .docx with a separator goes through LibreOffice's flat ODF, where every
 * page style is given the separator back, and then to PDF.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';

export class PdfError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PdfError';
  }
}

export const LIBREOFFICE_MISSING =
  'Cần cài LibreOffice để xuất PDF: không tìm thấy chương trình “soffice” trên máy này. Hãy cài LibreOffice (trên Debian/Ubuntu: gói libreoffice-writer-nogui) rồi chạy lại, hoặc xuất tệp Word rồi lưu thành PDF từ Word.';

export interface PdfOptions {
  /** The soffice program; by default it is looked for on PATH and in the usual install folders. */
  soffice?: string;
  /** Folders to look for soffice in, instead of PATH and the usual ones. */
  searchDirs?: string[];
  /** Kill LibreOffice after this long (default 120 s). */
  timeoutMs?: number;
  /** Environment variables for LibreOffice (over this process's), e.g. FONTCONFIG_FILE. */
  env?: Record<string, string>;
}

const USUAL_DIRS = [
  '/usr/bin',
  '/usr/local/bin',
  '/usr/lib/libreoffice/program',
  '/opt/libreoffice/program',
  '/Applications/LibreOffice.app/Contents/MacOS',
  'C:\\Program Files\\LibreOffice\\program',
  'C:\\Program Files (x86)\\LibreOffice\\program',
];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where soffice is, or undefined when LibreOffice is not installed. */
export function findSoffice(opts: Pick<PdfOptions, 'soffice' | 'searchDirs'> = {}): string | undefined {
  if (opts.soffice) return executable(opts.soffice) ? opts.soffice : undefined;
  const dirs = opts.searchDirs ?? [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...USUAL_DIRS];
  const names = process.platform === 'win32' ? ['soffice.exe', 'soffice.com'] : ['soffice', 'libreoffice'];
  for (const dir of dirs) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (executable(file)) return file;
    }
  }
  return undefined;
}

/** Runs a program (LibreOffice) in a process group of its own, killed whole after `timeoutMs`. */
export function runProgram(
  cmd: string,
  args: string[],
  timeoutMs: number,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; output: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', ...env },
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let output = '';
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      output += s;
      stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(process.platform === 'win32' ? child.pid : -child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, output, timedOut });
    });
  });
}

/**
 * One LibreOffice profile per process, made on first use (LibreOffice's first start in a new profile
 * takes seconds), removed at exit. A profile serves one LibreOffice at a time, so calls queue.
 */
let profileDir: string | undefined;
let queue: Promise<unknown> = Promise.resolve();

function profile(): string {
  if (!profileDir) {
    profileDir = mkdtempSync(path.join(tmpdir(), 'phuluc-lo-profile-'));
    const dir = profileDir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return profileDir;
}

/** What LibreOffice is given: bytes with their file extension ("docx", "xlsx", …), or a file on disk. */
export type PdfInput = { bytes: Uint8Array; ext: string } | { file: string };

/** By extension: LibreOffice's PDF export filter, and the words the Vietnamese messages use. */
const KINDS: Record<string, { filter: string; what: string; instead: string }> = {
  docx: { filter: 'pdf:writer_pdf_Export', what: 'tệp Word', instead: 'hãy xuất tệp Word rồi lưu thành PDF từ Word' },
  fodt: { filter: 'pdf:writer_pdf_Export', what: 'tệp Word', instead: 'hãy xuất tệp Word rồi lưu thành PDF từ Word' },
  xlsx: { filter: 'pdf:calc_pdf_Export', what: 'bảng tính Excel', instead: 'hãy tải bản Excel (.xlsx) rồi in hoặc lưu PDF từ Excel' },
};
const OTHER = { filter: 'pdf', what: 'tệp', instead: 'hãy mở tệp rồi lưu thành PDF từ chương trình soạn ra nó' };

/**
 * Converts a document (bytes + extension, or a file) to PDF bytes with LibreOffice: one conversion
 * at a time in the process's own profile, killed with its child processes after `timeoutMs`.
 * Throws PdfError (Vietnamese) when it cannot.
 */
export function toPdf(input: PdfInput, opts: PdfOptions = {}): Promise<Uint8Array> {
  const soffice = findSoffice(opts);
  if (!soffice) return Promise.reject(new PdfError(LIBREOFFICE_MISSING));
  const job = queue.then(() => convert(soffice, input, opts));
  queue = job.catch(() => undefined);
  return job;
}

/**
 * Converts .docx bytes to PDF bytes with LibreOffice (through flat ODF when the footnote separator
 * has to be given back to a later section). Throws PdfError (Vietnamese) when it cannot.
 */
export function docxToPdf(docx: Uint8Array, opts: PdfOptions = {}): Promise<Uint8Array> {
  if (!separatorLost(docx)) return toPdf({ bytes: docx, ext: 'docx' }, opts);
  const soffice = findSoffice(opts);
  if (!soffice) return Promise.reject(new PdfError(LIBREOFFICE_MISSING));
  const job = queue.then(async () => {
    const flat = await convert(soffice, { bytes: docx, ext: 'docx' }, opts, 'fodt');
    return convert(soffice, { bytes: restoreFootnoteSeparators(flat), ext: 'fodt' }, opts);
  });
  queue = job.catch(() => undefined);
  return job;
}

/** Whether a .docx has a footnote separator and footnotes in more than one section (LibreOffice 7.4 keeps it for the first only). */
function separatorLost(docx: Uint8Array): boolean {
  try {
    const parts = unzipSync(docx, { filter: (f) => f.name === 'word/footnotes.xml' || f.name === 'word/document.xml' });
    const notes = parts['word/footnotes.xml'];
    const doc = parts['word/document.xml'];
    if (!notes || !doc) return false;
    return strFromU8(notes).includes('<w:separator/>') && (strFromU8(doc).match(/<w:sectPr\b/g) ?? []).length > 1;
  } catch {
    return false;
  }
}

/** Flat ODF with every page style's footnote separator at LibreOffice's usual width (a quarter of the text, left). */
function restoreFootnoteSeparators(fodt: Uint8Array): Uint8Array {
  const xml = new TextDecoder().decode(fodt);
  return new TextEncoder().encode(xml.replace(/<style:footnote-sep\b[^>]*>/g, (tag) => tag.replace(/style:rel-width="0%"/, 'style:rel-width="25%"')));
}

/** A font family as people name it: "DAAAAA+LiberationSerif-Bold" → "Liberation Serif". */
export function fontFamily(baseFont: string): string {
  const name = baseFont.replace(/^[A-Z]{6}\+/, '').replace(/#([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  const known: [RegExp, string][] = [
    [/^times\s*new\s*roman/i, 'Times New Roman'],
    [/^liberation\s*serif/i, 'Liberation Serif'],
    [/^tinos/i, 'Tinos'],
    [/^dejavu\s*serif/i, 'DejaVu Serif'],
    [/^dejavu\s*sans/i, 'DejaVu Sans'],
  ];
  for (const [re, family] of known) if (re.test(name)) return family;
  return name.replace(/[-,](?:Bold|Italic|Oblique|Regular|Roman|BoldItalic|BoldOblique|PSMT|MT)+$/i, '');
}

/** Times New Roman, and the fonts drawn with its widths (so lines break where they break in Word). */
export const TIMES_COMPATIBLE = ['Times New Roman', 'Liberation Serif', 'Tinos'] as const;

/** The fonts a PDF embedded or names, by family ("Liberation Serif"), from its font dictionaries (object streams included). */
export function pdfFonts(pdf: Uint8Array): string[] {
  const buf = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const texts = [buf.toString('latin1')];
  // Fonts inside compressed object streams (PDF 1.5+).
  for (const m of texts[0].matchAll(/\/Type\s*\/ObjStm[^]*?stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = texts[0].indexOf('endstream', start);
    try {
      texts.push(inflateSync(buf.subarray(start, end)).toString('latin1'));
    } catch {
      // Not a stream this reader can open: its fonts are not listed.
    }
  }
  const names = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(/\/BaseFont\s*\/([^\s/<>[\]()]+)/g)) names.add(fontFamily(m[1]));
  return [...names].sort();
}

/** The warning for a PDF drawn in fonts without Times New Roman's widths, or undefined when it is not. */
export function fontWarning(fonts: string[]): string | undefined {
  const others = fonts.filter((f) => !(TIMES_COMPATIBLE as readonly string[]).includes(f));
  if (others.length === 0 && fonts.length > 0) return undefined;
  const used = fonts.length ? `phông ${fonts.join(', ')}` : 'phông không rõ tên';
  return `Bản PDF được dựng bằng ${used}, không phải Times New Roman hay phông cùng kích thước chữ với nó (Liberation Serif): chỗ xuống dòng và ngắt trang có thể khác bản in từ Word. Hãy cài phông Times New Roman hoặc gói fonts-liberation2 (Debian/Ubuntu) trên máy chạy LibreOffice rồi xuất lại.`;
}

/** The Word report as PDF, with the fonts it was drawn in and what a person must be told. */
export interface ReportPdf {
  pdf: Uint8Array;
  fonts: string[];
  warnings: string[];
}

/** docxToPdf, then which fonts the PDF embedded and a warning when they are not Times New Roman's widths. */
export async function reportPdf(docx: Uint8Array, opts: PdfOptions = {}): Promise<ReportPdf> {
  const pdf = await docxToPdf(docx, opts);
  const fonts = pdfFonts(pdf);
  const warning = fontWarning(fonts);
  return { pdf, fonts, warnings: warning ? [warning] : [] };
}

/**
 * LibreOffice's arguments for converting `files` into `outDir` as `to` (“pdf”, “csv:…”, a filter),
 * headless, in the profile folder `profileDir` (one per caller: two instances never share one).
 */
export function convertArgs(profileDir: string, to: string, outDir: string, files: string[]): string[] {
  return [
    `-env:UserInstallation=${pathToFileURL(profileDir).href}`,
    '--headless',
    '--norestore',
    '--nologo',
    '--nodefault',
    '--nolockcheck',
    '--convert-to',
    to,
    '--outdir',
    outDir,
    ...files,
  ];
}

async function convert(soffice: string, input: PdfInput, opts: PdfOptions, target: 'pdf' | 'fodt' = 'pdf'): Promise<Uint8Array> {
  const ext = ('file' in input ? path.extname(input.file).slice(1) : input.ext.replace(/^\./, '')).toLowerCase().replace(/[^a-z0-9]/g, '');
  const kind = KINDS[ext] ?? OTHER;
  const dir = mkdtempSync(path.join(tmpdir(), 'phuluc-pdf-'));
  try {
    // LibreOffice names its output after the input, so a given file is converted under a fixed name.
    const source = path.join(dir, `phu-luc${ext ? `.${ext}` : ''}`);
    if ('file' in input) copyFileSync(input.file, source);
    else writeFileSync(source, input.bytes);
    const outDir = path.join(dir, 'out');
    mkdirSync(outDir);
    const timeoutMs = opts.timeoutMs ?? 120_000;
    let r;
    try {
      r = await runProgram(soffice, convertArgs(profile(), target === 'pdf' ? kind.filter : 'fodt', outDir, [source]), timeoutMs, opts.env);
    } catch (e) {
      throw new PdfError('Không chạy được LibreOffice để xuất PDF. Hãy kiểm tra bản cài LibreOffice rồi chạy lại.', { cause: e });
    }
    const output = path.join(outDir, `phu-luc.${target}`);
    if (r.timedOut)
      throw new PdfError(`LibreOffice không xuất xong PDF sau ${Math.round(timeoutMs / 1000)} giây và đã bị dừng. Hãy thử lại; nếu vẫn lỗi, ${kind.instead}.`);
    if (r.code !== 0 || !existsSync(output)) {
      throw new PdfError(`LibreOffice không chuyển được ${kind.what} sang PDF. Hãy thử lại; nếu vẫn lỗi, ${kind.instead}.`, { cause: new Error(r.output) });
    }
    return new Uint8Array(readFileSync(output));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
