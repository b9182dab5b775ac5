// "Nộp báo cáo" in real Chromium: the harness page (served from 127.0.0.1:<port>, the worker's
// configured add-in origin, so CORS lets it in) submits the workbook's .xlsx bytes — read by the
// real officeSubmitter() from a fake Office file in several slices — to a REAL worker endpoint
// started here, and shows the receipt; the ledger, the unit's status and the appendix agree. Then:
// the pane refuses while its checks fail, shows the server's errors, a wrong token, an unreachable
// server, and what it says where submitting cannot work (offline, no settings, no File API).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { HarnessConfig, HarnessSubmission } from '../../addin/testing/harness.tsx';
import type { MemoryValue } from '../../addin/testing/memory-host.ts';
import { findUnit } from '../../shared/catalog.ts';
import { COL, FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import { unitStatuses } from '../../worker/consolidate/index.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { realFigures } from '../helpers/worker.ts';
import { buildHarness, ensureDir, launchChromium, pngSize, SCREENSHOT_DIR, serve, watchPage, type StaticServer } from '../helpers/addin-browser.ts';
import { base64, figureCells, filledWorkbook, startIntake, type Intake } from '../helpers/addin-intake.ts';

const WIDTH = 320;
const TOKEN = 'pl_ldtbxh_pane-test-0123456789';
const FOLDER = '\\\\may-chu\\NopBaoCao\\2023';
const NOW = '2023-11-10T03:00:00.000Z';
const catalog = loadCatalog(2023);
const LDTBXH = { catalogId: catalog.id, unit: 'LDTBXH', period: '2023-uoc' };
const figures = realFigures(catalog, findUnit(catalog, 'LDTBXH')!, false);
const cells = figureCells(catalog, 'LDTBXH', figures);

let server: StaticServer;
let origin: string;
let intake: Intake;
let browser: Browser;
let good: Uint8Array;
let bad: Uint8Array;

beforeAll(async () => {
  const dir = await buildHarness('harness-submit');
  server = await serve(dir);
  origin = server.url.replace(/\/$/, '');
  intake = await startIntake(origin, { LDTBXH: TOKEN });
  const unit = findUnit(intake.service.cfg.catalog, 'LDTBXH')!;
  good = await filledWorkbook(intake.service, unit, figures);
  const wrong = new Map(figures);
  wrong.set(14, { value: 'chín trăm', note: '' });
  bad = await filledWorkbook(intake.service, unit, wrong);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await intake?.close();
  await server?.close();
});

interface Opened { context: BrowserContext; page: Page; offsite: string[]; problems: string[] }

const settings = () => ({ intakeUrl: intake.api.url, token: TOKEN, folder: FOLDER });

async function open(submission: HarnessSubmission, inputs: Record<string, MemoryValue> = cells): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  // Only 127.0.0.1 (the harness and the worker, or a closed port): nothing leaves the machine.
  const { offsite, problems } = await watchPage(page, 'http://127.0.0.1:');
  await page.goto(server.url);
  await page.evaluate((c) => window.__harness.start(c), { now: NOW, template: { ...LDTBXH, inputs }, submission } as HarnessConfig);
  await expect.poll(() => page.locator('[data-summary]').count()).toBe(1);
  // Records each step of the submission as it shows ("reading|Đang đọc tệp…").
  await page.evaluate(() => {
    const w = window as unknown as { __steps: string[] };
    w.__steps = [];
    new MutationObserver(() => {
      const el = document.querySelector('[data-submit-step]');
      if (!el) return;
      const s = `${el.getAttribute('data-submit-step')}|${el.querySelector('.ms-ProgressIndicator-itemName')?.textContent ?? ''}`;
      if (w.__steps[w.__steps.length - 1] !== s) w.__steps.push(s);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  return { context, page, offsite, problems };
}

const submitButton = (page: Page) => page.getByRole('button', { name: 'Nộp báo cáo', exact: true });
const outcome = (page: Page) => page.locator('[data-outcome]');
const field = (page: Page, name: string) => page.locator(`[data-outcome] [data-receipt-field="${name}"]`).first();
const fileLog = (page: Page) => page.evaluate(() => {
  const f = window.__file!;
  return { opened: f.opened, closed: f.closed, slicesRead: f.slicesRead, requestedSliceSize: f.requestedSliceSize };
});
/** Chromium logs every 4xx answer and refused connection; those are the point of some tests. */
const unexpected = (problems: string[]) => problems.filter((p) => !/Failed to load resource/.test(p));

async function noHorizontalScroll(page: Page): Promise<number> {
  return page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
}

describe('“Nộp báo cáo” in Chromium against the real intake endpoint', () => {
  it('checks, reads the file in slices, sends it and shows the receipt the ledger agrees with', async () => {
    const { context, page, offsite, problems } = await open({ settings: settings(), workbookBase64: base64(good), sliceSize: 8 * 1024, url: 'https://tenant.sharepoint.com/Bao%20cao/PL1%20LĐTBXH.xlsx' });
    expect(await page.locator('[data-summary]').textContent()).toMatch(/không có lỗi cần sửa$/);
    expect(await page.locator('[data-notice]').count()).toBe(0);

    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('accepted');
    expect(await page.evaluate(() => (window as unknown as { __steps: string[] }).__steps)).toEqual([
      'checking|Đang kiểm tra số liệu…', 'reading|Đang đọc tệp…', 'sending|Đang gửi…',
    ]);

    // The file went through the adapter in several slices and was closed.
    const log = await fileLog(page);
    const slices = Math.ceil(good.length / 8192);
    expect(slices).toBeGreaterThanOrEqual(2);
    expect(log).toEqual({ opened: 1, closed: 1, slicesRead: Array.from({ length: slices }, (_, i) => i), requestedSliceSize: 4 * 1024 * 1024 });

    // The receipt: what the worker recorded.
    const hash = createHash('sha256').update(good).digest('hex');
    const rec = (await intake.service.ledger.bySha(hash))!;
    expect(rec).toMatchObject({ status: 'accepted', unit: 'LDTBXH', fileName: 'PL1 LĐTBXH.xlsx', source: 'http' });
    expect(await field(page, 'sha256').getAttribute('data-sha256')).toBe(rec.sha256);
    expect(await field(page, 'sha256').textContent()).toBe(`${hash.slice(0, 8)}…${hash.slice(-8)}`);
    expect(await field(page, 'id').textContent()).toBe(String(rec.id));
    expect(await field(page, 'unit').textContent()).toBe('Phòng Lao động - Thương binh và Xã hội');
    expect(await field(page, 'period').textContent()).toBe('Ước thực hiện năm 2023');
    expect(await field(page, 'file').textContent()).toBe('PL1 LĐTBXH.xlsx');
    const vn = new Date(Date.parse(rec.receivedAt) + 7 * 3600_000).toISOString();
    expect(await field(page, 'time').textContent()).toBe(`${vn.slice(11, 19)} ngày ${vn.slice(8, 10)}/${vn.slice(5, 7)}/${vn.slice(0, 4)} (giờ Việt Nam)`);
    // The catalogue's deadline for 2023 is long past.
    expect(await field(page, 'late').textContent()).toBe('Nộp muộn');
    const status = (await unitStatuses(intake.service.cfg.catalog, intake.service.cfg.period, intake.service.ledger, new Date())).find((s) => s.code === 'LDTBXH')!;
    expect(status.state).toBe('accepted');
    expect(status.record?.sha256).toBe(hash);

    // The copy button puts the full hash on the clipboard.
    await page.getByRole('button', { name: 'Sao chép mã SHA-256 đầy đủ' }).first().click();
    await expect.poll(() => page.getByText('Đã sao chép').count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hash);

    // The worker consolidates after the submission: the appendix carries the unit's figure.
    const { cfg, ledger, mutex } = intake.service;
    const until = Date.now() + 15_000;
    while (!(await ledger.lastAppendix(cfg.period.id)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await mutex.idle();
    expect((await ledger.lastAppendix(cfg.period.id))).toBeDefined();
    const sheet = readXlsx(readFileSync(`${cfg.paths.out}/phu-luc-1-${cfg.period.id}.xlsx`)).sheet(SHEET_NAME)!;
    expect(sheet.cells.get(`${COL.actual}${FIRST_DATA_ROW + 13}`)?.v).toBe('942');

    // History (GET) lists it.
    await page.getByRole('button', { name: 'Lịch sử nộp' }).click();
    await expect.poll(() => page.locator('[data-history-item]').count()).toBe(1);
    expect(await page.locator(`[data-history-item="${rec.id}"]`).getAttribute('data-status')).toBe('accepted');

    // Tidy at 320 px with the receipt.
    await page.evaluate(() => document.fonts.ready);
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(WIDTH);
    await outcome(page).scrollIntoViewIfNeeded();
    const file = path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-receipt-320.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(pngSize(file).width).toBe(WIDTH);
    expect(statSync(file).size).toBeGreaterThan(15_000);
    const crop = path.join(SCREENSHOT_DIR, 'taskpane-receipt-320-section.png');
    await page.locator('[data-slot="submit"]').screenshot({ path: crop });

    // The same file again: recognised, with the original receipt.
    const count = (await ledger.count());
    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('duplicate');
    expect(await outcome(page).textContent()).toContain(`Máy chủ đã nhận đúng tệp này lúc`);
    expect(await field(page, 'id').textContent()).toBe(String(rec.id));
    expect((await ledger.count())).toBe(count);
    expect((await fileLog(page)).closed).toBe(2);

    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('refuses to send while the checklist has problems, and lists them with their cells', async () => {
    const count = (await intake.service.ledger.count());
    const { context, page, offsite, problems } = await open({ settings: settings(), workbookBase64: base64(good) }, { ...cells, [`E${FIRST_DATA_ROW + 1}`]: 'abc' });
    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome')).toBe('checks');
    expect(await outcome(page).textContent()).toContain('Chưa nộp: biểu mẫu còn 1 lỗi cần sửa.');
    const link = outcome(page).locator(`[data-address="E${FIRST_DATA_ROW + 1}"]`);
    expect(await link.textContent()).toContain('Không đọc được số trong “abc”');
    await link.click();
    await expect.poll(() => page.evaluate(() => window.__host!.selection)).toBe(`Phụ lục 1!E${FIRST_DATA_ROW + 1}`);
    // Nothing was read or sent.
    expect((await fileLog(page)).opened).toBe(0);
    expect((await intake.service.ledger.count())).toBe(count);
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists the server’s errors and selects the cell (the file’s E6 is not a number)', async () => {
    // Stand-in for a check only the server makes: the pane sees good cells, the file is the bad one.
    const { context, page, offsite, problems } = await open({ settings: settings(), workbookBase64: base64(bad) });
    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('rejected');
    const cell = `E${FIRST_DATA_ROW + 1}`;
    expect(await outcome(page).textContent()).toMatch(/Máy chủ không nhận báo cáo: 1 lỗi cần sửa \(lần gửi này được ghi với biên nhận số \d+\)/);
    const link = outcome(page).locator(`[data-address="${cell}"]`);
    expect(await link.textContent()).toMatch(/Không đọc được số/);
    await link.click();
    await expect.poll(() => page.evaluate(() => window.__host!.selection)).toBe(`Phụ lục 1!${cell}`);
    await page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-rejected-320.png'), fullPage: true });
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(WIDTH);
    expect((await intake.service.ledger.bySha(createHash('sha256').update(bad).digest('hex')))?.status).toBe('rejected');
    expect(offsite).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('with a wrong token (set in “Cài đặt”) shows the 401 message and the settings hint', async () => {
    const count = (await intake.service.ledger.count());
    const { context, page, offsite, problems } = await open({ settings: settings(), workbookBase64: base64(good) });
    await page.getByRole('button', { name: 'Cài đặt' }).click();
    const panel = page.getByRole('dialog');
    await expect.poll(() => panel.count()).toBe(1);
    expect(await panel.getByLabel('Địa chỉ nhận báo cáo').inputValue()).toBe(intake.api.url);
    const token = panel.getByLabel('Mã truy cập của đơn vị', { exact: true });
    expect(await token.getAttribute('type')).toBe('password');
    await token.fill('pl_ldtbxh_sai-ma');
    await panel.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    // Persisted under the partition key, as Office's partitionKey would have it.
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('harness-partition:phuluc.submit.v1') ?? '{}'));
    expect(stored).toEqual({ intakeUrl: intake.api.url, token: 'pl_ldtbxh_sai-ma', folder: FOLDER });

    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('refused');
    expect(await outcome(page).getAttribute('data-status')).toBe('401');
    expect(await outcome(page).textContent()).toContain('Mã truy cập không đúng hoặc đã bị thu hồi');
    expect(await page.locator('[data-settings-hint]').textContent()).toBe('Kiểm tra địa chỉ nhận báo cáo và mã truy cập của đơn vị trong mục “Cài đặt”.');
    await page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-401-320.png'), fullPage: true });
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(WIDTH);
    await outcome(page).getByRole('button', { name: 'Mở cài đặt' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    expect((await intake.service.ledger.count())).toBe(count);
    expect((await fileLog(page))).toMatchObject({ opened: 1, closed: 1 });
    expect(offsite).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('with the server unreachable offers the shared folder instead', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const { context, page, offsite, problems } = await open({ settings: { ...settings(), intakeUrl: `http://127.0.0.1:${port}` }, workbookBase64: base64(good) });
    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('unreachable');
    const text = await outcome(page).textContent();
    expect(text).toContain(`Không kết nối được tới máy chủ nhận báo cáo (127.0.0.1:${port})`);
    expect(await outcome(page).locator('[data-folder-route]').textContent()).toBe(`Hãy lưu tệp vào thư mục nộp báo cáo chung của Phòng Tài chính - Kế hoạch: ${FOLDER} (trong Excel: Tệp › Lưu bản sao, chọn thư mục này).`);
    expect(await outcome(page).getByRole('button', { name: 'Thử lại' }).count()).toBe(1);
    expect((await fileLog(page)).closed).toBe(1);
    await page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-unreachable-320.png'), fullPage: true });
    expect(await noHorizontalScroll(page)).toBeLessThanOrEqual(WIDTH);
    expect(offsite).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('says beforehand where submitting cannot work: no settings, offline, no File API', async () => {
    // No address or token yet.
    const none = await open({ settings: { folder: FOLDER }, workbookBase64: base64(good) });
    expect(await none.page.locator('[data-notice]').getAttribute('data-notice')).toBe('settings');
    expect(await none.page.locator('[data-notice]').textContent()).toContain('Chưa có địa chỉ nhận báo cáo');
    expect(await none.page.locator('[data-notice] [data-folder-route]').textContent()).toContain(FOLDER);
    expect(await submitButton(none.page).isDisabled()).toBe(true);
    expect(await none.page.getByRole('button', { name: 'Lịch sử nộp' }).count()).toBe(0);
    await none.page.locator('[data-notice]').getByRole('button', { name: 'Mở cài đặt' }).click();
    await expect.poll(() => none.page.getByRole('dialog').count()).toBe(1);
    await none.page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-settings-320.png') });
    expect(none.problems).toEqual([]);
    await none.context.close();

    // Offline: the browser says so; back online, the button comes back.
    const off = await open({ settings: settings(), workbookBase64: base64(good) });
    await off.context.setOffline(true);
    await expect.poll(() => off.page.locator('[data-notice]').getAttribute('data-notice')).toBe('offline');
    expect(await off.page.locator('[data-notice]').textContent()).toContain('Máy tính đang mất kết nối mạng');
    expect(await off.page.locator('[data-notice] [data-folder-route]').textContent()).toContain(FOLDER);
    expect(await submitButton(off.page).isDisabled()).toBe(true);
    await off.context.setOffline(false);
    await expect.poll(() => off.page.locator('[data-notice]').count()).toBe(0);
    expect(await submitButton(off.page).isDisabled()).toBe(false);
    expect(off.problems).toEqual([]);
    await off.context.close();

    // An Excel without the File API (requirement set File 1.1).
    const old = await open({ settings: settings(), workbookBase64: base64(good), fileSupported: false });
    expect(await old.page.locator('[data-notice]').getAttribute('data-notice')).toBe('unsupported');
    expect(await old.page.locator('[data-notice]').textContent()).toContain('Phiên bản Excel này không cho phần bổ trợ đọc tệp sổ làm việc');
    expect(await old.page.locator('[data-notice] [data-folder-route]').textContent()).toContain(FOLDER);
    expect(await submitButton(old.page).isDisabled()).toBe(true);
    expect(old.problems).toEqual([]);
    expect([...none.offsite, ...off.offsite, ...old.offsite]).toEqual([]);
    await old.context.close();
  });
});
