import { describe, expect, it } from 'vitest';
import { decimalsOf, formatNumberVi, formatVnNumber, padCount, parseVnNumber, precisionLimit, roundTo, withUnit } from '../../shared/numbers.ts';
import { cleanActualText, parseTarget, readActual } from '../../shared/target.ts';

describe('Vietnamese numbers', () => {
  it.each([
    ['1.721,4', 1721.4, 1],
    ['301,011', 301.011, 3],
    ['12.554', 12554, 0],
    ['1.400', 1400, 0],
    ['99', 99, 0],
    ['63,41', 63.41, 2],
    ['-2,5', -2.5, 1],
    ['125.000', 125000, 0],
    ['1.234.567,89', 1234567.89, 2],
    [' 2\u00a0890,4 '.replace('\u00a0', ''), 2890.4, 1],
  ])('parses %s', (text, value, decimals) => {
    const r = parseVnNumber(text);
    expect(r).toEqual({ ok: true, value: { value, decimals } });
  });

  it.each(['1.5', '1234.567', 'abc', '', '1,2,3', '5,', ',5', '1.23', '12.3456'])('rejects %j with a message quoting the text', (text) => {
    const r = parseVnNumber(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(`“${text.trim()}”`);
  });

  it.each([
    [1721.4, undefined, '1.721,4'],
    [301.011, undefined, '301,011'],
    [12554, undefined, '12.554'],
    [1200, 0, '1.200'],
    [63.41, 2, '63,41'],
    [95.8, 2, '95,80'],
    [-1234.5, 1, '-1.234,5'],
    [1.005, 2, '1,01'],
    [0.5, 0, '1'],
  ])('formats %d (%s decimals) as %s', (value, d, text) => {
    expect(formatVnNumber(value, d)).toBe(text);
  });

  it('rounds half away from zero like Excel', () => {
    expect(roundTo(2.345, 2)).toBe(2.35);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(99.04, 1)).toBe(99);
  });

  // Every finite double, including the ones JavaScript prints in exponent form (below 1e-6, from
  // 1e21 on): the old `${value}e${decimals}` trick turned them into NaN.
  it.each([
    [2.7755575615628914e-17, 2, 0],
    [-2.7755575615628914e-17, 2, 0],
    [1e-7, 6, 0],
    [5e-7, 6, 0.000001],
    [1.5e-7, 7, 2e-7],
    [1e21, 2, 1e21],
    [1.2554e22, 0, 1.2554e22],
    [-1.2554e22, 3, -1.2554e22],
    [1e300, 6, 1e300],
    [0.1 + 0.2, 2, 0.3],
    [0.1 + 0.2, 17, 0.3],
    [2.5, 0, 3],
    [0.145 * 100, 0, 15], // 14.499999999999998, shown as 14,5: the figure Excel shows is rounded
    [1.255 * 10, 1, 12.6], // 12.549999999999999
    [1.015 - 0.01, 2, 1.01],
    [-0.001, 2, 0],
  ])('rounds %d at %i decimals to %d, never NaN', (value, d, expected) => {
    expect(roundTo(value, d)).toBe(expected);
  });

  it('gives zero as +0 and keeps the largest double finite', () => {
    expect(Object.is(roundTo(-0, 2), 0)).toBe(true);
    expect(Object.is(roundTo(-0.004, 2), 0)).toBe(true);
    expect(roundTo(Number.MAX_VALUE, 6)).toBe(1.79769313486231e308);
    expect(roundTo(-Number.MAX_VALUE, 0)).toBe(-1.79769313486231e308);
    expect(roundTo(Number.MIN_VALUE, 6)).toBe(0);
  });

  it.each([
    [1.2554e22, undefined, '12.554.000.000.000.000.000.000'],
    [1e21, 2, '1.000.000.000.000.000.000.000,00'],
    [1e-7, undefined, '0,0000001'],
    [1e-7, 2, '0,00'],
    [2.7755575615628914e-17, 2, '0,00'],
    [2.7755575615628914e-17, undefined, '0,0000000000000000277555756156289'],
    [0.1 + 0.2, undefined, '0,3'],
    [-0, undefined, '0'],
    [-0.001, 2, '0,00'],
    [123456789.123, 3, '123.456.789,123'],
  ])('formats %d (%s decimals) as %s without exponent form', (value, d, text) => {
    expect(formatVnNumber(value, d)).toBe(text);
  });

  it.each([
    [1e-7, 7],
    [0.1 + 0.2, 1],
    [1e21, 0],
    [2.7755575615628914e-17, 31],
    [1234.5, 1],
    [-0, 0],
  ])('%d shows %i decimals', (value, d) => {
    expect(decimalsOf(value)).toBe(d);
  });

  it('reads 12.554.000.000.000.000.000.000 (and refuses what no double can hold, quoting it)', () => {
    expect(parseVnNumber('12.554.000.000.000.000.000.000')).toEqual({ ok: true, value: { value: 1.2554e22, decimals: 0 } });
    const huge = parseVnNumber(`1${'0'.repeat(400)}`);
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.error).toMatch(/^Số “1000+” quá lớn/);
    const tiny = parseVnNumber(`0,${'0'.repeat(400)}1`);
    expect(tiny.ok).toBe(false);
    if (!tiny.ok) expect(tiny.error).toContain('quá nhỏ');
  });

  it('reads the real minus sign (U+2212) pasted from Word', () => {
    expect(parseVnNumber('−10')).toEqual({ ok: true, value: { value: -10, decimals: 0 } });
    expect(parseVnNumber('− 1.234,5')).toEqual({ ok: true, value: { value: -1234.5, decimals: 1 } });
    expect(parseVnNumber('−−10').ok).toBe(false);
    expect(cleanActualText('−10')).toBe('-10');
    expect(readActual('−10')).toEqual({ kind: 'number', value: -10, decimals: 0 });
    expect(readActual('Giảm còn −0,5 %')).toEqual({ kind: 'number', value: -0.5, decimals: 1 });
    expect(parseTarget('Tăng −2%')).toEqual({ ok: true, value: { kind: 'threshold', direction: 'higher', value: -2 } });
  });

  it('prints the real minus for people, and percentages without a space', () => {
    expect(formatNumberVi(-10)).toBe('−10');
    expect(formatNumberVi(-1234.5, 2)).toBe('−1.234,50');
    expect(formatNumberVi(-0.001, 2)).toBe('0,00');
    expect(formatVnNumber(-10)).toBe('-10');
    expect(withUnit('6,45', '%')).toBe('6,45%');
    expect(withUnit('1.200', 'Người')).toBe('1.200 Người');
  });

  it('the precision limit: 14 digits at the reporting precision', () => {
    expect([precisionLimit(0), precisionLimit(2), precisionLimit(6)]).toEqual([1e14, 1e12, 1e8]);
  });

  it('pads counts the administrative way', () => {
    expect([padCount(3), padCount(1), padCount(17), padCount(0)]).toEqual(['03', '01', '17', '00']);
  });
});

describe('target expressions', () => {
  it.each([
    ['> 99', {}, { kind: 'threshold', direction: 'higher', value: 99 }],
    ['Tăng trên 13%', {}, { kind: 'threshold', direction: 'higher', value: 13 }],
    ['Tăng 6,45 %', {}, { kind: 'threshold', direction: 'higher', value: 6.45 }],
    ['Giảm còn dưới 2,32%', {}, { kind: 'threshold', direction: 'lower', value: 2.32 }],
    ['Dưới 1', { maintain: true }, { kind: 'maintain', direction: 'lower', value: 1 }],
    ['Duy trì trên 99', {}, { kind: 'maintain', direction: 'higher', value: 99 }],
    ['80/100 dân', {}, { kind: 'threshold', direction: 'higher', value: 80 }],
    ['Khởi công 08 nhà; sửa chữa, nâng cấp 01-02 nhà', {}, { kind: 'range', min: 9, max: 10 }],
    ['trên 125.000 triệu đồng', {}, { kind: 'threshold', direction: 'higher', value: 125000 }],
    ['1.200', {}, { kind: 'threshold', direction: 'higher', value: 1200 }],
    ['> 45,5', {}, { kind: 'threshold', direction: 'higher', value: 45.5 }],
    ['52/52', {}, { kind: 'threshold', direction: 'higher', value: 52 }],
  ])('reads %s', (text, hints, target) => {
    expect(parseTarget(text, hints as never)).toEqual({ ok: true, value: target });
  });

  it.each(['Hoàn thành', '', 'tăng 5 và 6 nhà'])('rejects %j quoting the text', (text) => {
    const r = parseTarget(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(`“${text}”`);
  });
});

describe('reading actual figures', () => {
  it.each([
    [6.45, { kind: 'number', value: 6.45, decimals: null }],
    ['Tăng 6,45 %', { kind: 'number', value: 6.45, decimals: 2 }],
    ['Giảm còn 2 %', { kind: 'number', value: 2, decimals: 0 }],
    ['Giảm 2,5%', { kind: 'number', value: -2.5, decimals: 1 }],
    ['80/100 dân', { kind: 'number', value: 80, decimals: 0 }],
    ['Dưới 1', { kind: 'number', value: 1, decimals: 0 }],
    ['1.721,4', { kind: 'number', value: 1721.4, decimals: 1 }],
    ['4 ⁷⁵', { kind: 'number', value: 4, decimals: 0 }],
    ['', { kind: 'empty' }],
    [null, { kind: 'empty' }],
    ['Áp dụng quy định mới chưa đánh giá', { kind: 'not_assessed', reason: 'Áp dụng quy định mới chưa đánh giá' }],
  ])('reads %j', (input, actual) => {
    expect(readActual(input)).toEqual(actual);
  });

  it.each(['abc', '1.5', 'Tăng %', true])('says what is wrong with %j, never 0 or NaN', (input) => {
    const a = readActual(input);
    expect(a.kind).toBe('invalid');
    if (a.kind === 'invalid' && typeof input === 'string') expect(a.error).toContain(`“${input}”`);
  });

  // Issue 18: an affix between digits used to vanish and glue them (“942 đạt 78,5%” → 94.278,5).
  it.each([
    ['942 đạt 78,5%', '942 78,5', 'Ô có hai con số hoặc có chữ xen giữa các chữ số (“942 đạt 78,5%”). Hãy chỉ nhập một số liệu, ví dụ 942.'],
    ['5 trên 2', '5 2', 'Ô có hai con số hoặc có chữ xen giữa các chữ số (“5 trên 2”). Hãy chỉ nhập một số liệu, ví dụ 5.'],
    ['1tăng2', '1 2', 'Ô có hai con số hoặc có chữ xen giữa các chữ số (“1tăng2”). Hãy chỉ nhập một số liệu, ví dụ 1.'],
    ['12 34', '12 34', 'Ô có hai con số hoặc có chữ xen giữa các chữ số (“12 34”). Hãy chỉ nhập một số liệu, ví dụ 12.'],
    ['−5 trên 2', '-5 2', 'Ô có hai con số hoặc có chữ xen giữa các chữ số (“−5 trên 2”). Hãy chỉ nhập một số liệu, ví dụ −5.'],
    ['1 721,4', '1 721,4', 'Số liệu “1 721,4” có dấu cách giữa các chữ số. Hãy viết dấu chấm để tách hàng nghìn, ví dụ 1.721,4.'],
    ['ước đạt 1\u00a0721,4 ⁷⁵', '1 721,4', 'Số liệu “ước đạt 1 721,4 ⁷⁵” có dấu cách giữa các chữ số. Hãy viết dấu chấm để tách hàng nghìn, ví dụ 1.721,4.'],
    ['− 12 554 000', '-12 554 000', 'Số liệu “− 12 554 000” có dấu cách giữa các chữ số. Hãy viết dấu chấm để tách hàng nghìn, ví dụ −12.554.000.'],
    // Words between the groups: two figures, not thousands.
    ['942 đạt 785', '942 785', 'Ô có hai con số hoặc có chữ xen giữa các chữ số (“942 đạt 785”). Hãy chỉ nhập một số liệu, ví dụ 942.'],
    // A unit word read without the indicator's unit words (issue 20: evaluateRow passes them, “9 nhà” reads 9 in a row counted in Nhà).
    ['9 nhà', '9 nhà', 'Số liệu “9 nhà” có chữ “nhà” mà hệ thống không đọc được. Hãy chỉ nhập số, ví dụ 9.'],
    ['\u2003', '\u2003', 'Ô chỉ có ký tự khoảng trắng đặc biệt, không có số liệu. Hãy xóa hết nội dung ô rồi nhập số liệu, ví dụ 1.721,4.'],
  ])('refuses %j (cleaned %j): never digits glued together', (input, cleaned, error) => {
    expect(cleanActualText(input)).toBe(cleaned);
    expect(readActual(input)).toEqual({ kind: 'invalid', error });
  });

  it.each([
    ['9 ⁷⁶', '9', 9],
    ['− 5', '-5', -5],
    ['+ 5', '+5', 5],
    ['Giảm −5%', '-5', 5],
    ['Giảm − 5%', '-5', 5],
    ['Tăng 6,45 %', '6,45', 6.45],
    ['ước đạt 1.721,4', '1.721,4', 1721.4],
    ['Ước  đạt\u00a01.721,4', '1.721,4', 1721.4],
    ['80/100 dân', '80', 80],
    ['80 / 100 dân', '80', 80],
    ['942\n', '942', 942],
    ['\u00a0Giảm 5%', '5', -5],
    ['Giảm\u00a0còn 2 %', '2', 2],
    ['Dưới 1', '1', 1],
  ])('reads %j (cleaned %j) as %d', (input, cleaned, value) => {
    expect(cleanActualText(input)).toBe(cleaned);
    const a = readActual(input);
    expect(a.kind === 'number' && a.value).toBe(value);
  });

  it('reads “chưa đánh giá” with any of the spaces the sheet’s formula knows', () => {
    for (const input of ['Chưa\u00a0đánh giá', 'chưa  đánh giá', 'chưa\nđánh giá']) expect(readActual(input).kind).toBe('not_assessed');
    for (const input of ['\u00a0', '\u202f\t\r\n', ' ']) expect(readActual(input)).toEqual({ kind: 'empty' });
  });
});
