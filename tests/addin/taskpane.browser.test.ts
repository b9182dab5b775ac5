// The task pane in real Chromium (playwright-core, /usr/bin/chromium), over the in-memory host of
// addin/testing/harness.tsx, served from 127.0.0.1. No office.js and no internet: any request to
// another host fails the test.
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HarnessConfig } from '../../addin/testing/harness.tsx';
import { loadCatalog } from '../helpers/catalog.ts';
import { buildHarness, ensureDir, launchChromium, pngSize, SCREENSHOT_DIR, serve, watchPage, type StaticServer } from '../helpers/addin-browser.ts';

const WIDTH = 320;
const catalog = loadCatalog(2023);
/** Phòng Văn hóa và Thông tin owns four indicators: 10 (80/100 dân), 17 (52), 18 (95), 20 (9–10 houses). */
const code = (stt: number) => catalog.indicators.find((i) => i.stt === stt)!.code;
const VHTT = { catalogId: catalog.id, unit: 'VHTT', period: '2023-uoc' };
const NOW = '2023-11-10T03:00:00.000Z';

let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  const dir = await buildHarness();
  server = await serve(dir);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Opened { page: Page; offsite: string[]; problems: string[] }

async function open(config: HarnessConfig): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
  const { offsite, problems } = await watchPage(page, server.url);
  await page.goto(server.url);
  await page.evaluate((c) => window.__harness.start(c), { now: NOW, ...config });
  return { page, offsite, problems };
}

const item = (page: Page, indicator: string) => page.locator(`[data-indicator="${indicator}"]`);
const badge = (page: Page, indicator: string) => item(page, indicator).locator('[data-badge]');
const summary = (page: Page) => page.locator('[data-summary]');
const selection = (page: Page) => page.evaluate(() => window.__host!.selection);
const setValue = (page: Page, address: string, value: string | number | null) =>
  page.evaluate(([a, v]) => window.__host!.setValue(a as string, v), [address, value] as const);

async function noHorizontalScroll(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
}

describe('task pane in Chromium', () => {
  it('shows the template, its problems, selects the cell to fix and turns the badge to “Đạt”', async () => {
    const { page, offsite, problems } = await open({ template: { ...VHTT, inputs: { E5: 'abc', E6: 55, E7: 95, E8: 9 } } });

    // The template is recognised: unit, period, deadline in Vietnam time, catalogue.
    await expect.poll(() => page.locator('[data-fact="unit"]').textContent()).toBe('Phòng Văn hóa và Thông tin');
    expect(await page.locator('[data-fact="period"]').textContent()).toBe('Ước thực hiện năm 2023');
    expect(await page.locator('[data-fact="deadline"]').textContent()).toBe('17:00 ngày 20/11/2023 (giờ Việt Nam)');
    expect(await page.locator('[data-fact="catalog"]').textContent()).toBe('Năm 2023 – Nghị quyết số 51/NQ-HĐND ngày 27/12/2022');

    // A wrong value: the badge says so and the problem is listed.
    await expect.poll(() => summary(page).textContent()).toBe('3/4 chỉ tiêu đạt hoặc vượt; 1 lỗi cần sửa');
    expect(await badge(page, code(10)).textContent()).toBe('Sai số liệu');
    expect(await badge(page, code(17)).textContent()).toBe('Vượt');
    expect(await badge(page, code(18)).textContent()).toBe('Đạt');
    expect(await badge(page, code(20)).textContent()).toBe('Đạt');
    const link = item(page, code(10)).locator('[data-address="E5"]');
    expect(await link.textContent()).toContain('Không đọc được số trong “abc”');

    // Clicking the problem selects E5 in the sheet.
    await link.click();
    await expect.poll(() => selection(page)).toBe('Phụ lục 1!E5');

    // The department fixes the figure; the sheet fires onChanged; the pane re-reads once.
    const before = await page.evaluate(() => window.__host!.readCount);
    await setValue(page, 'E5', 80);
    await expect.poll(() => badge(page, code(10)).textContent()).toBe('Đạt');
    expect(await summary(page).textContent()).toBe('4/4 chỉ tiêu đạt hoặc vượt; không có lỗi cần sửa');
    expect(await item(page, code(10)).locator('[data-address]').count()).toBe(0);
    expect(await page.evaluate(() => window.__host!.readCount)).toBe(before + 1);

    // Out of bounds, then an unmet target without an explanation: the note cell is the one to fix.
    await setValue(page, 'E6', 5000);
    await expect.poll(() => item(page, code(17)).locator('[data-problem="out_of_bounds"]').count()).toBe(1);
    expect(await item(page, code(17)).locator('[data-address="E6"]').textContent()).toContain('nằm ngoài khoảng cho phép từ 0 đến 200');
    await setValue(page, 'E6', 55);
    await setValue(page, 'E7', 90);
    await expect.poll(() => badge(page, code(18)).textContent()).toBe('Không đạt');
    const note = item(page, code(18)).locator('[data-address="G7"]');
    expect(await note.textContent()).toContain('Không đạt kế hoạch, cần ghi lý do');
    await note.click();
    await expect.poll(() => selection(page)).toBe('Phụ lục 1!G7');
    await setValue(page, 'G7', 'Một số khu dân cư chưa hoàn thành tiêu chí.');
    await expect.poll(() => item(page, code(18)).locator('[data-address]').count()).toBe(0);
    expect(await badge(page, code(18)).textContent()).toBe('Không đạt');
    expect(await summary(page).textContent()).toBe('3/4 chỉ tiêu đạt hoặc vượt; không có lỗi cần sửa');

    // Rapid edits are debounced into one read.
    const burst = await page.evaluate(() => window.__host!.readCount);
    await setValue(page, 'E8', 8);
    await setValue(page, 'E8', 10);
    await setValue(page, 'E8', 9);
    await expect.poll(() => page.evaluate(() => window.__host!.readCount)).toBe(burst + 1);
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => window.__host!.readCount)).toBe(burst + 1);

    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('looks tidy at 320 px: screenshot without horizontal scrolling', async () => {
    const { page, offsite, problems } = await open({ template: { ...VHTT, inputs: { E5: 'abc', E6: 55, E7: 90, E8: 9 } } });
    await expect.poll(() => summary(page).textContent()).toBe('2/4 chỉ tiêu đạt hoặc vượt; 2 lỗi cần sửa');
    await page.evaluate(() => document.fonts.ready);
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(WIDTH);
    const file = path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-320.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(pngSize(file).width).toBe(WIDTH);
    expect(pngSize(file).height).toBeGreaterThan(400);
    expect(statSync(file).size).toBeGreaterThan(15_000);
    // Icons come from the page's own assets/icons/, not a CDN.
    expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.includes('FabricMDL2Icons') && f.status === 'loaded'))).toBe(true);
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('offers “Tạo biểu mẫu” in an ordinary workbook and draws the chosen unit’s sheet', async () => {
    const { page, offsite, problems } = await open({ sheets: { 'Trang tính1': {} } });
    await expect.poll(() => page.getByRole('heading', { name: 'Tạo biểu mẫu' }).count()).toBe(1);
    const create = page.getByRole('button', { name: 'Tạo biểu mẫu' });
    expect(await create.isDisabled()).toBe(true);
    // Catalogue 2023 (this year at NOW), the next period by deadline.
    expect(await page.getByRole('combobox', { name: 'Danh mục chỉ tiêu' }).textContent()).toContain('Năm 2023');
    expect(await page.getByRole('combobox', { name: 'Kỳ báo cáo' }).textContent()).toContain('Ước thực hiện năm 2023');
    await page.getByRole('combobox', { name: 'Đơn vị báo cáo' }).click();
    const options = await page.getByRole('option').allTextContents();
    expect(options).toHaveLength(13);
    expect(options).toContain('Phòng Văn hóa và Thông tin (4 chỉ tiêu)');
    await page.getByRole('option', { name: 'Phòng Văn hóa và Thông tin (4 chỉ tiêu)' }).click();
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(WIDTH);
    await page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-create-320.png'), fullPage: true });
    await create.click();

    await expect.poll(() => summary(page).textContent()).toBe('0/4 chỉ tiêu đạt hoặc vượt; 4 lỗi cần sửa');
    expect(await page.getByText('Đã tạo biểu mẫu Phụ lục 1 cho Phòng Văn hóa và Thông tin').count()).toBe(1);
    expect(await page.locator('[data-badge]').allTextContents()).toEqual(['Chưa nhập', 'Chưa nhập', 'Chưa nhập', 'Chưa nhập']);
    expect(await selection(page)).toBe('Phụ lục 1!E5');
    // Now it follows the new sheet's changes.
    await setValue(page, 'E5', 85);
    await expect.poll(() => badge(page, code(10)).textContent()).toBe('Vượt');
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses politely when the workbook already has a “Phụ lục 1” sheet', async () => {
    const { page, problems } = await open({ sheets: { 'Phụ lục 1': { A1: 'Bảng tự lập' } } });
    await expect.poll(() => page.getByText('Sổ làm việc đã có trang “Phụ lục 1” nhưng không phải biểu mẫu').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Tạo biểu mẫu' }).isDisabled()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a failed read as a Vietnamese message with “Thử lại”', async () => {
    const { page, problems } = await open({ template: { ...VHTT, inputs: { E5: 80 } } });
    await expect.poll(() => summary(page).count()).toBe(1);
    await page.evaluate(() => {
      window.__host!.failNext = { method: 'readTemplate', error: Object.assign(new Error('Wait until the previous call completes.'), { code: 'ActivityLimitReached' }) };
    });
    await page.getByRole('button', { name: 'Kiểm tra lại' }).click();
    const error = page.getByText(/^Không đọc được sổ làm việc: Excel báo đã vượt giới hạn thao tác/);
    await expect.poll(() => error.count()).toBe(1);
    expect(await error.textContent()).toContain('(Chi tiết kỹ thuật: ActivityLimitReached – Wait until the previous call completes.)');
    await page.getByRole('button', { name: 'Thử lại' }).click();
    await expect.poll(() => error.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});
