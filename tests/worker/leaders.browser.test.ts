/**
 * The leaders' pages in Chromium, against a real `phuluc start` and the production build of the
 * console: three periods of 2023 collected (6 and 9 months closed, the estimate open, the real
 * figures), a leader logs in and lands on the overview — one chart per indicator of the catalogue,
 * the estimate's summary sentence — opens one indicator's history with its sources, downloads the
 * Word report (a .docx that names the period) and watches the PDF being made; at 1280 px and at
 * 390×844 with no horizontal scroll; the office checks the real report and dismisses a finding.
 * Screenshots of both widths (and print) go to scratch/leaders-shots/ to be looked at.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPeriod, reportingUnits } from '../../shared/catalog.ts';
import type { BoardResponse } from '../../shared/console-api.ts';
import { loadConfig, PROJECT_ROOT } from '../../worker/config.ts';
import { buildTemplate } from '../../worker/templates.ts';
import { launchChromium, pngSize, watchPage, type PageWatch } from '../helpers/addin-browser.ts';
import { buildConsolePages, seedAccess, consoleConfig, ConsoleClient, startWorker, submit, type Started } from '../helpers/console.ts';
import { fillTemplate } from '../helpers/fill.ts';
import { periodFigures } from '../helpers/leaders.ts';
import { libreOfficeAvailable } from '../helpers/libreoffice.ts';
import { seedDocx } from '../helpers/report.ts';
import { tempDir } from '../helpers/worker.ts';

const OFFICER = { name: 'lan', password: 'mat-khau-cua-lan-2023' };
const LEADER = { name: 'chu-tich', password: 'mat-khau-lanh-dao-2023' };
const AXE = path.join(PROJECT_ROOT, 'node_modules/axe-core/axe.min.js');
const SHOTS = path.join(PROJECT_ROOT, 'scratch', 'leaders-shots');
const WAIT = { timeout: 60_000 };
// Every step waits on a condition (WAIT) and each test has 120 s at least (vitest.config.ts).

const dir = tempDir('leaders-browser');
const configFile = consoleConfig(dir, new Date(Date.now() + 10 * 86_400_000).toISOString().replace(/\.\d+Z$/, '+00:00'));
const cfg = loadConfig(configFile);
const catalog = cfg.catalog;
const units = reportingUnits(catalog);
const tokens = new Map(units.map((u) => [u.code, `pl_${u.code.toLowerCase()}_leaders-${u.code}-0123456789`]));
const MID_YEAR = ['2023-6t', '2023-9t'];

let worker: Started;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;

async function sendAll(periodId: string): Promise<void> {
  const period = findPeriod(catalog, periodId)!;
  for (const u of units) {
    const bytes = await fillTemplate(
      await buildTemplate(catalog, period, u, { password: cfg.protectionPassword, generatedAt: new Date().toISOString() }),
      periodFigures(catalog, periodId, u.code),
    );
    const r = await submit(worker.url, tokens.get(u.code)!, bytes, `${u.code}-${periodId}.xlsx`);
    expect([periodId, u.code, r.status]).toEqual([periodId, u.code, 201]);
  }
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const [pages] = await Promise.all([
    buildConsolePages(),
    seedAccess(cfg.paths.ledger, configFile, tokens, [
      [OFFICER, 'ke-hoach'],
      [LEADER, 'lanh-dao'],
    ]),
  ]);
  worker = await startWorker(configFile, { PHULUC_CONSOLE_DIR: pages });
  // The office opens 6 and 9 months beside the estimate the configuration collects, every unit
  // submits to each, 6 months is approved, and the two mid-year periods are closed.
  const office = new ConsoleClient(worker.url);
  expect((await office.login(OFFICER.name, OFFICER.password)).status).toBe(200);
  const deadline = new Date(Date.now() + 10 * 86_400_000).toISOString();
  for (const id of MID_YEAR) expect((await office.request('POST', '/periods', { catalogId: catalog.id, periodId: id, deadline })).status).toBe(200);
  for (const id of [...MID_YEAR, cfg.period.id]) await sendAll(id);
  const board = (await office.request('GET', '/board?period=2023-6t')).body as BoardResponse;
  expect((await office.request('POST', '/approve', { period: '2023-6t', submissionIds: board.units.map((u) => u.submissionId!) })).status).toBe(200);
  for (const id of MID_YEAR) expect((await office.request('POST', `/periods/${id}/close`, {})).status).toBe(200);

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', acceptDownloads: true });
  await context.addInitScript({ path: AXE });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  watch = await watchPage(page, worker.url);
}, 300_000); // the console built, a worker started, 39 workbooks made and sent: minutes on a busy 2-core machine

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

async function axe(p: Page = page): Promise<unknown[]> {
  return p.evaluate(async () => {
    const w = window as unknown as {
      axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
    };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/** At 1280×900 and 390×844: no horizontal scroll, a full-page screenshot of each under scratch/. */
async function shots(p: Page, name: string, ready: string): Promise<void> {
  for (const [width, height] of [
    [1280, 900],
    [390, 844],
  ]) {
    await p.setViewportSize({ width, height });
    await p.locator(ready).first().waitFor(WAIT);
    // The charts are drawn at the width measured: wait until they fit (no horizontal scroll).
    await expect.poll(() => p.evaluate(() => document.scrollingElement!.scrollWidth), { timeout: 20_000 }).toBeLessThanOrEqual(width + 1);
    // Nothing drawn sticks out of the screen, and an axis's tick labels do not run into each other
    // (polled: a chart redraws its axis once its ResizeObserver has measured the new width).
    await expect
      .poll(
        () =>
          p.evaluate(() => {
            const right = document.documentElement.clientWidth + 1;
            // Inside a box that scrolls or clips on its own (a wide table's), running past the screen is that box's business.
            const boxed = (e: Element) => {
              for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true;
              return false;
            };
            const out = [...document.querySelectorAll('main *')]
              .filter((e) => {
                const r = e.getBoundingClientRect();
                return r.width > 1 && (r.left < -1 || r.right > right) && !boxed(e);
              })
              .map(
                (e) =>
                  `outside: ${e.closest('[data-indicator]')?.getAttribute('data-indicator') ?? e.tagName.toLowerCase()}${e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''}`,
              );
            const crowded = [...document.querySelectorAll('[data-chart]')].flatMap((chart) => {
              const boxes = [...chart.querySelectorAll('svg text')].map((t) => t.getBoundingClientRect()).sort((l, r) => l.left - r.left);
              return boxes.slice(1).some((r, i) => r.left < boxes[i].right + 2) ? [`ticks: ${chart.getAttribute('aria-label')}`] : [];
            });
            return [...new Set(out)].concat(crowded);
          }),
        { timeout: 20_000 },
      )
      .toEqual([]);
    // Nothing serious for axe at this width either (the phone layout has its own header and cards).
    expect(await axe(p), `${name} at ${width} px`).toEqual([]);
    const file = path.join(SHOTS, `${name}-${width}.png`);
    await p.screenshot({ path: file, fullPage: true });
    expect(pngSize(file).width).toBe(width);
  }
  await p.setViewportSize({ width: 1280, height: 900 });
}

describe('a leader in the console', () => {
  it('logs in and lands on the overview: their own menu, the estimate’s summary, one chart per indicator of the catalogue', async () => {
    await page.goto(`${worker.url}/`);
    await page.getByLabel('Tên tài khoản').fill(LEADER.name);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(LEADER.password);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.locator('[data-charts]').waitFor(WAIT);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Tổng quan năm 2023');
    const menu = await page.getByRole('navigation', { name: 'Các trang' }).getByRole('link').allTextContents();
    expect(menu).toEqual(['Tổng quan', 'Tình hình nộp', 'Phụ lục', 'Báo cáo', 'Kỳ báo cáo']);
    expect(await page.locator('[data-summary] [data-sentence]').textContent()).toBe(
      'Tổng hợp: có 17/21 chỉ tiêu (trong 17 nhóm chỉ tiêu chủ yếu) đạt và vượt kế hoạch, 03 chỉ tiêu không đạt, 01 chỉ tiêu không đánh giá.',
    );
    const cards = page.locator('[data-charts] [data-indicator]');
    expect(await cards.count()).toBe(catalog.indicators.length);
    expect(await page.locator('[data-charts] [data-indicator] [data-chart]').count()).toBe(catalog.indicators.length);
    expect(await cards.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-indicator')))).toEqual(catalog.indicators.map((i) => i.code));
    // Each chart has the three periods in order; numbers are bars, a bound and a row not assessed are words.
    const rows = (code: string) => page.locator(`[data-indicator="${code}"] li[data-period]`);
    expect(await rows('VON_DAU_TU').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-period')))).toEqual(['2023-6t', '2023-9t', '2023-uoc']);
    expect(await rows('VON_DAU_TU').locator('svg[data-bar]').count()).toBe(3);
    expect(await page.locator('[data-indicator="VON_DAU_TU"] li[data-period="2023-uoc"]').textContent()).toContain('1.721,4Vượt KH');
    expect(await rows('DAN_SO').locator('svg[data-bar]').count()).toBe(0);
    expect(await page.locator('[data-indicator="DAN_SO"] li[data-period="2023-uoc"]').textContent()).toContain('Dưới 1');
    expect(await rows('CO_QUAN_VH').locator('svg[data-bar]').count()).toBe(0);
    expect(await page.locator('[data-indicator="THU_NHAP"] li[data-period="2023-uoc"]').getAttribute('data-status')).toBe('khong_dat');
    // No reminders page, no office page, no review action.
    expect(await page.getByRole('link', { name: 'Chưa nộp, cần nộp lại' }).count()).toBe(0);
    expect(await axe()).toEqual([]);
    await shots(page, 'tong-quan', '[data-charts] [data-indicator] svg[data-bar]');
  });

  it('chooses another period of the year: its summary', async () => {
    await page.getByRole('navigation', { name: 'Kỳ báo cáo' }).getByRole('link', { name: '6 tháng' }).click();
    await expect.poll(() => page.locator('[data-summary] h2').textContent(), WAIT).toBe(`${findPeriod(catalog, '2023-6t')!.header} — bản chính thức`);
    expect(await page.locator('[data-summary] [data-sentence]').textContent()).toContain('chỉ tiêu đang thực hiện so với kế hoạch năm');
    await page.getByRole('navigation', { name: 'Kỳ báo cáo' }).getByRole('link', { name: 'Ước thực hiện' }).click();
    await expect.poll(() => page.locator('[data-summary] h2').textContent(), WAIT).toBe('Ước thực hiện năm 2023 — bản dự thảo');
  });

  it('a click opens one indicator’s history across periods, with its sources', async () => {
    await page.getByRole('link', { name: '4. Thu ngân sách được giao trên địa bàn' }).click();
    await page.locator('[data-history-table]').waitFor(WAIT);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('4. Thu ngân sách được giao trên địa bàn');
    const periods = await page.locator('[data-history-table] tbody tr').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-period')));
    expect(periods).toEqual(['2023-6t', '2023-9t', '2023-uoc']);
    const six = await page.locator('[data-history-table] tr[data-period="2023-6t"] [data-source]').textContent();
    expect(six).toMatch(/^Chi cục Thuế.*: tệp “[A-Z_]+-2023-6t\.xlsx”, nộp lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}; duyệt bởi lan lúc \d\d:\d\d ngày/);
    expect(await page.locator('[data-history-table] tr[data-period="2023-uoc"] [data-source]').textContent()).toContain('chờ duyệt');
    expect(await page.locator('[data-indicator="THU_NS"] svg[data-bar]').count()).toBe(3);
    expect(await axe()).toEqual([]);
    await shots(page, 'chi-tieu', '[data-history-table]');
  });

  it('sees the board and the appendix as the office does, without its actions, at both widths', async () => {
    await page.getByRole('navigation', { name: 'Các trang' }).getByRole('link', { name: 'Tình hình nộp' }).click();
    await page.locator('[data-board]').waitFor(WAIT);
    await shots(page, 'tinh-hinh-nop-lanh-dao', '[data-board]');
    // A unit's submission: its figures, but no approve, return or reopen.
    await page.locator('[data-board] tbody a').first().click();
    await page.locator('[data-submission]').waitFor(WAIT);
    await page.getByText('Tài khoản lãnh đạo chỉ xem; Phòng Tài chính - Kế hoạch duyệt hoặc trả lại báo cáo.').waitFor(WAIT);
    expect(await page.getByRole('group', { name: 'Thao tác' }).count()).toBe(0);
    await shots(page, 'ban-nop-lanh-dao', '[data-submission]');
    await page.getByRole('navigation', { name: 'Các trang' }).getByRole('link', { name: 'Phụ lục' }).click();
    await page.locator('[data-final]').waitFor(WAIT);
    await shots(page, 'phu-luc-lanh-dao', '[data-final]');
    // The printed layout is wider than a phone: its box scrolls, and says so there only.
    expect(await page.locator('[data-scroll-hint]').isVisible()).toBe(false);
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.locator('[data-scroll-hint]').isVisible(), WAIT).toBe(true);
    expect(await page.getByRole('region', { name: 'Phụ lục 1, xem trước như bản in' }).evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('downloads the Word report of the period: a .docx that names it', async () => {
    await page.getByRole('link', { name: 'Báo cáo', exact: true }).click();
    await page.locator('[data-downloads]').waitFor(WAIT);
    expect(await page.locator('[data-check]').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.getByRole('button', { name: 'Tải tài liệu Word (.docx)' }).click()]);
    expect(download.suggestedFilename()).toBe('bao-cao-phu-luc-1-2023-uoc.docx');
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const xml = strFromU8(unzipSync(new Uint8Array(bytes))['word/document.xml']);
    expect(xml).toContain('Ước thực hiện năm 2023');
    expect(xml).toContain('PHỤ LỤC 1');
    // A figure of the appendix as built: the estimate of total investment, printed the Vietnamese way.
    expect(xml).toContain('1.721,4');
    await page.locator('[data-downloaded="bao-cao-phu-luc-1-2023-uoc.docx"]').waitFor(WAIT);
    expect(await axe()).toEqual([]);
    await shots(page, 'bao-cao-lanh-dao', '[data-downloads]');
  });

  it.runIf(libreOfficeAvailable())(
    'the PDF: “Đang tạo bản PDF…” with the seconds elapsed and the button disabled, then the file',
    async () => {
      const pdfButton = page.getByRole('button', { name: 'Tải bản PDF' });
      const downloading = page.waitForEvent('download', { timeout: 180_000 });
      await pdfButton.click();
      await expect.poll(() => page.locator('[data-progress]').textContent(), WAIT).toMatch(/^Đang tạo bản PDF… \d+ giây/);
      expect(await pdfButton.isDisabled()).toBe(true);
      const download = await downloading;
      expect(download.suggestedFilename()).toBe('bao-cao-phu-luc-1-2023-uoc.pdf');
      expect(
        readFileSync((await download.path())!)
          .subarray(0, 5)
          .toString('latin1'),
      ).toBe('%PDF-');
      await page.locator('[data-downloaded="bao-cao-phu-luc-1-2023-uoc.pdf"]').waitFor(WAIT);
      expect(await pdfButton.isDisabled()).toBe(false);
    },
    240_000,
  ); // LibreOffice converts the report: its download is awaited up to 180 s

  it('prints the overview on A4: the menu left out, the charts kept', async () => {
    await page.goto(`${worker.url}/#/tong-quan`);
    await page.locator('[data-charts] svg[data-bar]').first().waitFor(WAIT);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.locator('[data-charts] [data-indicator]').first().isVisible()).toBe(true);
    await page.screenshot({ path: path.join(SHOTS, 'tong-quan-in.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(path.join(SHOTS, 'tong-quan-in.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('stayed on this server, without errors', () => {
    expect(watch.offsite).toEqual([]);
    expect(watch.problems).toEqual([]);
  });
});

describe('the office checks a draft report', () => {
  it('sees each finding’s sentence beside the appendix’s figure, dismisses one with a reason, and it shows as such', async () => {
    const office = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' });
    await office.addInitScript({ path: AXE });
    const p = await office.newPage();
    p.setDefaultTimeout(60_000);
    const w = await watchPage(p, worker.url);
    await p.goto(`${worker.url}/`);
    await p.getByLabel('Tên tài khoản').fill(OFFICER.name);
    await p.getByLabel('Mật khẩu', { exact: true }).fill(OFFICER.password);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    await p.locator('[data-board]').waitFor(WAIT);
    await p.getByRole('link', { name: 'Báo cáo', exact: true }).click();
    await p.locator('[data-check]').waitFor(WAIT);
    const draft = path.join(dir, 'Dự thảo báo cáo 2023.docx');
    writeFileSync(draft, await seedDocx());
    await p.locator('[data-draft-file]').setInputFiles(draft);
    // The browser's own file button is hidden: the page's says in Vietnamese which file was chosen.
    expect(await p.locator('[data-draft-name]').textContent()).toBe('Đã chọn: Dự thảo báo cáo 2023.docx');
    await p.getByRole('button', { name: 'Đối chiếu' }).click();
    await p.locator('[data-result]').waitFor(WAIT);
    const findings = p.locator('[data-finding]');
    expect(await findings.count()).toBe(4);
    const rice = findings.nth(2);
    expect(await rice.locator('[data-said]').textContent()).toBe(
      'Dự thảo ghi (đoạn 24)“sản lượng lúa đạt 15.298 tấn, tăng 21,9% so với kế hoạch, tăng 1,4% so với cùng kỳ.”',
    );
    expect(await rice.locator('[data-said] mark').textContent()).toBe('15.298 tấn');
    expect(await rice.locator('[data-appendix] strong').textContent()).toBe('15.249,1 tấn');
    expect(await p.locator('[data-readings="unreadable"] summary').textContent()).toMatch(/^\d+ chỗ chưa đối chiếu được, và vì sao$/);
    await rice.getByRole('button', { name: 'Bỏ qua…' }).click();
    await rice.getByLabel('Lý do bỏ qua (ghi vào nhật ký thao tác)').fill('Sản lượng lúa cả năm theo Chi cục Thống kê, khác chỉ tiêu lương thực của phụ lục.');
    await rice.getByRole('button', { name: 'Xác nhận bỏ qua' }).click();
    await expect.poll(() => rice.getAttribute('data-dismissed'), WAIT).toBe('true');
    expect(await rice.textContent()).toContain('Bỏ qua: lan, lúc');
    await p.locator('[data-dismissals] li').first().waitFor(WAIT);
    expect(await p.locator('[data-result-summary]').textContent()).toContain('04 chỗ cần xem lại, trong đó 01 chỗ đã bỏ qua');
    expect(await axe(p)).toEqual([]);
    await shots(p, 'bao-cao-doi-chieu', '[data-result]');
    expect([w.offsite, w.problems]).toEqual([[], []]);
    await office.close();
  });
});
