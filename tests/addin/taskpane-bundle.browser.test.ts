// The production pane (webpack.config.js, --mode production) boots in Chromium: with office.js
// unreachable it says so in Vietnamese; with a minimal stand-in for office.js it reads the workbook
// through officeSheetHost() and offers "Tạo biểu mẫu" with the bundled catalogues valid.
import path from 'node:path';
import webpack from 'webpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, OUT_DIR, serve, type StaticServer } from '../helpers/addin-browser.ts';

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

/**
 * Just enough office.js for a blank workbook: Office.onReady, requirement sets, and Excel.run
 * over a workbook without the template's sheets (getItemOrNullObject → null objects).
 */
const OFFICE_STUB = `
window.__syncs = 0;
window.Office = {
  HostType: { Excel: 'Excel' },
  context: { requirements: { isSetSupported: function () { return true; } } },
  onReady: function (cb) { var info = { host: 'Excel', platform: 'OfficeOnline' }; setTimeout(function () { cb(info); }, 0); return Promise.resolve(info); },
};
window.Excel = {
  run: function (batch) {
    var ctx = {
      sync: function () { window.__syncs++; return Promise.resolve(); },
      workbook: { worksheets: { getItemOrNullObject: function () { return { isNullObject: true, load: function () {} }; } } },
    };
    return Promise.resolve().then(function () { return batch(ctx); });
  },
};
`;

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  const { default: config } = (await import('../../webpack.config.js' as string)) as { default: (env: object, options: object) => Promise<webpack.Configuration> };
  const cfg = await config({}, { mode: 'production' });
  const outDir = path.join(OUT_DIR, 'pane');
  cfg.output = { ...cfg.output, path: outDir };
  const stats = await new Promise<webpack.Stats>((resolve, reject) => {
    webpack(cfg, (err, result) => (err || !result ? reject(err ?? new Error('no stats')) : resolve(result)));
  });
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  server = await serve(outDir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(officeJs: 'unreachable' | 'stub'): Promise<{ page: Page; offsite: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 320, height: 800 } });
  const offsite: string[] = [];
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url)) return route.continue();
    if (url === OFFICE_JS && officeJs === 'stub') return route.fulfill({ contentType: 'text/javascript', body: OFFICE_STUB });
    if (url !== OFFICE_JS) offsite.push(url);
    return route.abort();
  });
  await page.goto(`${server.url}taskpane.html`);
  return { page, offsite, errors };
}

describe('production pane bundle in Chromium', () => {
  it('says in Vietnamese that office.js could not be loaded', async () => {
    const { page, offsite, errors } = await open('unreachable');
    await expect.poll(() => page.getByText('Không tải được thư viện Office.js').count()).toBe(1);
    expect(offsite).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reads a blank workbook through Office.js (one sync) and offers “Tạo biểu mẫu”', async () => {
    const { page, offsite, errors } = await open('stub');
    await expect.poll(() => page.getByRole('heading', { name: 'Tạo biểu mẫu' }).count()).toBe(1);
    expect(await page.getByText('không hợp lệ').count()).toBe(0);
    // readTemplate on a workbook without the metadata sheet stops after its first sync.
    expect(await page.evaluate(() => (window as unknown as { __syncs: number }).__syncs)).toBe(1);
    await page.getByRole('combobox', { name: 'Danh mục chỉ tiêu' }).click();
    expect(await page.getByRole('option').allTextContents()).toEqual([
      'Năm 2023 – Nghị quyết số 51/NQ-HĐND ngày 27/12/2022',
      'Năm 2024 – Nghị quyết số …/NQ-HĐND',
    ]);
    expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.includes('FabricMDL2Icons') && f.status === 'loaded'))).toBe(true);
    expect(offsite).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
