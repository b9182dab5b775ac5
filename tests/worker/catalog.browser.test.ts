/**
 * Issue 22 in Chromium: the year's catalogue made on the console's “Danh mục chỉ tiêu” page, against
 * a real `phuluc start` serving the production build of the console (the page is a chunk of its own,
 * loaded when opened). The planning office logs in, pastes the 2024 list of the seed report
 * (tests/fixtures/chi-tieu/hong-linh-2024.txt) with the 2023 catalogue as last year's, sees the
 * proposal as a grid with the rows to review first and their reasons, fixes them in the grid (codes,
 * owners, the unit checked as one types), publishes version 2, opens the period “Thực hiện 6 tháng
 * đầu năm 2024” on it from the page and downloads the version's workbook; a department's template of
 * that period, generated through the API and filled with exceljs, is taken by the intake. A paste a
 * cell short is refused naming its line; a list uploaded as a file starts next year's draft, which
 * is discarded. The page also at 390 px: the grid scrolls inside its box, never the page sideways;
 * axe-core finds nothing serious.
 *
 * Every wait is on a condition (a busy 2-core machine is slow, not different). `phuluc start` runs
 * the compiled worker: `npm run build:node` first, as `npm test` does.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogsResponse } from '../../shared/catalog-api.ts';
import { META_SHEET } from '../../shared/layout.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { SqliteLedger } from '../../worker/ledger/sqlite.ts';
import { loadConfig, PROJECT_ROOT } from '../../worker/config.ts';
import { launchChromium, watchPage, type PageWatch } from '../helpers/addin-browser.ts';
import { buildConsolePages, consoleConfig, ConsoleClient, phuluc, startWorker, submit, type Started } from '../helpers/console.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { tempDir } from '../helpers/worker.ts';

const LIST = readFileSync(path.join(import.meta.dirname, '../fixtures/chi-tieu/hong-linh-2024.txt'), 'utf8');
const OFFICER = { name: 'lan', password: 'mat-khau-cua-lan-2024' };
const TTYT_TOKEN = 'pl_ttyt_catalog-browser-0123456789';
const C2024 = 'hong-linh-2024';
/** The rows the proposal flags (their index in the draft) and what the office settles in the grid. */
const FIXES: Record<number, { code?: string; owner?: string }> = {
  15: { code: 'Y_TE_XA', owner: 'TTYT' },
  16: {},
  20: {},
  21: { code: 'PHUONG_VAN_MINH', owner: 'VHTT' },
  22: { code: 'PHUONG_CO_BAN_VM', owner: 'VHTT' },
};

const dir = tempDir('catalog-browser');
const SHOTS = mkdtempSync(path.join(tmpdir(), 'phuluc-catalog-shots-'));
const AXE = path.join(PROJECT_ROOT, 'node_modules/axe-core/axe.min.js');
const configFile = consoleConfig(dir, new Date(Date.now() + 10 * 86_400_000).toISOString().replace(/\.\d+Z$/, '+00:00'));

let worker: Started;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;
const chunkAnswers: number[] = [];

beforeAll(async () => {
  const cfg = loadConfig(configFile);
  const [pages] = await Promise.all([
    buildConsolePages(),
    (async () => {
      const ledger = new SqliteLedger(cfg.paths.ledger);
      await ledger.addToken('TTYT', TTYT_TOKEN, new Date().toISOString());
      await ledger.close();
      const r = await phuluc(['user', 'add', OFFICER.name, '--role', 'ke-hoach', '--config', configFile], { input: `${OFFICER.password}\n` });
      expect(r.code, r.stderr).toBe(0);
    })(),
  ]);
  worker = await startWorker(configFile, { PHULUC_CONSOLE_DIR: pages });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', acceptDownloads: true });
  await context.addInitScript({ path: AXE });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  watch = await watchPage(page, worker.url);
  page.on('response', (res) => {
    if (new URL(res.url()).pathname === '/console-catalog.js') chunkAnswers.push(res.status());
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

/** axe-core on the page as it is: no serious or critical violation. */
async function axe(): Promise<unknown[]> {
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
    };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

const row = (i: number) => page.locator(`tr[data-row="${i}"]`);
const summary = (attr: string) => page.locator(`[data-draft-summary] span[${attr}]`);

describe.sequential('the year’s catalogue on the console’s page', { timeout: 180_000 }, () => {
  it('the planning office logs in and opens “Danh mục chỉ tiêu”, a chunk the worker serves', async () => {
    await page.goto(`${worker.url}/`);
    await page.getByLabel('Tên tài khoản').fill(OFFICER.name);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(OFFICER.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('[data-board]').waitFor();
    await page.getByRole('link', { name: 'Danh mục chỉ tiêu' }).click();
    await page.getByRole('heading', { name: 'Danh mục chỉ tiêu', exact: true }).waitFor();
    await page
      .locator(`[data-catalog="${C2024}"]`)
      .waitFor({ timeout: 15_000 })
      .catch(async (e: unknown) => {
        throw new Error(`${String(e)}\n${await page.locator('main').innerText()}\n${watch.problems.join('\n')}`);
      });
    expect(chunkAnswers).toEqual([200]);
  });

  it('proposes the 2024 catalogue from the pasted list: a grid, the five rows to review first with their reasons', async () => {
    const form = page.locator('form[data-start="propose"]');
    await form.locator('input[data-field="year"]').fill('2024');
    await form.locator('select[data-field="previous"]').selectOption('hong-linh-2023@1');
    // A table with a row a cell short is refused, naming its line.
    await form
      .locator('textarea[data-field="list"]')
      .fill('STT\tChỉ tiêu\tĐơn vị tính\tKế hoạch năm 2024\n1\tThu nhập bình quân đầu người\ttriệu đồng\tTrên 75\n2\tViệc làm mới\t900\n');
    await form.getByRole('button', { name: 'Đề xuất danh mục' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/^Không đọc được danh sách chỉ tiêu: Dòng 3: có 3 cột, bảng có 4 cột/);
    await form.locator('textarea[data-field="list"]').fill(LIST);
    await form.getByRole('button', { name: 'Đề xuất danh mục' }).click();
    await page.locator('[data-draft-summary]').waitFor();
    await expect.poll(() => summary('data-open-points').getAttribute('data-open-points')).toBe('7');
    expect(await summary('data-errors').getAttribute('data-errors')).toBe('0');
    expect(await page.locator('table[data-grid] tbody tr').count()).toBe(24);
    // The rows with points come first, each with its reasons beside it.
    const flagged = await page
      .locator('table[data-grid] tbody tr[data-open-points]')
      .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row'))));
    expect(flagged).toEqual([15, 16, 20, 21, 22]);
    const first = await page.locator('table[data-grid] tbody tr').first().getAttribute('data-row');
    expect(first).toBe('15');
    expect(await row(15).locator('[data-point="owner"]').textContent()).toContain('Chỉ tiêu mới: đề xuất đơn vị phụ trách là Trung tâm Y tế');
    expect(await row(20).locator('[data-point]').count()).toBe(3);
    expect(await row(20).locator('[data-point="unit"]').textContent()).toContain('Đơn vị tính đổi từ “Nhà” (năm 2023) sang “%”');
    expect(await row(15).locator('mark').textContent()).toBeTruthy();
  });

  it('checks as one types: an empty unit is said on its field at once, and goes when typed back', async () => {
    const unit = row(20).locator('input[data-field="unit"]');
    await unit.fill('');
    await expect.poll(() => unit.getAttribute('aria-invalid')).toBe('true');
    await row(20).locator('td[data-label="Đơn vị tính"] [data-messages]').waitFor();
    expect(Number(await summary('data-errors').getAttribute('data-errors'))).toBeGreaterThan(0);
    await unit.fill('%');
    await expect.poll(() => unit.getAttribute('aria-invalid')).toBe(null);
    await expect.poll(() => summary('data-errors').getAttribute('data-errors')).toBe('0');
    // A number typed the Vietnamese way, read as typed; an unreadable one is said beside the field.
    const value = row(20).locator('input[data-field="value"]');
    await value.fill('1OO');
    await expect.poll(() => value.getAttribute('aria-invalid')).toBe('true');
    await value.fill('100');
    await expect.poll(() => value.getAttribute('aria-invalid')).toBe(null);
  });

  it('fixes the flagged rows in the grid (codes, owners) and marks every point reviewed', async () => {
    for (const [i, fix] of Object.entries(FIXES)) {
      if (fix.code) await row(Number(i)).locator('input[data-field="code"]').fill(fix.code);
      if (fix.owner) await row(Number(i)).locator('select[data-field="owner"]').selectOption(fix.owner);
      const points = row(Number(i)).locator('[data-point] button');
      while (await points.count()) {
        const before = await points.count();
        await points.first().click();
        await expect.poll(() => points.count()).toBe(before - 1);
      }
    }
    const draftPoints = page.locator('[data-draft-points] button');
    while (await draftPoints.count()) await draftPoints.first().click();
    await expect.poll(() => summary('data-open-points').getAttribute('data-open-points')).toBe('0');
    expect(await summary('data-errors').getAttribute('data-errors')).toBe('0');
    expect(await page.locator('tr[data-open-points]').count()).toBe(0);
    expect(await row(15).locator('input[data-field="code"]').inputValue()).toBe('Y_TE_XA');
  });

  it('previews a department’s template as the draft stands, unsaved changes included', async () => {
    await page.getByRole('tab', { name: 'Xem trước biểu mẫu, phụ lục' }).click();
    const preview = page.locator('[data-preview]');
    await preview.locator('select[data-field="preview-what"]').selectOption('TTYT');
    await expect
      .poll(async () => ((await preview.locator('table').count()) > 0 && (await preview.locator('table').first().textContent())) || '')
      .toContain('Bộ tiêu chí Quốc gia về Y tế xã');
    await page.getByRole('tab', { name: /^Chỉ tiêu/ }).click();
    await page.locator('table[data-grid]').waitFor();
  });

  it('at 390 px the grid scrolls inside its box, the page never sideways', async () => {
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: `page at ${width} px` })
        .toBeLessThanOrEqual(0);
      const box = await page.locator('[role="region"][aria-label="Các chỉ tiêu của bản đề xuất"]').evaluate((el) => ({
        scrolls: el.scrollHeight > el.clientHeight || el.scrollWidth > el.clientWidth,
        style: getComputedStyle(el).overflowY,
      }));
      expect(box, `grid at ${width} px`).toEqual({ scrolls: true, style: 'auto' });
      await page.screenshot({ path: path.join(SHOTS, `ban-de-xuat-${width}.png`) });
      expect(await axe(), `axe at ${width} px`).toEqual([]);
    }
  });

  it('publishes as a new version: saved first, asked, then version 2', async () => {
    await page.getByRole('button', { name: 'Công bố danh mục…' }).click();
    await page.locator('[data-confirm="publish"]').waitFor();
    await page.getByRole('button', { name: 'Xác nhận công bố' }).click();
    await page.locator('[data-published="2"]').waitFor();
    expect(await page.locator('[data-published]').textContent()).toContain('Đã công bố danh mục chỉ tiêu năm 2024: phiên bản 2.');
  });

  it('opens “Thực hiện 6 tháng đầu năm 2024” on version 2 from the page, and exports the version’s workbook', async () => {
    await page.getByRole('link', { name: /Về danh mục chỉ tiêu/ }).click();
    const section = page.locator(`[data-catalog="${C2024}"]`);
    await section.locator('tr[data-version="2"]').waitFor();
    const form = section.locator(`form[data-open-period="${C2024}"]`);
    await form.locator('select[data-field="open-period"]').selectOption('2024-6t');
    await form.locator('input[data-field="open-date"]').fill('2030-06-15');
    await form.locator('input[data-field="open-time"]').fill('17:00');
    // Said back in the system's one format, whatever order the browser shows a date field in.
    expect(await form.locator('[data-deadline-words]').textContent()).toBe('Hạn nộp sẽ là 17:00 ngày 15/06/2030 (thứ Bảy).');
    await form.getByRole('button', { name: 'Mở kỳ báo cáo' }).click();
    await page.getByText('Đã mở kỳ “Thực hiện 6 tháng đầu năm 2024”').waitFor();
    await section.locator('tr[data-version="2"] [data-period="2024-6t"]').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      section.locator('tr[data-version="2"]').getByRole('link', { name: 'Tải Excel (.xlsx)' }).click(),
    ]);
    const file = path.join(dir, 'danh-muc-2024-v2.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.length).toBeGreaterThan(1);
    const text = wb.worksheets
      .flatMap((ws) =>
        ws
          .getSheetValues()
          .flat()
          .map((v) => String(v ?? '')),
      )
      .join('\n');
    expect(text).toContain('Y_TE_XA');
  });

  it('a list uploaded as a file starts next year’s draft the same way; the draft is discarded from the page', async () => {
    await page.goto(`${worker.url}/#/danh-muc`);
    const form = page.locator('form[data-start="propose"]');
    await form.locator('input[data-field="year"]').fill('2025');
    await form.locator('select[data-field="previous"]').selectOption(`${C2024}@2`);
    await form.locator('input[data-field="list-file"]').setInputFiles({ name: 'chỉ tiêu 2025.txt', mimeType: 'text/plain', buffer: Buffer.from(LIST, 'utf8') });
    await form.getByRole('button', { name: 'Đề xuất danh mục' }).click();
    await page.getByRole('heading', { name: 'Danh mục chỉ tiêu năm 2025 — bản đề xuất' }).waitFor();
    await expect.poll(() => page.locator('table[data-grid] tbody tr').count()).toBe(24);
    // Last year's codes carried: the rows fixed in 2024 continue.
    expect(await page.locator('table[data-grid] tbody tr[data-code="Y_TE_XA"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Bỏ bản đề xuất…' }).click();
    await page.getByRole('button', { name: 'Xác nhận bỏ' }).click();
    await page.locator(`[data-catalog="${C2024}"]`).waitFor();
    expect(await page.locator('[data-draft="2025"]').count()).toBe(0);
  });

  it('a department’s template of that period, generated through the API and filled with exceljs, is taken with the unit’s token', async () => {
    const office = new ConsoleClient(worker.url);
    expect((await office.login(OFFICER.name, OFFICER.password)).status).toBe(200);
    const list = (await office.request('GET', '/catalogs')).body as CatalogsResponse;
    const c = list.catalogs.find((x) => x.id === C2024)!;
    expect(c.versions[0]).toMatchObject({ version: 2, createdBy: expect.any(String) });
    expect(c.versions[0].periods).toEqual([expect.objectContaining({ id: '2024-6t', header: 'Thực hiện 6 tháng đầu năm 2024', open: true })]);

    const tpl = await office.request('GET', '/templates/TTYT.xlsx?period=2024-6t');
    expect(tpl.status).toBe(200);
    const bytes = tpl.body as Uint8Array;
    const meta = readXlsx(bytes).sheet(META_SHEET)!;
    const said = new Map<string, string>();
    for (let r = 1; meta.cells.has(`A${r}`); r++) said.set(String(meta.cells.get(`A${r}`)!.v), String(meta.cells.get(`B${r}`)?.v ?? ''));
    expect([said.get('catalogId'), said.get('catalogVersion'), said.get('period')]).toEqual([C2024, '2', '2024-6t']);

    const filled = await fillTemplate(
      bytes,
      new Map([
        [15, { value: 0.9, note: null }],
        [16, { value: 1, note: null }],
      ]),
    );
    const r = await submit(worker.url, TTYT_TOKEN, filled, 'TTYT-6-thang-2024.xlsx');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(watch.offsite).toEqual([]);
    // The browser logs the one refusal the test asked for (the paste a cell short, 400); nothing else.
    expect(watch.problems).toEqual(['error: Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });
});
