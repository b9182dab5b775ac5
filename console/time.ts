/**
 * Deadlines in the console's forms: a date field and a time field in Vietnam time (UTC+7, no
 * daylight saving), sent to the system as an ISO time with “+07:00”. Pure, so it is tested alone.
 */

/** Vietnam's offset from UTC, all year. */
const VN_OFFSET_MS = 7 * 3_600_000;

export interface DateTimeFields {
  /** "2023-11-20" (what <input type="date"> holds). */
  date: string;
  /** "17:00" (what <input type="time"> holds). */
  time: string;
}

/** Empty fields: what a form shows for a deadline not set yet. */
export const NO_TIME: DateTimeFields = { date: '', time: '' };

/** The Vietnam date and time of an instant, for the form's fields; undefined when `iso` is not a time. */
export function vnFields(iso: string): DateTimeFields | undefined {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  const local = new Date(ms + VN_OFFSET_MS).toISOString();
  return { date: local.slice(0, 10), time: local.slice(11, 16) };
}

/**
 * "2023-11-20T17:00:00+07:00" from the form's fields, or undefined when the date or the time is
 * missing or not a real one (30/02, 24:30). A time field that gives seconds ("17:00:00") is read too.
 */
export function vnIso(date: string, time: string): string | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
  if (!d || !t) return undefined;
  const [y, mo, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [h, mi] = [Number(t[1]), Number(t[2])];
  if (h > 23 || mi > 59) return undefined;
  const check = new Date(Date.UTC(y, mo - 1, day));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== day) return undefined;
  return `${d[1]}-${d[2]}-${d[3]}T${t[1]}:${t[2]}:00+07:00`;
}

/** The Vietnam calendar date of an instant ("2023-11-20"), for date filters; "" when not a time. */
export function vnDate(at: Date | string): string {
  const f = vnFields(at instanceof Date ? at.toISOString() : at);
  return f ? f.date : '';
}
