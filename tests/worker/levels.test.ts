/**
 * Levels of government end to end, with real files on the embedded defaults: the three-level demo
 * (wards → Hồng Lĩnh → Hà Tĩnh, with Kỳ Anh beside it). The town's appendix made partly from its
 * wards equals the real 2023 Phụ lục 1; the province's figures are its towns' as their appendices
 * print them, rolled up by each indicator's rule; a town's appendix also arrives by the intake,
 * and what cannot be taken from an appendix is refused with the reason.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMet } from '../../shared/assess.ts';
import { findUnit, type Catalog } from '../../shared/catalog.ts';
import { formatFigure } from '../../shared/report.ts';
import { readActual } from '../../shared/target.ts';
import { LOWER_SHEET } from '../../worker/consolidate/rollup.ts';
import { levelFigures, runLevelsDemo, type LevelResult } from '../../worker/demo-levels.ts';
import { API, XLSX_TYPE } from '../../worker/http/intake.ts';
import { startHttp } from '../../worker/http/server.ts';
import { sha256 } from '../../worker/ingest/archive.ts';
import { ingest } from '../../worker/ingest/index.ts';
import { readXlsx, type SheetRead } from '../../worker/ingest/read/xlsx.ts';
import { loadConfig } from '../../worker/config.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { normalizeLabel, realAppendix } from '../helpers/catalog.ts';
import { tempDir, withoutMark } from '../helpers/worker.ts';

let root: string;
let levels: LevelResult[];
const book = (file: string) => readXlsx(readFileSync(file));
const text = (s: SheetRead, a: string) => String(s.cells.get(a)?.v ?? '');

/** An appendix's figures as a reader takes them from the sheet: by the row its metadata gives each indicator. */
function figuresOf(file: string): Map<string, { printed: string; status: string }> {
  const wb = book(file);
  const meta = wb.sheet('_phuluc')!;
  const sheet = wb.sheet('Phụ lục 1')!;
  const out = new Map<string, { printed: string; status: string }>();
  for (let r = 1; r < 200; r++) {
    const k = text(meta, `A${r}`);
    if (!k) break;
    if (k.startsWith('row:')) {
      const row = Number(text(meta, `B${r}`));
      out.set(k.slice(4), { printed: withoutMark(text(sheet, `E${row}`)), status: text(sheet, `F${row}`) });
    }
  }
  return out;
}

beforeAll(async () => {
  root = tempDir('levels');
  levels = await runLevelsDemo(path.join(root, 'demo'));
});

describe('the three-level demo', () => {
  it('the town: its appendix, partly made from its wards, equals the real 2023 Phụ lục 1; the wards are on its second sheet', () => {
    const [town] = levels;
    const real = realAppendix();
    const wb = book(town.summary.appendix.file);
    const sheet = wb.sheet('Phụ lục 1')!;
    for (const r of real.rows) {
      const row = 4 + r.stt;
      expect(withoutMark(text(sheet, `E${row}`)), `row ${r.stt}`).toBe(r.actual);
      expect(text(sheet, `F${row}`), `row ${r.stt}`).toBe(normalizeLabel(r.assessment));
    }
    const wards = levelFigures().wards;
    const population = Object.values(wards).reduce(
      (a, w) => a + (readActual(w.DAN_SO_TB).kind === 'number' ? (readActual(w.DAN_SO_TB) as { value: number }).value : NaN),
      0,
    );
    expect(figuresOf(town.summary.appendix.file).get('DAN_SO_TB')!.printed).toBe(
      formatFigure(
        town.catalog.indicators.find((i) => i.code === 'DAN_SO_TB')!,
        population,
      ),
    );
    expect(wb.sheets.map((s) => s.name).slice(0, 3)).toEqual(['Phụ lục 1', '_phuluc', LOWER_SHEET]);
    const lower = wb.sheet(LOWER_SHEET)!;
    const names = [...lower.cells].filter(([a]) => a.startsWith('D')).map(([, c]) => String(c.v));
    for (const w of Object.keys(wards))
      expect(
        names.filter((n) => n === findUnit(town.catalog, w)!.name),
        w,
      ).toHaveLength(5);
    expect(town.summary.appendix.statuses.every((s) => s.state === 'accepted')).toBe(true);
  });

  it('the province: each rolled-up figure is its towns’ figures by the indicator’s rule; its own department’s figure beside them', () => {
    const [town, second, province] = levels;
    const towns = [figuresOf(town.summary.appendix.file), figuresOf(second.summary.appendix.file)];
    const got = figuresOf(province.summary.appendix.file);
    const c: Catalog = province.catalog;
    const num = (s: string) => {
      const a = readActual(s);
      if (a.kind !== 'number') throw new Error(`not a number: ${s}`);
      return a.value;
    };
    for (const ind of c.indicators) {
      const xs = towns.map((t) => t.get(ind.code)!);
      const printed = got.get(ind.code)!.printed;
      const weights = towns.map((t) => num(t.get('DAN_SO_TB')!.printed));
      switch (ind.rollup?.rule) {
        case 'sum':
          expect(printed, ind.code).toBe(
            formatFigure(
              ind,
              xs.reduce((a, x) => a + num(x.printed), 0),
            ),
          );
          break;
        case 'min':
          expect(printed, ind.code).toBe(formatFigure(ind, Math.min(...xs.map((x) => num(x.printed)))));
          break;
        case 'weighted_average': {
          const avg = xs.reduce((a, x, i) => a + num(x.printed) * weights[i], 0) / weights.reduce((a, b) => a + b, 0);
          expect(printed, ind.code).toBe(ind.actualFormat.replace('{}', formatFigure(ind, avg)));
          break;
        }
        case 'count_met':
          expect(printed, ind.code).toBe(String(xs.filter((x) => ['Vượt KH', 'Đạt KH'].includes(x.status)).length));
          break;
        case 'list':
          expect(printed, ind.code).toMatch(/Số liệu cấp dưới/);
          break;
        default:
          expect(printed, ind.code).toBe(levelFigures().province[ind.code].printed);
      }
    }
    // The second sheet: each town's figure for the listed row, as it printed it.
    const lower = book(province.summary.appendix.file).sheet(LOWER_SHEET)!;
    const rowsOf = (unit: string) => [...lower.cells].filter(([a, cell]) => a.startsWith('D') && cell.v === unit).map(([a]) => Number(a.slice(1)));
    const listed = rowsOf('UBND thị xã Kỳ Anh').map((r) => text(lower, `E${r}`));
    expect(listed).toContain(levelFigures().kyAnh.GTSX.printed);
    expect(listed).toContain(levelFigures().kyAnh.RAC_THAI.printed);
    expect(province.summary.appendix.statuses.map((s) => [s.code, s.state])).toEqual([
      ['SKHDT', 'accepted'],
      ['HONG_LINH', 'accepted'],
      ['KY_ANH', 'accepted'],
    ]);
    expect(isMet(province.summary.appendix.content.results.find((r) => r.indicator.code === 'DT_GIEO_TRONG')!.assessment.status)).toBe(true);
  });
});

describe('a town’s appendix as a submission to the province', () => {
  let service: WorkerService;
  let url: string;
  let close: () => Promise<void>;
  const TOKENS = { HONG_LINH: 'pl_hong_linh_test-token-0123456789', KY_ANH: 'pl_ky_anh_test-token-0123456789' };
  const post = (bytes: Uint8Array, token: string, name: string) =>
    fetch(`${url}${API}`, {
      method: 'POST',
      body: bytes as BodyInit,
      headers: { authorization: `Bearer ${token}`, 'content-type': XLSX_TYPE, 'x-file-name': encodeURIComponent(name) },
    });
  const take = async (bytes: Uint8Array, name: string) =>
    (await ingest(await service.ingestContext(), { bytes, fileName: name, source: 'inbox', receivedAt: new Date().toISOString() })).record;

  beforeAll(async () => {
    const cfg = loadConfig(undefined, {
      dataDir: path.join(root, 'ha-tinh-intake'),
      catalog: levels[2].catalogFile,
      inbox: { settleMs: 0 },
      logLevel: 'silent',
      http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: 'https://localhost:3000', maxUploadBytes: 1048576, consolidateDelayMs: 50 },
    });
    service = new WorkerService(cfg, createLogger('silent'));
    for (const [unit, token] of Object.entries(TOKENS)) await service.ledger.addToken(unit, token, new Date().toISOString());
    const http = await startHttp(service, 0);
    url = http.url;
    close = http.close;
  });
  afterAll(async () => {
    await close?.();
    await service?.stop();
  });

  it('arrives by the intake with the town’s access code; the province’s appendix names the town still missing', async () => {
    const [town, second] = levels;
    const hl = new Uint8Array(readFileSync(town.summary.appendix.file));
    const ka = new Uint8Array(readFileSync(second.summary.appendix.file));
    const other = await post(ka, TOKENS.HONG_LINH, 'Phu luc 1 - Ky Anh.xlsx');
    expect(other.status).toBe(403);
    const res = await post(hl, TOKENS.HONG_LINH, 'Phu luc 1 - Hong Linh.xlsx');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      accepted: true,
      receipt: { status: 'accepted', unit: 'HONG_LINH', unitName: 'UBND thị xã Hồng Lĩnh', sha256: sha256(hl) },
    });

    const a = await service.consolidateNow();
    const sheet = book(a.file).sheet('Phụ lục 1')!;
    const row = a.content.model.rows.find((r) => r.indicator === 'DT_GIEO_TRONG')!.row;
    expect(withoutMark(text(sheet, `E${row}`))).toBe(figuresOf(town.summary.appendix.file).get('DT_GIEO_TRONG')!.printed);
    const notes = [...sheet.cells].map(([, c]) => String(c.v)).filter((v) => v.includes('Tổng hợp từ 1/2 đơn vị cấp dưới'));
    expect(notes.length).toBeGreaterThan(0);
    expect(notes[0]).toContain('chưa có số liệu của UBND thị xã Kỳ Anh');
    expect(a.statuses.find((s) => s.code === 'KY_ANH')!.state).toBe('missing');
  });

  it('what cannot be taken is refused, saying why', async () => {
    const [town] = levels;
    const { appendixModel } = await import('../../shared/layout.ts');
    const { renderWorkbook } = await import('../../worker/render/exceljs.ts');
    const { loadCatalogFile } = await import('../../worker/config.ts');
    const { findPeriod } = await import('../../shared/catalog.ts');
    const render = async (c: Catalog, period = 'uoc') =>
      renderWorkbook(appendixModel(c, findPeriod(c, `2023-${period}`)!, { generatedAt: new Date().toISOString(), values: {} }).model);

    const plain = await take(await render(loadCatalogFile()), 'phu-luc-khong-cap.xlsx');
    expect(plain.status).toBe('rejected');
    expect(plain.problems[0].message).toMatch(/không ghi đơn vị lập/);

    const sixMonths = await take(await render(town.catalog, '6t'), 'phu-luc-6-thang.xlsx');
    expect(sixMonths.problems[0].message).toMatch(/thuộc kỳ “Thực hiện 6 tháng đầu năm 2023”, hệ thống đang thu kỳ “Ước thực hiện năm 2023”/);

    const stranger = await take(await render({ ...town.catalog, organisation: { unit: 'NGHI_XUAN', name: 'UBND huyện Nghi Xuân' } }), 'nghi-xuan.xlsx');
    expect(stranger.problems[0].message).toMatch(/của “UBND huyện Nghi Xuân” không thuộc các đơn vị cấp dưới/);
    expect(stranger.unit).toBeNull();

    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(town.summary.appendix.file) as unknown as ArrayBuffer);
    const row = figuresRow(town, 'SL_LUONG_THUC');
    wb.getWorksheet('Phụ lục 1')!.getCell(`E${row}`).value = 'khoảng mười lăm nghìn tấn';
    const edited = await take(new Uint8Array(await wb.xlsx.writeBuffer()), 'sua-tay.xlsx');
    expect(edited.status).toBe('rejected');
    expect(edited.problems[0]).toMatchObject({ sheet: 'Phụ lục 1', cell: `E${row}`, indicator: 'SL_LUONG_THUC' });
  });

  it('a town’s own appendix dropped in its own inbox is not taken as a figure of its wards', async () => {
    const [town] = levels;
    const own = new WorkerService(
      loadConfig(undefined, { dataDir: path.join(root, 'hl-own'), catalog: town.catalogFile, inbox: { settleMs: 0 }, logLevel: 'silent' }),
      createLogger('silent'),
    );
    try {
      const r = await ingest(await own.ingestContext(), {
        bytes: new Uint8Array(readFileSync(town.summary.appendix.file)),
        fileName: 'phu-luc.xlsx',
        source: 'inbox',
        receivedAt: new Date().toISOString(),
      });
      expect(r.record.status).toBe('rejected');
      expect(r.record.problems[0].message).toMatch(/bản tổng hợp Phụ lục 1 của chính đơn vị/);
    } finally {
      await own.stop();
    }
  });
});

function figuresRow(level: LevelResult, code: string): number {
  return level.summary.appendix.content.model.rows.find((r) => r.indicator === code)!.row;
}
