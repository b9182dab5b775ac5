/**
 * Issue 22: target lists phrased as other towns, communes and newspapers print them (numbered,
 * bulleted, with headings, one paragraph, a table pasted from Excel, a Word list with tabs), each
 * read with what a planning officer would take each target to mean. The rule under test: no target
 * is given a wrong direction or value without a `needsReview` point on its target. The lists are in
 * tests/fixtures/chi-tieu/, written for these tests in the style of real resolutions and reports.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../shared/catalog.ts';
import { describeTarget, DraftError, parseDraftText, type CatalogDraft } from '../../shared/catalog-draft.ts';
import { finalizeDraft } from '../../shared/catalog-draft-finalize.ts';
import { proposeCatalog, ProposeError } from '../../shared/catalog-propose.ts';
import type { Target } from '../../shared/target.ts';
import { loadCatalog } from '../helpers/catalog.ts';

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../fixtures/chi-tieu', name), 'utf8');

const H = (value: number): Target => ({ kind: 'threshold', direction: 'higher', value });
const L = (value: number): Target => ({ kind: 'threshold', direction: 'lower', value });
const MH = (value: number): Target => ({ kind: 'maintain', direction: 'higher', value });
const ML = (value: number): Target => ({ kind: 'maintain', direction: 'lower', value });
const R = (min: number, max: number): Target => ({ kind: 'range', min, max });
/** No reading is right without a person: the row must ask (a decrease, a comparison with another figure, no figure). */
const ASK = null;

interface Case {
  file: string;
  how: string;
  year: number;
  previous?: Catalog;
  /** What each row means, in order: one target, several acceptable ones, or ASK. */
  expect: (Target | Target[] | null)[];
  /** Lines written to be asked about (a review's probes): left out of the count of rows read right without review. */
  probes?: boolean;
}

/** A table pasted from Excel: the real 2023 appendix's rows (STT, name, unit, plan), read without a previous catalogue. */
function table2023(): string {
  const c = loadCatalog(2023);
  return ['Số TT\tCHỈ TIÊU\tĐơn vị\tKế hoạch năm 2023', ...c.indicators.map((i) => `${i.stt}\t${i.name}\t${i.unit}\t${i.plan}`)].join('\n');
}

const CASES: Case[] = [
  {
    file: 'xa-cam-binh-2025.txt',
    how: 'a commune’s resolution, numbered “1.”, with its number and date',
    year: 2025,
    expect: [H(9.5), H(62), H(8500), ASK, MH(5200), L(2.1), ASK, H(72), H(32), H(230), H(95.5), L(8.5), H(2), H(100), L(0), H(95), H(100)],
  },
  {
    file: 'phuong-bao-chi-2025.txt',
    how: 'a ward’s targets in a press report, bulleted “+”',
    year: 2025,
    expect: [R(10, 11), H(45), H(65), H(40), L(1), L(0.9), ASK, H(12), MH(100), H(98)],
  },
  {
    file: 'huyen-doan-van-2025.txt',
    how: 'a district’s targets in one paragraph separated by “;”',
    year: 2025,
    expect: [R(11, 12), H(75), H(3500), H(420), H(3), H(1), ASK, MH(43.5), H(98.5), H(85)],
  },
  {
    file: 'tinh-bang-excel-2025.tsv',
    how: 'a table pasted from Excel, with group rows and a quoted cell with a line break',
    year: 2025,
    expect: [H(8.5), H(80), H(1250), MH(45), ASK, H(95), H(2), H(98), L(3), H(100)],
  },
  {
    file: 'bao-dien-tu-2025.txt',
    how: 'sentences of an online newspaper, decimals written the English way',
    year: 2025,
    expect: [H(8.5), H(1200), L(3), H(1200)],
  },
  {
    file: 'word-danh-so-2025.txt',
    how: 'a Word numbered list pasted with tabs, one item wrapped on two lines',
    year: 2025,
    expect: [H(12), L(0.8), H(85)],
  },
  {
    file: 'hong-linh-2025-tieu-de.txt',
    how: 'Hồng Lĩnh’s next year with headings and “a)” items, continuing the 2024 catalogue',
    year: 2025,
    previous: loadCatalog(2024),
    expect: [H(12), H(75), H(140), L(1.5), H(900), [ML(0.9), L(0.9)]],
  },
  {
    file: 'kho-doc.txt',
    how: 'hard phrasings: a bare rate of poverty, “không để xảy ra trên”, a decrease, no figure, “bằng 105%”, “từ … xuống còn”, “khoảng”',
    year: 2025,
    expect: [L(1.5), L(5), ASK, ASK, ASK, L(1.8), H(8), R(1, 2), H(500)],
  },
  {
    file: 'dong-tu-2025.txt',
    how: 'verbs first (“Tăng … lên 45%”, “Giảm … xuống dưới 1%”, “Mức giảm …”), ‰, USD, “Giữ vững 6/6”, ages and years beside the figure',
    year: 2025,
    expect: [H(45), ASK, H(50), ASK, L(1), H(100), H(70), MH(6), H(99), H(40), ASK, H(8000)],
  },
  {
    file: 'tham-dinh-2025.txt',
    how: 'a review’s probes: ranges of rates that should fall, “12,789.8”, quantities named without a verb, a growth against the estimate',
    year: 2025,
    probes: true,
    expect: [ASK, ASK, ASK, ASK, ASK, ASK, ASK, ASK, ASK, R(10, 11), H(950), ASK],
  },
];

function run(c: Case): CatalogDraft {
  return proposeCatalog({ text: fixture(c.file), year: c.year, previous: c.previous });
}

describe('issue 22: target lists phrased differently from the seed', () => {
  const tally: string[] = [];
  const totals = { rows: 0, right: 0 };

  for (const c of CASES) {
    it(`${c.how} (${c.file}): every target is right or asks for review`, () => {
      const draft = run(c);
      const rows = draft.rows;
      const lines = rows.map(
        (r, i) =>
          `    ${i + 1}. ${r.indicator.name} | ${r.indicator.plan} | ${JSON.stringify(r.indicator.target)}${r.needsReview.some((p) => p.field === 'target') ? ' | ASKS' : ''}`,
      );
      expect(
        rows.map((r) => r.indicator.target),
        lines.join('\n'),
      ).toHaveLength(c.expect.length);
      let right = 0;
      let asked = 0;
      rows.forEach((row, i) => {
        const want = c.expect[i];
        const ok = want !== null && (Array.isArray(want) ? want : [want]).some((w) => JSON.stringify(w) === JSON.stringify(row.indicator.target));
        const asks = row.needsReview.some((p) => p.field === 'target');
        if (ok && !asks) right++;
        if (asks) asked++;
        // The rule: wrong (or not decidable) → a point on the target.
        if (!ok)
          expect(
            asks,
            `row ${i + 1} “${row.indicator.name}” read as ${JSON.stringify(row.indicator.target)}, expected ${JSON.stringify(want)}, without needsReview on its target`,
          ).toBe(true);
        // And every plan reads back as its target, as the catalogue requires.
        expect(row.needsReview.filter((p) => p.field === 'plan')).toEqual([]);
      });
      tally.push(`${c.file}: ${rows.length} rows, ${right} right without review, ${asked} asking about the target`);
      if (c.probes) return;
      totals.rows += rows.length;
      totals.right += right;
    });
  }

  it('continuing 2024: a unit it cannot read is never carried silently, a falling rate written as a range asks, “12,789.8” asks', () => {
    const rows = proposeCatalog({ text: fixture('tiep-2024-don-vi.txt'), year: 2025, previous: loadCatalog(2024) }).rows;
    const asks = rows.map((r) => [...new Set(r.needsReview.map((p) => p.field))].sort());
    expect(rows.map((r) => r.continues?.code)).toEqual(['THU_NS', 'VON_DAU_TU', 'HO_NGHEO', 'SL_LUONG_THUC']);
    expect(asks.map((a) => a.includes('unit') || a.includes('target'))).toEqual([true, true, true, true]);
    expect(rows[0].needsReview.find((p) => p.field === 'unit')?.reason).toBe(
      'Sau con số “140” nghị quyết ghi “tỷ”, chưa đọc được là đơn vị tính; đề xuất giữ đơn vị năm 2024 “Triệu đồng”. Hãy xác nhận đơn vị tính và con số kế hoạch theo đơn vị đó.',
    );
    expect(rows[2].needsReview.find((p) => p.field === 'target')?.reason).toMatch(
      /là một khoảng, nhưng nghị quyết ghi “giảm còn”: một khoảng được đánh giá vượt kế hoạch khi số liệu cao hơn 1,5/,
    );
    expect(rows[3].needsReview.find((p) => p.field === 'target')?.reason).toMatch(
      /^Con số “12,789\.8” viết dấu chấm và dấu phẩy không theo cách viết Việt Nam; .*“12\.789,8”/,
    );
  });

  it('is not vacuous: over all the lists, most targets are read right with nothing to ask', () => {
    console.log(`Other phrasings:\n${tally.map((t) => `  ${t}`).join('\n')}\n  in all: ${totals.right}/${totals.rows} right without review`);
    expect(totals.rows).toBe(CASES.filter((c) => !c.probes).reduce((s, c) => s + c.expect.length, 0));
    expect(totals.right / totals.rows).toBeGreaterThanOrEqual(0.55);
  });

  it('the real 2023 appendix pasted as a table: every plan reads as 2023.json’s target, or asks', () => {
    const expected = loadCatalog(2023);
    const draft = proposeCatalog({ text: table2023(), year: 2023 });
    expect(draft.origin.form).toBe('table');
    expect(draft.rows).toHaveLength(21);
    draft.rows.forEach((row, i) => {
      const want = expected.indicators[i];
      if (JSON.stringify(row.indicator.target) !== JSON.stringify(want.target)) {
        // Only “Duy trì … dưới 1” read as the same ceiling: the kind (maintain) comes from the name.
        expect(
          row.needsReview.some((p) => p.field === 'target'),
          `${want.code}: ${JSON.stringify(row.indicator.target)}`,
        ).toBe(true);
      }
      expect(row.indicator.name).toBe(want.name);
    });
    const houses = draft.rows[19];
    expect(houses.indicator.target).toEqual({ kind: 'range', min: 9, max: 10 });
    expect(houses.indicator.plan).toBe('Khởi công 08 nhà; sửa chữa, nâng cấp 01-02 nhà');
    expect(houses.needsReview[0].reason).toMatch(/đọc là tổng các phần \(từ 9 đến 10\)/);
  });

  it('reads the resolution’s number and date, leaves out headings and introductions, and groups by headings', () => {
    const draft = run(CASES[0]);
    expect(draft.catalog.resolution).toEqual({ number: '25/NQ-HĐND', date: '2024-12-18', body: 'HĐND' });
    expect(draft.unread.map((u) => [u.line, u.why])).toEqual([
      [1, 'phần mở đầu trước mục đầu tiên'],
      [2, 'tiêu đề, không có con số'],
    ]);
    const table = proposeCatalog({ text: fixture('tinh-bang-excel-2025.tsv'), year: 2025 });
    expect(table.catalog.groups.map((g) => g.name)).toEqual(['CHỈ TIÊU KINH TẾ', 'CHỈ TIÊU XÃ HỘI', 'CHỈ TIÊU MÔI TRƯỜNG']);
    expect(table.rows[9].indicator.name).toBe('Tỷ lệ chất thải rắn đô thị được thu gom, xử lý');
    expect(table.rows[9].source.line).toBe(14);
  });

  it('says why, in Vietnamese, on the points an officer would stop at', () => {
    const reasons = (file: string, i: number, year = 2025) =>
      proposeCatalog({ text: fixture(file), year })
        .rows[i].needsReview.map((p) => p.reason)
        .join(' ');
    expect(reasons('xa-cam-binh-2025.txt', 6)).toMatch(
      /“giảm 15% số hộ cận nghèo \(21 hộ\)” là mức giảm so với năm trước, không phải mức cần đạt.*Nghị quyết ghi thêm \(21 hộ\)/,
    );
    expect(reasons('xa-cam-binh-2025.txt', 11)).toMatch(/“suy dinh dưỡng” thường càng thấp càng tốt nên đề xuất là mức trần/);
    expect(reasons('bao-dien-tu-2025.txt', 0)).toContain('Con số “8.5” viết dấu chấm trước phần thập phân; đã đọc là 8,5.');
    expect(reasons('bao-dien-tu-2025.txt', 3)).toContain(
      'Con số “1,200” đọc là 1,2 (dấu phẩy là dấu thập phân), nhưng số người thường là số nguyên: nếu là 1.200 (hàng nghìn), hãy sửa kế hoạch thành 1.200.',
    );
    expect(reasons('huyen-doan-van-2025.txt', 2)).toContain('ghi “khoảng” (con số gần đúng)');
    expect(reasons('kho-doc.txt', 3)).toMatch(/^Nghị quyết không ghi con số cho “Giữ vững an ninh chính trị, trật tự an toàn xã hội”/);
  });

  it('plans are printed as the appendix prints them, and read back as their target', () => {
    const plans = (file: string) => proposeCatalog({ text: fixture(file), year: 2025 }).rows.map((r) => r.indicator.plan);
    expect(plans('phuong-bao-chi-2025.txt').slice(0, 6)).toEqual(['10-11', '45', '> 65', '40', 'Dưới 1', 'Không quá 0,9']);
    expect(plans('xa-cam-binh-2025.txt').slice(0, 2)).toEqual(['Tăng 9,5% trở lên', '62']);
    expect(plans('kho-doc.txt')[1]).toBe('Không quá 5');
    expect(plans('kho-doc.txt')[5]).toBe('Giảm còn 1,8%');
  });

  it('continues last year’s indicators and lists those the new list lacks', () => {
    const draft = run(CASES[6]);
    expect(draft.rows.map((r) => r.continues?.code)).toEqual(['GTSX', 'THU_NHAP', 'THU_NS', 'HO_NGHEO', 'VIEC_LAM', 'DAN_SO']);
    expect(draft.catalog.groups).toEqual([
      { code: 'N01', name: 'Về kinh tế' },
      { code: 'N02', name: 'Về xã hội' },
    ]);
    const revenue = draft.rows[2];
    // 2024 counted revenue in triệu đồng, this list in tỷ đồng: decimals and bounds follow the unit.
    expect(revenue.indicator).toMatchObject({ unit: 'Tỷ đồng', decimals: 3, bounds: { min: 0, max: 100000 } });
    expect(draft.needsReview).toHaveLength(18);
    expect(draft.needsReview[0]).toBe(
      'Chỉ tiêu “Tổng vốn đầu tư phát triển toàn xã hội” (mã VON_DAU_TU) năm 2024 không thấy trong danh sách năm 2025. Nếu vẫn theo dõi, hãy thêm dòng với mã VON_DAU_TU; nếu đã bỏ, hãy xóa ý này.',
    );
    expect(() => finalizeDraft(draft)).toThrow(/Cả danh mục: Chỉ tiêu “Tổng vốn đầu tư phát triển toàn xã hội” \(mã VON_DAU_TU\)/);
    // Without a ledger, the rows say where last year's figures would come from.
    expect(draft.rows[0].notes.join(' ')).toContain('Chưa có số liệu năm 2024: không có sổ theo dõi của năm 2024');
  });

  it('the target in words', () => {
    expect(describeTarget({ unit: '%', target: L(1.8) })).toBe('Càng thấp càng tốt: dưới 1,8% là vượt kế hoạch, đúng 1,8% là đạt, trên 1,8% là không đạt.');
    expect(describeTarget({ unit: '%', target: MH(99) })).toBe('Duy trì từ 99% trở lên: không thấp hơn 99% là đạt (không tính vượt), thấp hơn là không đạt.');
    expect(describeTarget({ unit: 'Nhà', target: R(9, 10) })).toBe(
      'Trong khoảng từ 9 đến 10 Nhà: trong khoảng là đạt, trên 10 Nhà là vượt kế hoạch, dưới 9 Nhà là không đạt.',
    );
    expect(describeTarget({ unit: 'Tr. đồng/ người/ năm', target: H(70) })).toBe(
      'Càng cao càng tốt: trên 70 Tr. đồng/ người/ năm là vượt kế hoạch, đúng 70 Tr. đồng/ người/ năm là đạt, dưới 70 Tr. đồng/ người/ năm là không đạt.',
    );
  });
});

describe('a paste that is not a list, and a draft that is not ready, say where', () => {
  it('a table row with a cell too few (a line break inside a cell) names its line', () => {
    const text =
      'STT\tChỉ tiêu\tĐơn vị tính\tKế hoạch năm 2025\n1\tThu nhập bình quân đầu người\tTriệu đồng\t80\n2\tTỷ lệ hộ nghèo\n(theo chuẩn đa chiều)\t%\tDưới 1\n';
    let error: unknown;
    try {
      proposeCatalog({ text, year: 2025 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProposeError);
    expect((error as ProposeError).problems).toEqual([
      'Dòng 3: có 2 cột, bảng có 4 cột (số thứ tự, chỉ tiêu, đơn vị tính, kế hoạch). Có thể một ô có xuống dòng hoặc có dấu tab bên trong: hãy sửa ô đó thành một dòng rồi dán lại cả bảng.',
      'Dòng 4: có 3 cột, bảng có 4 cột (số thứ tự, chỉ tiêu, đơn vị tính, kế hoạch). Có thể một ô có xuống dòng hoặc có dấu tab bên trong: hãy sửa ô đó thành một dòng rồi dán lại cả bảng.',
    ]);
  });

  it('an unclosed quote, two plan columns, an empty paste, a list without any figure', () => {
    expect(() => proposeCatalog({ text: 'STT\tChỉ tiêu\tĐVT\tKế hoạch\n1\t"Thu nhập\tTriệu đồng\t80\n', year: 2025 })).toThrow(
      /Dòng 2: một ô bắt đầu bằng dấu nháy kép \("\) nhưng không có dấu đóng/,
    );
    expect(() => proposeCatalog({ text: 'STT\tChỉ tiêu\tĐVT\tKH 2024\tKH 2026\n1\tThu nhập\tTriệu đồng\t70\t80\n', year: 2025 })).toThrow(
      /Dòng 1: bảng có 2 cột có thể là kế hoạch \(“KH 2024”, “KH 2026”\)/,
    );
    expect(() => proposeCatalog({ text: ' \n\n', year: 2025 })).toThrow(/Danh sách chỉ tiêu đang trống/);
    expect(() => proposeCatalog({ text: 'Giữ vững quốc phòng, an ninh.\nNâng cao đời sống nhân dân.', year: 2025 })).toThrow(
      /Không thấy chỉ tiêu nào có con số trong danh sách \(2 dòng\)/,
    );
  });

  it('a draft file that is not a draft, or not JSON, names the place', () => {
    expect(() => parseDraftText('{ "schema": "phuluc-catalog/1" }', 'x.json')).toThrow(/Trường “schema” phải là "phuluc-catalog-draft\/1"/);
    expect(() => parseDraftText('{ "schema": ', 'x.json')).toThrow(DraftError);
    const draft = proposeCatalog({ text: fixture('word-danh-so-2025.txt'), year: 2025, previous: loadCatalog(2024) });
    const text = JSON.stringify({ ...draft, rows: [{ ...draft.rows[0], needsReview: ['chưa xem'] }] });
    expect(() => parseDraftText(text, 'x.json')).toThrow(/Dòng đề xuất 1: “needsReview” phải là danh sách các điểm \{ "field", "reason" \}/);
  });
});
