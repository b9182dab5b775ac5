/**
 * A whole period from the browser, against a real `phuluc start` (spawned as `node bin/phuluc.js
 * start --config …`) and the production build of the console, in Chromium: 13 units submit the
 * real 2023 figures over the intake API (two without the explanations the report lacked, one with
 * an unreadable figure); the officer logs in with the keyboard, sees the board (12 awaiting, 1
 * rejected), opens a submission, returns it with a comment on a cell; the unit resubmits and its
 * history shows the note and the comment; the officer approves everyone; the appendix turns final
 * and equals the real Phụ lục 1. axe-core on every page; screenshots at 1280 and 390 px.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportingUnits } from '../../shared/catalog.ts';
import { INTAKE_PATH, type HistoryEntry } from '../../shared/intake.ts';
import { COL, FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import { CONSOLE_API, type SubmissionView } from '../../shared/console-api.ts';
import { formatTimeVi } from '../../shared/format.ts';
import { loadConfig, PROJECT_ROOT } from '../../worker/config.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { launchChromium, pngSize, watchPage, type PageWatch } from '../helpers/addin-browser.ts';
import { normalizeLabel, realAppendix } from '../helpers/catalog.ts';
import { buildConsolePages, seedAccess, consoleConfig, realWorkbook, startWorker, submit, type Started } from '../helpers/console.ts';
import { tempDir, withoutMark } from '../helpers/worker.ts';

const real = realAppendix();
const OFFICER = { name: 'lan', fullName: 'Trần Thị Lan', password: 'mat-khau-cua-lan-2023' };
const LEADER = { name: 'chu-tich', password: 'mat-khau-lanh-dao-2023' };
const AXE = path.join(PROJECT_ROOT, 'node_modules/axe-core/axe.min.js');
const SHOTS = mkdtempSync(path.join(tmpdir(), 'phuluc-console-shots-'));
const COMMENT = 'Báo cáo thuyết minh ghi 15.298 tấn, phụ lục ghi 15.249,1 tấn: đề nghị thống nhất.';

const dir = tempDir('console-browser');
// The deadline ten days ahead: every file is on time, the board counts the days left.
const configFile = consoleConfig(dir, new Date(Date.now() + 10 * 86_400_000).toISOString().replace(/\.\d+Z$/, '+00:00'));
const cfg = loadConfig(configFile);
const tokens = new Map(reportingUnits(cfg.catalog).map((u) => [u.code, `pl_${u.code.toLowerCase()}_browser-${u.code}-0123456789`]));
/** Rows 2 and 14 as the report printed them (no explanation); row 21 of Ban Chỉ huy Quân sự unreadable. */
const FIRST_FILES: Record<string, Record<number, { value: number | string; note: null }>> = {
  CCTK: { 2: { value: 63.41, note: null } },
  LDTBXH: { 14: { value: 942, note: null } },
  QS: { 21: { value: 'một trăm phần trăm', note: null } },
};

let worker: Started;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;
const ids = new Map<string, number>();
/** Phòng Kinh tế's second file (after the return), approved with everyone. */
let resubmitted = 0;

beforeAll(async () => {
  const [pages] = await Promise.all([
    buildConsolePages(),
    seedAccess(cfg.paths.ledger, configFile, tokens, [
      [OFFICER, 'ke-hoach'],
      [LEADER, 'lanh-dao'],
    ]),
  ]);
  worker = await startWorker(configFile, { PHULUC_CONSOLE_DIR: pages });
  for (const u of reportingUnits(cfg.catalog)) {
    const r = await submit(worker.url, tokens.get(u.code)!, await realWorkbook(cfg.catalog, cfg.period, u.code, FIRST_FILES[u.code]), `${u.code}.xlsx`);
    expect([u.code, r.status]).toEqual([u.code, u.code === 'QS' ? 422 : 201]);
    ids.set(u.code, (r.body.receipt as { id: number }).id);
  }
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN', acceptDownloads: true });
  await context.addInitScript({ path: AXE });
  page = await context.newPage();
  watch = await watchPage(page, worker.url);
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
});

/** axe-core on the page as it is: no serious or critical violation. */
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

async function shots(name: string, ready: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForSelector(ready);
    const file = path.join(SHOTS, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(pngSize(file).width).toBe(width);
    // Readable at that width: nothing wider than the screen but the tables that scroll.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} at ${width} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function count(key: string): Promise<string> {
  return (await page.locator(`[data-count="${key}"] dd`).textContent()) ?? '';
}

describe('a whole period from the browser', () => {
  it('the first page is the login form: a wrong password is refused, the keyboard logs in', async () => {
    await page.goto(`${worker.url}/`);
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    expect(await axe()).toEqual([]);
    await page.getByLabel('Tên tài khoản').fill(OFFICER.name);
    await page.getByLabel('Mật khẩu', { exact: true }).fill('sai-mat-khau');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Tên tài khoản hoặc mật khẩu không đúng.').waitFor();
    // Keyboard only: the name field has the focus first; Tab to the password, Enter submits.
    await page.reload();
    await page.getByLabel('Tên tài khoản').waitFor();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe('username');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(OFFICER.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(OFFICER.password);
    await page.keyboard.press('Enter');
    await page.locator('[data-board]').waitFor();
  });

  it('shows the board: 12 awaiting review, 1 rejected, the deadline ten days ahead and the cutoff window', async () => {
    expect(await count('awaiting')).toBe('12');
    expect(await count('rejected')).toBe('1');
    expect(await count('approved')).toBe('0');
    expect(await page.locator('tr[data-state="awaiting_review"]').count()).toBe(12);
    expect(await page.locator('tr[data-unit="QS"]').getAttribute('data-state')).toBe('rejected');
    expect(await page.locator('[data-days-left]').textContent()).toBe('còn 10 ngày');
    expect(await page.locator('[data-calendar]').textContent()).toContain('từ ngày 15/12/2022 đến ngày 14/12/2023');
    expect(await page.locator('[data-final]').first().textContent()).toContain('BẢN DỰ THẢO');
    // Filters: the rejected unit under “Chưa nộp, không hợp lệ”.
    await page.getByRole('tab', { name: /Chưa nộp, không hợp lệ/ }).click();
    expect(await page.locator('tbody tr[data-unit]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')))).toEqual(['QS']);
    await page.getByRole('tab', { name: /Tất cả/ }).click();
    expect(await axe()).toEqual([]);
    await shots('bang-tinh-hinh-nop', '[data-board]');
  });

  it('opens a submission by keyboard and returns it with a note and a comment on a cell', async () => {
    const link = page.getByRole('link', { name: 'Phòng Kinh tế' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-figures]').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Phòng Kinh tế');
    expect(await page.locator('tr[data-indicator="SL_LUONG_THUC"] td[data-label="Số liệu"]').textContent()).toBe('15.249,1');
    expect(await axe()).toEqual([]);
    await shots('ban-nop', '[data-figures]');
    await page.getByRole('button', { name: 'Trả lại…' }).click();
    await page.getByLabel('Ghi chú chung gửi đơn vị').fill('Đề nghị kiểm tra lại sản lượng lương thực.');
    await page.getByLabel('Ý kiến cho chỉ tiêu 6, ô E6').fill(COMMENT);
    expect(await axe()).toEqual([]);
    await page.getByRole('button', { name: 'Gửi trả lại' }).click();
    await page.getByText(/^Đã trả lại\. Đơn vị thấy ghi chú/).waitFor();
    expect(await page.locator('[data-submission] [data-state]').getAttribute('data-state')).toBe('returned');
    expect(await page.locator('[data-return-note]').textContent()).toContain(`ô E6: ${COMMENT}`);
  });

  it('the unit resubmits over the intake API: its history shows the note and the comment on the cell', async () => {
    const r = await submit(worker.url, tokens.get('KT')!, await realWorkbook(cfg.catalog, cfg.period, 'KT'), 'KT-nop-lai.xlsx');
    expect(r.status).toBe(201);
    resubmitted = (r.body.receipt as { id: number }).id;
    const h = await fetch(`${worker.url}${INTAKE_PATH}`, { headers: { authorization: `Bearer ${tokens.get('KT')}` } });
    const list = (await h.json()).submissions as HistoryEntry[];
    expect(list.map((s) => s.review)).toEqual(['awaiting_review', 'superseded']);
    // The returned one keeps its note and comments (now superseded by the new file).
    expect(list[1]).toMatchObject({
      reviewNote: 'Đề nghị kiểm tra lại sản lượng lương thực.',
      reviewComments: [{ indicator: 'SL_LUONG_THUC', cell: 'E6', text: COMMENT }],
    });
    expect(list[1].reviewedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Ban Chỉ huy Quân sự sends a readable file this time.
    expect((await submit(worker.url, tokens.get('QS')!, await realWorkbook(cfg.catalog, cfg.period, 'QS'), 'QS-nop-lai.xlsx')).status).toBe(201);
  });

  it('a leader sees the board and the submissions, and no action', async () => {
    const leader = await context.browser()!.newContext({ viewport: { width: 1280, height: 900 } });
    await leader.addInitScript({ path: AXE });
    const p = await leader.newPage();
    const w = await watchPage(p, worker.url);
    await p.goto(`${worker.url}/`);
    await p.getByLabel('Tên tài khoản').fill(LEADER.name);
    await p.getByLabel('Mật khẩu', { exact: true }).fill(LEADER.password);
    await p.getByRole('button', { name: 'Đăng nhập' }).click();
    // A leader lands on the overview (issue 23); the board is one entry of their menu.
    await p.locator('[data-charts]').waitFor();
    await p.getByRole('navigation', { name: 'Các trang' }).getByRole('link', { name: 'Tình hình nộp' }).click();
    await p.locator('[data-board]').waitFor();
    await p.getByRole('link', { name: 'Chi cục Thống kê' }).click();
    await p.locator('[data-figures]').waitFor();
    expect(await p.getByText('Tài khoản lãnh đạo chỉ xem').count()).toBe(1);
    expect(await p.getByRole('button', { name: 'Duyệt' }).count()).toBe(0);
    expect(await axe(p)).toEqual([]);
    expect([w.offsite, w.problems]).toEqual([[], []]);
    await leader.close();
  });

  it('the officer approves every unit from the browser', async () => {
    await page.goto(`${worker.url}/#/`);
    await page.locator('[data-board]').waitFor();
    expect(await count('awaiting')).toBe('13');
    const links = await page.locator('tbody tr[data-unit] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    expect(links).toHaveLength(13);
    for (const href of links) {
      await page.goto(`${worker.url}/${href}`);
      await page.getByRole('button', { name: 'Duyệt' }).click();
      await page.getByText(/^Đã duyệt\. Phụ lục được tổng hợp lại/).waitFor();
      expect(await page.locator('[data-submission] [data-state]').getAttribute('data-state')).toBe('approved');
    }
    await page.goto(`${worker.url}/#/`);
    await page.locator('[data-board]').waitFor();
    expect(await count('approved')).toBe('13');
    expect(await page.locator('[data-final]').first().getAttribute('data-final')).toBe('true');
  });

  it('the appendix is final and equals the real Phụ lục 1: 21/21 rows, the summary 17/21 with 09/08/03/01, two warnings', async () => {
    await page.getByRole('link', { name: 'Phụ lục', exact: true }).click();
    await page.locator('[data-appendix-preview]').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Phụ lục 1 — bản chính thức');
    expect(await page.locator('[data-cell="A1"]').textContent()).toBe(real.title);
    expect(await page.locator('[data-cell="A3"]').textContent()).toBe('');
    const preview = await page.locator('[data-appendix-preview]').evaluate((t) => {
      const out: Record<string, string> = {};
      for (const td of t.querySelectorAll('[data-cell]')) out[td.getAttribute('data-cell')!] = td.textContent ?? '';
      return out;
    });
    expect(real.rows.map((_, k) => withoutMark(preview[`E${FIRST_DATA_ROW + k}`]))).toEqual(real.rows.map((r) => r.actual));
    expect(real.rows.map((_, k) => preview[`F${FIRST_DATA_ROW + k}`])).toEqual(real.rows.map((r) => normalizeLabel(r.assessment)));
    expect(Object.values(preview)).toContain(`Tổng hợp: ${real.summary_in_report.text}.`);
    expect(await axe()).toEqual([]);
    await shots('phu-luc', '[data-appendix-preview]');
    // The file written by the consolidation the approvals triggered: final, the real rows, two warnings.
    const download = async () => {
      const r = await context.request.get(`${worker.url}${CONSOLE_API}/appendix/file.xlsx`);
      return readXlsx(new Uint8Array(await r.body()));
    };
    await expect.poll(async () => (await download()).sheet(SHEET_NAME)!.cells.get('A3')?.v ?? 'final', { timeout: 20_000 }).toBe('final');
    const wb = await download();
    const sheet = wb.sheet(SHEET_NAME)!;
    const text = (ref: string) => String(sheet.cells.get(ref)?.v ?? '');
    expect(
      real.rows.map((_, k) => [
        withoutMark(text(`${COL.name}${FIRST_DATA_ROW + k}`)),
        withoutMark(text(`${COL.actual}${FIRST_DATA_ROW + k}`)),
        text(`${COL.status}${FIRST_DATA_ROW + k}`),
      ]),
    ).toEqual(real.rows.map((r) => [r.name, r.actual, normalizeLabel(r.assessment)]));
    const below = [...sheet.cells.entries()].filter(([ref]) => /^A\d+$/.test(ref) && Number(ref.slice(1)) > FIRST_DATA_ROW + 20).map(([, c]) => String(c.v));
    expect(below).toContain(`Tổng hợp: ${real.summary_in_report.text}.`);
    expect(below).toContain('Có 09 chỉ tiêu đạt, 08 chỉ tiêu vượt kế hoạch.');
    expect(below.filter((l) => /^[⁰-⁹]+ /.test(l))).toHaveLength(3);
    const warnings = wb.sheet('Cảnh báo')!;
    const warningRows = [...warnings.cells.entries()].filter(([ref]) => /^C\d+$/.test(ref) && Number(ref.slice(1)) > 2).map(([, c]) => String(c.v));
    expect(warningRows).toEqual(['14. Giải quyết việc làm mới', '2. Thu nhập bình quân đầu người']);
  });

  it('lists nobody as late once all are approved; every page stayed on this server without errors', async () => {
    await page.getByRole('link', { name: 'Chưa nộp, cần nộp lại' }).click();
    await page.getByText('không có đơn vị nào cần nhắc').waitFor();
    expect(await axe()).toEqual([]);
    expect(watch.offsite).toEqual([]);
    // The one answer 401 the browser reports is the wrong password of the first test.
    expect(watch.problems.filter((p) => !/status of 401 \(Unauthorized\)/.test(p))).toEqual([]);
    expect(watch.problems.filter((p) => /status of 401/.test(p))).toHaveLength(1);
    console.info(`Ảnh chụp màn hình: ${SHOTS}`);
    expect(readFileSync(path.join(SHOTS, 'ban-nop-390.png')).length).toBeGreaterThan(0);
  });

  it('a file held after approval: the history reads as sentences; “Mở lại” goes to the newer file, which awaits review', async () => {
    const first = ids.get('KT')!;
    const approved = resubmitted;
    const r = await submit(worker.url, tokens.get('KT')!, await realWorkbook(cfg.catalog, cfg.period, 'KT'), 'KT-bo-sung.xlsx');
    expect(r.status).toBe(201);
    const held = (r.body.receipt as { id: number }).id;
    /** The unit's history as the API has it (its times), newest first. */
    const times = async (id: number) => {
      const v = (await (await context.request.get(`${worker.url}${CONSOLE_API}/submissions/${id}`)).json()) as SubmissionView;
      return v.history.map((e) => formatTimeVi(e.at));
    };
    /** Each history line's sentence (without the note and comments under it). */
    const lines = () =>
      page.locator('[data-history] > li').evaluateAll((lis) =>
        lis.map((li) =>
          [...li.childNodes]
            .filter((n) => !(n instanceof HTMLDivElement))
            .map((n) => n.textContent)
            .join(''),
        ),
      );

    await page.goto(`${worker.url}/#/ban-nop/${approved}`);
    await page.locator('[data-history]').waitFor();
    let t = await times(approved);
    expect(await lines()).toEqual([
      `Phòng Kinh tế nộp bản số ${held} qua phần bổ trợ lúc ${t[0]} khi báo cáo đã được duyệt, nên phải chờ mở khoá.`,
      `Trần Thị Lan duyệt bản này lúc ${t[1]}.`,
      `Phòng Kinh tế nộp bản này qua phần bổ trợ lúc ${t[2]}.`,
      `Bản số ${first} được thay thế lúc ${t[3]} vì Phòng Kinh tế đã nộp lại.`,
      `Trần Thị Lan trả lại bản số ${first} lúc ${t[4]}.`,
      `Phòng Kinh tế nộp bản số ${first} qua phần bổ trợ lúc ${t[5]}.`,
    ]);
    expect(await page.locator('[data-history] > li').nth(4).locator('div').first().textContent()).toBe('Ghi chú: Đề nghị kiểm tra lại sản lượng lương thực.');
    // Other submissions are links to them; no login name, no “hệ thống”, no file hash.
    expect(await page.locator('[data-history] a').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href')]))).toEqual([
      [`bản số ${held}`, `#/ban-nop/${held}`],
      [`Bản số ${first}`, `#/ban-nop/${first}`],
      [`bản số ${first}`, `#/ban-nop/${first}`],
      [`bản số ${first}`, `#/ban-nop/${first}`],
    ]);
    expect((await lines()).join('\n')).not.toMatch(/hệ thống|\blan\b|[0-9a-f]{16}|\(|·/);

    await page.getByRole('button', { name: 'Mở lại' }).click();
    // The newer file is the one awaiting review now: the page is its own, with its actions.
    await page.getByText(`Đã mở lại. Bản nộp mới hơn (số ${held}) của Phòng Kinh tế đang chờ duyệt.`).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/ban-nop/${held}`);
    await expect.poll(() => page.locator('[data-submission]').getAttribute('data-submission')).toBe(String(held));
    expect(await page.locator('[data-submission] [data-state]').getAttribute('data-state')).toBe('awaiting_review');
    expect(await page.getByRole('group', { name: 'Thao tác' }).getByRole('button').allTextContents()).toEqual(['Duyệt', 'Trả lại…']);
    t = await times(held);
    expect((await lines()).slice(0, 3)).toEqual([
      `Bản này chuyển sang chờ duyệt lúc ${t[0]} vì báo cáo được mở lại.`,
      `Trần Thị Lan mở lại bản số ${approved} lúc ${t[1]}.`,
      `Phòng Kinh tế nộp bản này qua phần bổ trợ lúc ${t[2]} khi báo cáo đã được duyệt, nên phải chờ mở khoá.`,
    ]);
    expect(await axe()).toEqual([]);

    // The version reopened is superseded: a clear way to the newest one near the top, no actions.
    await page.goto(`${worker.url}/#/ban-nop/${approved}`);
    const newest = page.getByRole('link', { name: `Xem bản nộp mới nhất (số ${held})` });
    await newest.waitFor();
    expect(await page.locator('[data-submission] [data-state]').getAttribute('data-state')).toBe('superseded');
    expect(await page.getByRole('group', { name: 'Thao tác' }).count()).toBe(0);
    await newest.click();
    await expect.poll(() => page.locator('[data-submission]').getAttribute('data-submission')).toBe(String(held));
    expect(watch.problems.filter((p) => !/status of 401 \(Unauthorized\)/.test(p))).toEqual([]);
  });
});
