/** The weekday said beside a deadline: Vietnam's calendar day, whatever the machine's zone. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTimeVi, weekdayVi } from '../../shared/format.ts';

const BY_INTL: Record<string, string> = {
  Monday: 'thứ Hai',
  Tuesday: 'thứ Ba',
  Wednesday: 'thứ Tư',
  Thursday: 'thứ Năm',
  Friday: 'thứ Sáu',
  Saturday: 'thứ Bảy',
  Sunday: 'Chủ nhật',
};

describe('weekdayVi', () => {
  it('names known days, in Vietnam time', () => {
    expect(weekdayVi('2023-11-20T17:00:00+07:00')).toBe('thứ Hai');
    expect(weekdayVi('2023-12-31T10:00:00+07:00')).toBe('Chủ nhật');
    // 17:30 UTC on 31/12/2024 is already Wednesday 1/1/2025 in Vietnam.
    expect([formatTimeVi('2024-12-31T17:30:00Z'), weekdayVi('2024-12-31T17:30:00Z')]).toEqual(['00:30 ngày 01/01/2025', 'thứ Tư']);
    expect(weekdayVi('1969-12-31T12:00:00Z')).toBe('thứ Tư');
    expect(weekdayVi('không phải thời điểm')).toBe('');
  });

  it('agrees with the platform’s calendar for any instant from 1900 to 2200', () => {
    const intl = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Ho_Chi_Minh', weekday: 'long' });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }), (ms) => {
        expect(weekdayVi(ms)).toBe(BY_INTL[intl.format(ms)]);
      }),
      { numRuns: 2000 },
    );
  });
});
