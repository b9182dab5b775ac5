// The task pane in real Chromium (playwright-core, /usr/bin/chromium), over the in-memory host of
// tests/addin/harness/harness.tsx, served from 127.0.0.1. No office.js and no internet: any request
// to another host fails the test. Every state is checked at 320 px with axe-core (no serious or
// critical violation), against the glossary, and for horizontal scrolling; the harness plays each
// Excel the departments run (ExcelApi 1.1, 1.7, 1.9).
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HarnessConfig } from './harness/harness.tsx';
import { loadCatalog } from '../helpers/catalog.ts';
import {
  buildHarness,
  expectTidy as tidy,
  ensureDir,
  launchChromium,
  pngSize,
  SCREENSHOT_DIR,
  serve,
  watchPage,
  type StaticServer,
} from '../helpers/addin-browser.ts';

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

interface Opened {
  page: Page;
  offsite: string[];
  problems: string[];
}

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
const readCount = (page: Page) => page.evaluate(() => window.__host!.readCount);
const setValue = (page: Page, address: string, value: string | number | null) =>
  page.evaluate(([a, v]) => window.__host!.setValue(a as string, v), [address, value] as const);

const expectTidy = (page: Page, state: string) => tidy(page, state, WIDTH);

async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ensureDir(SCREENSHOT_DIR), name);
  await page.screenshot({ path: file, fullPage: true });
  expect(pngSize(file).width).toBe(WIDTH);
  return file;
}

describe('task pane in Chromium', () => {
  it('shows the template, never badges a wrong figure, selects the cell to fix, and follows the sheet', async () => {
    // E7 (Gia đình văn hóa, in %): 95% as Excel holds it in its percentage cell, 0,95.
    const { page, offsite, problems } = await open({ template: { ...VHTT, inputs: { E5: 'abc', E6: 55, E7: 0.95, E8: 9 } } });

    // The template is recognised: unit, period, deadline in Vietnam time, catalogue.
    await expect.poll(() => page.locator('[data-fact="unit"]').textContent()).toBe('Phòng Văn hóa và Thông tin');
    expect(await page.locator('[data-fact="period"]').textContent()).toBe('Ước thực hiện năm 2023');
    expect(await page.locator('[data-fact="deadline"]').textContent()).toBe('17:00 ngày 20/11/2023 (giờ Việt Nam)');
    expect(await page.locator('[data-fact="catalog"]').textContent()).toBe('Năm 2023 – Nghị quyết số 51/NQ-HĐND ngày 27/12/2022');

    // A wrong value: no badge at all, the problem in red, and it is not counted as met.
    await expect.poll(() => summary(page).textContent()).toBe('3/4 chỉ tiêu đạt hoặc vượt kế hoạch; 1 lỗi cần sửa');
    expect(await summary(page).getAttribute('data-tone')).toBe('error');
    expect(await badge(page, code(10)).count()).toBe(0);
    expect(await item(page, code(10)).getAttribute('data-tone')).toBe('error');
    expect(await badge(page, code(17)).textContent()).toBe('Vượt KH');
    expect(await badge(page, code(18)).textContent()).toBe('Đạt KH');
    expect(await badge(page, code(20)).textContent()).toBe('Đạt KH');
    const link = item(page, code(10)).locator('[data-address="E5"]');
    expect(await link.textContent()).toContain('Không đọc được số trong “abc”');
    expect(await item(page, code(10)).locator('[data-severity="error"]').count()).toBe(1);
    await expectTidy(page, 'template with an error');

    // Clicking the problem selects E5 in the sheet.
    await link.click();
    await expect.poll(() => selection(page)).toBe('Phụ lục 1!E5');

    // The department fixes the figure; the sheet fires onChanged; the pane re-reads once.
    const before = await readCount(page);
    await setValue(page, 'E5', 80);
    await expect.poll(() => badge(page, code(10)).textContent(), { timeout: 10_000 }).toBe('Đạt KH');
    expect(await summary(page).textContent()).toBe('4/4 chỉ tiêu đạt hoặc vượt kế hoạch; không có lỗi');
    expect(await item(page, code(10)).locator('[data-address]').count()).toBe(0);
    expect(await readCount(page)).toBe(before + 1);

    // 5000 on a 0–200 indicator: out of bounds, so no "Vượt KH" next to its own error, and not met.
    await setValue(page, 'E6', 5000);
    await expect.poll(() => item(page, code(17)).locator('[data-problem="out_of_bounds"]').count(), { timeout: 10_000 }).toBe(1);
    expect(await badge(page, code(17)).count()).toBe(0);
    expect(await summary(page).textContent()).toBe('3/4 chỉ tiêu đạt hoặc vượt kế hoạch; 1 lỗi cần sửa');
    expect(await item(page, code(17)).locator('[data-address="E6"]').textContent()).toContain('nằm ngoài khoảng cho phép từ 0 đến 200');
    await screenshot(page, 'taskpane-wrong-figure-320.png');

    // An unmet target without an explanation: a warning (amber), the note cell is the one to fix.
    await setValue(page, 'E6', 55);
    await setValue(page, 'E7', 90);
    await expect.poll(() => badge(page, code(18)).textContent(), { timeout: 10_000 }).toBe('Không đạt KH');
    const note = item(page, code(18)).locator('[data-address="G7"]');
    expect(await note.textContent()).toContain('Không đạt kế hoạch, cần ghi lý do');
    expect(await item(page, code(18)).locator('[data-severity="warning"]').count()).toBe(1);
    expect(await summary(page).getAttribute('data-tone')).toBe('warning');
    await note.click();
    await expect.poll(() => selection(page)).toBe('Phụ lục 1!G7');
    await setValue(page, 'G7', 'Một số khu dân cư chưa hoàn thành tiêu chí.');
    await expect.poll(() => item(page, code(18)).locator('[data-address]').count(), { timeout: 10_000 }).toBe(0);
    // After each edit the pane has Excel fit the rows to their text (issue 20: explanations grow).
    await expect.poll(() => page.evaluate(() => window.__host!.fitted.at(-1))).toBe('5:8');
    expect(await badge(page, code(18)).textContent()).toBe('Không đạt KH');
    expect(await summary(page).textContent()).toBe('3/4 chỉ tiêu đạt hoặc vượt kế hoạch; không có lỗi');

    // Rapid edits are debounced into one read.
    const burst = await readCount(page);
    await setValue(page, 'E8', 8);
    await setValue(page, 'E8', 10);
    await setValue(page, 'E8', 9);
    await expect.poll(() => readCount(page), { timeout: 10_000 }).toBe(burst + 1);
    await page.waitForTimeout(500);
    expect(await readCount(page)).toBe(burst + 1);

    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reads a fresh template as grey “Chưa nhập” at 320 px: screenshots without horizontal scrolling', async () => {
    const { page, offsite, problems } = await open({ template: VHTT });
    await expect.poll(() => summary(page).textContent()).toBe('0/4 chỉ tiêu đạt hoặc vượt kế hoạch; còn 4 chỉ tiêu chưa nhập');
    expect(await summary(page).getAttribute('data-tone')).toBe('empty');
    expect(await page.locator('[data-badge]').allTextContents()).toEqual(['Chưa nhập', 'Chưa nhập', 'Chưa nhập', 'Chưa nhập']);
    expect(await page.locator('[data-problem]').count()).toBe(0);
    // Grey, not red: the summary's background and the items' borders.
    const colours = await page.evaluate(() => ({
      summary: getComputedStyle(document.querySelector('[data-summary]')!).backgroundColor,
      borders: [...document.querySelectorAll('[data-indicator]')].map((el) => getComputedStyle(el).borderLeftColor),
    }));
    expect(colours.summary).toBe('rgb(243, 242, 241)');
    expect(new Set(colours.borders)).toEqual(new Set(['rgb(161, 159, 157)']));
    await expectTidy(page, 'fresh template');
    const file = await screenshot(page, 'taskpane-fresh-320.png');
    expect(pngSize(file).height).toBeGreaterThan(400);
    expect(statSync(file).size).toBeGreaterThan(15_000);
    // Icons come from the page's own assets/icons/, not a CDN.
    expect(await page.evaluate(() => [...document.fonts].some((f) => f.family.includes('FabricMDL2Icons') && f.status === 'loaded'))).toBe(true);
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('offers “Tạo biểu mẫu” in an ordinary workbook, every choice shown whole at 320 px, and draws the unit’s sheet', async () => {
    const { page, offsite, problems } = await open({ sheets: { 'Trang tính1': {} } });
    await expect.poll(() => page.getByRole('heading', { name: 'Tạo biểu mẫu' }).count()).toBe(1);
    const create = page.getByRole('button', { name: 'Tạo biểu mẫu' });
    expect(await create.isDisabled()).toBe(true);
    await expectTidy(page, 'create form');
    // Catalogue 2023 (this year at NOW), the next period by deadline.
    const group = (name: string) => page.getByRole('group', { name });
    expect(await group('Danh mục chỉ tiêu').getByRole('radio', { checked: true }).getAttribute('value')).toBe('hong-linh-2023');
    expect(await group('Kỳ báo cáo').getByRole('radio', { name: 'Ước thực hiện năm 2023' }).isChecked()).toBe(true);
    // Every unit listed, none chosen yet, no name cut short: each wraps inside the pane.
    const units = group('Đơn vị báo cáo').getByRole('radio');
    expect(await units.count()).toBe(13);
    expect(await group('Đơn vị báo cáo').getByRole('radio', { checked: true }).count()).toBe(0);
    const cut = await page.evaluate(() =>
      [...document.querySelectorAll('fieldset label')]
        .filter((el) => el.scrollWidth > el.clientWidth + 1 || el.getBoundingClientRect().right > document.documentElement.clientWidth)
        .map((el) => el.textContent),
    );
    expect(cut).toEqual([]);
    await page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-create-320.png'), fullPage: true });
    await group('Đơn vị báo cáo').getByRole('radio', { name: 'Phòng Lao động - Thương binh và Xã hội (2 chỉ tiêu)' }).check();
    expect(await create.isDisabled()).toBe(false);
    await group('Đơn vị báo cáo').getByRole('radio', { name: 'Phòng Văn hóa và Thông tin (4 chỉ tiêu)' }).check();
    await create.click();

    await expect.poll(() => summary(page).textContent()).toBe('0/4 chỉ tiêu đạt hoặc vượt kế hoạch; còn 4 chỉ tiêu chưa nhập');
    expect(await page.getByText('Đã tạo biểu mẫu Phụ lục 1 cho Phòng Văn hóa và Thông tin').count()).toBe(1);
    expect(await selection(page)).toBe('Phụ lục 1!E5');
    // Now it follows the new sheet's changes (once it listens: typing before that is read by the next change).
    await expect.poll(() => page.evaluate(() => window.__host!.listenerCount()), { timeout: 30_000 }).toBe(1);
    await setValue(page, 'E5', 85);
    await expect.poll(() => badge(page, code(10)).textContent(), { timeout: 30_000 }).toBe('Vượt KH');
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('refuses politely when the workbook already has a “Phụ lục 1” sheet', async () => {
    const { page, problems } = await open({ sheets: { 'Phụ lục 1': { A1: 'Bảng tự lập' } } });
    await expect.poll(() => page.getByText('Sổ làm việc đã có trang “Phụ lục 1” nhưng không phải biểu mẫu').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Tạo biểu mẫu' }).isDisabled()).toBe(true);
    await expectTidy(page, 'sheet name taken');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a failed read as a Vietnamese message with “Thử lại”', async () => {
    const { page, problems } = await open({ template: { ...VHTT, inputs: { E5: 80 } } });
    await expect.poll(() => summary(page).count()).toBe(1);
    await page.evaluate(() => {
      window.__host!.failNext = {
        method: 'readTemplate',
        error: Object.assign(new Error('Wait until the previous call completes.'), { code: 'ActivityLimitReached' }),
      };
    });
    await page.getByRole('button', { name: 'Kiểm tra lại' }).click();
    const error = page.getByText(/^Không đọc được sổ làm việc: Excel báo đã vượt giới hạn thao tác/);
    await expect.poll(() => error.count()).toBe(1);
    expect(await error.textContent()).toContain('(Chi tiết kỹ thuật: ActivityLimitReached – Wait until the previous call completes.)');
    await expectTidy(page, 'read failed');
    await page.getByRole('button', { name: 'Thử lại' }).click();
    await expect.poll(() => error.count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe('the pane on each Excel the departments run', () => {
  it('ExcelApi 1.1 (Excel 2016): no change events, so a “Kiểm tra” button; no drawing, so the template file', async () => {
    const { page, offsite, problems } = await open({ excelApi: '1.1', template: { ...VHTT, inputs: { E5: 80 } } });
    await expect.poll(() => summary(page).textContent()).toBe('1/4 chỉ tiêu đạt hoặc vượt kế hoạch; còn 3 chỉ tiêu chưa nhập');
    // Fluent's MessageBar renders its text a moment after the bar itself (DelayedRender, for screen readers).
    await expect.poll(() => page.locator('[data-manual-check]').textContent()).toContain('không báo cho phần bổ trợ khi trang tính thay đổi');
    await expectTidy(page, '1.1 template');
    // Typing changes nothing by itself …
    const before = await readCount(page);
    await setValue(page, 'E6', 60);
    await page.waitForTimeout(600);
    expect(await readCount(page)).toBe(before);
    expect(await badge(page, code(17)).textContent()).toBe('Chưa nhập');
    // … until "Kiểm tra".
    await page.getByRole('button', { name: 'Kiểm tra', exact: true }).click();
    await expect.poll(() => badge(page, code(17)).textContent()).toBe('Vượt KH');
    expect(await page.evaluate(() => window.__host!.listenerCount())).toBe(0);

    const blank = await open({ excelApi: '1.1', sheets: { 'Trang tính1': {} } });
    await expect.poll(() => blank.page.locator('[data-cannot-draw]').count()).toBe(1);
    // Fluent's MessageBar renders its text a moment later (DelayedRender, for screen readers).
    await expect
      .poll(() => blank.page.locator('[data-cannot-draw]').textContent(), { timeout: 30_000 })
      .toContain('Hãy mở tệp biểu mẫu của đơn vị do Phòng Tài chính - Kế hoạch gửi');
    expect(await blank.page.getByRole('button', { name: 'Tạo biểu mẫu' }).count()).toBe(0);
    await expectTidy(blank.page, '1.1 blank workbook');
    expect([...offsite, ...blank.offsite]).toEqual([]);
    expect([...problems, ...blank.problems]).toEqual([]);
    await blank.page.close();
    await page.close();
  });

  it('ExcelApi 1.7: follows the sheet and draws a template, saying what it had to leave out', async () => {
    const { page, offsite, problems } = await open({ excelApi: '1.7', sheets: { 'Trang tính1': {} } });
    await page.getByRole('group', { name: 'Đơn vị báo cáo' }).getByRole('radio', { name: 'Phòng Văn hóa và Thông tin (4 chỉ tiêu)' }).check();
    await page.getByRole('button', { name: 'Tạo biểu mẫu' }).click();
    await expect.poll(() => summary(page).count()).toBe(1);
    // The bars' text comes a moment after the bars (DelayedRender).
    const messages = () =>
      page
        .locator('.ms-MessageBar')
        .allTextContents()
        .then((m) => m.join(' '));
    await expect.poll(messages, { timeout: 30_000 }).toMatch(/kiểm tra dữ liệu khi nhập \(cần Excel 2019 trở lên/);
    await expect.poll(messages, { timeout: 30_000 }).toMatch(/thiết lập trang in \(cần Excel 2021 trở lên/);
    expect(await page.locator('[data-manual-check]').count()).toBe(0);
    await setValue(page, 'E5', 85);
    await expect.poll(() => badge(page, code(10)).textContent(), { timeout: 10_000 }).toBe('Vượt KH');
    await expectTidy(page, '1.7 after drawing');
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('ExcelApi 1.9: draws the full template without notes', async () => {
    const { page, problems } = await open({ excelApi: '1.9', sheets: { 'Trang tính1': {} } });
    await page.getByRole('group', { name: 'Đơn vị báo cáo' }).getByRole('radio', { name: 'Phòng Văn hóa và Thông tin (4 chỉ tiêu)' }).check();
    await page.getByRole('button', { name: 'Tạo biểu mẫu' }).click();
    await expect.poll(() => summary(page).count()).toBe(1);
    expect(await page.locator('.ms-MessageBar--warning').count()).toBe(0);
    expect(await page.locator('.ms-MessageBar--success').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});
