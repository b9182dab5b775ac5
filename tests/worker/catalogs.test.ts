/**
 * Issue 22: the pane needs no build when a catalogue changes. A template carries the catalogue it
 * was made from in its very hidden metadata sheet (read back the same way by the worker's reader
 * and by the pane: shared/template-read.ts catalogFromMeta); to create a template, the pane asks the
 * worker it is enrolled with (GET /api/v1/catalogs, behind the unit's access token, real HTTP).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogHash, findUnit, reportingUnits } from '../../shared/catalog.ts';
import { CATALOG_META_CHUNK, META_SHEET, templateModel } from '../../shared/layout.ts';
import { catalogFromMeta, metaEntries } from '../../shared/template-read.ts';
import { fetchCatalogs } from '../../addin/app/intake.ts';
import { buildTemplateView } from '../../addin/app/view-model.ts';
import { interpretRead } from '../../addin/office/read.ts';
import { CATALOGS_PATH } from '../../shared/intake.ts';
import { startHttp, type HttpHandle } from '../../worker/http/server.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService } from '../../worker/service.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { tempDir, testConfig } from '../helpers/worker.ts';

const ORIGIN = 'https://localhost:3000';
const TOKEN = 'pl_vhtt_test-token-catalogs-0123';

/** The metadata sheet's entries as the worker's reader reads them from the bytes. */
function metaOf(bytes: Uint8Array): Record<string, string> {
  const meta = readXlsx(bytes, [META_SHEET]).sheet(META_SHEET)!;
  const lines: unknown[][] = [];
  for (let r = 1; meta.cells.has(`A${r}`); r++) lines.push([meta.cells.get(`A${r}`)!.v, meta.cells.get(`B${r}`)?.v]);
  return metaEntries(lines);
}

describe('a template carries its catalogue', () => {
  it.each([2023, 2024] as const)('%i: the worker’s reader gets back the very catalogue (same catalogHash), in pieces under a cell’s limit', async (year) => {
    const catalog = loadCatalog(year);
    const unit = reportingUnits(catalog)[0];
    const meta = metaOf(await buildTemplate(catalog, catalog.periods[0], unit, { password: 'phuluc', generatedAt: '2024-01-01T00:00:00.000Z' }));
    const back = catalogFromMeta(meta)!;
    expect(back).toEqual(catalog);
    expect(catalogHash(back)).toBe(meta.catalogHash);
    const pieces = Object.keys(meta).filter((k) => k.startsWith('catalog:'));
    expect(pieces.length).toBe(Math.ceil(JSON.stringify(catalog).length / CATALOG_META_CHUNK));
    expect(Math.max(...pieces.map((k) => meta[k].length))).toBeLessThanOrEqual(32_767);
  });

  it('a damaged or missing piece is no catalogue (the hash tells), never a wrong one', async () => {
    const catalog = loadCatalog(2023);
    const bytes = await buildTemplate(catalog, catalog.periods[0], findUnit(catalog, 'VHTT')!, { password: 'phuluc', generatedAt: '2024-01-01T00:00:00.000Z' });
    const meta = metaOf(bytes);
    expect(catalogFromMeta({ ...meta, 'catalog:1': meta['catalog:1'].replace('"VHTT"', '"VHTX"') })).toBeUndefined();
    expect(catalogFromMeta({ ...meta, 'catalog:2': '' })).toBeUndefined();
    const { 'catalog:1': _drop, ...without } = meta;
    expect(catalogFromMeta(without)).toBeUndefined();
    // The shared strings edited by hand: the worker's reader still gets the metadata, the catalogue is refused.
    const files = unzipSync(bytes);
    files['xl/sharedStrings.xml'] = strToU8(strFromU8(files['xl/sharedStrings.xml']).replaceAll('Gia đình văn hóa', 'Gia đình văn hoá'));
    expect(catalogFromMeta(metaOf(zipSync(files)))).toBeUndefined();
  });

  it('the pane checks a template it is given with no catalogue of its own; one made before templates carried theirs needs the worker’s', () => {
    const catalog = loadCatalog(2024);
    const model = templateModel(catalog, catalog.periods[2], findUnit(catalog, 'VHTT')!, { generatedAt: '2024-01-01T00:00:00.000Z' });
    const metaValues = model.meta.entries.map(([k, v]) => [k, v]);
    const read = interpretRead(metaValues, null, true);
    if (read.kind !== 'template') throw new Error(read.kind);
    const view = buildTemplateView(read, []);
    expect(view.ok && view.view.catalog).toEqual(catalog);
    const old = interpretRead(
      metaValues.filter(([k]) => !k.startsWith('catalog:')),
      null,
      true,
    );
    if (old.kind !== 'template') throw new Error(old.kind);
    const none = buildTemplateView(old, []);
    expect(none.ok ? '' : none.error).toMatch(
      /^Biểu mẫu này được tạo theo danh mục chỉ tiêu năm 2024 trước khi biểu mẫu mang theo danh mục.*Hãy đăng ký nộp qua mạng/,
    );
    expect(buildTemplateView(old, [{ catalog, hash: catalogHash(catalog) }]).ok).toBe(true);
  });
});

describe('GET /api/v1/catalogs on the worker', () => {
  let service: WorkerService;
  let http: HttpHandle;

  beforeAll(async () => {
    const { cfg } = testConfig(tempDir('catalogs-http'), {
      http: { enabled: true, host: '127.0.0.1', port: 0, addinOrigin: ORIGIN, maxUploadBytes: 256 * 1024, consolidateDelayMs: 50 },
    });
    service = new WorkerService(cfg, createLogger('silent'));
    await service.ledger.addToken('VHTT', TOKEN, new Date().toISOString());
    http = await startHttp(service, 0);
  });

  afterAll(async () => {
    await http.close();
    await service.stop();
  });

  it('refuses without the unit’s access token, in Vietnamese', async () => {
    for (const headers of [{}, { authorization: 'Bearer pl_vhtt_wrong' }] as Record<string, string>[]) {
      const res = await fetch(`${http.url}${CATALOGS_PATH}`, { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toMatch(
        headers.authorization ? /^Mã truy cập không đúng hoặc đã bị thu hồi\./ : /^Chưa có mã truy cập của đơn vị\./,
      );
    }
  });

  it('answers the catalogue it collects (the one it checks templates against) to the add-in’s origin, preflight included', async () => {
    const preflight = await fetch(`${http.url}${CATALOGS_PATH}`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const res = await fetch(`${http.url}${CATALOGS_PATH}`, { headers: { authorization: `Bearer ${TOKEN}`, origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const body = (await res.json()) as { catalogs: unknown[]; period: string };
    expect(body.period).toBe(service.cfg.period.id);
    expect(body.catalogs).toEqual([JSON.parse(JSON.stringify(service.cfg.catalog))]);
    const other = await fetch(`${http.url}${CATALOGS_PATH}`, { headers: { authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the pane’s fetchCatalogs gets it, with the same catalogHash a template of it carries', async () => {
    const r = await fetchCatalogs({ intakeUrl: http.url, token: TOKEN, folder: '' }, { pageProtocol: 'http:' });
    if (!r.ok) throw new Error(r.message);
    expect(r.period).toBe(service.cfg.period.id);
    expect(catalogHash(r.catalogs[0])).toBe(catalogHash(service.cfg.catalog));
    const refused = await fetchCatalogs({ intakeUrl: http.url, token: 'pl_vhtt_wrong', folder: '' }, { pageProtocol: 'http:' });
    expect(refused).toMatchObject({ ok: false, fix: 'settings' });
  });
});
