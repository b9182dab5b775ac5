/**
 * End to end with real files: templates for every unit of the 2023 catalogue → filled by each
 * owning unit with the real 2023 figures (plain numbers; printed texts) → inbox → consolidate →
 * the appendix's rows equal the real Phụ lục 1 and its summary equals the report's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendixSubtitle } from '../../shared/catalog.ts';
import { COL, FIRST_DATA_ROW, HEADER_ROW, SHEET_NAME } from '../../shared/layout.ts';
import { createLogger } from '../../worker/log.ts';
import { WorkerService, type RunSummary } from '../../worker/service.ts';
import { readXlsx, type SheetRead } from '../../worker/ingest/read/xlsx.ts';
import { normalizeLabel, realAppendix } from '../helpers/catalog.ts';
import { cellAt, libreOfficeOrSkip, recalcAllSheets } from '../helpers/libreoffice.ts';
import { dropRealSubmissions, tempDir, testConfig, withoutMark } from '../helpers/worker.ts';

const real = realAppendix();
const scenarios = [
  { name: 'plain numbers', asPrinted: false },
  { name: 'printed texts', asPrinted: true },
] as const;
const runs = new Map<string, { summary: RunSummary; file: string }>();
const services: WorkerService[] = [];

function text(sheet: SheetRead, ref: string): string {
  const c = sheet.cells.get(ref);
  return c === undefined ? '' : String(c.v);
}

beforeAll(async () => {
  for (const s of scenarios) {
    const { cfg } = testConfig(tempDir(`e2e-${s.asPrinted ? 'printed' : 'plain'}`));
    await dropRealSubmissions(cfg, s.asPrinted);
    const beforeDeadline = new Date(Date.parse(cfg.period.deadline) - 86_400_000);
    const service = new WorkerService(cfg, createLogger('silent'), () => beforeDeadline);
    services.push(service);
    const summary = await service.runOnce();
    runs.set(s.name, { summary, file: summary.appendix.file });
  }
});

afterAll(async () => {
  for (const s of services) await s.stop();
});

describe.each(scenarios)('filled with $name', ({ name }) => {
  const run = () => runs.get(name)!;

  it('accepts every unit’s workbook and leaves the inbox empty', () => {
    const { summary } = run();
    expect(summary.inbox.errors).toEqual([]);
    expect(summary.inbox.outcomes.map((o) => [o.record.unit, o.record.status, o.record.problems])).toEqual(
      summary.inbox.outcomes.map((o) => [o.record.unit, 'accepted', []]),
    );
    expect(summary.appendix.statuses.every((s) => s.state === 'accepted' && !s.late)).toBe(true);
  });

  it('writes the exact Phụ lục 1: title, subtitle, headers and the 21 rows', () => {
    const { summary } = run();
    const wb = readXlsx(readFileSync(summary.appendix.file));
    const sheet = wb.sheet(SHEET_NAME)!;
    const cfg = services[0].cfg;
    expect(text(sheet, 'A1')).toBe(real.title);
    expect(text(sheet, 'A2')).toBe(real.subtitle);
    expect(text(sheet, 'A2')).toBe(appendixSubtitle(cfg.catalog));
    expect(['A', 'B', 'C', 'D', 'E', 'F'].map((c) => text(sheet, `${c}${HEADER_ROW}`))).toEqual(real.columns);
    const rows = real.rows.map((_, k) => {
      const r = FIRST_DATA_ROW + k;
      return {
        stt: Number(text(sheet, `${COL.stt}${r}`)),
        name: withoutMark(text(sheet, `${COL.name}${r}`)),
        unit: text(sheet, `${COL.unit}${r}`),
        plan: text(sheet, `${COL.plan}${r}`),
        actual: withoutMark(text(sheet, `${COL.actual}${r}`)),
        assessment: text(sheet, `${COL.status}${r}`),
      };
    });
    expect(rows).toEqual(
      real.rows.map((r) => ({ stt: r.stt, name: r.name, unit: r.unit, plan: r.plan, actual: r.actual, assessment: normalizeLabel(r.assessment) })),
    );
  });

  it('prints footnotes from the departments’ notes, the issuer line and the report’s summary', () => {
    const { summary } = run();
    const sheet = readXlsx(readFileSync(summary.appendix.file)).sheet(SHEET_NAME)!;
    const below = [...sheet.cells.entries()].filter(([ref]) => /^A\d+$/.test(ref) && Number(ref.slice(1)) > FIRST_DATA_ROW + 20).map(([, c]) => String(c.v));
    for (const fn of Object.values(real.footnotes)) expect(below.some((t) => t.endsWith(fn))).toBe(true);
    expect(below).toContain(real.issuer);
    expect(below).toContain(`Tổng hợp: ${real.summary_in_report.text}.`);
    expect(below).toContain(real.summary_in_report.footnote);
    // Footnote marks: on the name for the unmet row 1, on the figure for rows 16 and 20 (as the report has them).
    expect(text(sheet, `B${FIRST_DATA_ROW}`)).toMatch(/[⁰-⁹]+$/);
    expect(text(sheet, `E${FIRST_DATA_ROW + 15}`)).toMatch(/^4 [⁰-⁹]+$/);
  });

  it('adds the submission, source and warning sheets', () => {
    const wb = readXlsx(readFileSync(run().file));
    expect(wb.sheets.map((s) => s.name)).toEqual([SHEET_NAME, '_phuluc', 'Tình hình nộp', 'Nguồn số liệu', 'Cảnh báo', 'Tệp bị từ chối']);
    const status = wb.sheet('Tình hình nộp')!;
    expect(text(status, 'A1')).toMatch(/^TÌNH HÌNH NỘP BÁO CÁO — Ước thực hiện năm 2023 — hạn nộp 17:00 ngày 20\/11\/2023$/);
    expect([text(status, 'A2'), text(status, 'B2'), text(status, 'E2')]).toEqual(['Đơn vị báo cáo', 'Trạng thái', 'So với hạn nộp']);
    expect([text(status, 'B3'), text(status, 'E3')]).toEqual(['Đã nộp, hợp lệ', 'Đúng hạn']);
    expect(text(status, 'C3')).toMatch(/^\d\d:\d\d ngày \d\d\/\d\d\/\d{4}$/);
    expect(text(status, 'G3')).toMatch(/^[0-9a-f]{64}$/);
    const sources = wb.sheet('Nguồn số liệu')!;
    expect(text(sources, 'C3')).toBe('Chi cục Thống kê');
    expect(text(sources, 'D3')).toBe('CCTK.xlsx');
    expect(text(wb.sheet('Tệp bị từ chối')!, 'A3')).toBe('Không có tệp bị từ chối.');
  });
});

describe.skipIf(!libreOfficeOrSkip('các kiểm thử tính lại phụ lục bằng LibreOffice'))('the appendix recalculated by LibreOffice', () => {
  it('computes the printed Đánh giá for every row, for both fills', async () => {
    const files = scenarios.map((s) => runs.get(s.name)!.file);
    const sheets = await recalcAllSheets(files);
    for (const f of files) {
      const rows = sheets.get(f)!.get(SHEET_NAME)!;
      const got = real.rows.map((_, k) => cellAt(rows, `${COL.status}${FIRST_DATA_ROW + k}`));
      expect(got, path.basename(f)).toEqual(real.rows.map((r) => normalizeLabel(r.assessment)));
    }
  });
});
