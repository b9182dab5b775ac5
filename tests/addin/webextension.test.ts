// The template opens the task pane by itself: worker/render/webextension.ts adds the web-extension
// task-pane parts to the .xlsx exceljs wrote. Checked on the real template of a unit, filled with
// the real 2023 figures: the parts are where Office looks for them, the worker still screens and
// reads the file as before, exceljs still loads it, and LibreOffice still opens it.
import { collectionOf } from '../../shared/collection.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPeriod, findUnit } from '../../shared/catalog.ts';
import { SHEET_NAME } from '../../shared/layout.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { screenWorkbook } from '../../worker/ingest/screen/index.ts';
import {
  addTaskpaneAutoOpen,
  AUTO_SHOW_PROPERTY,
  TASKPANES_CONTENT_TYPE,
  TASKPANES_PART,
  TASKPANES_REL_TYPE,
  TASKPANES_RELS_PART,
  WEBEXTENSION_CONTENT_TYPE,
  WEBEXTENSION_PART,
  WEBEXTENSION_REL_TYPE,
} from '../../worker/render/webextension.ts';
import { parseSubmission } from '../../worker/ingest/read/submission.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { cellAt, disposeLibreOffice, libreOfficeOrSkip, recalcAllSheets } from '../helpers/libreoffice.ts';
import { child, parseXml, readManifestXml } from '../helpers/manifest.ts';
import { realFigures } from '../helpers/worker.ts';

const catalog = loadCatalog(2023);
const period = findPeriod(catalog, '2023-uoc')!;
const unit = findUnit(catalog, 'LDTBXH')!;
const manifest = parseXml(readManifestXml());
const ADDIN_ID = child(manifest, 'Id').text;
const VERSION = child(manifest, 'Version').text;

let plain: Uint8Array;
let filled: Uint8Array;
let auto: Uint8Array;

beforeAll(async () => {
  plain = await buildTemplate(catalog, period, unit, { password: 'phuluc', generatedAt: '2023-11-01T08:00:00.000Z', autoOpen: false });
  filled = await fillTemplate(plain, realFigures(catalog, unit, false));
  auto = addTaskpaneAutoOpen(filled, { addinId: ADDIN_ID, version: VERSION });
});

afterAll(() => disposeLibreOffice());

const text = (bytes: Uint8Array, part: string) => strFromU8(unzipSync(bytes)[part]);

describe('addTaskpaneAutoOpen', () => {
  it('adds the task-pane and web-extension parts, their relationships and content types', () => {
    const parts = unzipSync(auto);
    for (const p of [TASKPANES_PART, TASKPANES_RELS_PART, WEBEXTENSION_PART]) expect(parts[p], p).toBeDefined();
    // Everything exceljs wrote is still there, byte for byte, apart from the two edited parts.
    const before = unzipSync(filled);
    for (const [name, data] of Object.entries(before)) {
      if (name === '[Content_Types].xml' || name === '_rels/.rels') continue;
      expect(parts[name], name).toEqual(data);
    }

    const types = parseXml(text(auto, '[Content_Types].xml'));
    const overrides = types.children.filter((c) => c.tag === 'Override').map((o) => [o.attrs.PartName, o.attrs.ContentType]);
    expect(overrides).toContainEqual([`/${TASKPANES_PART}`, TASKPANES_CONTENT_TYPE]);
    expect(overrides).toContainEqual([`/${WEBEXTENSION_PART}`, WEBEXTENSION_CONTENT_TYPE]);

    const rels = parseXml(text(auto, '_rels/.rels')).children.map((r) => r.attrs);
    const pane = rels.filter((r) => r.Type === TASKPANES_REL_TYPE);
    expect(pane).toEqual([expect.objectContaining({ Target: TASKPANES_PART })]);
    expect(new Set(rels.map((r) => r.Id)).size).toBe(rels.length);
    // The workbook's own relationship is untouched.
    expect(rels.some((r) => r.Target === 'xl/workbook.xml')).toBe(true);

    const taskpanes = parseXml(text(auto, TASKPANES_PART));
    expect(taskpanes.tag).toBe('wetp:taskpanes');
    const tp = child(taskpanes, 'wetp:taskpane');
    expect(tp.attrs).toMatchObject({ dockstate: 'right', visibility: '1', width: '350' });
    const ref = child(tp, 'wetp:webextensionref').attrs['r:id'];
    const paneRels = parseXml(text(auto, TASKPANES_RELS_PART)).children.map((r) => r.attrs);
    expect(paneRels).toEqual([{ Id: ref, Type: WEBEXTENSION_REL_TYPE, Target: 'webextension1.xml' }]);

    const we = parseXml(text(auto, WEBEXTENSION_PART));
    expect(we.tag).toBe('we:webextension');
    expect(we.attrs.id).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(child(we, 'we:reference').attrs).toEqual({ id: ADDIN_ID, version: VERSION, store: 'EXCatalog', storeType: 'EXCatalog' });
    expect(child(child(we, 'we:properties'), 'we:property').attrs).toEqual({ name: AUTO_SHOW_PROPERTY, value: 'true' });
  });

  it('is idempotent, and takes a shared-folder catalogue with its path', () => {
    const twice = addTaskpaneAutoOpen(auto, { addinId: ADDIN_ID, version: VERSION });
    const rels = parseXml(text(twice, '_rels/.rels')).children.filter((r) => r.attrs.Type === TASKPANES_REL_TYPE);
    expect(rels).toHaveLength(1);
    const types = text(twice, '[Content_Types].xml');
    expect(types.split(`PartName="/${WEBEXTENSION_PART}"`)).toHaveLength(2);
    const share = addTaskpaneAutoOpen(filled, {
      addinId: ADDIN_ID,
      version: VERSION,
      storeType: 'FileSystem',
      store: '\\\\may-chu\\phuluc-addin & "mẫu"',
      visibleFirstTime: false,
    });
    expect(child(parseXml(text(share, WEBEXTENSION_PART)), 'we:reference').attrs).toMatchObject({
      storeType: 'FileSystem',
      store: '\\\\may-chu\\phuluc-addin & "mẫu"',
    });
    expect(child(parseXml(text(share, TASKPANES_PART)), 'wetp:taskpane').attrs.visibility).toBe('0');
  });

  it('refuses what Office could not resolve', () => {
    expect(() => addTaskpaneAutoOpen(filled, { addinId: 'PhuLuc1', version: VERSION })).toThrow(/GUID/);
    expect(() => addTaskpaneAutoOpen(filled, { addinId: ADDIN_ID, version: 'mới' })).toThrow(/version/);
    expect(() => addTaskpaneAutoOpen(filled, { addinId: ADDIN_ID, version: VERSION, storeType: 'FileSystem' })).toThrow(/store/);
  });

  it('leaves a file the worker screens and reads exactly as before', () => {
    const screened = screenWorkbook(auto);
    expect(screened.ok, JSON.stringify(screened)).toBe(true);
    const before = parseSubmission(filled, collectionOf(catalog, period));
    const after = parseSubmission(auto, collectionOf(catalog, period));
    expect(before.ok).toBe(true);
    expect(after).toEqual(before);
    expect(Object.keys(after.rows)).toHaveLength(2);
  });

  it('leaves a file exceljs loads with its sheets', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(auto as unknown as ArrayBuffer);
    expect(wb.getWorksheet(SHEET_NAME)?.getCell('A1').value).toBe(catalog.appendix.title);
  });

  it.skipIf(!libreOfficeOrSkip('kiểm thử mở sổ làm việc bằng LibreOffice'))('leaves a file LibreOffice opens, with the same cells', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'webext-'));
    const a = path.join(dir, 'plain.xlsx');
    const b = path.join(dir, 'auto.xlsx');
    writeFileSync(a, filled);
    writeFileSync(b, auto);
    const sheets = await recalcAllSheets([a, b]);
    const rowsA = sheets.get(a)!.get(SHEET_NAME)!;
    const rowsB = sheets.get(b)!.get(SHEET_NAME)!;
    expect(rowsB.length).toBeGreaterThan(5);
    expect(cellAt(rowsB, 'A1')).toBe(catalog.appendix.title);
    expect(rowsB).toEqual(rowsA);
  });
});
