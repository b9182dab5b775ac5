/**
 * The console's addresses: every page's hash parses back to itself, the chosen period (`?ky=`)
 * survives a round trip and a change of page, a malformed period or an unknown page falls back to
 * the board, and the set-up address `phuluc start` prints gives its code.
 */
import { describe, expect, it } from 'vitest';
import { PAGE_PATH, pageHref, parseRoute, periodQuery, routeHash, submissionHref, withPeriod, type Route } from '../../console/route.ts';

describe('parseRoute', () => {
  it('reads each page, with and without the leading #', () => {
    expect(parseRoute('')).toEqual({ page: 'board' });
    expect(parseRoute('#/')).toEqual({ page: 'board' });
    expect(parseRoute('#/nhac-nop')).toEqual({ page: 'late' });
    expect(parseRoute('/phu-luc')).toEqual({ page: 'appendix' });
    expect(parseRoute('#/ky-bao-cao/')).toEqual({ page: 'periods' });
    expect(parseRoute('#/ban-nop/12')).toEqual({ page: 'submission', id: 12 });
    expect(parseRoute('#/tai-khoan')).toEqual({ page: 'accounts' });
  });

  it('keeps the chosen period from ?ky= on any page, and drops a malformed one', () => {
    expect(parseRoute('#/?ky=2023-uoc')).toEqual({ page: 'board', ky: '2023-uoc' });
    expect(parseRoute('#/don-vi?ky=2024-6t')).toEqual({ page: 'units', ky: '2024-6t' });
    expect(parseRoute('#/ban-nop/7?ky=2023-nam')).toEqual({ page: 'submission', id: 7, ky: '2023-nam' });
    expect(parseRoute('#/nhat-ky?ky=2023-quy')).toEqual({ page: 'audit' });
    expect(parseRoute('#/?ky=')).toEqual({ page: 'board' });
    expect(parseRoute('#/?ky=<script>')).toEqual({ page: 'board' });
  });

  it('reads the set-up code only on the set-up page', () => {
    expect(parseRoute('#/thiet-lap?ma=7KQ4-M9XP-2RTA')).toEqual({ page: 'setup', code: '7KQ4-M9XP-2RTA' });
    expect(parseRoute('#/thiet-lap')).toEqual({ page: 'setup' });
    expect(parseRoute('#/?ma=7KQ4-M9XP-2RTA')).toEqual({ page: 'board' });
  });

  it('an unknown address is the board', () => {
    expect(parseRoute('#/khong-co')).toEqual({ page: 'board' });
    expect(parseRoute('#/ban-nop/abc')).toEqual({ page: 'board' });
  });
});

describe('routeHash and links', () => {
  it('is the inverse of parseRoute for every page, with and without a period', () => {
    const routes: Route[] = [
      ...Object.keys(PAGE_PATH)
        .filter((p) => p !== 'setup')
        .flatMap((page) => [{ page } as Route, { page, ky: '2023-uoc' } as Route]),
      { page: 'submission', id: 42 },
      { page: 'submission', id: 42, ky: '2024-9t' },
      { page: 'setup', code: 'AAAA-BBBB-CCCC' },
    ];
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r);
  });

  it('writes the links the header and the pages use', () => {
    expect(pageHref('board', undefined)).toBe('#/');
    expect(pageHref('late', '2023-uoc')).toBe('#/nhac-nop?ky=2023-uoc');
    expect(submissionHref(5, '2023-uoc')).toBe('#/ban-nop/5?ky=2023-uoc');
  });

  it('choosing another period keeps the page, but a submission gives way to the board', () => {
    expect(withPeriod({ page: 'audit', ky: '2023-uoc' }, '2024-6t')).toBe('#/nhat-ky?ky=2024-6t');
    expect(withPeriod({ page: 'submission', id: 3, ky: '2023-uoc' }, '2024-6t')).toBe('#/?ky=2024-6t');
    expect(withPeriod({ page: 'password' }, '2024-6t')).toBe('#/?ky=2024-6t');
  });
});

describe('periodQuery', () => {
  it('asks for the chosen period, or for the current one with no parameter', () => {
    expect(periodQuery(undefined)).toBe('');
    expect(periodQuery('2023-uoc')).toBe('?period=2023-uoc');
    expect(periodQuery('2023-uoc', { kind: 'review', unit: undefined, from: '2023-11-01' })).toBe('?period=2023-uoc&kind=review&from=2023-11-01');
    expect(periodQuery(undefined, { unit: 'KT' })).toBe('?unit=KT');
  });
});
