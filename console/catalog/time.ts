/**
 * Deadlines as the page edits them: a date and a time in Vietnam time (UTC+7 all year), kept as
 * an ISO time with its offset (“2024-06-15T17:00:00+07:00”), as the catalogue writes deadlines.
 */

const VN_OFFSET_MS = 7 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The date (yyyy-mm-dd) and time (HH:mm) in Vietnam of an ISO time; empty strings when it is not one. */
export function vnParts(iso: string): { date: string; time: string } {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return { date: '', time: '' };
  const d = new Date(ms + VN_OFFSET_MS);
  return { date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` };
}

/** The ISO time (+07:00) of a date and time in Vietnam; undefined when either is missing or not a real day. */
export function fromVnParts(date: string, time: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return undefined;
  const iso = `${date}T${time}:00+07:00`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  // A day that does not exist (31/02) rolls over in Date: refuse it instead.
  return vnParts(iso).date === date ? iso : undefined;
}
