import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatVnNumber, roundTo } from '../../shared/numbers.ts';
import { agrees, findStatements, maskNoteMarks, readStatements, type Figure, type Subject } from '../../worker/report/figures.ts';
import { subjectsOf } from '../../worker/report/check.ts';
import { fold, phrasePattern, quoteAround } from '../../worker/report/text.ts';
import { loadCatalog } from '../helpers/catalog.ts';

const { subjects } = subjectsOf(loadCatalog(2023));
const said = (text: string, year = 2023) => findStatements(text, subjects, { year }).map((s) => [s.subject, s.figure.value, s.text]);

describe('figures in the report’s sentences (2023 catalogue phrases)', () => {
  it('the real report’s sentences: the indicator’s figure, not the changes or the figures against the plan', () => {
    expect(said('Giá trị một số ngành kinh tế chủ yếu theo giá so sánh ước đạt 5.025 tỷ đồng, đạt 87,9% so với kế hoạch, tăng 6,45% so với cùng kỳ.')).toEqual([
      ['GTSX', 6.45, 'tăng 6,45%'],
    ]);
    expect(
      said(
        'Tổng diện tích lúa cả năm đạt 2.890,45 ha, tăng 12,5% so với kế hoạch và bằng 100,8% so với cùng kỳ; năng suất lúa trung bình cả năm đạt 52,93 tạ/ha, tăng 8,3% so với kế hoạch, tăng 0,5% so với cùng kỳ; sản lượng lúa đạt 15.298 tấn, tăng 21,9% so với kế hoạch, tăng 1,4% so với cùng kỳ.',
      ),
    ).toEqual([
      ['DT_GIEO_TRONG', 2890.45, '2.890,45 ha'],
      ['SL_LUONG_THUC', 15298, '15.298 tấn'],
    ]);
    expect(
      said(
        'Thu nhập bình quân đầu người ước đạt 63,41/69 triệu đồng/người/năm; Tốc độ tăng giá trị sản xuất một số ngành kinh tế chủ yếu (theo giá so sánh) 6,45%/13%; Giải quyết việc làm 924/1.200 lao động',
      ),
    ).toEqual([
      ['THU_NHAP', 63.41, '63,41/69 triệu đồng'],
      ['GTSX', 6.45, '6,45%/13%'],
      ['VIEC_LAM', 924, '924/1.200 lao động'],
    ]);
    expect(said('Tổng vốn đầu tư toàn xã hội 1.721,4 tỷ đồng, tăng 16% kế hoạch, bằng 85% so với cùng kỳ.')).toEqual([
      ['VON_DAU_TU', 1721.4, '1.721,4 tỷ đồng'],
    ]);
    expect(said('Đẩy mạnh thực hiện Chương trình MTQG giảm nghèo bền vững, tỉ lệ hộ nghèo còn 2%.')).toEqual([['HO_NGHEO', 2, 'còn 2%']]);
  });

  it('a related figure: the target before "tuy nhiên" is not the actual', () => {
    expect(
      said(
        'Lý do đạt mục tiêu năm 2023 ngành công nghiệp tăng 55,6%, tuy nhiên thực tế tính toán năm 2023 ngành công nghiệp chỉ tăng 11,78% (do Nhà máy Bia chưa đạt công suất thiết kế)',
      ),
    ).toEqual([['GTSX#1', 11.78, 'tăng 11,78%']]);
  });

  it('a figure just before a phrase that begins with its unit', () => {
    expect(said('hết năm 2023, kết quả ước đạt 55/63 tiêu chí đô thị loại III, tổng điểm đạt 72,56 điểm.')).toEqual([['DO_THI_III', 55, '55/63 tiêu chí']]);
  });

  it('years, dates, document numbers, list numbers and other units are not figures', () => {
    expect(said('Thu ngân sách năm 2023 theo Quyết định số 784/QĐ-UBND ngày 05/4/2023 của UBND tỉnh.')).toEqual([]);
    expect(said('Tiêu chí: Số thuê bao băng rộng di động trên 100 dân và Tỷ lệ hồ sơ thủ tục hành chính.')).toEqual([]);
    expect(said('Trên địa bàn, sản lượng lúa (1) và năng suất 52,93 tạ/ha.')).toEqual([]);
    expect(said('giải quyết việc làm cho 3 xã, tăng thêm 02 tiêu chí so với năm 2022')).toEqual([]);
  });

  it('targets are not actuals: "kế hoạch", "phấn đấu", a later year', () => {
    expect(said('Thu ngân sách, kế hoạch giao 192,5 tỷ đồng.')).toEqual([]);
    expect(said('Phấn đấu giải quyết việc làm mới cho 900 lao động.')).toEqual([]);
    expect(said('Thu ngân sách đạt trên 125.000 triệu đồng trong năm 2024.')).toEqual([]);
  });

  it('money converts to the indicator’s unit; bounds and approximations are kept', () => {
    const [st] = findStatements('Thu ngân sách đạt trên 125.000 triệu đồng.', subjects);
    // 125.000 triệu (± 0,5 triệu) is 125,000 tỷ (± 0,0005 tỷ).
    expect(st.figure).toEqual({ value: 125, decimals: 3, qualifier: 'above' });
    expect(findStatements('giải quyết việc làm cho khoảng 3.995 lao động.', subjects)[0].figure.qualifier).toBe('about');
    expect(findStatements('Tỷ lệ hộ nghèo giảm còn dưới 1,8 %.', subjects)[0].figure).toEqual({ value: 1.8, decimals: 1, qualifier: 'below' });
  });

  it('a decrease is negative for a change indicator', () => {
    expect(said('Giá trị sản xuất một số ngành kinh tế chủ yếu giảm 2,5% so với cùng kỳ.')).toEqual([['GTSX', -2.5, 'giảm 2,5%']]);
  });
});

describe('shares of the plan and of last year, plans after “/”, footnote marks, parts', () => {
  const read = (text: string) => readStatements(text, subjects, { year: 2023 });
  const shares = (text: string) => read(text).shares.map((s) => [s.subject, s.base, s.percent, s.decimals, s.text, s.figure?.text]);

  it('“tăng X% kế hoạch”, “đạt X% kế hoạch”, “bằng X% so với kế hoạch”, “tăng X% so với cùng kỳ”, kept with the figure they follow', () => {
    expect(shares('Tổng vốn đầu tư toàn xã hội 1.721,4 tỷ đồng, tăng 16% kế hoạch, bằng 85% so với cùng kỳ.')).toEqual([
      ['VON_DAU_TU', 'plan', 116, 0, 'tăng 16% kế hoạch', '1.721,4 tỷ đồng'],
      ['VON_DAU_TU', 'lastYear', 85, 0, 'bằng 85% so với cùng kỳ', '1.721,4 tỷ đồng'],
    ]);
    expect(shares('Giải quyết việc làm mới cho 942/1.200 lao động đạt 78,5% kế hoạch.')).toEqual([
      ['VIEC_LAM', 'plan', 78.5, 1, 'đạt 78,5% kế hoạch', '942/1.200 lao động'],
    ]);
    expect(shares('Thu ngân sách bằng 156,37% so với kế hoạch, giảm 2,5% so với năm 2022.')).toEqual([
      ['THU_NS', 'plan', 156.37, 2, 'bằng 156,37% so với kế hoạch', undefined],
      ['THU_NS', 'lastYear', 97.5, 1, 'giảm 2,5% so với năm 2022', undefined],
    ]);
    // Against something the appendix does not hold: kept, as such.
    expect(read('Thu ngân sách đạt 301,011 tỷ đồng, tăng 60% so với dự toán.').shares.map((s) => [s.base, s.baseText])).toEqual([['other', 'dự toán']]);
  });

  it('a share belongs to the indicator only while nothing else is said between them', () => {
    // The yield's 8,3% is not the rice area's.
    expect(shares('diện tích lúa đạt 2.890,45 ha, năng suất 52,93 tạ/ha, tăng 8,3% so với kế hoạch.')).toEqual([]);
    // A growth indicator: “đạt 87,9% so với kế hoạch” is a share, its growth is the figure.
    const gtsx = read('Giá trị một số ngành kinh tế chủ yếu ước đạt 5.025 tỷ đồng, đạt 87,9% so với kế hoạch, tăng 6,45% so với cùng kỳ.');
    expect(gtsx.shares.map((s) => [s.base, s.percent])).toEqual([['plan', 87.9]]);
    expect(gtsx.figures.map((f) => [f.subject, f.figure.value, f.text])).toEqual([['GTSX', 6.45, 'tăng 6,45%']]);
  });

  it('the number after “/” is the plan the sentence states; before the phrase, a whole counted', () => {
    const [jobs] = read('Giải quyết việc làm 924/1.200 lao động').figures;
    expect(jobs.denominator).toEqual({ value: 1200, decimals: 0, text: '1.200', whole: false });
    const [growth] = read('Tốc độ tăng giá trị sản xuất một số ngành kinh tế chủ yếu (theo giá so sánh) 6,45%/13%').figures;
    expect([growth.figure.value, growth.denominator?.value]).toEqual([6.45, 13]);
    const [criteria] = read('kết quả ước đạt 55/63 tiêu chí đô thị loại III, tổng điểm đạt 72,56 điểm.').figures;
    expect(criteria.denominator).toEqual({ value: 63, decimals: 0, text: '63', whole: true });
    // Money converts on both sides: 301.011/192.500 triệu is 301,011/192,5 tỷ.
    const [rev] = read('Thu ngân sách đạt 301.011/192.500 triệu đồng.').figures;
    expect([rev.figure.value, rev.denominator?.value]).toEqual([301.011, 192.5]);
  });

  it('footnote marks glued to a word or a figure are not part of it; m² stays a unit', () => {
    expect(maskNoteMarks('loại III³², 942⁴² lao động, 120 m²')).toBe('loại III  , 942   lao động, 120 m²');
    expect(said('kết quả ước đạt 55/63 tiêu chí đô thị loại III³², tổng điểm đạt 72,56 điểm.')).toEqual([['DO_THI_III', 55, '55/63 tiêu chí']]);
    expect(said('Giải quyết việc làm mới cho 942⁴² lao động.')).toEqual([['VIEC_LAM', 942, '942⁴² lao động']]);
    expect(said('Giải quyết việc làm mới cho 942/1.200⁴² lao động đạt 78,5%⁴³ kế hoạch.')).toEqual([['VIEC_LAM', 942, '942/1.200⁴² lao động']]);
  });

  it('a sentence about a sector states the sector’s figure: kept as a part, never the indicator’s', () => {
    const r = read('Trên địa bàn có 2.482 tổ chức, cá nhân hoạt động trong lĩnh vực thương mại dịch vụ, giải quyết việc làm cho khoảng 3.995 lao động.');
    expect(r.figures.map((f) => [f.subject, f.figure.value, f.part])).toEqual([['VIEC_LAM', 3995, 'lĩnh vực thương mại dịch vụ']]);
    expect(
      findStatements(
        'Trên địa bàn có 2.482 tổ chức, cá nhân hoạt động trong lĩnh vực thương mại dịch vụ, giải quyết việc làm cho khoảng 3.995 lao động.',
        subjects,
      ),
    ).toEqual([]);
    // The same words without the sector are the indicator's.
    expect(said('Năm 2023 giải quyết việc làm cho 942 lao động.')).toEqual([['VIEC_LAM', 942, '942 lao động']]);
  });

  it('a number written the English way is kept as unread, with the way to write it', () => {
    const r = read('Tổng diện tích lúa cả năm đạt 2,890.45 ha, tăng 12,5% so với kế hoạch.');
    expect(r.figures).toEqual([]);
    expect(r.unread.map((u) => [u.subject, u.text])).toEqual([['DT_GIEO_TRONG', '2,890.45 ha']]);
    expect(r.unread[0].reason).toContain('ví dụ 2.890,45');
  });
});

describe('agreement within the rounding of the less precise figure', () => {
  const f = (value: number, decimals: number, qualifier: Figure['qualifier'] = 'exact'): Figure => ({ value, decimals, qualifier });
  it('the report’s cases', () => {
    expect(agrees(f(2890.45, 2), f(2890.4, 1))).toBe(true);
    expect(agrees(f(15298, 0), f(15249.1, 1))).toBe(false);
    expect(agrees(f(924, 0), f(942, 0))).toBe(false);
    expect(agrees(f(11.78, 2), f(10.2, 1))).toBe(false);
    expect(agrees(f(97, 0, 'above'), f(97, 1))).toBe(true);
    expect(agrees(f(1, 0), f(1, 0, 'below'))).toBe(true);
    expect(agrees(f(0.8, 1), f(1, 0, 'below'))).toBe(true);
    expect(agrees(f(1.2, 1), f(1, 0, 'below'))).toBe(false);
    expect(agrees(f(3995, 0, 'about'), f(942, 0))).toBe(false);
    // "125 tỷ" said of a figure kept in triệu đồng: 125.000 ± 500.
    expect(agrees(f(125_000, -3), f(125_300, 0))).toBe(true);
    expect(agrees(f(125_000, -3), f(125_600, 0))).toBe(false);
  });

  it('a figure and its rounding agree; one step off at the coarser precision does not (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 }), (units, fine, dropped) => {
        const value = units / 10 ** fine;
        const coarse = Math.max(0, fine - 1 - dropped);
        const rounded = roundTo(value, coarse);
        expect(agrees(f(value, fine), f(rounded, coarse))).toBe(true);
        expect(agrees(f(rounded, coarse), f(value, fine))).toBe(true);
        expect(agrees(f(rounded + 10 ** -coarse, coarse), f(value, fine))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a figure written the Vietnamese way in a sentence reads back (property)', () => {
  const rice: Subject = { key: 'R', phrases: ['sản lượng lúa'], unitWords: ['tấn'], kind: 'level' };
  const growth: Subject = { key: 'G', phrases: ['ngành công nghiệp'], unitWords: ['%'], kind: 'change' };

  it('levels: "sản lượng lúa đạt 15.249,1 tấn, tăng 1,4% so với cùng kỳ"', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5_000_000_000 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 990 }),
        fc.integer({ min: 2000, max: 2030 }),
        (units, d, pctTenths, year) => {
          const v = units / 1000;
          const pct = pctTenths / 10;
          const text = `Năm ${year} sản lượng lúa đạt ${formatVnNumber(v, d)} tấn, tăng ${formatVnNumber(pct, 1)}% so với cùng kỳ.`;
          const got = findStatements(text, [rice], { year: 2030 });
          expect(got).toHaveLength(1);
          expect(got[0].figure).toEqual({ value: roundTo(v, d), decimals: d, qualifier: 'exact' });
          expect(got[0].text).toBe(`${formatVnNumber(v, d)} tấn`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('changes: the growth, signed, never the figure against the plan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500_000 }),
        fc.integer({ min: 0, max: 2 }),
        fc.boolean(),
        fc.integer({ min: 10, max: 2000 }),
        (units, d, down, planTenths) => {
          const v = units / 1000;
          const plan = planTenths / 10;
          const word = down ? 'giảm' : 'tăng';
          const text = `Ngành công nghiệp đạt ${formatVnNumber(plan, 1)}% so với kế hoạch, ${word} ${formatVnNumber(v, d)}% so với cùng kỳ.`;
          const got = findStatements(text, [growth]);
          expect(got).toHaveLength(1);
          expect(got[0].figure.value).toBe((down ? -1 : 1) * roundTo(v, d) || 0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('text folding and phrases', () => {
  it('keeps length, so offsets carry over (property)', () => {
    const letters = [...'aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ AĂÂĐÊÔƠƯ'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...letters, ' ', ',', '.', '\u00a0', '1', '9'), { maxLength: 80 }), (chars) => {
        const s = chars.join('').normalize('NFC');
        expect(fold(s)).toHaveLength(s.length);
      }),
    );
  });

  it('spelling variants and spacing match the same phrase', () => {
    const re = phrasePattern('tỷ lệ thu gom, xử lý chất thải rắn');
    expect(re.test(fold('Tỉ lệ thu gom,xử  lý chất thải rắn'))).toBe(true);
    expect(phrasePattern('gia đình văn hóa').test(fold('GIA ĐÌNH VĂN HOÁ'))).toBe(true);
    expect(phrasePattern('thu ngân sách').test(fold('thu ngân sách'))).toBe(true);
    expect(phrasePattern('thu ngân sách').test(fold('thu ngân sáchx'))).toBe(false);
  });

  it('quotes the clause around a figure', () => {
    const t = 'Năng suất 52,93 tạ/ha; sản lượng lúa đạt 15.298 tấn, tăng 1,4%. Câu sau.';
    const at = t.indexOf('15.298');
    expect(quoteAround(t, at, at + 6)).toBe('sản lượng lúa đạt 15.298 tấn, tăng 1,4%.');
  });
});
