// "Nộp báo cáo" in real Chromium: the harness page (served from 127.0.0.1:<port>, the worker's
// configured add-in origin, so CORS lets it in) submits the workbook's .xlsx bytes — read by the
// real officeSubmitter() from a fake Office file in several slices — to a REAL worker endpoint
// started here, and shows the receipt in plain words; the ledger, the unit's status and the
// appendix agree. Then: the pane refuses while its checks fail (without repeating them), shows the
// errors only the receiving side found, a wrong token, an unreachable system, cancelling, and what
// it says where submitting cannot work (not enrolled, offline, no File API, Excel on the web
// without the compressed file). Enrolment and review states run against a fake intake that speaks
// the shared contract (tests/helpers/addin-fake-intake.ts). Every state: axe-core, the glossary,
// 320 px without horizontal scrolling.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { HarnessConfig, HarnessSubmission } from './harness/harness.tsx';
import type { MemoryValue } from './harness/memory-host.ts';
import { findUnit } from '../../shared/catalog.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { COL, FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import { unitStatuses } from '../../worker/consolidate/index.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { realFigures } from '../helpers/worker.ts';
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
import { startFakeIntake } from '../helpers/addin-fake-intake.ts';
import { base64, figureCells, filledWorkbook, startIntake, type Intake } from '../helpers/addin-intake.ts';

const WIDTH = 320;
const TOKEN = 'pl_ldtbxh_pane-test-0123456789';
const FOLDER = '\\\\may-chu\\NopBaoCao\\2023';
const NOW = '2023-11-10T03:00:00.000Z';
const catalog = loadCatalog(2023);
const LDTBXH = { catalogId: catalog.id, unit: 'LDTBXH', period: '2023-uoc' };
const UNIT_NAME = 'Phòng Lao động - Thương binh và Xã hội';
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
  // Out of bounds (0–100 000): an error the file has and the pane's cells (good ones) do not.
  const wrong = new Map(figures);
  wrong.set(14, { value: 900_000, note: '' });
  bad = await filledWorkbook(intake.service, unit, wrong);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await intake?.close();
  await server?.close();
});

interface Opened {
  context: BrowserContext;
  page: Page;
  offsite: string[];
  problems: string[];
}

const settings = () => ({ intakeUrl: intake.api.url, token: TOKEN, folder: FOLDER });

async function open(submission: HarnessSubmission, inputs: Record<string, MemoryValue> = cells, extra: Partial<HarnessConfig> = {}): Promise<Opened> {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  // Only 127.0.0.1 (the harness and the worker, or a closed port): nothing leaves the machine.
  const { offsite, problems } = await watchPage(page, 'http://127.0.0.1:');
  await page.goto(server.url);
  const template = { ...LDTBXH, inputs, ...(extra.template ?? {}) };
  await page.evaluate((c) => window.__harness.start(c), { now: NOW, ...extra, template, submission } as HarnessConfig);
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
/** The text a person reads: without the icon fonts' private-use glyphs. */
const textOf = async (l: Locator) => ((await l.textContent()) ?? '').replace(/[\uE000-\uF8FF]/g, '');
const field = (page: Page, name: string) => page.locator(`[data-outcome] [data-receipt-field="${name}"]`).first();
const fileLog = (page: Page) =>
  page.evaluate(() => {
    const f = window.__file!;
    return { opened: f.opened, closed: f.closed, slicesRead: f.slicesRead, requestedSliceSize: f.requestedSliceSize };
  });
/** Chromium logs every 4xx answer and refused connection; those are the point of some tests. */
const unexpected = (problems: string[]) => problems.filter((p) => !/Failed to load resource/.test(p));

const expectTidy = (page: Page, state: string) => tidy(page, state, WIDTH);

/** How many lines of text an element takes. */
const lines = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const text = el.querySelector('.ms-MessageBar-innerText') ?? el;
    return Math.round(text.getBoundingClientRect().height / parseFloat(getComputedStyle(text).lineHeight));
  });

describe('“Nộp báo cáo” in Chromium against the real intake endpoint', () => {
  it('checks, reads the file in slices, sends it and shows the receipt the ledger agrees with', async () => {
    const { context, page, offsite, problems } = await open({
      settings: settings(),
      workbookBase64: base64(good),
      sliceSize: 8 * 1024,
      url: 'https://tenant.sharepoint.com/Bao%20cao/PL1%20LĐTBXH.xlsx',
    });
    expect(await page.locator('[data-summary]').textContent()).toMatch(/không có lỗi$/);
    expect(await page.locator('[data-notice]').count()).toBe(0);

    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('accepted');
    expect(await page.evaluate(() => (window as unknown as { __steps: string[] }).__steps)).toEqual([
      'checking|Đang kiểm tra số liệu…',
      'reading|Đang đọc tệp…',
      'sending|Đang nộp…',
    ]);

    // The file went through the adapter in several slices and was closed.
    const log = await fileLog(page);
    const slices = Math.ceil(good.length / 8192);
    expect(slices).toBeGreaterThanOrEqual(2);
    expect(log).toEqual({ opened: 1, closed: 1, slicesRead: Array.from({ length: slices }, (_, i) => i), requestedSliceSize: 4 * 1024 * 1024 });

    // The receipt, in plain words: what the worker recorded.
    const hash = createHash('sha256').update(good).digest('hex');
    const rec = (await intake.service.ledger.bySha(hash))!;
    expect(rec).toMatchObject({ status: 'accepted', unit: 'LDTBXH', fileName: 'PL1 LĐTBXH.xlsx', source: 'http' });
    expect(await field(page, 'headline').textContent()).toBe(`Đã nhận lúc ${formatTimeVi(rec.receivedAt)}, mã biên nhận ${rec.id}.`);
    expect(await field(page, 'unit').textContent()).toBe(UNIT_NAME);
    expect(await field(page, 'period').textContent()).toBe('Ước thực hiện năm 2023');
    expect(await field(page, 'file').textContent()).toBe('PL1 LĐTBXH.xlsx');
    // The catalogue's deadline for 2023 is long past.
    expect(await field(page, 'late').textContent()).toBe('Nộp muộn');
    const status = (await unitStatuses(intake.service.cfg.catalog, intake.service.cfg.period, intake.service.ledger, new Date())).find(
      (s) => s.code === 'LDTBXH',
    )!;
    expect(status.state).toBe('accepted');
    expect(status.record?.sha256).toBe(hash);
    await expectTidy(page, 'accepted');

    // The file's fingerprint waits behind "Chi tiết"; "Sao chép mã" (a labelled button) copies it whole.
    expect(await page.locator('[data-receipt-field="fingerprint"]').count()).toBe(0);
    await outcome(page).getByRole('button', { name: 'Chi tiết' }).click();
    expect(await field(page, 'fingerprint').textContent()).toBe(hash);
    await page.getByRole('button', { name: 'Sao chép mã' }).click();
    await expect.poll(() => page.getByText('Đã sao chép').count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(hash);

    // The worker consolidates after the submission: the appendix carries the unit's figure.
    const { cfg, ledger, mutex } = intake.service;
    const until = Date.now() + 15_000;
    while (!(await ledger.lastAppendix(cfg.period.id)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await mutex.idle();
    expect(await ledger.lastAppendix(cfg.period.id)).toBeDefined();
    const sheet = readXlsx(readFileSync(`${cfg.paths.out}/phu-luc-1-${cfg.period.id}.xlsx`)).sheet(SHEET_NAME)!;
    expect(sheet.cells.get(`${COL.actual}${FIRST_DATA_ROW + 13}`)?.v).toBe('942');

    // History (GET) lists it, waiting for the planning office's review.
    await page.getByRole('button', { name: 'Lịch sử nộp' }).click();
    await expect.poll(() => page.locator('[data-history-item]').count()).toBe(1);
    expect(await page.locator(`[data-history-item="${rec.id}"]`).getAttribute('data-status')).toBe('accepted');
    expect(await page.locator(`[data-history-item="${rec.id}"] [data-review-label]`).textContent()).toBe('Chờ duyệt');

    // Tidy at 320 px with the receipt.
    await expectTidy(page, 'receipt with details and history');
    await outcome(page).scrollIntoViewIfNeeded();
    const file = path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-receipt-320.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(pngSize(file).width).toBe(WIDTH);
    expect(statSync(file).size).toBeGreaterThan(15_000);
    await page.locator('[data-slot="submit"]').screenshot({ path: path.join(SCREENSHOT_DIR, 'taskpane-receipt-320-section.png') });

    // Answered for what the sheet holds: “Nộp báo cáo” waits for a change in the sheet (issue 20).
    expect(await submitButton(page).isDisabled()).toBe(true);
    expect(await page.locator('[data-submitted]').textContent()).toMatch(/^Đã nộp nội dung này\./);
    await page.evaluate(() => window.__host!.setValue('G5', 'Giải trình bổ sung.'));
    await expect.poll(() => submitButton(page).isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('[data-submitted]').count()).toBe(0);

    // The same file again (the harness hands over the same bytes): recognised, with the original receipt.
    const count = await ledger.count();
    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('duplicate');
    expect(await outcome(page).textContent()).toContain(
      `Hệ thống đã nhận đúng tệp này lúc ${formatTimeVi(rec.receivedAt)} (mã biên nhận ${rec.id}); không cần nộp lại.`,
    );
    expect(await ledger.count()).toBe(count);
    expect((await fileLog(page)).closed).toBe(2);

    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('creates a template from the worker’s catalogue (the pane bundles none), and the template carries it', async () => {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 900 } });
    const page = await context.newPage();
    const { offsite, problems } = await watchPage(page, 'http://127.0.0.1:');
    await page.goto(server.url);
    await page.evaluate((c) => window.__harness.start(c), {
      now: NOW,
      sheets: { 'Trang tính1': {} },
      knownCatalogs: false,
      submission: { settings: settings() },
    } as HarnessConfig);
    const group = (name: string) => page.getByRole('group', { name });
    await expect.poll(() => group('Danh mục chỉ tiêu').getByRole('radio').count(), { timeout: 10_000 }).toBe(1);
    expect(await group('Danh mục chỉ tiêu').getByRole('radio').getAttribute('value')).toBe(intake.service.cfg.catalog.id);
    // The period the worker collects is the one chosen.
    expect(await group('Kỳ báo cáo').getByRole('radio', { checked: true }).getAttribute('value')).toBe(intake.service.cfg.period.id);
    await group('Đơn vị báo cáo')
      .getByRole('radio', { name: `${UNIT_NAME} (2 chỉ tiêu)` })
      .check();
    await page.getByRole('button', { name: 'Tạo biểu mẫu' }).click();
    await expect.poll(() => page.locator('[data-summary]').textContent(), { timeout: 10_000 }).toMatch(/^0\/2 chỉ tiêu đạt hoặc vượt kế hoạch/);
    const keys = await page.evaluate(() => [...window.__host!.sheets.get('_phuluc')!].filter(([a]) => a.startsWith('A')).map(([, v]) => String(v)));
    expect(keys).toContain('catalog:1');
    expect(offsite).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('refuses to send while the checklist has errors, saying how many instead of repeating them', async () => {
    const count = await intake.service.ledger.count();
    const cell = `E${FIRST_DATA_ROW + 1}`;
    const { context, page, offsite, problems } = await open({ settings: settings(), workbookBase64: base64(good) }, { ...cells, [cell]: 'abc' });
    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome')).toBe('checks');
    expect(await textOf(outcome(page))).toBe(`Chưa nộp: Sửa 1 lỗi ở trên trước khi nộp. Chọn ô ${cell}`);
    // The error itself is listed once, above, in the checklist.
    expect(await page.getByText('Không đọc được số trong “abc”').count()).toBe(1);
    await outcome(page).locator(`[data-address="${cell}"]`).click();
    await expect.poll(() => page.evaluate(() => window.__host!.selection)).toBe(`Phụ lục 1!${cell}`);
    await expectTidy(page, 'refused by the checks');
    // Nothing was read or sent.
    expect((await fileLog(page)).opened).toBe(0);
    expect(await intake.service.ledger.count()).toBe(count);
    expect(offsite).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists the errors only the receiving side found, and selects the cell', async () => {
    // The pane sees good cells, the file is the bad one (a figure out of bounds at E6).
    const { context, page, offsite, problems } = await open({ settings: settings(), workbookBase64: base64(bad) });
    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('rejected');
    const cell = `E${FIRST_DATA_ROW + 1}`;
    expect(await textOf(outcome(page))).toMatch(
      /^Chưa được chấp nhận: tệp có 1 lỗi cần sửa \(nộp lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}, mã biên nhận \d+\)\. Hãy sửa, lưu tệp rồi nộp lại\./,
    );
    const link = outcome(page).locator(`[data-address="${cell}"]`);
    expect(await link.textContent()).toMatch(/nằm ngoài khoảng cho phép/);
    await link.click();
    await expect.poll(() => page.evaluate(() => window.__host!.selection)).toBe(`Phụ lục 1!${cell}`);
    await page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-rejected-320.png'), fullPage: true });
    await expectTidy(page, 'rejected');
    expect((await intake.service.ledger.bySha(createHash('sha256').update(bad).digest('hex')))?.status).toBe('rejected');
    expect(offsite).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('with a wrong token (typed in “Cài đặt”) says so once, with a link to the settings', async () => {
    const count = await intake.service.ledger.count();
    const { context, page, offsite, problems } = await open({ settings: settings(), workbookBase64: base64(good) });
    await page.getByRole('button', { name: 'Cài đặt' }).click();
    const panel = page.getByRole('dialog', { name: 'Cài đặt nộp báo cáo' });
    await expect.poll(() => panel.count()).toBe(1);
    expect(await panel.getByText('Đã đăng ký nộp qua mạng.').count()).toBe(1);
    await expectTidy(page, 'settings panel (enrolled)');
    await panel.getByRole('button', { name: 'Nhập mã truy cập thủ công' }).click();
    const token = panel.getByLabel('Mã truy cập của đơn vị', { exact: true });
    expect(await token.getAttribute('type')).toBe('password');
    expect(await token.inputValue()).toBe(TOKEN);
    await token.fill('pl_ldtbxh_sai-ma');
    await panel.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    // Persisted under the partition key, as Office's partitionKey would have it.
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('harness-partition:phuluc.submit.v1') ?? '{}'));
    expect(stored).toEqual({ intakeUrl: intake.api.url, token: 'pl_ldtbxh_sai-ma', folder: FOLDER });

    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('refused');
    expect(await outcome(page).getAttribute('data-status')).toBe('401');
    const text = (await outcome(page).textContent())!;
    expect(text).toContain('Mã truy cập không đúng hoặc đã bị thu hồi');
    // One pointer to the settings, not two.
    expect(await outcome(page).locator('[data-open-settings]').count()).toBe(1);
    expect(text.match(/Cài đặt|cài đặt/g)!.length).toBeLessThanOrEqual(2);
    await page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-401-320.png'), fullPage: true });
    await expectTidy(page, '401');
    await outcome(page).locator('[data-open-settings]').click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(1);
    expect(await intake.service.ledger.count()).toBe(count);
    expect(await fileLog(page)).toMatchObject({ opened: 1, closed: 1 });
    expect(offsite).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('with the system unreachable offers the shared folder, its path breaking only after a separator', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const { context, page, offsite, problems } = await open({
      settings: { ...settings(), intakeUrl: `http://127.0.0.1:${port}` },
      workbookBase64: base64(good),
    });
    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('unreachable');
    expect(await outcome(page).textContent()).toContain(`Không kết nối được tới hệ thống nhận báo cáo (127.0.0.1:${port})`);
    expect(await outcome(page).locator('[data-folder-route]').textContent()).toBe(
      `Hãy lưu tệp vào thư mục nộp báo cáo chung của Phòng Tài chính - Kế hoạch: ${FOLDER} (trong Excel: Tệp › Lưu bản sao, chọn thư mục này).`,
    );
    // \\may-chu\NopBaoCao\2023: a break opportunity after each backslash, none inside a name.
    expect(await outcome(page).locator('[data-folder-path] wbr').count()).toBe(3);
    expect(await outcome(page).getByRole('button', { name: 'Thử lại' }).count()).toBe(1);
    expect((await fileLog(page)).closed).toBe(1);
    await page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-unreachable-320.png'), fullPage: true });
    await expectTidy(page, 'unreachable');
    expect(offsite).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('stops on “Hủy”: while reading (nothing sent, file closed) and while sending', async () => {
    const count = await intake.service.ledger.count();
    // Slow slices: there is time to press "Hủy" while the file is read.
    const reading = await open({ settings: settings(), workbookBase64: base64(good), sliceSize: 1024, latencyMs: 300 });
    await submitButton(reading.page).click();
    await expect.poll(() => reading.page.locator('[data-submit-step="reading"]').count()).toBe(1);
    await expectTidy(reading.page, 'reading the file');
    await reading.page.getByRole('button', { name: 'Hủy' }).click();
    await expect.poll(() => outcome(reading.page).getAttribute('data-outcome')).toBe('stopped');
    expect(await textOf(outcome(reading.page))).toBe('Đã dừng; báo cáo chưa được nộp.');
    await expect.poll(() => fileLog(reading.page)).toMatchObject({ opened: 1, closed: 1 });
    expect((await fileLog(reading.page)).slicesRead.length).toBeLessThan(Math.ceil(good.length / 1024));
    expect(await intake.service.ledger.count()).toBe(count);
    expect(await submitButton(reading.page).isDisabled()).toBe(false);
    await reading.context.close();

    // A system that never answers: "Hủy" while sending.
    const sockets = new Set<Socket>();
    const silent = http.createServer(() => {
      /* never answers */
    });
    silent.on('connection', (s) => sockets.add(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const sending = await open({
        settings: { ...settings(), intakeUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}` },
        workbookBase64: base64(good),
      });
      await submitButton(sending.page).click();
      await expect.poll(() => sending.page.locator('[data-submit-step="sending"]').count(), { timeout: 10_000 }).toBe(1);
      await sending.page.getByRole('button', { name: 'Hủy' }).click();
      await expect.poll(() => outcome(sending.page).getAttribute('data-outcome')).toBe('stopped');
      expect(await textOf(outcome(sending.page))).toMatch(/^Đã dừng\. Tệp có thể đã tới hệ thống: hãy xem “Lịch sử nộp” trước khi nộp lại/);
      await expectTidy(sending.page, 'stopped while sending');
      expect(unexpected(sending.problems)).toEqual([]);
      await sending.context.close();
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });

  it('says beforehand, briefly, where submitting cannot work: no address, offline, no File API, Excel on the web', async () => {
    // No address at all (an old template) and nothing saved: three lines at most, with the way on.
    const none = await open({ settings: { folder: FOLDER }, workbookBase64: base64(good) });
    expect(await none.page.locator('[data-notice]').getAttribute('data-notice')).toBe('address');
    expect(await textOf(none.page.locator('[data-notice]'))).toBe('Chưa có địa chỉ nhận báo cáo: mở cài đặt, hoặc lưu tệp vào thư mục nộp báo cáo chung.');
    expect(await lines(none.page, '[data-notice]')).toBeLessThanOrEqual(3);
    expect(await submitButton(none.page).isDisabled()).toBe(true);
    expect(await none.page.getByRole('button', { name: 'Lịch sử nộp' }).count()).toBe(0);
    await expectTidy(none.page, 'no address');
    await none.page.locator('[data-notice] [data-open-settings]').click();
    const panel = none.page.getByRole('dialog', { name: 'Cài đặt nộp báo cáo' });
    await expect.poll(() => panel.count()).toBe(1);
    // No example that looks like a real value inside the fields.
    expect(await none.page.locator('input[placeholder]').count()).toBe(0);
    await expectTidy(none.page, 'settings panel (not enrolled)');
    // An address typed without a scheme gets https:// added.
    await panel.getByLabel('Địa chỉ nhận báo cáo').fill('phuluc.honglinh.gov.vn');
    await panel.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => panel.count()).toBe(0);
    expect(await none.page.evaluate(() => JSON.parse(localStorage.getItem('harness-partition:phuluc.submit.v1') ?? '{}').intakeUrl)).toBe(
      'https://phuluc.honglinh.gov.vn',
    );
    // Now only the enrolment code is missing.
    expect(await none.page.locator('[data-notice]').getAttribute('data-notice')).toBe('enrol');
    await none.page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-settings-320.png') });
    expect(none.problems).toEqual([]);
    await none.context.close();

    // A token enrolled for another unit: said, with the way to re-enrol; submitting stays possible.
    const other = await open({ settings: { ...settings(), unit: 'KT', unitName: 'Phòng Kinh tế' }, workbookBase64: base64(good) });
    expect(await other.page.locator('[data-notice]').getAttribute('data-notice')).toBe('other-unit');
    expect(await textOf(other.page.locator('[data-notice]'))).toBe(
      `Mã truy cập đã lưu là của Phòng Kinh tế, biểu mẫu này của ${UNIT_NAME}: đăng ký lại bằng mã của đơn vị.`,
    );
    expect(await submitButton(other.page).isDisabled()).toBe(false);
    await expectTidy(other.page, 'token of another unit');
    expect(other.problems).toEqual([]);
    await other.context.close();

    // Offline: the browser says so; back online, the button comes back.
    const off = await open({ settings: settings(), workbookBase64: base64(good) });
    await off.context.setOffline(true);
    await expect.poll(() => off.page.locator('[data-notice]').getAttribute('data-notice')).toBe('offline');
    expect(await off.page.locator('[data-notice]').textContent()).toContain('Máy tính đang mất kết nối mạng');
    expect(await off.page.locator('[data-notice] [data-folder-route]').textContent()).toContain(FOLDER);
    expect(await submitButton(off.page).isDisabled()).toBe(true);
    await expectTidy(off.page, 'offline');
    await off.context.setOffline(false);
    await expect.poll(() => off.page.locator('[data-notice]').count()).toBe(0);
    expect(await submitButton(off.page).isDisabled()).toBe(false);
    expect(off.problems).toEqual([]);
    await off.context.close();

    // An Excel without the File API (requirement set File 1.1).
    const old = await open({ settings: settings(), workbookBase64: base64(good), fileSupported: false });
    expect(await old.page.locator('[data-notice]').getAttribute('data-notice')).toBe('no-file');
    expect(await old.page.locator('[data-notice]').textContent()).toContain('Phiên bản Excel này không cho phần bổ trợ đọc tệp sổ làm việc');
    expect(await old.page.locator('[data-notice] [data-folder-route]').textContent()).toContain(FOLDER);
    expect(await submitButton(old.page).isDisabled()).toBe(true);
    expect(old.problems).toEqual([]);
    await old.context.close();

    // Excel on the web: File yes, CompressedFile no. "Nộp báo cáo" is not offered; download and folder instead.
    const web = await open({ settings: settings(), workbookBase64: base64(good), compressedSupported: false });
    expect(await web.page.locator('[data-notice]').getAttribute('data-notice')).toBe('no-compressed');
    expect(await textOf(web.page.locator('[data-notice]'))).toBe(
      'Excel trên web chưa cho phần bổ trợ đọc tệp sổ làm việc để nộp. Hãy tải tệp về (Tệp › Lưu bản sao › Tải xuống bản sao) rồi lưu vào thư mục nộp báo cáo chung.',
    );
    expect(await submitButton(web.page).isDisabled()).toBe(true);
    await expectTidy(web.page, 'Excel on the web without the compressed file');
    expect((await fileLog(web.page)).opened).toBe(0);
    expect(web.problems).toEqual([]);
    expect([...none.offsite, ...off.offsite, ...old.offsite, ...web.offsite]).toEqual([]);
    await web.context.close();
  });
});

describe('an officer types nothing but the enrolment code', () => {
  it('reads the address from the template, exchanges the code for the token (kept out of the workbook) and submits', async () => {
    const unitToken = 'pl_ldtbxh_enrolled-9876';
    const fake = await startFakeIntake({ origin, unit: { code: 'LDTBXH', name: UNIT_NAME, token: unitToken }, codes: ['7Q2K-9F4M'] });
    try {
      const { context, page, offsite, problems } = await open({ workbookBase64: base64(good) }, cells, { template: { ...LDTBXH, intakeUrl: fake.url } });
      // First use: one short box, one thing to do.
      expect(await page.locator('[data-notice]').getAttribute('data-notice')).toBe('enrol');
      expect(await textOf(page.locator('[data-notice]'))).toBe('Lần đầu nộp qua mạng: nhập mã đăng ký do Phòng Tài chính - Kế hoạch cấp.');
      expect(await lines(page, '[data-notice]')).toBeLessThanOrEqual(3);
      expect(await submitButton(page).isDisabled()).toBe(true);
      await expectTidy(page, 'first use');
      await page.screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-first-use-320.png'), fullPage: true });

      await page.locator('[data-notice] [data-open-settings]').click();
      const panel = page.getByRole('dialog', { name: 'Cài đặt nộp báo cáo' });
      await expect.poll(() => panel.count()).toBe(1);
      // The address is the template's; nothing to type there.
      expect(await panel.locator('[data-address-known]').textContent()).toContain(fake.url);
      await expectTidy(page, 'enrolment form');
      const code = panel.getByLabel('Mã đăng ký');
      await code.fill('0000-0000');
      await panel.getByRole('button', { name: 'Đăng ký', exact: true }).click();
      await expect.poll(() => panel.getByText('Mã đăng ký không đúng hoặc đã được dùng').count()).toBe(1);
      await expectTidy(page, 'enrolment refused');
      await code.fill('7Q2K-9F4M');
      await code.press('Enter');
      await expect.poll(() => panel.count()).toBe(0);
      expect(await page.getByText(`Đã đăng ký nộp qua mạng cho ${UNIT_NAME}.`, { exact: false }).count()).toBe(1);
      expect(fake.enrolments).toEqual([{ code: '0000-0000' }, { code: '7Q2K-9F4M' }]);

      // The token is in the pane's settings, never in the workbook.
      const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('harness-partition:phuluc.submit.v1') ?? '{}'));
      expect(stored).toEqual({ intakeUrl: fake.url, token: unitToken, folder: '', unit: 'LDTBXH', unitName: UNIT_NAME });
      const workbook = await page.evaluate(() => JSON.stringify([...window.__host!.sheets].map(([n, c]) => [n, [...c]])));
      expect(workbook).not.toContain(unitToken);

      expect(await page.locator('[data-notice]').count()).toBe(0);
      await submitButton(page).click();
      await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('accepted');
      expect(fake.files).toHaveLength(1);
      expect(Buffer.from(fake.files[0]).equals(Buffer.from(good))).toBe(true);
      expect(await field(page, 'headline').textContent()).toMatch(/^Đã nhận lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4}, mã biên nhận 100\.$/);
      await expectTidy(page, 'submitted after enrolment');
      expect(offsite).toEqual([]);
      expect(unexpected(problems)).toEqual([]);
      await context.close();
    } finally {
      await fake.close();
    }
  });

  it('against the real worker: a code from the ledger, exchanged once, then the submission is recorded', async () => {
    const now = new Date();
    await intake.service.ledger.addEnrolment('LDTBXH', 'MH7K2QXPR4TA', now.toISOString(), new Date(now.getTime() + 86_400_000).toISOString());
    const again = new Map(figures).set(11, { ...figures.get(11)!, note: 'Số liệu nộp sau khi đăng ký.' });
    const file = await filledWorkbook(intake.service, findUnit(catalog, 'LDTBXH')!, again);
    const { context, page, offsite, problems } = await open({ workbookBase64: base64(file) }, figureCells(catalog, 'LDTBXH', again), {
      template: { ...LDTBXH, intakeUrl: intake.api.url },
    });
    expect(await page.locator('[data-notice]').getAttribute('data-notice')).toBe('enrol');
    await page.locator('[data-notice] [data-open-settings]').click();
    const panel = page.getByRole('dialog', { name: 'Cài đặt nộp báo cáo' });
    await expect.poll(() => panel.count()).toBe(1);
    await panel.getByLabel('Mã đăng ký').fill('mh7k-2qxp-r4ta');
    await panel.getByRole('button', { name: 'Đăng ký', exact: true }).click();
    await expect.poll(() => panel.count()).toBe(0);
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('harness-partition:phuluc.submit.v1') ?? '{}'));
    expect(await intake.service.ledger.unitForToken(stored.token)).toBe('LDTBXH');
    await submitButton(page).click();
    await expect.poll(() => outcome(page).getAttribute('data-outcome'), { timeout: 15_000 }).toBe('accepted');
    const rec = (await intake.service.ledger.bySha(createHash('sha256').update(file).digest('hex')))!;
    expect([rec.unit, rec.status, rec.source]).toEqual(['LDTBXH', 'accepted', 'http']);
    expect(offsite).toEqual([]);
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('the history shows each submission’s review state; a comment selects its cell', async () => {
    const unitToken = 'pl_ldtbxh_review-5555';
    const hoNgheo = catalog.indicators.find((i) => i.stt === 11)!;
    const viecLam = catalog.indicators.find((i) => i.stt === 14)!;
    const receipt = (id: number, at: string, status: 'accepted' | 'rejected') => ({
      id,
      receivedAt: at,
      sha256: `${id}`.padStart(64, 'a'),
      unit: 'LDTBXH',
      unitName: UNIT_NAME,
      period: '2023-uoc',
      fileName: `PL1-${id}.xlsx`,
      status,
      late: false,
    });
    const fake = await startFakeIntake({
      origin,
      unit: { code: 'LDTBXH', name: UNIT_NAME, token: unitToken },
      history: [
        { ...receipt(4, '2023-11-19T08:00:00.000Z', 'accepted'), errors: [], warnings: [], review: 'approved', reviewedAt: '2023-11-19T09:00:00.000Z' },
        {
          ...receipt(3, '2023-11-18T08:00:00.000Z', 'accepted'),
          errors: [],
          warnings: [{ message: 'Thiếu giải trình.' }],
          review: 'returned',
          reviewNote: 'Đề nghị bổ sung giải trình và kiểm tra lại số việc làm mới.',
          reviewComments: [
            { indicator: viecLam.code, text: 'Số liệu khác báo cáo quý III.' },
            { indicator: hoNgheo.code, cell: 'G5', text: 'Ghi rõ nguồn số liệu.' },
          ],
        },
        { ...receipt(2, '2023-11-17T08:00:00.000Z', 'accepted'), errors: [], warnings: [], review: 'superseded' },
        { ...receipt(1, '2023-11-16T08:00:00.000Z', 'rejected'), errors: [{ message: 'x' }, { message: 'y' }], warnings: [], review: 'rejected' },
        // From an older worker: no review state.
        { ...receipt(0, '2023-11-15T08:00:00.000Z', 'accepted'), errors: [], warnings: [] },
      ],
    });
    try {
      const { context, page, offsite, problems } = await open({ settings: { intakeUrl: fake.url, token: unitToken }, workbookBase64: base64(good) });
      await page.getByRole('button', { name: 'Lịch sử nộp' }).click();
      await expect.poll(() => page.locator('[data-history-item]').count()).toBe(5);
      expect(await page.locator('[data-history-item] [data-review-label]').allTextContents()).toEqual([
        'Đã duyệt',
        'Bị trả lại',
        'Đã có bản nộp mới hơn',
        'Không hợp lệ',
        'Hợp lệ',
      ]);
      const returned = page.locator('[data-history-item="3"]');
      expect(await returned.locator('[data-review-note]').textContent()).toBe(
        'Ý kiến của Phòng Tài chính - Kế hoạch: Đề nghị bổ sung giải trình và kiểm tra lại số việc làm mới.',
      );
      expect(await returned.textContent()).toContain(`Nộp lúc ${formatTimeVi('2023-11-18T08:00:00.000Z')} · 1 cảnh báo`);
      expect(await page.locator('[data-history-item="1"]').textContent()).toContain('2 lỗi');
      // Comments name the indicator (not its code) and select its cell: the figure (E6) when the
      // comment has no cell, the explanation (G5) when it has one.
      const comments = returned.locator('[data-review-comment]');
      expect(await comments.allTextContents()).toEqual([
        `Chỉ tiêu 14. ${viecLam.name} (ô E6): Số liệu khác báo cáo quý III.`,
        `Chỉ tiêu 11. ${hoNgheo.name} (ô G5): Ghi rõ nguồn số liệu.`,
      ]);
      await comments.nth(0).locator('.ms-Link').click();
      await expect.poll(() => page.evaluate(() => window.__host!.selection)).toBe('Phụ lục 1!E6');
      await comments.nth(1).locator('.ms-Link').click();
      await expect.poll(() => page.evaluate(() => window.__host!.selection)).toBe('Phụ lục 1!G5');
      await expectTidy(page, 'history with review states');
      await page.locator('[data-history]').screenshot({ path: path.join(ensureDir(SCREENSHOT_DIR), 'taskpane-history-320.png') });
      expect(offsite).toEqual([]);
      expect(unexpected(problems)).toEqual([]);
      await context.close();
    } finally {
      await fake.close();
    }
  });
});
