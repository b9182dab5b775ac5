/**
 * Issue 18, the reading path of a submitted workbook: each hole the robustness run found, through
 * the real ingest() (SQLite ledger, store of originals in a temporary folder), with a real
 * department's file (LDTBXH: 2 in row 5, 942 in row 6; TTYT: the one figure “Dưới 1”, a shared
 * string) taken apart and put together again by tests/fixtures/mutate.ts.
 *
 *   1. a file damaged after it was saved (CRC-32 wrong) is refused, never read with a changed figure;
 *   2. a workbook that can be read two ways (two sheets answering to one name, two cells at one
 *      address, two rows with one number, a shared string that is not there, an inline string
 *      without its text) is refused, the report naming what is doubled or broken;
 *   3. broken XML is reported in Vietnamese, the parser's English kept for the log;
 *   4. a sheet with tens of MiB of XML is read in bounded memory.
 */
import { collectionOf } from '../../shared/collection.ts';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUnit, indicatorsOf } from '../../shared/catalog.ts';
import { META_SHEET, SHEET_NAME } from '../../shared/layout.ts';
import type { Config } from '../../worker/config.ts';
import { InlineAnalyzer } from '../../worker/ingest/analyze.ts';
import { saxesStream } from '../../worker/ingest/read/xml.ts';
import { ingest, type IngestOutcome } from '../../worker/ingest/index.ts';
import { describeProblem } from '../../shared/problem.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { realFigures, tempDir, testConfig } from '../helpers/worker.ts';
import { cellXml, edited, numberCell, partsOf, rowXml, sharedCount, sheetPart, text, withSheetBefore, zipParts, type Part } from '../fixtures/mutate.ts';

let cfg: Config;
let service: WorkerService;
/** LDTBXH's filled workbook, its parts, the part of “Phụ lục 1” and of the metadata sheet. */
let ldtbxh: Uint8Array;
let parts: Part[];
let form: string;
let meta: string;
/** TTYT's, whose one figure is text. */
let ttyt: Part[];
let ttytRow: number;
let serial = 0;

/** Each row's indicator, read with exceljs from column A (Số TT), not with the worker's reader. */
async function rowsByIndicator(bytes: Uint8Array, unitCode: string): Promise<Map<string, number>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(SHEET_NAME)!;
  const out = new Map<string, number>();
  for (const ind of indicatorsOf(cfg.catalog, unitCode)) {
    for (let r = 1; r < 40; r++) if (ws.getCell(`A${r}`).value === ind.stt) out.set(ind.code, r);
  }
  return out;
}

async function take(bytes: Uint8Array): Promise<IngestOutcome> {
  const fileName = `tep-${++serial}.xlsx`;
  return ingest(await service.ingestContext(), { bytes, fileName, source: 'inbox', receivedAt: new Date(Date.UTC(2023, 10, 20, 3, serial)).toISOString() });
}

/** Rejected, with one problem: returned with its line as the report prints it. */
function refused(o: IngestOutcome): { message: string; line: string; sheet?: string; cell?: string } {
  expect(o.record.status, JSON.stringify(o.record.problems)).toBe('rejected');
  expect(o.record.rows).toBeNull();
  expect(o.record.problems).toHaveLength(1);
  const p = o.record.problems[0];
  return { ...p, line: describeProblem(p) };
}

/** No English a library wrote, no internal names. */
function vietnameseOnly(message: string): void {
  expect(message).toMatch(/[ăâđêôơưạảấầậắặẹẻếềểệỉịọỏốồổộớờởợụủứừửữựỳỵỷỹ]/i);
  expect(message).not.toMatch(/unexpected|close tag|element|attribute|entity|document|undefined|NaN|_phuluc|sheet\d|\.xml|CRC|Error/i);
  expect(message).toMatch(/nộp lại/);
}

beforeAll(async () => {
  ({ cfg } = testConfig(tempDir('read-holes')));
  service = new WorkerService(cfg, createLogger('silent'));
  const unit = findUnit(cfg.catalog, 'LDTBXH')!;
  ldtbxh = await fillTemplate(await buildTemplate(cfg.catalog, cfg.period, unit, cfg.protectionPassword), realFigures(cfg.catalog, unit, false));
  parts = partsOf(ldtbxh);
  form = sheetPart(parts, SHEET_NAME);
  meta = sheetPart(parts, META_SHEET);
  expect(await rowsByIndicator(ldtbxh, 'LDTBXH')).toEqual(
    new Map([
      ['HO_NGHEO', 5],
      ['VIEC_LAM', 6],
    ]),
  );
  expect(numberCell(text(parts, form), 'E6')?.value).toBe('942');
  const ttytUnit = findUnit(cfg.catalog, 'TTYT')!;
  const ttytBytes = await fillTemplate(
    await buildTemplate(cfg.catalog, cfg.period, ttytUnit, cfg.protectionPassword),
    realFigures(cfg.catalog, ttytUnit, false),
  );
  ttyt = partsOf(ttytBytes);
  ttytRow = (await rowsByIndicator(ttytBytes, 'TTYT')).get('DAN_SO')!;
  expect(cellXml(text(ttyt, sheetPart(ttyt, SHEET_NAME)), `E${ttytRow}`)).toMatch(/t="s"><v>\d+<\/v>/);
  // The file as it came: taken, with its figures.
  const o = await take(ldtbxh);
  expect(o.record.status).toBe('accepted');
  expect(o.record.rows).toMatchObject({ HO_NGHEO: { value: 2 }, VIEC_LAM: { value: 942 } });
});

afterAll(async () => {
  await service?.stop();
});

/** LDTBXH with E6 (942) edited to `to` in the XML. */
function figure942(to: string): Part[] {
  return edited(parts, form, (x) => x.replace(numberCell(x, 'E6')!.whole, `${numberCell(x, 'E6')!.open}<v>${to}</v></c>`));
}

describe('1. a file damaged after it was saved is refused: every entry’s CRC-32 is checked', () => {
  const original = () => parts.find((p) => p.name === form)!.data;

  it('a stored re-zip with 942 changed to 242 and the CRC left is refused, “Tệp bị hỏng …”, saying to save again from Excel', async () => {
    const changed = figure942('242');
    const o = await take(zipParts(changed, { method: 0, crcOf: (p) => crc32(p.name === form ? original() : p.data) }).bytes);
    const p = refused(o);
    expect(o.screen).toBe('corrupt_zip');
    expect(p.message).toMatch(/^Tệp bị hỏng: nội dung của trang tính “Phụ lục 1” không khớp với mã kiểm tra/);
    expect(p.message).toContain("lưu lại dưới dạng 'Sổ làm việc Excel (.xlsx)' rồi nộp lại");
    vietnameseOnly(p.message);
  });

  it('the same re-zip with its CRC made right is taken, with the figure its cell now holds (242)', async () => {
    const o = await take(zipParts(figure942('242'), { method: 0 }).bytes);
    expect(o.record.status).toBe('accepted');
    expect(o.record.rows).toMatchObject({ HO_NGHEO: { value: 2 }, VIEC_LAM: { value: 242 } });
  });

  it('with data descriptors (flag bit 3, zeros in the local headers): taken when right, refused when a CRC is wrong', async () => {
    const good = await take(zipParts(parts, { descriptor: true }).bytes);
    expect(good.record.status).toBe('accepted');
    expect(good.record.rows).toMatchObject({ HO_NGHEO: { value: 2 }, VIEC_LAM: { value: 942 } });
    for (const method of [0, 8] as const) {
      const o = await take(zipParts(figure942('943'), { method, descriptor: true, crcOf: (p) => crc32(p.name === form ? original() : p.data) }).bytes);
      expect(refused(o).message).toMatch(/^Tệp bị hỏng: nội dung của trang tính “Phụ lục 1”/);
    }
  });

  it('a wrong CRC on a part that is not read (the theme) is refused too', async () => {
    const o = await take(zipParts(parts, { crcOf: (p) => (p.name.includes('theme') ? crc32(p.data) ^ 1 : crc32(p.data)) }).bytes);
    expect(refused(o).message).toMatch(/^Tệp bị hỏng: nội dung của một phần bên trong tệp không khớp/);
  });

  it('a sheet too large to inflate whole (streamed, deflated 9 MiB) is checked as it streams', async () => {
    const padded = edited(parts, form, (x) => x.replace('</sheetData>', `${bigRows(60, 9 * 1024 * 1024)}</sheetData>`));
    const good = await take(zipParts(padded).bytes);
    expect(good.record.status, JSON.stringify(good.record.problems)).toBe('accepted');
    expect(good.record.rows).toMatchObject({ HO_NGHEO: { value: 2 }, VIEC_LAM: { value: 942 } });
    const bad = await take(zipParts(padded, { crcOf: (p) => (p.name === form ? crc32(p.data) ^ 0x80 : crc32(p.data)) }).bytes);
    expect(refused(bad).message).toMatch(/^Tệp bị hỏng: nội dung của trang tính “Phụ lục 1” không khớp/);
  });
});

/** Rows of pasted numbers from `from`, in columns L–U, about `bytes` of XML. */
function bigRows(from: number, bytes: number): string {
  const rows: string[] = [];
  let size = 0;
  for (let r = from; size < bytes; r++) {
    let row = `<row r="${r}">`;
    for (const c of 'LMNOPQRSTU') row += `<c r="${c}${r}"><v>${(r * 7 + c.charCodeAt(0)) % 1000}</v></c>`;
    row += '</row>';
    rows.push(row);
    size += row.length;
  }
  return rows.join('');
}

describe('2. a workbook that can be read two ways is refused, naming what is doubled or broken', () => {
  it('a second sheet answering to “Phụ lục 1” (declared first, with another figure), whatever its case or Unicode form', async () => {
    for (const name of ['PHỤ LỤC 1', 'phụ lục 1', SHEET_NAME, SHEET_NAME.normalize('NFD')]) {
      const twice = withSheetBefore(parts, name, form, 'visible', (x) => x.replace(numberCell(x, 'E6')!.whole, `${numberCell(x, 'E6')!.open}<v>1942</v></c>`));
      const p = refused(await take(zipParts(twice).bytes));
      expect(p.message, name).toContain(`có 2 trang tính cùng mang tên “${name}”, “Phụ lục 1”`);
      expect(p.message).toMatch(/Hãy chỉ giữ lại trang .* \(xóa hoặc đổi tên các trang thừa\), lưu tệp rồi nộp lại\./);
      vietnameseOnly(p.message);
    }
  });

  it('a second metadata sheet (case differs), without naming it', async () => {
    const p = refused(await take(zipParts(withSheetBefore(parts, '_PHULUC', meta, 'veryHidden')).bytes));
    expect(p.message).toMatch(/^Sổ làm việc có 2 trang thông tin ẩn của biểu mẫu trùng tên/);
    expect(p.message).toContain('biểu mẫu gốc');
    vietnameseOnly(p.message);
  });

  it('two cells at E6 (942, then 1942): refused at E6, whichever comes first', async () => {
    for (const order of ['after', 'before']) {
      const twice = edited(parts, form, (x) => {
        const c = numberCell(x, 'E6')!;
        const other = `${c.open}<v>1942</v></c>`;
        return x.replace(c.whole, order === 'after' ? c.whole + other : other + c.whole);
      });
      const p = refused(await take(zipParts(twice).bytes));
      expect(p.sheet).toBe(SHEET_NAME);
      expect(p.cell).toBe('E6');
      expect(p.line).toMatch(/^Ô E6: Ô này được ghi hai lần trong tệp/);
      vietnameseOnly(p.message);
    }
  });

  it('two rows numbered 6 (the second with 1942): refused, naming the row', async () => {
    const twice = edited(parts, form, (x) => {
      const row = rowXml(x, 6)!;
      return x.replace(row, row + row.replace('<v>942</v>', '<v>1942</v>'));
    });
    const p = refused(await take(zipParts(twice).bytes));
    expect(p.line).toMatch(/^Trang “Phụ lục 1”: Dòng 6 được ghi hai lần trong tệp/);
    vietnameseOnly(p.message);
  });

  it('a shared-string index out of range, negative, fractional or not a number: refused at its cell, not read as blank', async () => {
    const ttytForm = sheetPart(ttyt, SHEET_NAME);
    const count = sharedCount(ttyt);
    for (const bad of [String(count), String(count + 1000), '-1', '1.5', '0.0', 'x', '', '1e2', '99999999999999999999']) {
      const broken = edited(ttyt, ttytForm, (x) => x.replace(cellXml(x, `E${ttytRow}`)!, cellXml(x, `E${ttytRow}`)!.replace(/<v>\d+<\/v>/, `<v>${bad}</v>`)));
      const p = refused(await take(zipParts(broken).bytes));
      expect(p.cell, bad).toBe(`E${ttytRow}`);
      expect(p.line).toMatch(new RegExp(`^Ô E${ttytRow}: Nội dung chữ của ô trỏ tới một đoạn chữ không có trong tệp`));
      expect(p.message).not.toMatch(/chưa có số liệu|chưa nhập/);
      vietnameseOnly(p.message);
    }
  });

  it('a broken shared-string index on the metadata sheet: refused without naming the sheet', async () => {
    const broken = edited(parts, meta, (x) => x.replace(cellXml(x, 'B2')!, cellXml(x, 'B2')!.replace(/<v>\d+<\/v>/, '<v>-3</v>')));
    const p = refused(await take(zipParts(broken).bytes));
    expect(p.sheet).toBeUndefined();
    expect(p.message).toMatch(/^Trang thông tin ẩn của biểu mẫu \(ô B2\): nội dung chữ của ô trỏ tới/);
    vietnameseOnly(p.message);
  });

  it('an inline string without its <is> is refused at its cell; an explicitly empty one is an empty cell', async () => {
    for (const cell of ['<c r="E6" s="8" t="inlineStr"/>', '<c r="E6" s="8" t="inlineStr"><v>942</v></c>']) {
      const broken = edited(parts, form, (x) =>
        x.replace(numberCell(x, 'E6')!.whole, cell.replace(' s="8"', / s="\d+"/.exec(numberCell(x, 'E6')!.open)?.[0] ?? '')),
      );
      const p = refused(await take(zipParts(broken).bytes));
      expect(p.line).toMatch(/^Ô E6: Ô được đánh dấu là chứa chữ nhưng không có nội dung/);
    }
    const empty = edited(parts, form, (x) => x.replace(numberCell(x, 'E6')!.whole, '<c r="E6" t="inlineStr"><is><t></t></is></c>'));
    const o = await take(zipParts(empty).bytes);
    expect(o.record.status, JSON.stringify(o.record.problems)).toBe('accepted');
    expect([undefined, null, '']).toContain(o.record.rows!.VIEC_LAM?.value); // blank: a warning, not an error
    expect(o.record.rows).toMatchObject({ HO_NGHEO: { value: 2 } });
  });

  it('a cell with two values, or whose address is not in its row, is refused at the cell', async () => {
    const two = edited(parts, form, (x) => x.replace('<v>942</v>', '<v>942</v><v>1</v>'));
    expect(refused(await take(zipParts(two).bytes)).line).toMatch(/^Ô E6: Ô có hai giá trị \(tệp bị hỏng/);
    const moved = edited(parts, form, (x) => x.replace(numberCell(x, 'E6')!.whole, numberCell(x, 'E6')!.whole.replace('r="E6"', 'r="E7"')));
    expect(refused(await take(zipParts(moved).bytes)).line).toMatch(/^Ô E7: Ô E7 lại nằm trong phần dữ liệu của dòng 6/);
  });
});

describe('3. broken XML is reported in Vietnamese; the parser’s English is for the log only', () => {
  it('in “Phụ lục 1”, in the shared strings, in the styles', async () => {
    const cases: [string, (x: string) => string, RegExp][] = [
      [form, (x) => x.replace('</row>', '</rows>'), /^Trang “Phụ lục 1”: Phần dữ liệu của trang tính bị hỏng \(không đúng cấu trúc XML\)/],
      [form, (x) => x.replace('<v>942</v>', '<v>942&bogus;</v>'), /^Trang “Phụ lục 1”: Phần dữ liệu của trang tính bị hỏng/],
      [meta, (x) => x.replace('</sheetData>', '</sheetdata>'), /^Trang thông tin ẩn của biểu mẫu: phần dữ liệu của trang tính bị hỏng/],
      ['xl/sharedStrings.xml', (x) => x.replace('</si>', '</s>'), /^Phần lưu các đoạn chữ của sổ làm việc bị hỏng \(không đúng cấu trúc XML\)/],
      ['xl/styles.xml', (x) => x.replace('<cellXfs', '<cellXfs <'), /^Phần định dạng ô của sổ làm việc bị hỏng/],
    ];
    for (const [part, edit, expected] of cases) {
      const p = refused(await take(zipParts(edited(parts, part, edit)).bytes));
      expect(p.line, part).toMatch(expected);
      vietnameseOnly(p.line);
    }
  });

  it('a fault of ours while reading (here a catalogue broken in memory) says so in Vietnamese; the English is the detail for the log', async () => {
    const broken = { ...cfg.catalog, indicators: null as never };
    const analyzer = new InlineAnalyzer(collectionOf(broken, cfg.period), cfg.limits.maxFileBytes);
    const bytes = zipParts(parts, { method: 0 }).bytes;
    const p = refused(
      await ingest(
        { ...(await service.ingestContext()), analyzer },
        { bytes, fileName: 'loi-he-thong.xlsx', source: 'inbox', receivedAt: '2023-11-20T09:00:00.000Z' },
      ),
    );
    expect(p.message).toBe('Hệ thống gặp lỗi khi đọc tệp. Tệp gốc đã được lưu; hãy báo Phòng Tài chính - Kế hoạch để được hỗ trợ.');
    const parsed = await analyzer.run(bytes.slice());
    expect(parsed.detail).toMatch(/^TypeError: |Cannot read properties of null/);
  });
});

describe('4. memory is bounded however large the sheet’s XML', () => {
  it('a part streamed in chunks of any size reads as the whole, characters split between chunks included', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?><sst><si><t>Giảm còn dưới 2,32% — “Đạt KH” 😀</t></si><si><t>Phụ lục 1 &amp; ghi chú</t></si></sst>';
    const bytes = new TextEncoder().encode(xml);
    const read = (size: number) => {
      const out: string[] = [];
      saxesStream(
        (push) => {
          for (let p = 0; p < bytes.length; p += size) push(bytes.subarray(p, p + size));
        },
        { open: (name) => out.push(`<${name}>`), text: (t) => out.push(t) },
      );
      return out.join('');
    };
    const whole = read(bytes.length);
    expect(whole).toBe('<sst><si><t>Giảm còn dưới 2,32% — “Đạt KH” 😀<si><t>Phụ lục 1 & ghi chú');
    for (const size of [1, 2, 3, 5, 7]) expect(read(size), `chunks of ${size}`).toBe(whole);
  });

  it('a file holding ~45 MiB of XML in “Phụ lục 1” is taken with a JavaScript heap of 128 MB', async () => {
    const big = zipParts(edited(parts, form, (x) => x.replace('</sheetData>', `${bigRows(60, 45 * 1024 * 1024)}</sheetData>`))).bytes;
    expect(big.length).toBeLessThan(cfg.limits.maxFileBytes);
    const file = path.join(cfg.paths.root, 'lon.xlsx');
    writeFileSync(file, big);
    const child = path.join(import.meta.dirname, '../fixtures/ingest-child.ts');
    const r = spawnSync(process.execPath, ['--max-old-space-size=128', '--import', 'tsx', child, file], { encoding: 'utf8', timeout: 240_000 });
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    expect(out).toMatchObject({ status: 'accepted', rows: { HO_NGHEO: { value: 2 }, VIEC_LAM: { value: 942 } } });
  }, 300_000);
});
