/**
 * Issue 22: the 2024 catalogue proposed from the resolution's own words — the 2024 list of part two
 * of the seed report (copied into tests/fixtures/chi-tieu/hong-linh-2024.txt), the 2023 catalogue,
 * and last year's figures read from a real ledger (the 2023 demo: every department's template
 * filled with the report's figures, ingested and consolidated). The proposal is compared field by
 * field with shared/catalog/2024.json, written by hand from the same list; every field that
 * differs is either on a row that says it needs review, or has its reason written below.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Indicator } from '../../shared/catalog.ts';
import type { CatalogDraft, DraftRow } from '../../shared/catalog-draft.ts';
import { finalizeDraft } from '../../shared/catalog-draft-finalize.ts';
import { proposeCatalog, type LastYearFigures } from '../../shared/catalog-propose.ts';
import { lastYearFromLedger } from '../../worker/consolidate/last-year.ts';
import { runDemo } from '../../worker/demo.ts';
import { SqliteLedger } from '../../worker/ledger/sqlite.ts';
import { pathsFor } from '../../worker/paths.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { tempDir } from '../helpers/worker.ts';

const LIST = readFileSync(path.join(import.meta.dirname, '../fixtures/chi-tieu/hong-linh-2024.txt'), 'utf8');

const FIELDS = ['name', 'unit', 'plan', 'target', 'owner', 'decimals', 'bounds', 'lastYear'] as const;
type Field = (typeof FIELDS)[number];

function value(ind: Indicator, f: Field): unknown {
  if (f === 'lastYear') return ind.lastYear?.nam?.value;
  return ind[f];
}

/**
 * Fields that differ from 2024.json on rows that need no review, and why. A difference not listed
 * here on a row without `needsReview` fails the test: the proposal must not be silently wrong.
 */
const REASONS: Record<string, string> = {
  'THU_NS.name': 'the resolution says “Thu ngân sách đạt trên 125.000 triệu đồng”; 2024.json adds “trên địa bàn”, which the list does not print',
  'BANG_RONG.name':
    'the resolution says “thuê bao băng thông di động”; 2024.json keeps the 2023 name “Thuê bao băng rộng di động” (the row notes last year’s name)',
};

describe('issue 22: the 2024 catalogue from the resolution’s list, the 2023 catalogue and the 2023 ledger', () => {
  let draft: CatalogDraft;
  let figures: LastYearFigures;
  const expected: Catalog = loadCatalog(2024);
  const dir = tempDir('propose-seed');

  beforeAll(async () => {
    await runDemo(dir, { log: () => {} });
    const ledger = new SqliteLedger(pathsFor(dir).ledger);
    try {
      figures = await lastYearFromLedger(ledger, loadCatalog(2023));
    } finally {
      await ledger.close();
    }
    draft = proposeCatalog({ text: LIST, year: 2024, previous: loadCatalog(2023), lastYear: figures });
  });

  /** Each expected row with its proposed row: by code, else by place (the list's order is the appendix's). */
  function pairs(): { want: Indicator; row: DraftRow | undefined }[] {
    return expected.indicators.map((want) => ({
      want,
      row:
        draft.rows.find((r) => r.indicator.code === want.code) ??
        draft.rows.find((r) => r.indicator.stt === want.stt && !expected.indicators.some((e) => e.code === r.indicator.code)),
    }));
  }

  it('reads last year’s figures from the ledger, not from 2024.json: the estimate of 2023, with what it cannot use said', () => {
    expect(figures.figures.VON_DAU_TU).toEqual({ value: 1721.4, source: 'Phụ lục 1 năm 2023 (ước thực hiện năm 2023)' });
    expect(figures.figures.THU_NS).toEqual({ value: 301.011, source: 'Phụ lục 1 năm 2023 (ước thực hiện năm 2023)' });
    expect(figures.figures.HO_NGHEO).toMatchObject({ value: 2 });
    expect(figures.figures.DAN_SO).toEqual({ missing: 'Phụ lục 1 năm 2023 (ước thực hiện năm 2023) ghi “Dưới 1”, là một mức chứ không phải con số cụ thể' });
    expect(figures.figures.CO_QUAN_VH).toEqual({
      missing: 'Phụ lục 1 năm 2023 (ước thực hiện năm 2023) không đánh giá chỉ tiêu này (“Áp dụng quy định mới chưa đánh giá”)',
    });
  });

  it('equals shared/catalog/2024.json on at least 90% of the fields, and every other field needs review or has its reason', () => {
    const counts = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
    const rest: string[] = [];
    const unexplained: string[] = [];
    let reviewedEqual = 0;
    for (const { want, row } of pairs()) {
      for (const f of FIELDS) {
        const got = row ? value(row.indicator, f) : undefined;
        if (row && JSON.stringify(got) === JSON.stringify(value(want, f))) {
          counts[f]++;
          if (row.needsReview.length) reviewedEqual++;
          continue;
        }
        const key = `${want.code}.${f}`;
        const why = row?.needsReview.length ? `needsReview (${row.needsReview.map((p) => p.field).join(', ')}): ${row.needsReview[0].reason}` : REASONS[key];
        rest.push(`  ${key}: 2024.json ${JSON.stringify(value(want, f))}, proposed ${JSON.stringify(got)} — ${why ?? 'NO REASON'}`);
        if (!why) unexplained.push(key);
      }
    }
    const n = expected.indicators.length;
    const total = FIELDS.reduce((s, f) => s + counts[f], 0);
    const share = total / (n * FIELDS.length);
    const lines = FIELDS.map((f) => `  ${f.padEnd(9)} ${counts[f]}/${n}`);
    console.log(
      [
        `Proposed from the list against shared/catalog/2024.json: ${total}/${n * FIELDS.length} fields equal (${(share * 100).toFixed(1)}%), ${reviewedEqual} of them on rows marked needsReview.`,
        ...lines,
        'The rest:',
        ...rest,
        `Rows with needsReview: ${draft.rows
          .filter((r) => r.needsReview.length)
          .map((r) => `${r.indicator.stt} ${r.indicator.code}`)
          .join(', ')}`,
      ].join('\n'),
    );
    expect(draft.rows).toHaveLength(n);
    expect(unexplained).toEqual([]);
    expect(share).toBeGreaterThanOrEqual(0.9);
  });

  it('splits the items holding several targets, keeps (17) one row as last year, and lists what it did not read', () => {
    const codes = draft.rows.map((r) => r.indicator.code);
    expect(codes.slice(4, 6)).toEqual(['DT_GIEO_TRONG', 'SL_LUONG_THUC']); // (5)
    expect(codes.slice(7, 10)).toEqual(['DO_THI_III', 'MAT_DO_DUONG', 'BANG_RONG']); // (7)
    expect(codes.slice(17, 20)).toEqual(['THON_VAN_HOA', 'GIA_DINH_VH', 'CO_QUAN_VH']); // (14)
    expect(draft.rows[23].continues).toMatchObject({ code: 'AN_NINH', by: 'item' });
    expect(draft.catalog.groups).toHaveLength(17);
    expect(draft.unread.map((u) => u.text)).toEqual([
      'Một số chỉ tiêu chủ yếu:',
      'Nâng cao chất lượng tiêu chí chưa đạt',
      'xã Thuận Lộc cơ bản đạt các tiêu chí của phường',
    ]);
    expect(draft.needsReview).toEqual([]); // every 2023 indicator continues
  });

  it('says why: the new rows need an owner, “hoàn thành” without a figure, a changed unit, a similar name', () => {
    const byCode = (c: string) => draft.rows.find((r) => r.indicator.code === c)!;
    const houses = byCode('NHA_VAN_HOA');
    expect(houses.needsReview.map((p) => p.field)).toEqual(['target', 'unit', 'code']);
    expect(houses.needsReview[0].reason).toMatch(/hoàn thành” là 100%/);
    expect(houses.needsReview[1].reason).toMatch(/^Đơn vị tính đổi từ “Nhà” \(năm 2023\) sang “%”/);
    expect(houses.indicator.lastYear).toBeUndefined();
    expect(byCode('TRUONG_CHUAN').needsReview[0].reason).toMatch(/^Có thể là chỉ tiêu “Xây dựng trường định kỳ kiểm tra lại đạt chuẩn quốc gia” năm 2023/);
    const revenue = byCode('THU_NS');
    expect(revenue.needsReview).toEqual([]);
    expect(revenue.indicator.lastYear).toEqual({
      nam: { value: 301011, source: 'Phụ lục 1 năm 2023 (ước thực hiện năm 2023): 301,011 tỷ đồng, tức 301.011 triệu đồng' },
    });
    expect(revenue.fields).toMatchObject({ code: 'carried', owner: 'carried', unit: 'proposed', decimals: 'carried', lastYear: 'ledger', plan: 'proposed' });
    expect(byCode('DAN_SO').notes.join(' ')).toContain('ghi “Dưới 1”, là một mức chứ không phải con số cụ thể: “lastYear” để trống.');
    const fresh = draft.rows.filter((r) => !r.continues);
    expect(fresh.map((r) => r.indicator.owner)).toEqual(['TTYT', 'VHTT', 'VHTT']);
    for (const r of fresh) expect(r.needsReview).toEqual([{ field: 'owner', reason: expect.stringMatching(/^Chỉ tiêu mới: đề xuất đơn vị phụ trách là/) }]);
    expect(byCode('GTSX').reading).toBe('Càng cao càng tốt: trên 11% là vượt kế hoạch, đúng 11% là đạt, dưới 11% là không đạt.');
    expect(byCode('HO_NGHEO').source).toEqual({
      label: '(8)',
      line: 11,
      sentence: 'Tỷ lệ hộ nghèo giảm còn dưới 1,8 %.',
      clause: 'Tỷ lệ hộ nghèo giảm còn dưới 1,8 %',
    });
  });

  it('becomes a valid catalogue once reviewed; before that, finalising names each row still to review', () => {
    expect(() => finalizeDraft(draft, 'de-xuat-2024.json')).toThrow(
      /Dòng đề xuất 16 \(“Xây dựng phường, xã đạt Bộ tiêu chí Quốc gia về Y tế xã giai đoạn đến năm 2030”, mục \(12\), dòng 15 của danh sách\) còn 1 điểm cần xem lại: Chỉ tiêu mới/,
    );
    const reviewed: CatalogDraft = JSON.parse(JSON.stringify(draft));
    for (const r of reviewed.rows) r.needsReview = [];
    const catalog = finalizeDraft(reviewed);
    expect(catalog.indicators).toHaveLength(24);
    expect(catalog.indicators.map((i) => i.stt)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    // Omitting a row drops it (and its group, now empty), and numbers the rest again.
    reviewed.rows[15].omit = true;
    const without = finalizeDraft(reviewed);
    expect(without.indicators).toHaveLength(23);
    expect(without.groups).toHaveLength(16);
    expect(without.indicators[15].code).toBe('TRUONG_CHUAN');
    expect(without.indicators[15].stt).toBe(16);
    // A reviewed row that is still wrong is refused by the catalogue's own checks.
    reviewed.rows[0].indicator.plan = 'Tăng 12%';
    expect(() => finalizeDraft(reviewed, 'x.json')).toThrow(/Chỉ tiêu số 1 \(mã GTSX\): kế hoạch in “Tăng 12%” được đọc là/);
  });
});
