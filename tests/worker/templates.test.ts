/**
 * Templates for every unit of the 2023 catalogue: the layout, validation, formulas, protection,
 * metadata and print setup are in the workbook itself (it works in Excel without the add-in), and
 * every template opens and recalculates in LibreOffice.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { indicatorsOf, reportingUnits } from '../../shared/catalog.ts';
import { COL, FIRST_DATA_ROW, META_SHEET, SHEET_NAME } from '../../shared/layout.ts';
import { readActual } from '../../shared/target.ts';
import { writeTemplates } from '../../worker/templates.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { cellAt, libreOfficeOrSkip, recalcAllSheets } from '../helpers/libreoffice.ts';
import { tempDir } from '../helpers/worker.ts';

const catalog = loadCatalog(2023);
const period = catalog.periods.find((p) => p.id === '2023-uoc')!;
let files: string[] = [];

beforeAll(async () => {
  files = await writeTemplates(catalog, period, tempDir('templates'), { password: 'phuluc' });
});

describe('templates for every reporting unit of 2023', () => {
  it('writes one <unit>.xlsx per unit that owns indicators', () => {
    expect(files.map((f) => path.basename(f))).toEqual(reportingUnits(catalog).map((u) => `${u.code}.xlsx`));
    expect(files.length).toBe(13);
  });

  it('each holds exactly the unit’s rows, inputs unlocked, everything else locked, the formula live', async () => {
    for (const file of files) {
      const unit = path.basename(file, '.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
      const ws = wb.getWorksheet(SHEET_NAME)!;
      const own = indicatorsOf(catalog, unit);
      own.forEach((ind, k) => {
        const r = FIRST_DATA_ROW + k;
        expect(ws.getCell(`${COL.stt}${r}`).value).toBe(ind.stt);
        expect(ws.getCell(`${COL.name}${r}`).value).toBe(ind.name);
        expect(ws.getCell(`${COL.plan}${r}`).value).toBe(ind.plan);
        expect(ws.getCell(`${COL.actual}${r}`).protection?.locked).toBe(false);
        expect(ws.getCell(`${COL.note}${r}`).protection?.locked).toBe(false);
        expect(ws.getCell(`${COL.name}${r}`).protection?.locked).not.toBe(false);
        expect(ws.getCell(`${COL.status}${r}`).formula).toMatch(/^IF\(ISNUMBER\(H\d+\)/);
        const dv = ws.getCell(`${COL.actual}${r}`).dataValidation;
        expect(dv.type).toBe('custom');
        expect(dv.errorStyle).toBe('stop');
        // The bounds written the Vietnamese way, and an example the rule itself would take (inside them).
        const m = /^Hãy nhập một số từ (\S+) đến (\S+) \(đơn vị tính: .+\), ví dụ ([^,.]+(?:[.,]\d+)*)/.exec(dv.error ?? '');
        expect(m, dv.error).not.toBeNull();
        const example = readActual(m![3]);
        expect(example.kind, dv.error).toBe('number');
        if (example.kind === 'number') {
          expect(example.value).toBeGreaterThanOrEqual(ind.bounds.min);
          expect(example.value).toBeLessThanOrEqual(ind.bounds.max);
        }
        expect(dv.error).not.toMatch(/\d{4,}(?![.,\d])/); // no unseparated thousands
        expect(dv.formulae[0].length).toBeLessThanOrEqual(255);
        expect(ws.getCell(`${COL.name}${r}`).font?.name).toBe('Times New Roman');
      });
      expect(ws.getCell(`${COL.stt}${FIRST_DATA_ROW + own.length}`).value).toBeNull();
      expect(ws.getColumn('H').hidden).toBe(true);
      expect(ws.getColumn('I').hidden).toBe(true);
      expect(ws.pageSetup.orientation).toBe('landscape');
      expect(ws.pageSetup.paperSize).toBe(9);
      expect(ws.pageSetup.fitToWidth).toBe(1);
      const meta = wb.getWorksheet(META_SHEET)!;
      expect(meta.state).toBe('veryHidden');
      const entries = new Map<string, string>();
      meta.eachRow((row) => entries.set(String(row.getCell(1).value), String(row.getCell(2).value)));
      expect(entries.get('unit')).toBe(unit);
      expect(entries.get('period')).toBe('2023-uoc');
      expect(entries.get('catalogId')).toBe('hong-linh-2023');
      expect(entries.get(`row:${own[0].code}`)).toBe(String(FIRST_DATA_ROW));
    }
  });

  it('protects the sheet (low spin count) and the workbook structure, and repeats the header row in print', () => {
    const parts = unzipSync(readFileSync(files[0]));
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']);
    const protection = /<sheetProtection [^>]*\/>/.exec(sheet)?.[0] ?? '';
    expect(protection).toContain('sheet="1"');
    expect(protection).toContain('spinCount="1000"');
    expect(protection).toContain('algorithmName="SHA-512"');
    expect(sheet).toMatch(/<conditionalFormatting/);
    const workbook = strFromU8(parts['xl/workbook.xml']);
    expect(workbook).toMatch(/<workbookProtection [^>]*lockStructure="1"/);
    expect(workbook.indexOf('<workbookProtection')).toBeLessThan(workbook.indexOf('<sheets>'));
    expect(workbook).toMatch(/_xlnm.Print_Titles[^<]*<\/definedName>|_xlnm\.Print_Titles/);
  });

  it('opens the add-in’s task pane with the workbook (the parts name the manifest’s add-in)', () => {
    const manifest = readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), '../../manifest.xml'), 'utf8');
    const id = /<Id>([^<]+)<\/Id>/.exec(manifest)![1];
    const parts = unzipSync(readFileSync(files[0]));
    expect(strFromU8(parts['xl/webextensions/webextension1.xml'])).toContain(id);
    expect(strFromU8(parts['xl/webextensions/webextension1.xml'])).toContain('Office.AutoShowTaskpaneWithDocument');
    expect(strFromU8(parts['[Content_Types].xml'])).toContain('webextensiontaskpanes+xml');
  });

  it('has no folder entries in its zip (Office asks to repair a file over zero-length "xl/" entries)', () => {
    for (const f of files) {
      const names = Object.keys(unzipSync(readFileSync(f)));
      expect(
        names.filter((n) => n.endsWith('/')),
        path.basename(f),
      ).toEqual([]);
      expect(names).toContain('xl/workbook.xml');
    }
  });
});

describe.skipIf(!libreOfficeOrSkip('các kiểm thử biểu mẫu bằng LibreOffice'))('templates in LibreOffice', () => {
  it('open without errors, and an empty template shows no status yet', async () => {
    const sheets = await recalcAllSheets(files);
    for (const file of files) {
      const rows = sheets.get(file)!.get(SHEET_NAME)!;
      const unit = path.basename(file, '.xlsx');
      const n = indicatorsOf(catalog, unit).length;
      for (let k = 0; k < n; k++) {
        const r = FIRST_DATA_ROW + k;
        expect(cellAt(rows, `${COL.status}${r}`), `${unit} F${r}`).toBe('');
        expect(cellAt(rows, `${COL.value}${r}`), `${unit} H${r}`).toBe('');
      }
      expect(rows.flat().some((c) => /^(Err:|#NAME|#VALUE|#REF)/.test(c))).toBe(false);
    }
  });
});
