// check-report on the real 2023 report, turned into a .docx from the seed text (its footnotes as
// Word footnotes, the appendix as a Word table with the departments' explanations as footnotes
// 74–76), against the appendix consolidated from the real figures.
import { Document, Packer, Paragraph, Tab, Table, TableCell, TableRow, TextRun } from 'docx';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../shared/catalog.ts';
import type { AppendixContent } from '../../shared/layout.ts';
import type { Period } from '../../shared/catalog.ts';
import { checkDraft, checkReport, draftStatements, formatFindings, type Finding, type Reading } from '../../worker/report/check.ts';
import { readDocx, type ReadDocx } from '../../worker/report/read-docx.ts';
import { readText } from '../../worker/report/read-text.ts';
import { loadCatalog } from '../helpers/catalog.ts';
import { correctedSeed, parseSeed, realContent, realValues, seedDocx, seedText } from '../helpers/report.ts';

let catalog: Catalog;
let content: AppendixContent;
let period: Period;
let draft: ReadDocx;
let findings: Finding[];

/** The real report with one sentence changed, as a .docx again. */
async function edited(from: string, to: string): Promise<ReadDocx> {
  const text = seedText();
  expect(text).toContain(from);
  return readDocx(await seedDocx(parseSeed(text.replace(from, to))));
}

const brief = (f: Finding) => [f.kind, f.indicator?.code, f.place.label, f.said, f.appendix];

beforeAll(async () => {
  catalog = loadCatalog(2023);
  ({ content, period } = realContent(catalog));
  draft = readDocx(await seedDocx());
  findings = checkReport(draft, catalog, content);
});

describe('check-report on the real 2023 report', () => {
  it('reads the whole report: 215 paragraphs, the appendix table, 76 footnotes numbered as printed', () => {
    expect(draft.paragraphs).toHaveLength(215);
    expect(draft.tables).toHaveLength(1);
    expect(draft.tables[0].rows).toHaveLength(22);
    expect(draft.footnotes.map((f) => f.number)).toEqual(Array.from({ length: 76 }, (_, i) => i + 1));
    expect(draft.footnotes[73].text).toBe(content.results[0].note);
  });

  it('finds the report’s four drifts, and no false alarm', () => {
    expect(findings.map(brief)).toEqual([
      // New jobs: 924 in footnote 2, 942 in footnote 42 and the appendix.
      ['figure', 'VIEC_LAM', 'chú thích 2', '924/1.200 lao động', '942 người'],
      // Industry growth: 11,78% in footnote 6, 10,2% in footnote 74 (the explanation of indicator 1).
      ['figure', 'GTSX', 'chú thích 6', 'tăng 11,78%', 'tăng 10,2%'],
      // Rice output: 15.298 tấn in the text, 15.249,1 in the appendix.
      ['figure', 'SL_LUONG_THUC', 'đoạn 24', '15.298 tấn', '15.249,1 tấn'],
      // Investment: 1.721,4 / 1.400 is 122,96% of the plan, “tăng 23%”, not 16%.
      ['share', 'VON_DAU_TU', 'đoạn 47', 'tăng 16% kế hoạch', 'tăng 23% so với kế hoạch'],
    ]);
  });

  it('each finding says where, quotes the sentence, and names the other places that say otherwise', () => {
    const [jobs, industry, rice, investment] = findings;
    expect(jobs.place.quote).toBe('Giải quyết việc làm 924/1.200 lao động');
    expect(jobs.appendixSource).toBe('Phụ lục 1 (chỉ tiêu 14)');
    expect(jobs.others.map((o) => [o.place.label, o.said])).toEqual([
      ['chú thích 42', '942/1.200 lao động'],
      ['bảng 1, dòng chỉ tiêu số 14', '942'],
    ]);
    expect(industry.appendixSource).toBe('giải trình của chỉ tiêu 1 (chú thích 74 của Phụ lục 1)');
    expect(industry.place.quote).toContain('ngành công nghiệp chỉ tăng 11,78%');
    expect(industry.others.map((o) => [o.place.label, o.said])).toEqual([['chú thích 74', 'tăng 10,2%']]);
    expect(rice.place.quote).toBe('sản lượng lúa đạt 15.298 tấn, tăng 21,9% so với kế hoạch, tăng 1,4% so với cùng kỳ.');
    expect(rice.others.map((o) => [o.place.label, o.said])).toEqual([['bảng 1, dòng chỉ tiêu số 6', '15.249,1']]);
    expect(rice.saidValue).toBe(15298);
    expect(rice.appendixValue).toBe(15249.1);
    // “tăng 21,9% so với kế hoạch” is 15.298 against 12.554: it goes with the figure, not as a fifth finding.
    expect(rice.follows).toEqual([{ said: 'tăng 21,9% so với kế hoạch', appendix: 'tăng 21,5% so với kế hoạch' }]);
    expect(investment.place.quote).toBe('Tổng vốn đầu tư toàn xã hội 1.721,4 tỷ đồng, tăng 16% kế hoạch, bằng 85% so với cùng kỳ.');
    expect(investment.saidValue).toBe(116);
    expect(investment.appendixValue).toBe(122.96);
    expect(investment.appendixSource).toBe('Phụ lục 1 (1.721,4 tỷ đồng so với kế hoạch 1.400 tỷ đồng, bằng 122,96%)');
    expect(investment.message).toBe(
      'Chỉ tiêu 3. Tổng vốn đầu tư phát triển toàn xã hội, đoạn 47: dự thảo ghi “tăng 16% kế hoạch”, tính từ Phụ lục 1 (1.721,4 tỷ đồng so với kế hoạch 1.400 tỷ đồng, bằng 122,96%) là “tăng 23% so với kế hoạch”.',
    );
  });

  it('says which sentences it checked and which it could not read (the known false alarm of 3.995 jobs among them, with why)', () => {
    const { readings } = checkDraft(draft, catalog, content, { period });
    const line = (r: Reading) => [
      r.place.label,
      r.kind,
      r.said,
      r.status === 'checked' ? (r.agrees ? 'đúng' : `khác: ${r.appendix}`) : `không đối chiếu: ${r.reason}`,
    ];
    const prose = readings.filter((r) => r.place.kind !== 'table');
    expect(prose.filter((r) => r.status === 'checked' && r.kind !== 'count').map(line)).toEqual([
      ['chú thích 2', 'figure', '63,41/69 triệu đồng', 'đúng'],
      ['chú thích 2', 'plan', '63,41/69 triệu đồng', 'đúng'],
      ['chú thích 2', 'figure', '6,45%/13%', 'đúng'],
      ['chú thích 2', 'plan', '6,45%/13%', 'đúng'],
      ['chú thích 2', 'figure', '924/1.200 lao động', 'khác: 942 người'],
      ['chú thích 2', 'plan', '924/1.200 lao động', 'đúng'],
      ['đoạn 12', 'figure', 'tăng 6,45%', 'đúng'],
      ['chú thích 6', 'figure', 'tăng 11,78%', 'khác: tăng 10,2%'],
      ['đoạn 24', 'figure', '2.890,45 ha', 'đúng'],
      // 2.890,4 / 2.570 = 112,47%: “tăng 12,5%” at the decimals written.
      ['đoạn 24', 'share', 'tăng 12,5% so với kế hoạch', 'đúng'],
      ['đoạn 24', 'figure', '15.298 tấn', 'khác: 15.249,1 tấn'],
      ['đoạn 24', 'share', 'tăng 21,9% so với kế hoạch', 'khác: tăng 21,5% so với kế hoạch'],
      ['đoạn 44', 'figure', '301,011 tỷ đồng', 'đúng'],
      ['đoạn 44', 'share', 'tăng 56,37% so với kế hoạch', 'đúng'],
      ['đoạn 47', 'figure', '1.721,4 tỷ đồng', 'đúng'],
      ['đoạn 47', 'share', 'tăng 16% kế hoạch', 'khác: tăng 23% so với kế hoạch'],
      ['đoạn 50', 'figure', '55/63 tiêu chí', 'đúng'],
      ['chú thích 42', 'figure', '942/1.200 lao động', 'đúng'],
      ['chú thích 42', 'plan', '942/1.200 lao động', 'đúng'],
      ['chú thích 42', 'share', 'đạt 78,5% kế hoạch', 'đúng'],
      ['đoạn 76', 'figure', 'còn 2%', 'đúng'],
      ['chú thích 46', 'figure', '97%', 'đúng'],
      ['chú thích 74', 'figure', 'tăng 10,2%', 'đúng'],
    ]);
    expect(prose.filter((r) => r.status === 'unreadable').map(line)).toEqual([
      // Footnote 5 names no indicator: marked in “Thu ngân sách tăng cao so với kế hoạch”, its figures are likely the revenue's, but not surely.
      [
        'chú thích 5',
        'figure',
        'Đạt 301,011 tỷ đồng, tăng 56,37% so với kế hoạch, tăng 10,13% so với cùng kỳ',
        'không đối chiếu: chú thích không nêu tên chỉ tiêu; câu có dấu chú thích nói về chỉ tiêu 4 (“Thu ngân sách tăng cao so với kế hoạch”), nhưng không chắc số liệu trong chú thích là của chỉ tiêu này, nên không đối chiếu',
      ],
      [
        'đoạn 12',
        'share',
        'đạt 87,9% so với kế hoạch',
        'không đối chiếu: Phụ lục 1 ghi tốc độ tăng của chỉ tiêu 1, không ghi giá trị để tính phần trăm so với kế hoạch',
      ],
      // The jobs of the commerce and services sector, not the town's new jobs: read, and said why it is not compared.
      [
        'đoạn 21',
        'figure',
        'khoảng 3.995 lao động',
        'không đối chiếu: câu nói về một bộ phận (“lĩnh vực thương mại dịch vụ”), không phải số liệu chung của chỉ tiêu 14',
      ],
      [
        'đoạn 24',
        'share',
        'bằng 100,8% so với cùng kỳ',
        'không đối chiếu: danh mục chưa có số liệu cùng kỳ năm trước của chỉ tiêu 5 (trường “lastYear”) để tính',
      ],
      [
        'đoạn 24',
        'share',
        'tăng 1,4% so với cùng kỳ',
        'không đối chiếu: danh mục chưa có số liệu cùng kỳ năm trước của chỉ tiêu 6 (trường “lastYear”) để tính',
      ],
      [
        'đoạn 44',
        'share',
        'tăng 10,13% so với cùng kỳ',
        'không đối chiếu: danh mục chưa có số liệu cùng kỳ năm trước của chỉ tiêu 4 (trường “lastYear”) để tính',
      ],
      ['đoạn 47', 'share', 'bằng 85% so với cùng kỳ', 'không đối chiếu: danh mục chưa có số liệu cùng kỳ năm trước của chỉ tiêu 3 (trường “lastYear”) để tính'],
      ['đoạn 50', 'plan', '55/63 tiêu chí', 'không đối chiếu: “55/63 tiêu chí” đếm trên một tổng số (63), không phải kế hoạch (53); không đối chiếu'],
      // And rightly so: footnote 32, marked after “55/63 tiêu chí đô thị loại III”, counts the criteria not met (8), not the indicator.
      [
        'chú thích 32',
        'figure',
        'Có 8 tiêu chí chưa đạt, gồm: (1) Dân số toàn đô thị; (2) Dân số khu vực nội thành, nội th…',
        'không đối chiếu: chú thích không nêu tên chỉ tiêu; câu có dấu chú thích nói về chỉ tiêu 9 (“kết quả ước đạt 55/63 tiêu chí đô thị loại III”), nhưng không chắc số liệu trong chú thích là của chỉ tiêu này, nên không đối chiếu',
      ],
    ]);
    // Every row of the draft's Phụ lục 1: figure (row 19 is not assessed), plan and Đánh giá, all checked.
    const table = readings.filter((r) => r.place.kind === 'table');
    expect(table.filter((r) => r.kind === 'figure')).toHaveLength(20);
    expect(table.filter((r) => r.kind === 'plan')).toHaveLength(21);
    expect(table.filter((r) => r.kind === 'status')).toHaveLength(21);
    expect(table.every((r) => r.status === 'checked')).toBe(true);
    expect(table.filter((r) => !r.agrees)).toEqual([]);
  });

  it('the summary’s counts are read in the paragraph, footnote 1 and part III', () => {
    const s = draftStatements(draft, catalog);
    expect(s.counts.map((c) => [c.place.label, c.key, c.value])).toEqual([
      ['đoạn 8', 'met', 17],
      ['đoạn 8', 'total', 21],
      ['đoạn 8', 'groups', 17],
      ['đoạn 8', 'khong_dat', 3],
      ['đoạn 8', 'chua_danh_gia', 1],
      ['chú thích 1', 'dat', 9],
      ['chú thích 1', 'vuot', 8],
      ['đoạn 95', 'khong_dat', 3],
    ]);
  });

  it('part two (the 2024 targets) is not read as 2023 figures', () => {
    const s = draftStatements(draft, catalog);
    const partTwo = draft.paragraphs.find((p) => p.text.startsWith('NHIỆM VỤ PHÁT TRIỂN KINH TẾ'))!.index;
    expect(s.figures.filter((f) => f.place.kind === 'paragraph' && Number(f.place.number) > partTwo)).toEqual([]);
    expect(s.figures.filter((f) => f.place.kind === 'footnote' && Number(f.place.number) >= 68 && Number(f.place.number) <= 73)).toEqual([]);
    // Checked against the 2024 catalogue, the 2023 results are another year's, and part two is targets:
    // only the appendix (“PHỤ LỤC 1”) is read.
    const asIf2024 = draftStatements(draft, loadCatalog(2024)).figures;
    expect(asIf2024.length).toBeGreaterThan(0);
    expect(asIf2024.filter((f) => f.place.kind !== 'table' && f.place.number !== '74')).toEqual([]);
  });

  it('the findings print in Vietnamese and travel as JSON', () => {
    const text = formatFindings(findings);
    expect(text.split('\n')[0]).toBe('Đã đối chiếu dự thảo với số liệu tổng hợp: có 04 chỗ cần xem lại.');
    expect(text).toContain('1. Chỉ tiêu 14. Giải quyết việc làm mới, chú thích 2: dự thảo ghi “924/1.200 lao động”, Phụ lục 1 (chỉ tiêu 14) ghi “942 người”.');
    expect(text).toContain('   Câu trong dự thảo: “sản lượng lúa đạt 15.298 tấn, tăng 21,9% so với kế hoạch, tăng 1,4% so với cùng kỳ.”');
    expect(text).toContain('Chỗ khác trong dự thảo ghi khác: chú thích 74 (“tăng 10,2%”).');
    expect(text).not.toMatch(/NaN|undefined|VIEC_LAM|GTSX/);
    expect(JSON.parse(JSON.stringify(findings))).toEqual(findings);
    expect(formatFindings([])).toBe('Đã đối chiếu dự thảo với số liệu tổng hợp: không thấy chỗ nào ghi khác số liệu của Phụ lục 1.');
  });
});

describe('which part of a draft is read', () => {
  it('a six-month report: the results, not the tasks for the rest of the year', async () => {
    const c24 = loadCatalog(2024);
    const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
    const doc = new Document({
      sections: [
        {
          children: [
            p('I. KẾT QUẢ THỰC HIỆN 6 THÁNG ĐẦU NĂM 2024 (BÁO CÁO NGÀY 15/6/2024)'),
            p('Giải quyết việc làm mới cho 512 lao động.'),
            p('II. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2024'),
            p('Giải quyết việc làm mới cho 400 lao động.'),
            p('III. ĐÁNH GIÁ CHUNG'),
            p('Sản lượng lúa đạt 6.500 tấn.'),
          ],
        },
      ],
    });
    const d = readDocx(new Uint8Array(await Packer.toBuffer(doc)));
    expect(draftStatements(d, c24).figures.map((f) => [f.place.label, f.said])).toEqual([
      ['đoạn 2', '512 lao động'],
      ['đoạn 6', '6.500 tấn'],
    ]);
  });
});

describe('the catalogue decides what is read', () => {
  it('without the related figure of indicator 1, industry growth is not compared', () => {
    const plain = structuredClone(catalog);
    const gtsx = plain.indicators.find((i) => i.code === 'GTSX')!;
    delete gtsx.prose!.related;
    expect(checkReport(draft, plain, content).map((f) => f.place.label)).toEqual(['chú thích 2', 'đoạn 24', 'đoạn 47']);
  });

  it('without phrases, an indicator is known by its name only', () => {
    const plain = structuredClone(catalog);
    for (const i of plain.indicators) delete i.prose;
    // "Tổng sản lượng lương thực (thóc)" and "Giải quyết việc làm mới" are not how the text says it.
    expect(checkReport(draft, plain, content).filter((f) => f.kind === 'figure' && f.place.kind !== 'table')).toEqual([]);
  });
});

describe('check-report on edited drafts', () => {
  it('a figure changed in the draft’s copy of Phụ lục 1', async () => {
    const d = await edited('6\tTổng sản lượng lương thực (thóc)\tTấn\t12.554\t15.249,1', '6\tTổng sản lượng lương thực (thóc)\tTấn\t12.554\t15.300');
    const extra = checkReport(d, catalog, content).filter((f) => f.place.kind === 'table');
    expect(extra.map(brief)).toEqual([['figure', 'SL_LUONG_THUC', 'bảng 1, dòng chỉ tiêu số 6', '15.300', '15.249,1 tấn']]);
  });

  it('a summary count and an Đánh giá that disagree with the data', async () => {
    const d = await edited('03 chỉ tiêu không đạt², 01', '04 chỉ tiêu không đạt², 01');
    const f = checkReport(d, catalog, content).filter((x) => x.kind === 'summary');
    expect(f.map(brief)).toEqual([['summary', undefined, 'đoạn 8', '04', '03']]);
    expect(f[0].message).toBe('Số chỉ tiêu không đạt, đoạn 8: dự thảo ghi 04, theo số liệu tổng hợp của Phụ lục 1 là 03.');
    const d2 = await edited('\t1.200\t942\tKhông Đạt KH', '\t1.200\t942\tĐạt KH');
    const s = checkReport(d2, catalog, content).filter((x) => x.kind === 'status');
    expect(s.map(brief)).toEqual([['status', 'VIEC_LAM', 'bảng 1, dòng chỉ tiêu số 14', 'Đạt KH', 'Không đạt KH']]);
  });

  it('a share of last year stated twice, differently, with no last year’s figure to compute it: the draft disagrees with itself', async () => {
    const p = (text: string) => new Paragraph({ children: [new TextRun(text)] });
    const d = readDocx(
      new Uint8Array(
        await Packer.toBuffer(
          new Document({
            sections: [
              {
                children: [
                  p('Thu ngân sách trên địa bàn đạt 301,011 tỷ đồng, tăng 10,13% so với cùng kỳ.'),
                  p('Riêng thu ngân sách trên địa bàn tăng 1,13% so với cùng kỳ năm trước.'),
                ],
              },
            ],
          }),
        ),
      ),
    );
    const f = checkReport(d, catalog, content).filter((x) => x.kind === 'conflict');
    expect(f.map((x) => [x.indicator?.code, x.said, x.others.map((o) => o.said)])).toEqual([
      ['THU_NS', expect.stringContaining('10,13%'), [expect.stringContaining('1,13%')]],
    ]);
    expect(f[0].message).toMatch(
      /dự thảo ghi khác nhau ở 02 chỗ, đoạn 1 ghi “.*10,13%.*”, đoạn 2 ghi “.*1,13%.*”\. Không có số liệu để tính lại; hãy thống nhất một số liệu\.$/,
    );
    // Said alike twice: nothing to say.
    const same = readDocx(
      new Uint8Array(
        await Packer.toBuffer(
          new Document({
            sections: [
              { children: [p('Thu ngân sách trên địa bàn tăng 10,13% so với cùng kỳ.'), p('Thu ngân sách trên địa bàn tăng 10,13% so với cùng kỳ.')] },
            ],
          }),
        ),
      ),
    );
    expect(checkReport(same, catalog, content).filter((x) => x.kind === 'conflict')).toEqual([]);
  });

  it('two places of the draft that disagree when the appendix has no figure to settle it', () => {
    const values = realValues();
    delete values.VIEC_LAM;
    const partial = realContent(catalog, values).content;
    const f = checkReport(draft, catalog, partial).filter((x) => x.indicator?.code === 'VIEC_LAM');
    expect(f.map((x) => x.kind)).toEqual(['conflict', 'status']);
    const [conflict, status] = f;
    expect(conflict.place.label).toBe('chú thích 2');
    expect(conflict.said).toBe('924/1.200 lao động');
    expect(conflict.others.map((o) => [o.place.label, o.said])).toEqual([
      ['chú thích 42', '942/1.200 lao động'],
      ['bảng 1, dòng chỉ tiêu số 14', '942'],
    ]);
    expect(conflict.message).toContain('Phụ lục 1 chưa có số liệu của chỉ tiêu 14 để đối chiếu; hãy thống nhất một số liệu.');
    expect(status.message).toBe(
      'Chỉ tiêu 14. Giải quyết việc làm mới, bảng 1, dòng chỉ tiêu số 14: cột “Đánh giá” ghi “Không Đạt KH”, theo số liệu tổng hợp là để trống (chưa có số liệu hợp lệ).',
    );
  });

  it('a report that agrees with the data has no findings', async () => {
    const d = readDocx(await seedDocx(parseSeed(correctedSeed())));
    expect(checkReport(d, catalog, content)).toEqual([]);
  });
});

describe('tables are read as their columns: a plan or a row number is never the actual', () => {
  const cellsRow = (cells: string[], header = false) =>
    new TableRow({ tableHeader: header, children: cells.map((c) => new TableCell({ children: [new Paragraph({ children: [new TextRun(c)] })] })) });
  const docOf = async (children: (Paragraph | Table)[]) => readDocx(new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] }))));
  const jobs = ['14', 'Giải quyết việc làm mới', 'Người', '1.200', '924', 'Không đạt KH'];

  it('columns in another order, with the derived ones: each read from its own column', async () => {
    const d = await docOf([
      new Table({
        rows: [
          cellsRow(['STT', 'Chỉ tiêu', 'Đơn vị tính', 'Thực hiện', 'Kế hoạch', '% so với KH', 'Đánh giá'], true),
          cellsRow(['14', 'Giải quyết việc làm mới', 'Người', '924', '1.300', '87,5%', 'Không đạt KH']),
        ],
      }),
    ]);
    const { findings } = checkDraft(d, catalog, content, { period });
    expect(findings.map((f) => [f.kind, f.said, f.appendix])).toEqual([
      ['figure', '924', '942 người'],
      ['plan', '1.300', '1.200'],
      ['share', '87,5%', 'đạt 78,5% so với kế hoạch'],
    ]);
  });

  it('a row typed with spaces that cannot be split into its columns is listed, never read as prose', () => {
    const d = readText(
      [
        'Số TT CHỈ TIÊU Đơn vị Kế hoạch năm 2023 Ước thực hiện năm 2023 Đánh giá',
        '3 Tổng vốn đầu tư phát triển toàn xã hội Tỷ đồng khoảng 1.500 1.721,4 Vượt KH',
        '14 Giải quyết việc làm mới Người 1.200 924 Không Đạt KH',
      ].join('\n'),
    );
    const { findings, readings } = checkDraft(d, catalog, content, { period });
    expect(findings.map((f) => [f.kind, f.indicator?.code, f.said])).toEqual([['figure', 'VIEC_LAM', '924']]);
    expect(readings.filter((r) => r.status === 'unreadable').map((r) => [r.indicator?.code, r.reason])).toEqual([
      [
        'VON_DAU_TU',
        'dòng chỉ tiêu viết cách nhau bằng dấu cách, không có đơn vị tính và kế hoạch như danh mục nên không tách được cột thực hiện; hãy dùng bảng hoặc dấu tab',
      ],
    ]);
  });

  it('a footnote mark typed as superscript text (not a Word footnote) is a mark, never digits of the figure', async () => {
    const sup = (text: string) => new TextRun({ text, superScript: true });
    const header = cellsRow(['Số TT', 'CHỈ TIÊU', 'Đơn vị', 'Kế hoạch năm 2023', 'Ước thực hiện năm 2023', 'Đánh giá'], true);
    const schools = (actual: TextRun[]) =>
      new TableRow({
        children: [
          ...['16', 'Xây dựng trường định kỳ kiểm tra lại đạt chuẩn quốc gia', 'Trường', '4'].map((c) => new TableCell({ children: [new Paragraph(c)] })),
          new TableCell({ children: [new Paragraph({ children: actual })] }),
          new TableCell({ children: [new Paragraph('Đạt KH')] }),
        ],
      });
    const d = await docOf([
      new Paragraph({
        children: [new TextRun('Hết năm 2023, kết quả ước đạt 54/63 tiêu chí đô thị loại III'), sup('32'), new TextRun(', tổng điểm đạt 72,56 điểm.')],
      }),
      new Table({ rows: [header, schools([new TextRun('4'), sup('75')])] }),
    ]);
    expect(d.paragraphs[0].text).toContain('loại III³²,');
    expect(d.tables[0].rows[1].cells[4].text).toBe('4⁷⁵');
    const { findings } = checkDraft(d, catalog, content, { period });
    expect(findings.map((f) => [f.indicator?.code, f.said])).toEqual([['DO_THI_III', '54/63 tiêu chí']]);
    // Control: the same cell with the digits in the text is a figure of 475, and is found.
    const typed = await docOf([new Table({ rows: [header, schools([new TextRun('475')])] })]);
    expect(checkDraft(typed, catalog, content, { period }).findings.map((f) => [f.indicator?.code, f.said])).toEqual([['TRUONG_CHUAN', '475']]);
  });

  it('a table without a header row: the row is named as unreadable, nothing in it taken for the actual', async () => {
    const d = await docOf([new Table({ rows: [cellsRow(jobs)] })]);
    const { findings, readings } = checkDraft(d, catalog, content, { period });
    expect(findings).toEqual([]);
    expect(readings.map((r) => [r.status, r.place.label, r.reason])).toEqual([
      [
        'unreadable',
        'bảng 1, dòng 1',
        'bảng không có dòng tiêu đề (Số TT, Chỉ tiêu, Kế hoạch, Thực hiện…) nên không biết cột nào là số thực hiện, cột nào là kế hoạch',
      ],
    ]);
  });

  it('rows typed with tabs: with their header line, read as the table; without it, unreadable', async () => {
    const tabs = (cells: string[]) =>
      new Paragraph({ children: cells.flatMap((c, i) => [...(i ? [new TextRun({ children: [new Tab()] })] : []), new TextRun(c)]) });
    const withHeader = await docOf([tabs(['Số TT', 'CHỈ TIÊU', 'Đơn vị', 'Kế hoạch năm 2023', 'Ước thực hiện năm 2023', 'Đánh giá']), tabs(jobs)]);
    expect(checkReport(withHeader, catalog, content).map((f) => [f.kind, f.place.label, f.said])).toEqual([['figure', 'đoạn 2 (dòng chỉ tiêu số 14)', '924']]);
    const bare = await docOf([tabs(jobs)]);
    const check = checkDraft(bare, catalog, content, { period });
    expect(check.findings).toEqual([]);
    expect(check.readings.map((r) => [r.status, r.place.label])).toEqual([['unreadable', 'đoạn 1']]);
  });
});
