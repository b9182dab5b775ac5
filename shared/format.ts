/**
 * One formatting helper per kind of thing a person reads (see ../GLOSSARY in the shared notes):
 * times in Vietnam time, "17:00 ngày 20/11/2023", everywhere: the sheets, the reports beside
 * rejected files, the command line, the pane and the console.
 */

export const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Made on first use: building it loads the time-zone data (~30 ms), which a quick command may not need. */
let formatter: Intl.DateTimeFormat | undefined;

function parts(at: Date): Record<string, string> {
  formatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: VN_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const out: Record<string, string> = {};
  for (const p of formatter.formatToParts(at)) out[p.type] = p.value;
  return out;
}

function toDate(at: string | number | Date): Date | undefined {
  const d = at instanceof Date ? at : new Date(at);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** "17:00 ngày 20/11/2023" (Vietnam time, 24-hour); "" for a missing or unreadable time. */
export function formatTimeVi(at: string | number | Date | null | undefined): string {
  if (at === null || at === undefined || at === '') return '';
  const d = toDate(at);
  if (!d) return '';
  const p = parts(d);
  return `${p.hour}:${p.minute} ngày ${p.day}/${p.month}/${p.year}`;
}

/** "20/11/2023" (the Vietnam calendar day of the instant). */
export function formatDateVi(at: string | number | Date): string {
  const d = toDate(at);
  if (!d) return '';
  const p = parts(d);
  return `${p.day}/${p.month}/${p.year}`;
}

/** The year of the instant in Vietnam (31/12 18:00 UTC is already next year there). */
export function yearVi(at: string | number | Date): number {
  const d = toDate(at);
  return d ? Number(parts(d).year) : NaN;
}

/** The Vietnam calendar day of the instant, as a count of days (for differences between days). */
export function vnDayNumber(at: string | number | Date): number {
  const d = toDate(at);
  if (!d) return NaN;
  const p = parts(d);
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) / 86_400_000;
}

const WEEKDAYS_VI = ['Chủ nhật', 'thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy'] as const;

/** The Vietnam weekday of the instant: "thứ Hai" … "Chủ nhật"; "" for an unreadable time. */
export function weekdayVi(at: string | number | Date): string {
  const day = vnDayNumber(at);
  // Day 0 (1970-01-01) was a Thursday.
  return Number.isNaN(day) ? '' : WEEKDAYS_VI[(((day + 4) % 7) + 7) % 7];
}
