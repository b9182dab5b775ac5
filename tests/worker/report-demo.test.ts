// The demo (npm run demo, worker/demo.ts) writes the report's own appendix: the units explain what the
// report explained (its footnotes 74, 75, 76, with the report's texts), the two unmet rows the report
// left unexplained (2 and 14) are the appendix's two warnings, and the planning office returns those
// two units' files asking for an explanation.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_DATA_ROW, SHEET_NAME } from '../../shared/layout.ts';
import { askedSentence, ASK_EXPLANATION, runDemo, type DemoResult } from '../../worker/demo.ts';
import { readXlsx } from '../../worker/ingest/read/xlsx.ts';
import { realAppendix } from '../helpers/catalog.ts';
import { tempDir } from '../helpers/worker.ts';

const real = realAppendix();
let demo: DemoResult;

beforeAll(async () => {
  demo = await runDemo(path.join(tempDir('report-demo'), 'demo'));
});

const SUP = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const fromSup = (s: string) => Number([...s].map((c) => SUP.indexOf(c)).join(''));

describe('npm run demo: the report’s own appendix', () => {
  it('carries footnotes 74, 75 and 76 with the report’s texts, and no other', () => {
    expect(demo.footnotes.map((n) => [n.number, n.text])).toEqual([74, 75, 76].map((n) => [n, real.footnotes[String(n)]]));
    const sheet = readXlsx(readFileSync(demo.after.appendix.file)).sheet(SHEET_NAME)!;
    const below = [...sheet.cells.entries()].filter(([ref]) => /^A\d+$/.test(ref) && Number(ref.slice(1)) > FIRST_DATA_ROW + 20).map(([, c]) => String(c.v));
    const notes = below
      .map((t) => /^([⁰¹²³⁴⁵⁶⁷⁸⁹]+) (.*)$/u.exec(t))
      .filter((m) => m !== null)
      .map((m) => [fromSup(m![1]), m![2]]);
    expect(notes).toEqual([74, 75, 76].map((n) => [n, real.footnotes[String(n)]]));
    // The marks where the report has them: on the name of the unmet row 1, on the figures of rows 16 and 20.
    expect(String(sheet.cells.get(`B${FIRST_DATA_ROW}`)?.v)).toMatch(/⁷⁴$/);
    expect(String(sheet.cells.get(`E${FIRST_DATA_ROW + 15}`)?.v)).toBe('4 ⁷⁵');
    expect(String(sheet.cells.get(`E${FIRST_DATA_ROW + 19}`)?.v)).toBe('9 ⁷⁶');
    expect(String(sheet.cells.get(`B${FIRST_DATA_ROW + 1}`)?.v)).toBe('Thu nhập bình quân đầu người');
    expect(String(sheet.cells.get(`B${FIRST_DATA_ROW + 13}`)?.v)).toBe('Giải quyết việc làm mới');
  });

  it('the two unmet rows without an explanation are the appendix’s two warnings', () => {
    for (const run of [demo.summary, demo.after]) {
      // In the appendix's order (by unit); compared by row.
      expect(run.appendix.warnings.map((w) => [w.kind, w.unit, w.indicator]).sort((a, b) => parseInt(a[2], 10) - parseInt(b[2], 10))).toEqual([
        ['Cần xem lại', 'Chi cục Thống kê', '2. Thu nhập bình quân đầu người'],
        ['Cần xem lại', 'Phòng Lao động - Thương binh và Xã hội', '14. Giải quyết việc làm mới'],
      ]);
      for (const w of run.appendix.warnings) expect(w.message).toMatch(/không đạt kế hoạch, cần ghi lý do vào cột “Giải trình, ghi chú”/);
    }
    expect(demo.summary.inbox.outcomes.every((o) => o.record.status === 'accepted')).toBe(true);
    expect(demo.after.appendix.content.summary.sentence).toBe(real.summary_in_report.text);
  });

  it('asks the two units for an explanation: their files returned with a comment on the row, the reply beside the file', () => {
    expect(demo.asked.map((a) => [a.name, a.indicators.map((i) => i.stt)])).toEqual([
      ['Chi cục Thống kê', [2]],
      ['Phòng Lao động - Thương binh và Xã hội', [14]],
    ]);
    expect(askedSentence(demo.asked)).toBe(
      'Đã trả lại 02 đơn vị để đề nghị giải trình chỉ tiêu không đạt kế hoạch: Chi cục Thống kê (chỉ tiêu 2. Thu nhập bình quân đầu người), Phòng Lao động - Thương binh và Xã hội (chỉ tiêu 14. Giải quyết việc làm mới).',
    );
    for (const a of demo.asked) {
      expect(existsSync(a.reply!)).toBe(true);
      const reply = readFileSync(a.reply!, 'utf8');
      expect(reply).toContain(`Đơn vị báo cáo: ${a.name}`);
      expect(reply).toContain(`Chỉ tiêu ${a.indicators[0].stt}. ${a.indicators[0].name}`);
      expect(reply).toContain(ASK_EXPLANATION);
    }
    const review = new Map(demo.after.appendix.statuses.map((s) => [s.name, s.review]));
    expect(review.get('Chi cục Thống kê')).toBe('returned');
    expect(review.get('Phòng Lao động - Thương binh và Xã hội')).toBe('returned');
    expect([...review.values()].filter((s) => s === 'returned')).toHaveLength(2);
  });
});
