/**
 * Deadlines in the forms: an instant shown as the Vietnam date and time (also across midnight
 * UTC and the turn of a year), the fields sent back as ISO with +07:00 naming the same instant,
 * and dates or times that do not exist refused rather than rolled over.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimeVi } from '../../shared/format.ts';
import { vnDate, vnFields, vnIso } from '../../console/time.ts';

describe('vnFields', () => {
  it('shows a deadline in Vietnam time, whatever offset it was written with', () => {
    expect(vnFields('2023-11-20T17:00:00+07:00')).toEqual({ date: '2023-11-20', time: '17:00' });
    expect(vnFields('2023-11-20T10:00:00Z')).toEqual({ date: '2023-11-20', time: '17:00' });
    // 20:30 UTC on 31 December is already 03:30 on 1 January in Vietnam.
    expect(vnFields('2023-12-31T20:30:00.000Z')).toEqual({ date: '2024-01-01', time: '03:30' });
    expect(vnFields('thứ sáu')).toBeUndefined();
  });
});

describe('vnIso', () => {
  it('sends the fields as ISO with +07:00', () => {
    expect(vnIso('2023-11-20', '17:00')).toBe('2023-11-20T17:00:00+07:00');
    expect(vnIso('2024-02-29', '08:05:00')).toBe('2024-02-29T08:05:00+07:00');
    expect(Date.parse(vnIso('2023-11-20', '17:00')!)).toBe(Date.parse('2023-11-20T10:00:00Z'));
  });

  it('refuses what is not a date and a time rather than rolling it over', () => {
    for (const [d, t] of [
      ['', '17:00'],
      ['2023-11-20', ''],
      ['2023-02-29', '17:00'],
      ['2023-04-31', '09:00'],
      ['2023-11-20', '24:00'],
      ['2023-11-20', '17:60'],
      ['20/11/2023', '17:00'],
      ['2023-13-01', '17:00'],
    ]) {
      expect(vnIso(d, t), `${d} ${t}`).toBeUndefined();
    }
  });

  it('round-trips any instant to the minute, and prints as the same Vietnamese time', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const minute = Math.floor(ms / 60_000) * 60_000;
        const iso = new Date(minute).toISOString();
        const f = vnFields(iso)!;
        const back = vnIso(f.date, f.time)!;
        expect(Date.parse(back)).toBe(minute);
        expect(back.endsWith('+07:00')).toBe(true);
        expect(formatTimeVi(back)).toBe(formatTimeVi(iso));
      }),
    );
  });
});

describe('vnDate', () => {
  it('is the Vietnam calendar day', () => {
    expect(vnDate('2023-11-19T18:00:00Z')).toBe('2023-11-20');
    expect(vnDate(new Date('2023-11-19T16:59:00Z'))).toBe('2023-11-19');
    expect(vnDate('')).toBe('');
  });
});
