// The production pane (webpack.config.js, --mode production) in Chromium: with office.js
// unreachable it says so in Vietnamese; with a minimal stand-in for office.js it reads the workbook
// through officeSheetHost() (ExcelApi 1.4+ and 1.1 paths) and offers "Tạo biểu mẫu", saying where
// the catalogues come from (the worker it is enrolled with: the bundle has none); with the user agent of Internet Explorer (Trident) or Edge Legacy (EdgeHTML),
// the webviews of Office 2016/2019 with a volume licence, the page's ES5 script shows what still
// works instead, and the React bundle is never even requested.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import webpack from 'webpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { checkState, ensureDir, launchChromium, OUT_DIR, SCREENSHOT_DIR, serve, type StaticServer } from '../helpers/addin-browser.ts';

const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
const TRIDENT = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; rv:11.0) like Gecko';
const EDGE_HTML = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045';

/**
 * Just enough office.js for a blank workbook: Office.onReady, requirement sets up to `excelApi`,
 * and Excel.run over a workbook without the template's sheets (getItemOrNullObject → null
 * objects; worksheets.items empty for the ExcelApi 1.1 read).
 */
const officeStub = (excelApi: string) => `
window.__syncs = 0;
window.__calls = [];
var max = ${JSON.stringify(excelApi)}.split('.').map(Number);
function below(v) { var p = String(v).split('.').map(Number); return p[0] < max[0] || (p[0] === max[0] && p[1] <= max[1]); }
window.Office = {
  HostType: { Excel: 'Excel' },
  context: { requirements: { isSetSupported: function (name, v) { return name === 'ExcelApi' ? below(v) : true; } } },
  onReady: function (cb) { var info = { host: 'Excel', platform: 'PC' }; setTimeout(function () { cb(info); }, 0); return Promise.resolve(info); },
};
window.Excel = {
  run: function (batch) {
    var worksheets = {
      items: [],
      load: function (what) { window.__calls.push('load ' + what); },
      getItemOrNullObject: function () { window.__calls.push('getItemOrNullObject'); return { isNullObject: true, load: function () {} }; },
    };
    var ctx = { sync: function () { window.__syncs++; return Promise.resolve(); }, workbook: { worksheets: worksheets } };
    return Promise.resolve().then(function () { return batch(ctx); });
  },
};
`;

let server: StaticServer;
let browser: Browser;
let outDir: string;

beforeAll(async () => {
  const { default: config } = (await import('../../webpack.config.js' as string)) as {
    default: (env: object, options: object) => Promise<webpack.Configuration>;
  };
  const cfg = await config({}, { mode: 'production' });
  outDir = path.join(OUT_DIR, 'pane');
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

interface Opened {
  page: Page;
  offsite: string[];
  errors: string[];
  requested: string[];
}

async function open(officeJs: 'unreachable' | { excelApi: string }, userAgent?: string): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: 320, height: 800 }, ...(userAgent ? { userAgent } : {}) });
  const page = await context.newPage();
  const offsite: string[] = [];
  const errors: string[] = [];
  const requested: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    requested.push(url);
    if (url.startsWith(server.url)) return route.continue();
    if (url === OFFICE_JS && officeJs !== 'unreachable') return route.fulfill({ contentType: 'text/javascript', body: officeStub(officeJs.excelApi) });
    if (url !== OFFICE_JS) offsite.push(url);
    return route.abort();
  });
  await page.goto(`${server.url}taskpane.html`);
  return { page, offsite, errors, requested };
}

/** office.js failing to load is the point of one test; Chromium logs it. */
const unexpected = (errors: string[]) => errors.filter((e) => !/Failed to load resource/.test(e));
const bundleRequests = (requested: string[]) => requested.filter((u) => /taskpane\.[0-9a-f]+\.js$/.test(u));

describe('production pane bundle in Chromium', () => {
  it('says in Vietnamese that office.js could not be loaded', async () => {
    const { page, offsite, errors } = await open('unreachable');
    await expect.poll(() => page.getByText('Không tải được thư viện Office.js').count()).toBe(1);
    expect(await page.locator('main').count()).toBe(1);
    expect(offsite).toEqual([]);
    expect(unexpected(errors)).toEqual([]);
    await page.close();
  });

  it('reads a blank workbook through Office.js (one sync) and offers “Tạo biểu mẫu”', async () => {
    const { page, offsite, errors, requested } = await open({ excelApi: '1.9' });
    await expect.poll(() => page.getByRole('heading', { name: 'Tạo biểu mẫu' }).count()).toBe(1);
    expect(bundleRequests(requested)).toHaveLength(1);
    expect(await page.locator('#legacy').count()).toBe(0);
    // readTemplate on a workbook without the metadata sheet stops after its first sync.
    expect(await page.evaluate(() => (window as unknown as { __syncs: number }).__syncs)).toBe(1);
    // No catalogue in the bundle (issue 22): not enrolled yet, the pane says where it gets one.
    await expect.poll(() => page.locator('[data-catalogs-missing="settings"]').count()).toBe(1);
    expect(await page.locator('[data-catalogs-missing]').textContent()).toMatch(/phần bổ trợ lấy danh mục chỉ tiêu từ hệ thống nhận báo cáo.*Mở cài đặt$/);
    expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.includes('FabricMDL2Icons') && f.status === 'loaded'))).toBe(true);
    const c = await checkState(page);
    expect([c.serious, c.wording]).toEqual([[], []]);
    expect(offsite).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('on ExcelApi 1.1 reads through the sheet names (no *OrNullObject) and points to the template file', async () => {
    const { page, offsite, errors } = await open({ excelApi: '1.1' });
    await expect.poll(() => page.locator('[data-cannot-draw]').count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __calls: string[] }).__calls)).toEqual(['load items/name']);
    expect(offsite).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('the page for Internet Explorer and Edge Legacy webviews', () => {
  it('is ES5 (it must run in Internet Explorer 11)', () => {
    const html = readFileSync(path.join(outDir, 'taskpane.html'), 'utf8');
    const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toHaveLength(1);
    expect(() => parse(scripts[0], { ecmaVersion: 5 })).not.toThrow();
    // The check itself can fail: an arrow function is not ES5.
    expect(() => parse('var f = () => 1;', { ecmaVersion: 5 })).toThrow();
  });

  it.each([
    ['Trident (Internet Explorer 11)', TRIDENT],
    ['EdgeHTML (Edge Legacy)', EDGE_HTML],
  ])('%s: shows what still works and what to do, never a blank pane', async (name, ua) => {
    const { page, offsite, errors, requested } = await open({ excelApi: '1.8' }, ua);
    const message = page.locator('[data-legacy-message]');
    await expect.poll(() => message.isVisible()).toBe(true);
    expect(await message.textContent()).toContain('ngăn kiểm tra không mở được ở đây');
    const text = await page.locator('#legacy').innerText();
    expect(text).toContain('biểu mẫu tự kiểm tra khi nhập');
    expect(text).toContain('thư mục nộp báo cáo chung');
    expect(text).toContain('Office 2021 trở lên hoặc Microsoft 365');
    // The React bundle is not loaded at all.
    await page.waitForTimeout(300);
    expect(bundleRequests(requested)).toEqual([]);
    expect(await page.locator('#root').isVisible()).toBe(false);
    const c = await checkState(page);
    expect(c.serious).toEqual([]);
    expect(c.wording).toEqual([]);
    expect(c.scrollWidth).toBeLessThanOrEqual(320);
    await page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), `taskpane-legacy-${name.split(' ')[0].toLowerCase()}-320.png`), fullPage: true });
    expect(offsite).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
