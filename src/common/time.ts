/**
 * Calendar arithmetic in Asia/Jakarta (WIB, UTC+7, no daylight saving). Dates are 'YYYY-MM-DD'
 * strings meaning that day in WIB; because WIB has a fixed offset, plain arithmetic is exact.
 */
export const WIB_OFFSET_MS = 7 * 3600 * 1000;
export const TIME_ZONE = 'Asia/Jakarta';
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

export function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && y <= 9999 && t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The WIB calendar date of an instant. */
export function wibDate(at: Date): string {
  return new Date(at.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a WIB day starts. */
export function startOfWibDay(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) - WIB_OFFSET_MS);
}

/** The last millisecond of a WIB day. */
export function endOfWibDay(date: string): Date {
  return new Date(startOfWibDay(date).getTime() + DAY_MS - 1);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** ISO weekday, Monday = 1 … Sunday = 7. */
export function isoWeekday(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Monday of the ISO week containing the date. */
export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** ISO week label, e.g. '2026-W47'. */
export function isoWeek(date: string): string {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday and Sunday of an ISO week label, or null when the label is not a real week. */
export function parseIsoWeek(label: string): { weekStart: string; weekEnd: string } | null {
  const m = WEEK_RE.exec(label);
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (week < 1 || week > 53 || year < 1900) return null;
  const jan4 = `${year}-01-04`;
  const start = addDays(weekStart(jan4), (week - 1) * 7);
  if (isoWeek(start) !== label) return null;
  return { weekStart: start, weekEnd: addDays(start, 6) };
}

/** The Sunday that ends the ISO week containing the date. */
export function weekEnd(date: string): string {
  return addDays(weekStart(date), 6);
}

export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function addMonths(date: string, months: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const d = new Date(Date.UTC(y, m, 1));
  return d.toISOString().slice(0, 10);
}

/**
 * Parses an order timestamp: 'YYYY-MM-DD' is that day 00:00 WIB; a date-time without an offset is
 * WIB wall time; with 'Z' or '+hh:mm' it is that instant. Returns null for anything else or an
 * impossible calendar date.
 */
export function parseInstant(input: string): Date | null {
  if (DATE_RE.test(input)) return isValidDate(input) ? startOfWibDay(input) : null;
  const m = DATETIME_RE.exec(input);
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  if (!isValidDate(date)) return null;
  const [hh, mm, ss] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMs = WIB_OFFSET_MS;
  const tz = m[8];
  if (tz && tz.toUpperCase() === 'Z') offsetMs = 0;
  else if (tz) {
    const sign = tz.startsWith('-') ? -1 : 1;
    const digits = tz.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = Number(digits.slice(2, 4));
    if (oh > 14 || om > 59) return null;
    offsetMs = sign * (oh * 60 + om) * 60_000;
  }
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hh, mm, ss, ms) - offsetMs);
}
