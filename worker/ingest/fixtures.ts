/**
 * Generators of hostile (and one minimal valid) workbook files, as bytes, for tests of the
 * ingest screening and for end-to-end tests of the worker. Nothing here touches the disk.
 *
 * Most generators take a small valid .xlsx (e.g. written by exceljs) and damage it; the zip
 * bombs and OLE files are built from scratch. The zip bomb never holds its uncompressed
 * content in memory: it is a concatenation of independently deflated, byte-aligned
 * (sync-flushed) copies of one compressed chunk, and its CRC-32 is computed with the
 * CRC combination algorithm instead of over the data.
 */
import { constants as zc, crc32 as zcrc32, deflateRawSync } from 'node:zlib';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { concat } from './screen.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

// ---------------------------------------------------------------------------------------
// Zip writing (sizes under our control, so we can lie)

export interface RawZipEntry {
  name: string;
  /** Bytes as stored in the archive (raw deflate data when method is 8). */
  data: Uint8Array;
  method: 0 | 8;
  crc: number;
  /** Real uncompressed size. */
  size: number;
  /** Uncompressed size written in the local header and central directory; defaults to `size`. */
  declaredSize?: number;
}

/** Writes a plain (non-zip64) zip archive from already-compressed entries. */
export function writeZip(entries: RawZipEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = strToU8(e.name);
    const declared = e.declaredSize ?? e.size;
    if (declared > 0xfffffffe || e.data.length > 0xfffffffe) throw new Error('writeZip: entries of 4 GiB or more need zip64, not supported');
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true); // version needed
    lv.setUint16(6, 0x0800, true); // UTF-8 names
    lv.setUint16(8, e.method, true);
    lv.setUint16(10, 0, true); // time 00:00
    lv.setUint16(12, 0x21, true); // date 1980-01-01
    lv.setUint32(14, e.crc >>> 0, true);
    lv.setUint32(18, e.data.length, true);
    lv.setUint32(22, declared, true);
    lv.setUint16(26, name.length, true);
    lv.setUint16(28, 0, true);
    local.set(name, 30);

    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true); // version made by
    cv.setUint16(6, 20, true); // version needed
    cv.setUint16(8, 0x0800, true);
    cv.setUint16(10, e.method, true);
    cv.setUint16(12, 0, true);
    cv.setUint16(14, 0x21, true);
    cv.setUint32(16, e.crc >>> 0, true);
    cv.setUint32(20, e.data.length, true);
    cv.setUint32(24, declared, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);

    locals.push(local, e.data);
    centrals.push(central);
    offset += local.length + e.data.length;
  }
  const cdSize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return concat([...locals, ...centrals, eocd]);
}

/** Deflated entry (level 9) with the right CRC. */
export function deflatedEntry(name: string, content: string | Uint8Array): RawZipEntry {
  const data = typeof content === 'string' ? strToU8(content) : content;
  return { name, data: new Uint8Array(deflateRawSync(data, { level: 9 })), method: 8, crc: zcrc32(data), size: data.length };
}

// ---------------------------------------------------------------------------------------
// CRC-32 combination (zlib's crc32_combine): CRC of A‖B from crc(A), crc(B) and len(B)

const CRC_POLY = 0xedb88320;

function multModP(a: number, b: number): number {
  let m = 0x80000000;
  let p = 0;
  for (;;) {
    if (a & m) {
      p ^= b;
      if ((a & (m - 1)) === 0) break;
    }
    m >>>= 1;
    b = b & 1 ? (b >>> 1) ^ CRC_POLY : b >>> 1;
  }
  return p >>> 0;
}

const X2N: number[] = (() => {
  const t: number[] = [];
  let p = 0x40000000; // x^1
  t.push(p);
  for (let n = 1; n < 32; n++) t.push((p = multModP(p, p)));
  return t;
})();

/** x^(n * 2^k) mod p(x) */
function x2nModP(n: number, k: number): number {
  let p = 0x80000000; // x^0
  while (n > 0) {
    if (n % 2 === 1) p = multModP(X2N[k & 31], p);
    n = Math.floor(n / 2);
    k++;
  }
  return p;
}

export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  return (multModP(x2nModP(len2, 3), crc1 >>> 0) ^ (crc2 >>> 0)) >>> 0;
}

// ---------------------------------------------------------------------------------------
// A minimal valid workbook, built by hand (exceljs can load it)

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function minimalParts(sheetXml: string | null): RawZipEntry[] {
  const parts: RawZipEntry[] = [
    deflatedEntry(
      '[Content_Types].xml',
      `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    ),
    deflatedEntry(
      '_rels/.rels',
      `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${NS_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    deflatedEntry(
      'xl/workbook.xml',
      `${XML_DECL}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_R}"><sheets><sheet name="Chỉ tiêu" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    deflatedEntry(
      'xl/_rels/workbook.xml.rels',
      `${XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${NS_R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
  ];
  if (sheetXml !== null) parts.push(deflatedEntry('xl/worksheets/sheet1.xml', sheetXml));
  return parts;
}

/** A one-sheet .xlsx ("Chỉ tiêu": A1 text, B1 = 42), hand-built, without styles. */
export function makeMinimalXlsx(): Uint8Array {
  return writeZip(
    minimalParts(
      `${XML_DECL}<worksheet xmlns="${NS_MAIN}"><sheetData><row r="1">` +
        '<c r="A1" t="inlineStr"><is><t>Tổng số hộ nghèo</t></is></c><c r="B1"><v>42</v></c>' +
        '</row></sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>',
    ),
  );
}

// ---------------------------------------------------------------------------------------
// Zip bombs

export interface ZipBombOptions {
  /** Real uncompressed size of the worksheet entry; default 1 GiB. Must be < 4 GiB. */
  uncompressedBytes?: number;
  /** Size claimed by the local header and central directory; default: the truth. */
  declaredSize?: number;
}

/**
 * An xlsx-shaped zip whose `xl/worksheets/sheet1.xml` is well-formed XML that inflates to
 * `uncompressedBytes` (mostly spaces between `<sheetData>` and `</sheetData>`), about
 * 1000:1. 1 GiB gives a file of about 1 MB; it is built in a few milliseconds without ever
 * materialising the content. With `declaredSize` the archive lies about the size.
 */
export function makeZipBomb(opts: ZipBombOptions = {}): Uint8Array {
  const total = opts.uncompressedBytes ?? 1 * GiB;
  const head = strToU8(`${XML_DECL}<worksheet xmlns="${NS_MAIN}"><sheetData>`);
  const tail = strToU8('</sheetData></worksheet>');
  const filler = total - head.length - tail.length;
  if (filler < 0 || total >= 0xffffffff) throw new Error(`makeZipBomb: uncompressedBytes ${total} out of range`);

  const chunkSize = Math.min(MiB, filler);
  const chunk = new Uint8Array(chunkSize).fill(0x20);
  const whole = chunkSize > 0 ? Math.floor(filler / chunkSize) : 0;
  const rest = filler - whole * chunkSize;

  // Each piece is an independent, sync-flushed (byte-aligned, non-final) deflate stream, so
  // pieces can be concatenated; the last piece is finished normally (final block).
  const sync = (b: Uint8Array) => new Uint8Array(deflateRawSync(b, { level: 9, finishFlush: zc.Z_SYNC_FLUSH }));
  const pieces: Uint8Array[] = [sync(head)];
  let crc = zcrc32(head);
  if (whole > 0) {
    const deflatedChunk = sync(chunk);
    const chunkCrc = zcrc32(chunk);
    for (let i = 0; i < whole; i++) {
      pieces.push(deflatedChunk);
      crc = crc32Combine(crc, chunkCrc, chunkSize);
    }
  }
  if (rest > 0) {
    const r = chunk.subarray(0, rest);
    pieces.push(sync(r));
    crc = crc32Combine(crc, zcrc32(r), rest);
  }
  pieces.push(new Uint8Array(deflateRawSync(tail, { level: 9 })));
  crc = crc32Combine(crc, zcrc32(tail), tail.length);

  const bomb: RawZipEntry = {
    name: 'xl/worksheets/sheet1.xml',
    data: concat(pieces),
    method: 8,
    crc,
    size: total,
    declaredSize: opts.declaredSize,
  };
  return writeZip([...minimalParts(null), bomb]);
}

/** The same bomb, but the archive claims the worksheet is only `declaredSize` bytes (default 4 KiB). */
export function makeLyingZipBomb(opts: ZipBombOptions = {}): Uint8Array {
  return makeZipBomb({ declaredSize: 4096, ...opts });
}

// ---------------------------------------------------------------------------------------
// OLE / Compound File Binary

export interface CfbStream {
  name: string;
  data: Uint8Array;
}

const ENDOFCHAIN = 0xfffffffe;
const FREESECT = 0xffffffff;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

/**
 * A small but structurally plausible CFB v3 file (512-byte sectors, one FAT sector, no mini
 * stream: streams are padded to 4096 bytes). Streams hang off the root entry as a chain of
 * right siblings. Enough for anything that sniffs the header and directory.
 */
export function makeCfb(streams: CfbStream[]): Uint8Array {
  const SECTOR = 512;
  const padded = streams.map((s) => {
    const size = Math.max(4096, Math.ceil(s.data.length / SECTOR) * SECTOR);
    const data = new Uint8Array(size);
    data.set(s.data);
    return { name: s.name, data };
  });
  const dirEntries = 1 + padded.length;
  const dirSectors = Math.ceil((dirEntries * 128) / SECTOR);
  const streamSectors = padded.map((s) => s.data.length / SECTOR);
  const totalSectors = 1 + dirSectors + streamSectors.reduce((a, b) => a + b, 0);
  if (totalSectors > SECTOR / 4) throw new Error('makeCfb: streams too large for a single FAT sector');

  const out = new Uint8Array(SECTOR * (1 + totalSectors));
  const v = new DataView(out.buffer);
  // Header
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  v.setUint16(24, 0x003e, true);
  v.setUint16(26, 0x0003, true);
  v.setUint16(28, 0xfffe, true);
  v.setUint16(30, 9, true);
  v.setUint16(32, 6, true);
  v.setUint32(44, 1, true); // FAT sectors
  v.setUint32(48, 1, true); // first directory sector
  v.setUint32(56, 4096, true); // mini stream cutoff
  v.setUint32(60, ENDOFCHAIN, true);
  v.setUint32(68, ENDOFCHAIN, true);
  for (let i = 0; i < 109; i++) v.setUint32(76 + 4 * i, i === 0 ? 0 : FREESECT, true);

  const sectorOffset = (n: number) => SECTOR * (1 + n);
  // FAT (sector 0)
  const fat = new Array<number>(SECTOR / 4).fill(FREESECT);
  fat[0] = FATSECT;
  for (let i = 0; i < dirSectors; i++) fat[1 + i] = i + 1 < dirSectors ? 2 + i : ENDOFCHAIN;
  const starts: number[] = [];
  let next = 1 + dirSectors;
  for (const n of streamSectors) {
    starts.push(next);
    for (let i = 0; i < n; i++) fat[next + i] = i + 1 < n ? next + i + 1 : ENDOFCHAIN;
    next += n;
  }
  fat.forEach((x, i) => v.setUint32(sectorOffset(0) + 4 * i, x, true));

  // Directory
  const dirBase = sectorOffset(1);
  const writeDir = (index: number, name: string, type: number, right: number, child: number, start: number, size: number) => {
    const p = dirBase + index * 128;
    for (let i = 0; i < name.length; i++) v.setUint16(p + 2 * i, name.charCodeAt(i), true);
    v.setUint16(p + 64, (name.length + 1) * 2, true);
    out[p + 66] = type;
    out[p + 67] = 1; // black
    v.setUint32(p + 68, NOSTREAM, true);
    v.setUint32(p + 72, right, true);
    v.setUint32(p + 76, child, true);
    v.setUint32(p + 116, start, true);
    v.setUint32(p + 120, size, true);
  };
  writeDir(0, 'Root Entry', 5, NOSTREAM, padded.length ? 1 : NOSTREAM, ENDOFCHAIN, 0);
  padded.forEach((s, i) => writeDir(1 + i, s.name, 2, i + 1 < padded.length ? 2 + i : NOSTREAM, NOSTREAM, starts[i], s.data.length));
  for (let i = dirEntries; i < dirSectors * 4; i++) {
    const p = dirBase + i * 128;
    v.setUint32(p + 68, NOSTREAM, true);
    v.setUint32(p + 72, NOSTREAM, true);
    v.setUint32(p + 76, NOSTREAM, true);
  }
  // Stream data
  padded.forEach((s, i) => out.set(s.data, sectorOffset(starts[i])));
  return out;
}

/** A legacy Excel 97-2003 file (CFB with a "Workbook" stream holding BIFF8 BOF + EOF). */
export function makeXlsRenamed(): Uint8Array {
  const biff = new Uint8Array(24);
  const b = new DataView(biff.buffer);
  b.setUint16(0, 0x0809, true); // BOF
  b.setUint16(2, 16, true);
  b.setUint16(4, 0x0600, true); // BIFF8
  b.setUint16(6, 0x0005, true); // workbook globals
  b.setUint16(8, 0x0dbb, true);
  b.setUint16(10, 0x07cc, true);
  b.setUint16(20, 0x000a, true); // EOF
  b.setUint16(22, 0, true);
  return makeCfb([{ name: 'Workbook', data: biff }]);
}

/** A password-encrypted OOXML workbook (CFB with "EncryptionInfo" and "EncryptedPackage"). */
export function makeEncryptedWorkbook(): Uint8Array {
  const xml = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" ' +
      'xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><keyData saltSize="16" blockSize="16" keyBits="256" ' +
      'hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="AAAAAAAAAAAAAAAAAAAAAA=="/>' +
      '</encryption>',
  );
  const info = new Uint8Array(8 + xml.length);
  const iv = new DataView(info.buffer);
  iv.setUint16(0, 4, true); // agile encryption: version 4.4
  iv.setUint16(2, 4, true);
  iv.setUint32(4, 0x40, true);
  info.set(xml, 8);
  const pkg = new Uint8Array(8 + 4096);
  new DataView(pkg.buffer).setUint32(0, 7000, true); // "decrypted size"
  for (let i = 8; i < pkg.length; i++) pkg[i] = (i * 167 + 13) & 0xff;
  return makeCfb([
    { name: 'EncryptionInfo', data: info },
    { name: 'EncryptedPackage', data: pkg },
  ]);
}

// ---------------------------------------------------------------------------------------
// Damaged / disguised variants of a valid workbook

/**
 * 'truncate' (default): the first 60% of the file, as after an interrupted upload.
 * 'garble': the middle third overwritten with deterministic pseudo-random bytes.
 */
export function makeCorruptZip(validXlsx: Uint8Array, mode: 'truncate' | 'garble' = 'truncate'): Uint8Array {
  if (mode === 'truncate') return validXlsx.slice(0, Math.floor(validXlsx.length * 0.6));
  const out = validXlsx.slice();
  let seed = 0x2545f491;
  for (let i = Math.floor(out.length / 3); i < Math.floor((2 * out.length) / 3); i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    out[i] = seed >>> 24;
  }
  return out;
}

export interface XlsmOptions {
  /** Add xl/vbaProject.bin (and its relationship); default true. */
  vbaPart?: boolean;
  /** Switch the workbook content type to macroEnabled; default true. */
  contentType?: boolean;
}

/** The workbook turned into a macro-enabled one (.xlsm). */
export function makeXlsm(validXlsx: Uint8Array, opts: XlsmOptions = {}): Uint8Array {
  const files = unzipSync(validXlsx) as Zippable;
  const vbaPart = opts.vbaPart ?? true;
  if (opts.contentType ?? true) {
    files['[Content_Types].xml'] = editText(files['[Content_Types].xml'], (ct) =>
      ct
        .replace('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'application/vnd.ms-excel.sheet.macroEnabled.main+xml')
        .replace(/<Types([^>]*)>/, vbaPart ? '<Types$1><Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>' : '<Types$1>'),
    );
  }
  if (vbaPart) {
    files['xl/vbaProject.bin'] = makeCfb([
      { name: 'PROJECT', data: strToU8('ID="{00000000-0000-0000-0000-000000000000}"\r\nDocument=ThisWorkbook/&H00000000\r\nName="VBAProject"\r\n') },
      { name: 'PROJECTwm', data: strToU8('ThisWorkbook\0') },
    ]);
    files['xl/_rels/workbook.xml.rels'] = editText(files['xl/_rels/workbook.xml.rels'], (rels) =>
      rels.replace('</Relationships>', '<Relationship Id="rIdVba1" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>'),
    );
  }
  return zipSync(files, { level: 6 });
}

export interface ValidationOptions {
  /** Default 'B2:B1048576 C2:C1048576' (two whole columns below the header). */
  sqref?: string;
  /** Default 'xl/worksheets/sheet1.xml'. */
  sheetPart?: string;
}

/**
 * Adds `<dataValidations>` (decimal ≥ 0 style rule) to a worksheet, at the position the
 * schema requires: after sheetData..conditionalFormatting, before hyperlinks/printOptions/
 * pageMargins/... Any existing dataValidations element is replaced.
 */
export function makeWholeColumnValidation(validXlsx: Uint8Array, opts: ValidationOptions = {}): Uint8Array {
  const sqref = opts.sqref ?? 'B2:B1048576 C2:C1048576';
  const part = opts.sheetPart ?? 'xl/worksheets/sheet1.xml';
  const files = unzipSync(validXlsx) as Zippable;
  if (!files[part]) throw new Error(`makeWholeColumnValidation: ${part} not in the workbook`);
  const dv = `<dataValidations count="1"><dataValidation type="decimal" operator="greaterThanOrEqual" allowBlank="1" showErrorMessage="1" sqref="${sqref}"><formula1>0</formula1></dataValidation></dataValidations>`;
  files[part] = editText(files[part], (xml) => {
    const without = xml.replace(/<dataValidations\b[^>]*\/>|<dataValidations\b[\s\S]*?<\/dataValidations>/, '');
    const after = [
      'hyperlinks', 'printOptions', 'pageMargins', 'pageSetup', 'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches',
      'ignoredErrors', 'smartTags', 'drawing', 'legacyDrawing', 'legacyDrawingHF', 'drawingHF', 'picture', 'oleObjects', 'controls',
      'webPublishItems', 'tableParts', 'extLst',
    ];
    let at = -1;
    for (const name of after) {
      const m = new RegExp(`<${name}[\\s/>]`).exec(without);
      if (m && (at < 0 || m.index < at)) at = m.index;
    }
    if (at < 0) at = without.lastIndexOf('</worksheet>');
    if (at < 0) throw new Error(`makeWholeColumnValidation: ${part} has no </worksheet>`);
    return without.slice(0, at) + dv + without.slice(at);
  });
  return zipSync(files, { level: 6 });
}

/**
 * Renames worksheet parts away from `xl/worksheets/sheetN.xml` (sheet1.xml -> data.xml,
 * sheetN.xml -> dataN.xml), fixing the workbook relationships, content types and the
 * sheets' own relationship parts, as some third-party tools do. exceljs then loads 0 sheets.
 */
export function makeRenamedSheetParts(validXlsx: Uint8Array): Uint8Array {
  const files = unzipSync(validXlsx) as Zippable;
  const renamed: Zippable = {};
  const map = new Map<string, string>();
  for (const name of Object.keys(files)) {
    const m = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name);
    if (m) map.set(`sheet${m[1]}.xml`, m[1] === '1' ? 'data.xml' : `data${m[1]}.xml`);
  }
  const fix = (text: string) => text.replace(/worksheets\/(sheet\d+\.xml)(?=["'])/g, (_all, file: string) => `worksheets/${map.get(file) ?? file}`);
  for (const [name, content] of Object.entries(files)) {
    let newName = name;
    const sheet = /^xl\/worksheets\/(sheet\d+\.xml)$/.exec(name);
    const rels = /^xl\/worksheets\/_rels\/(sheet\d+\.xml)\.rels$/.exec(name);
    if (sheet && map.has(sheet[1])) newName = `xl/worksheets/${map.get(sheet[1])}`;
    if (rels && map.has(rels[1])) newName = `xl/worksheets/_rels/${map.get(rels[1])}.rels`;
    renamed[newName] = name === '[Content_Types].xml' || name === 'xl/_rels/workbook.xml.rels' ? editText(content, fix) : content;
  }
  return zipSync(renamed, { level: 6 });
}

// ---------------------------------------------------------------------------------------

function editText(content: Zippable[string], edit: (text: string) => string): Uint8Array {
  if (!(content instanceof Uint8Array)) throw new Error('editText: expected file bytes');
  return strToU8(edit(strFromU8(content)));
}

