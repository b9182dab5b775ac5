/**
 * A whole review cycle on the folder route, with real files and a real ledger: the 13 units drop
 * the real 2023 figures (rows 2 and 14 without the explanations the report lacked), the office
 * returns one with a comment on a cell (a reply file appears beside the department's file), the
 * unit submits again, everything is approved (the appendix turns final and equals the real
 * Phụ lục 1, with two warnings), a later file of an approved unit is held and changes nothing; then
 * the ledger is deleted and `phuluc rebuild` gives back the same states and the same appendix.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportingUnits } from '../../shared/catalog.ts';
import { COL, DRAFT_MARK, FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import type { ConsolidateResult } from '../../worker/consolidate/index.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { createLogger } from '../../worker/log.ts';
import { periodReview } from '../../worker/review/index.ts';
import { readJournal } from '../../worker/review/journal.ts';
import { REPLY_SUFFIX } from '../../worker/review/reply.ts';
import { WorkerService } from '../../worker/service.ts';
import { normalizeLabel, realAppendix } from '../helpers/catalog.ts';
import { phuluc, realWorkbook } from '../helpers/console.ts';
import { tempDir, testConfig, withoutMark } from '../helpers/worker.ts';

const real = realAppendix();
/** The report printed no explanation for rows 2 (Chi cục Thống kê) and 14 (Phòng Lao động - Thương binh và Xã hội). */
const AS_REPORTED: Record<string, Record<number, { value: number; note: null }>> = {
  CCTK: { 2: { value: 63.41, note: null } },
  LDTBXH: { 14: { value: 942, note: null } },
};

const { file: configFile, cfg } = testConfig(tempDir('review-journal'));
let t = Date.parse(cfg.period.deadline) - 5 * 86_400_000;
/** Each reading of the clock is a second later: arrivals and actions keep their order. */
const clock = () => new Date((t += 1000));
let service: WorkerService;
let beforeRebuild: { states: [string, string | undefined][]; result: ConsolidateResult };

function open(): WorkerService {
  return new WorkerService(cfg, createLogger('silent'), clock);
}

async function drop(unit: string, name: string, change = AS_REPORTED[unit] ?? {}): Promise<void> {
  writeFileSync(path.join(cfg.paths.inbox, name), await realWorkbook(cfg.catalog, cfg.period, unit, change));
}

async function latestOf(unit: string) {
  const r = (await periodReview(service.ledger, cfg.period.id)).get(unit)!;
  return { review: r, id: r.latest!.id };
}

async function statesBySha(s: WorkerService): Promise<[string, string | undefined][]> {
  const out: [string, string | undefined][] = [];
  for (const r of (await periodReview(s.ledger, cfg.period.id)).values()) {
    for (const sub of (await s.ledger.periodSubmissions(cfg.period.id)).filter((x) => x.unit === r.unit)) out.push([sub.sha256, r.states.get(sub.id)?.state]);
  }
  return out.sort();
}

function cells(file: string) {
  return readXlsx(readFileSync(file)).sheet(SHEET_NAME)!;
}

beforeAll(async () => {
  service = open();
  for (const u of reportingUnits(cfg.catalog)) await drop(u.code, `${u.code}.xlsx`);
  await service.runOnce();
});

afterAll(async () => {
  await service?.stop();
});

describe('the review cycle on the folder route', () => {
  it('takes all 13 files, each awaiting review, two of them with the missing explanation as a warning; the appendix is a draft', async () => {
    const reviews = await periodReview(service.ledger, cfg.period.id);
    expect([...reviews.values()].map((r) => r.state)).toEqual(reportingUnits(cfg.catalog).map(() => 'awaiting_review'));
    const a = await service.consolidateNow();
    expect(a.final).toBe(false);
    expect(cells(a.file).cells.get('A3')?.v).toBe(DRAFT_MARK);
    expect(a.warnings.map((w) => [w.unit, w.indicator.split('.')[0]])).toEqual([
      ['Phòng Lao động - Thương binh và Xã hội', '14'],
      ['Chi cục Thống kê', '2'],
    ]);
  });

  it('returns one with a note and a comment on a cell: the reply file beside the department’s file says so', async () => {
    const { id } = await latestOf('KT');
    const out = await service.review({
      submissionId: id,
      action: 'return',
      actor: 'lan',
      note: 'Đề nghị kiểm tra lại sản lượng lương thực.',
      comments: [{ indicator: 'SL_LUONG_THUC', text: 'Báo cáo thuyết minh ghi 15.298 tấn, phụ lục ghi 15.249,1 tấn.' }],
    });
    expect(out.review.states.get(id)?.state).toBe('returned');
    expect(out.record.comments).toEqual([
      { indicator: 'SL_LUONG_THUC', cell: `E${FIRST_DATA_ROW + 1}`, text: 'Báo cáo thuyết minh ghi 15.298 tấn, phụ lục ghi 15.249,1 tấn.' },
    ]);
    expect(out.reply).toBeDefined();
    expect(path.dirname(out.reply!)).toBe(cfg.paths.processed);
    expect(out.reply!.endsWith(`KT.xlsx${REPLY_SUFFIX}`)).toBe(true);
    const text = readFileSync(out.reply!, 'utf8');
    expect(text).toContain('Kết quả: Phòng Tài chính - Kế hoạch trả lại báo cáo lúc ');
    expect(text).toContain('Ghi chú: Đề nghị kiểm tra lại sản lượng lương thực.');
    expect(text).toContain(`1. Chỉ tiêu 6. Tổng sản lượng lương thực (thóc), ô E${FIRST_DATA_ROW + 1}: Báo cáo thuyết minh ghi 15.298 tấn`);
    // A second return of the same submission is refused: it is not awaiting review any more.
    await expect(service.review({ submissionId: id, action: 'return', actor: 'lan', note: 'lần hai' })).rejects.toThrow(/đang ở trạng thái “bị trả lại”/);
  });

  it('the unit submits again; the office approves everyone and the appendix turns final: the real Phụ lục 1 with two warnings', async () => {
    await drop('KT', 'KT-nop-lai.xlsx');
    await service.runOnce();
    const { review } = await latestOf('KT');
    expect([...review.states.values()].map((s) => s.state)).toEqual(['superseded', 'awaiting_review']);
    for (const u of reportingUnits(cfg.catalog)) {
      const { id } = await latestOf(u.code);
      await service.review({ submissionId: id, action: 'approve', actor: 'lan' });
    }
    const a = await service.consolidateNow();
    expect(a.final).toBe(true);
    const sheet = cells(a.file);
    expect(sheet.cells.get('A3')).toBeUndefined();
    const text = (ref: string) => String(sheet.cells.get(ref)?.v ?? '');
    const rows = real.rows.map((_, k) => {
      const r = FIRST_DATA_ROW + k;
      return {
        stt: Number(text(`${COL.stt}${r}`)),
        name: withoutMark(text(`${COL.name}${r}`)),
        plan: text(`${COL.plan}${r}`),
        actual: withoutMark(text(`${COL.actual}${r}`)),
        assessment: text(`${COL.status}${r}`),
      };
    });
    expect(rows).toEqual(real.rows.map((r) => ({ stt: r.stt, name: r.name, plan: r.plan, actual: r.actual, assessment: normalizeLabel(r.assessment) })));
    const below = [...sheet.cells.entries()].filter(([ref]) => /^A\d+$/.test(ref) && Number(ref.slice(1)) > FIRST_DATA_ROW + 20).map(([, c]) => String(c.v));
    // Exactly the report's three footnotes, 74 to 76.
    expect(below.filter((l) => /^[⁰-⁹]+ /.test(l))).toEqual(
      Object.entries(real.footnotes).map(([n, t]) => `${[...n].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]).join('')} ${t}`),
    );
    expect(below).toContain(`Tổng hợp: ${real.summary_in_report.text}.`);
    expect(below).toContain(real.summary_in_report.footnote);
    expect(a.warnings).toHaveLength(2);
    const status = readXlsx(readFileSync(a.file)).sheet('Tình hình nộp')!;
    expect(String(status.cells.get('H3')?.v)).toMatch(/^Đã duyệt lúc \d\d:\d\d ngày \d\d\/\d\d\/\d{4} \(lan\)$/);
    const sources = readXlsx(readFileSync(a.file)).sheet('Nguồn số liệu')!;
    expect(String(sources.cells.get('G3')?.v)).toBe('Đã duyệt');
    const reply = readdirSync(cfg.paths.processed).filter((n) => n.endsWith(`KT-nop-lai.xlsx${REPLY_SUFFIX}`));
    expect(reply).toHaveLength(1);
    expect(readFileSync(path.join(cfg.paths.processed, reply[0]), 'utf8')).toContain('đã duyệt báo cáo lúc');
  });

  it('holds a later file of an approved unit: kept and reported, the appendix keeps the approved figures', async () => {
    await drop('LDTBXH', 'LDTBXH-sua.xlsx', { 14: { value: 950, note: null } });
    await service.runOnce();
    const { review, id } = await latestOf('LDTBXH');
    expect(review.states.get(id)?.state).toBe('held');
    const a = await service.consolidateNow();
    expect(a.final).toBe(true);
    expect(cells(a.file).cells.get(`${COL.actual}${FIRST_DATA_ROW + 13}`)?.v).toBe('942');
    const status = readXlsx(readFileSync(a.file)).sheet('Tình hình nộp')!;
    const ldtbxh = [...status.cells.entries()].find(([, c]) => c.v === 'Phòng Lao động - Thương binh và Xã hội')![0].slice(1);
    expect(String(status.cells.get(`H${ldtbxh}`)?.v)).toMatch(/\nChờ mở khoá: bản nộp lúc .* \(LDTBXH-sua\.xlsx\)$/);
    beforeRebuild = { states: await statesBySha(service), result: a };
  });

  it('journals every action by file content, never by ledger id', async () => {
    const { records, damaged } = await readJournal(service.journal);
    expect(damaged).toBe(0);
    expect(records).toHaveLength(1 + 13);
    const shas = new Set((await service.ledger.periodSubmissions(cfg.period.id)).map((s) => s.sha256));
    for (const r of records) {
      expect(shas.has(r.sha256)).toBe(true);
      expect(shas.has(r.afterSha256)).toBe(true);
      expect(Object.keys(r)).not.toContain('submissionId');
    }
  });

  it('after the ledger is deleted, `phuluc rebuild` gives back the same states and the same appendix', async () => {
    await service.stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${cfg.paths.ledger}${suffix}`, { force: true });
    expect(existsSync(cfg.paths.ledger)).toBe(false);
    const r = await phuluc(['rebuild', '--config', configFile]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Kết quả duyệt khôi phục từ nhật ký duyệt: 14 lần thao tác.');
    service = open();
    expect(await statesBySha(service)).toEqual(beforeRebuild.states);
    const a = await service.consolidateNow();
    expect(a.final).toBe(true);
    expect(a.contentHash).toBe(beforeRebuild.result.contentHash);
    expect(a.content.model.cells).toEqual(beforeRebuild.result.content.model.cells);
  });
});
