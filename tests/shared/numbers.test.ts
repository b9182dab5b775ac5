import { describe, expect, it } from 'vitest';
import { formatVnNumber, padCount, parseVnNumber, roundTo } from '../../shared/numbers.ts';
import { parseTarget, readActual } from '../../shared/target.ts';

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
});
