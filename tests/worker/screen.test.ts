import { beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { crc32 } from 'node:zlib';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { DEFAULT_LIMITS, screenWorkbook, sqrefCellCount, type ScreenProblemCode, type ScreenResult } from '../../worker/ingest/screen/index.ts';
import { isReadPart, readXlsx } from '../../worker/ingest/read/xlsx.ts';
import {
  crc32Combine,
  deflatedEntry,
  makeCfb,
  makeCorruptZip,
  makeEncryptedWorkbook,
  makeLyingZipBomb,
  makeMinimalXlsx,
  makeRenamedSheetParts,
  makeWholeColumnValidation,
  makeXlsm,
  makeXlsRenamed,
  makeZipBomb,
  writeZip,
  type RawZipEntry,
} from '../fixtures/hostile.ts';

const MiB = 1024 * 1024;
/** Letters only Vietnamese uses (precomposed, NFC). */
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

let valid: Uint8Array;

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Biểu 1');
  ws.addRow(['Chỉ tiêu', 'Kế hoạch', 'Thực hiện']);
  ws.addRow(['Tỷ lệ hộ nghèo (%)', 2.5, 2.1]);
  ws.addRow(['Số trường đạt chuẩn', 12, 13]);
  wb.addWorksheet('Biểu 2').addRow(['Ghi chú']);
  valid = new Uint8Array(await wb.xlsx.writeBuffer());
});

function expectProblem(result: ScreenResult, code: ScreenProblemCode) {
  if (result.ok) throw new Error(`expected ${code}, got ok`);
  expect(result.problem.code, result.problem.detail).toBe(code);
  const { message } = result.problem;
  expect(message.length).toBeGreaterThan(30);
  expect(message).toMatch(VIETNAMESE);
  expect(message).toBe(message.normalize('NFC'));
  return result.problem;
}

/**
 * Runs `fn`. (How long screening takes and how much memory it needs on these files is measured by
 * the benchmark, `npm run bench`, section "screening hostile files" — not asserted here.)
 */
function measure<T>(fn: () => T): { result: T } {
  return { result: fn() };
}

describe('zip bombs: rejected (memory and time: see the benchmark)', () => {
  it('a bomb that declares its 1 GiB is rejected from the central directory alone', () => {
    const bomb = makeZipBomb();
    expect(bomb.length).toBeLessThan(2 * MiB);
    const m = measure(() => screenWorkbook(bomb));
    const p = expectProblem(m.result, 'zip_bomb');
    expect(p.detail).toMatch(/declares 1073741824 bytes/);
  });

  it('a bomb whose central directory lies (4 KiB) is caught by the streaming count', () => {
    const bomb = makeLyingZipBomb();
    const m = measure(() => screenWorkbook(bomb));
    const p = expectProblem(m.result, 'zip_bomb');
    expect(p.detail).toMatch(/declares 4096 bytes but inflates to more/);
  });

  it('a lie just under the limits (45 MiB, ratio 45:1) is still caught after inflating ~45 MiB in bounded chunks', () => {
    const bomb = makeLyingZipBomb({ declaredSize: 45 * MiB });
    const m = measure(() => screenWorkbook(bomb));
    const p = expectProblem(m.result, 'zip_bomb');
    expect(p.detail).toMatch(/streaming count/);
  });

  it('with every limit lifted, 512 MiB of worksheet XML streams through without being held in memory', () => {
    const bomb = makeZipBomb({ uncompressedBytes: 512 * MiB });
    const m = measure(() => screenWorkbook(bomb, { maxEntryBytes: 2 ** 40, maxTotalBytes: 2 ** 40, maxCompressionRatio: Infinity }));
    expect(m.result).toMatchObject({ ok: true, uncompressedBytes: 512 * MiB + 1440 });
  });

  it('the compression ratio alone flags a mid-sized bomb within the size limits', () => {
    const bomb = makeZipBomb({ uncompressedBytes: 30 * MiB });
    const p = expectProblem(screenWorkbook(bomb), 'zip_bomb');
    expect(p.detail).toMatch(/ratio \d+:1 > 200:1/);
  });

  it('the bomb fixture is a genuine archive: right content, length and CRC', () => {
    const size = 3 * MiB + 17;
    const files = unzipSync(makeZipBomb({ uncompressedBytes: size }));
    const sheet = files['xl/worksheets/sheet1.xml'];
    expect(sheet.length).toBe(size);
    const text = Buffer.from(sheet).toString('latin1');
    expect(text).toMatch(/^<\?xml[^>]*>\n<worksheet [^>]*><sheetData> +<\/sheetData><\/worksheet>$/);
    for (let i = 0; i < 5; i++) {
      const a = strToU8(`a${i}`.repeat(1000 * i + 1));
      const b = strToU8(`b${i}`.repeat(777 * i + 3));
      const ab = new Uint8Array([...a, ...b]);
      expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(ab));
    }
  });
});

describe('valid workbooks pass', () => {
  it('an exceljs workbook with two sheets', () => {
    const r = screenWorkbook(valid);
    expect(r).toMatchObject({
      ok: true,
      sheets: [expect.objectContaining({ part: 'xl/worksheets/sheet1.xml' }), expect.objectContaining({ part: 'xl/worksheets/sheet2.xml' })],
    });
    if (r.ok) {
      expect(r.entries).toBeGreaterThan(5);
      expect(r.uncompressedBytes).toBeGreaterThan(1000);
    }
  });

  it('the hand-built minimal workbook, which exceljs loads', async () => {
    const bytes = makeMinimalXlsx();
    expect(screenWorkbook(bytes)).toMatchObject({ ok: true, sheets: [expect.objectContaining({ part: 'xl/worksheets/sheet1.xml' })] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0].getCell('B1').value).toBe(42);
  });

  it('a data validation over a sensible range', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Biểu 1');
    ws.addRow(['Chỉ tiêu', 'Kế hoạch']);
    for (let r = 2; r <= 200; r++) ws.getCell(`B${r}`).dataValidation = { type: 'decimal', operator: 'greaterThanOrEqual', formulae: [0], allowBlank: true };
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(screenWorkbook(bytes).ok).toBe(true);
  });

  it('default limits are as documented', () => {
    expect(DEFAULT_LIMITS).toMatchObject({
      maxFileBytes: 20 * MiB,
      maxEntryBytes: 50 * MiB,
      maxTotalBytes: 200 * MiB,
      maxEntries: 2000,
      maxValidationCells: 200_000,
    });
  });
});

describe('not a zip at all', () => {
  it('empty and too large', () => {
    expectProblem(screenWorkbook(new Uint8Array(0)), 'empty');
    expectProblem(screenWorkbook(valid, { maxFileBytes: 1000 }), 'too_large');
  });

  it('legacy .xls renamed to .xlsx', () => {
    const p = expectProblem(screenWorkbook(makeXlsRenamed()), 'cfb_xls');
    expect(p.message).toContain('Excel 97-2003 (.xls)');
  });

  it('password-encrypted workbook', () => {
    const p = expectProblem(screenWorkbook(makeEncryptedWorkbook()), 'cfb_encrypted');
    expect(p.message).toContain('mật khẩu');
  });

  it('another OLE file (a Word .doc)', () => {
    const doc = makeCfb([{ name: 'WordDocument', data: new Uint8Array(100) }]);
    const p = expectProblem(screenWorkbook(doc), 'cfb_unknown');
    expect(p.message).toContain('Word 97-2003');
  });

  it('"Workbook" as cell text inside an OLE file is not mistaken for the stream', () => {
    const text = new Uint8Array(600);
    'EncryptedPackage'.split('').forEach((ch, i) => (text[100 + 2 * i] = ch.charCodeAt(0)));
    const p = expectProblem(screenWorkbook(makeCfb([{ name: 'Data', data: text }])), 'cfb_unknown');
    expect(p.detail).toMatch(/without Workbook/);
  });

  it('PDF, HTML and CSV say what they are', () => {
    expect(expectProblem(screenWorkbook(strToU8('%PDF-1.7\n...')), 'not_zip').message).toContain('PDF');
    expect(expectProblem(screenWorkbook(strToU8('<html><body><table><tr><td>1</td></tr></table></body></html>')), 'not_zip').message).toContain('HTML');
    expect(expectProblem(screenWorkbook(strToU8('Chỉ tiêu;Kế hoạch\nHộ nghèo;10\n')), 'not_zip').message).toContain('CSV');
  });
});

describe('broken or disguised zips', () => {
  it('truncated upload', () => {
    expectProblem(screenWorkbook(makeCorruptZip(valid)), 'corrupt_zip');
  });

  it('garbled bytes', () => {
    expectProblem(screenWorkbook(makeCorruptZip(valid, 'garble')), 'corrupt_zip');
  });

  it('empty zip archive', () => {
    expectProblem(screenWorkbook(zipSync({})), 'not_xlsx');
  });

  it('a zip that is not a workbook', () => {
    expectProblem(screenWorkbook(zipSync({ 'readme.txt': strToU8('hello') })), 'not_xlsx');
    const ods = zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }], 'content.xml': strToU8('<x/>') });
    expect(expectProblem(screenWorkbook(ods), 'not_xlsx').message).toContain('.ods');
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    expect(expectProblem(screenWorkbook(docx), 'not_xlsx').message).toContain('Word');
  });

  it('entries whose data overlap the next entry (overlapping-entry bomb)', () => {
    const bytes = makeMinimalXlsx().slice();
    const view = new DataView(bytes.buffer);
    const cdOffset = view.getUint32(bytes.length - 22 + 16, true);
    view.setUint32(cdOffset + 20, view.getUint32(cdOffset + 20, true) + 40, true); // first entry's compressed size
    const p = expectProblem(screenWorkbook(bytes), 'zip_bomb');
    expect(p.detail).toMatch(/overlaps/);
  });

  it('too many entries', () => {
    expectProblem(screenWorkbook(valid, { maxEntries: 3 }), 'zip_bomb');
  });

  it('macro-enabled (.xlsm), detected by the VBA part or by the content type', () => {
    expectProblem(screenWorkbook(makeXlsm(valid)), 'macro_enabled');
    expectProblem(screenWorkbook(makeXlsm(valid, { contentType: false })), 'macro_enabled');
    const p = expectProblem(screenWorkbook(makeXlsm(valid, { vbaPart: false })), 'macro_enabled');
    expect(p.detail).toMatch(/macroEnabled/);
  });

  it('sheet parts not named sheetN.xml (as ClosedXML and others write them) are found through the relationships', () => {
    const renamed = makeRenamedSheetParts(valid);
    const r = screenWorkbook(renamed, undefined, { keepParts: isReadPart });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.sheets.map((s) => s.part)).toContain('xl/worksheets/data.xml');
    const wb = readXlsx(renamed);
    expect(wb.sheet('Biểu 1')).toBeDefined();
  });

  it('a sheet whose part is missing from the file is refused, naming the sheet', () => {
    const files = unzipSync(valid);
    delete files['xl/worksheets/sheet1.xml'];
    const p = expectProblem(screenWorkbook(zipSync(files)), 'no_worksheets');
    expect(p.message).toMatch(/trang tính “.+” không có dữ liệu/);
  });
});

describe('data validations', () => {
  it('whole-column validation is absurd and names the sheet and range', () => {
    const r = measure(() => screenWorkbook(makeWholeColumnValidation(valid)));
    const p = expectProblem(r.result, 'absurd_validation');
    expect(p.message).toContain('Biểu 1');
    expect(p.message).toMatch(/B2:B1048576|C2:C1048576/);
    expect(p.message).toContain('biểu mẫu gốc');
    expect(p.detail).toContain('xl/worksheets/sheet1.xml');
  });

  it('whole-column and whole-row shorthand count as such', () => {
    expectProblem(screenWorkbook(makeWholeColumnValidation(valid, { sqref: 'C:C' })), 'absurd_validation');
    expectProblem(screenWorkbook(makeWholeColumnValidation(valid, { sqref: '3:20', sheetPart: 'xl/worksheets/sheet2.xml' })), 'absurd_validation');
    expect(sqrefCellCount('A1')).toBe(1);
    expect(sqrefCellCount('B2:B1048576 C2:C1048576')).toBe(2 * 1_048_575);
    expect(sqrefCellCount('C:C')).toBe(1_048_576);
    expect(sqrefCellCount('C:E')).toBe(3 * 1_048_576);
    expect(sqrefCellCount('3:3')).toBe(16_384);
    expect(sqrefCellCount('$A$1:$C$10 E5')).toBe(31);
    expect(sqrefCellCount('D10:B2')).toBe(27);
  });

  it('a small injected validation passes and exceljs reads it where it was put', async () => {
    const bytes = makeWholeColumnValidation(valid, { sqref: 'B2:C3' });
    expect(screenWorkbook(bytes).ok).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('Biểu 1')!;
    const covered = ['A1', 'B1', 'B2', 'B3', 'B4', 'C2', 'C3', 'C4'].filter((a) => ws.getCell(a).dataValidation?.type === 'decimal');
    expect(covered).toEqual(['B2', 'B3', 'C2', 'C3']);
  });

  it('a validation tag split across streamed chunks, with a raw ">" in an attribute before sqref, is still seen', () => {
    const files = unzipSync(makeMinimalXlsx());
    const head =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/>';
    const tag =
      '<dataValidations count="1"><dataValidation type="whole" operator="greaterThan" error="Giá trị phải > 0" sqref="A1:A1048576">' +
      '<formula1>0</formula1></dataValidation></dataValidations>';
    const sheet = head + ' '.repeat(MiB - 20 - head.length) + tag + '</worksheet>'; // the tag straddles the 1 MiB slice boundary
    const stored = zipSync({ ...files, 'xl/worksheets/sheet1.xml': [strToU8(sheet), { level: 0 }] });
    const p = expectProblem(screenWorkbook(stored), 'absurd_validation');
    expect(p.message).toContain('A1:A1048576');
    const deflated = zipSync({ ...files, 'xl/worksheets/sheet1.xml': strToU8(sheet) });
    expectProblem(screenWorkbook(deflated, { maxCompressionRatio: Infinity }), 'absurd_validation'); // 1 MiB of spaces deflates 800:1
  });

  it('the limit is configurable and counts across sheets', () => {
    const bytes = makeWholeColumnValidation(makeWholeColumnValidation(valid, { sqref: 'B2:B60' }), { sqref: 'A1:A60', sheetPart: 'xl/worksheets/sheet2.xml' });
    expect(screenWorkbook(bytes, { maxValidationCells: 200 }).ok).toBe(true);
    expectProblem(screenWorkbook(bytes, { maxValidationCells: 100 }), 'absurd_validation');
  });
});

describe('inflation: whole (zlib, up to 8 MiB declared) or streamed (larger)', () => {
  const lifted = { maxCompressionRatio: Infinity };

  it('an entry holding one byte less than it declares is corrupt, one byte more is a lie, on both paths', () => {
    for (const size of [100_000, 9 * MiB]) {
      expect(screenWorkbook(makeZipBomb({ uncompressedBytes: size }), lifted).ok).toBe(true);
      const short = expectProblem(screenWorkbook(makeZipBomb({ uncompressedBytes: size, declaredSize: size + 1 }), lifted), 'corrupt_zip');
      expect(short.detail).toContain(`declares ${size + 1} bytes uncompressed but inflates to ${size}`);
      const long = expectProblem(screenWorkbook(makeZipBomb({ uncompressedBytes: size, declaredSize: size - 1 }), lifted), 'zip_bomb');
      expect(long.detail).toMatch(new RegExp(`declares ${size - 1} bytes but inflates to more`));
    }
  });

  it('lies on either side of the 8 MiB bound are stopped with bounded memory', () => {
    for (const declaredSize of [8 * MiB, 8 * MiB + 1]) {
      const bomb = makeLyingZipBomb({ uncompressedBytes: 64 * MiB, declaredSize });
      const m = measure(() => screenWorkbook(bomb, lifted));
      const p = expectProblem(m.result, 'zip_bomb');
      expect(p.detail).toMatch(declaredSize > 8 * MiB ? /streaming count/ : /zlib stopped at maxOutputLength/);
    }
  });

  it('a validation at the end of a worksheet too large to inflate whole is still found', () => {
    const files = unzipSync(makeMinimalXlsx());
    const head =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/>';
    const tag =
      '<dataValidations count="1"><dataValidation type="whole" error="&gt; 0 \'ok\'" sqref="A1:A1048576"><formula1>0</formula1></dataValidation></dataValidations>';
    const sheet = head + ' '.repeat(9 * MiB) + tag + '</worksheet>';
    const entries = Object.entries({ ...files, 'xl/worksheets/sheet1.xml': strToU8(sheet) }).map(([name, data]) => deflatedEntry(name, data));
    const p = expectProblem(screenWorkbook(writeZip(entries), lifted), 'absurd_validation');
    expect(p.message).toContain('A1:A1048576');
  });

  it('empty deflated entries (no data, or an empty final block) read as empty', () => {
    const files = unzipSync(makeMinimalXlsx());
    const empty = (name: string, data: number[]): RawZipEntry => ({ name, data: new Uint8Array(data), method: 8, crc: 0, size: 0 });
    const entries = [...Object.entries(files).map(([name, data]) => deflatedEntry(name, data)), empty('docProps/a.xml', []), empty('docProps/b.xml', [3, 0])];
    expect(screenWorkbook(writeZip(entries))).toMatchObject({ ok: true, entries: entries.length });
  });
});
