import { addDays, isoWeek, weekStart } from '../common/time';

/** True when Intl knows the IANA time zone. */
export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
function fmt(tz: string): Intl.DateTimeFormat {
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    fmtCache.set(tz, f);
  }
  return f;
}

/** Wall-clock parts of an instant in a time zone. */
export function zonedParts(at: Date, tz: string): { date: string; hour: number; minute: number; second: number } {
  const p = Object.fromEntries(
    fmt(tz)
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return { date: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour), minute: Number(p.minute), second: Number(p.second) };
}

function offsetMs(at: Date, tz: string): number {
  const p = zonedParts(at, tz);
  const asUtc = Date.parse(`${p.date}T${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}:${String(p.second).padStart(2, '0')}Z`);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a wall-clock time happens in a zone (a time skipped by DST moves forward by the gap). */
export function zonedTimeToInstant(date: string, hhmm: string, tz: string): Date {
  const guess = Date.parse(`${date}T${hhmm}:00Z`);
  let t = guess - offsetMs(new Date(guess), tz);
  t = guess - offsetMs(new Date(t), tz);
  return new Date(t);
}

export interface ScheduleSpec {
  cadence: 'weekly' | 'daily';
  sendAt: string;
  timeZone: string;
}

export interface Occurrence {
  /** When the digest was due. */
  at: Date;
  /** The subscriber's local date of that occurrence. */
  localDate: string;
  /** Unique key of the period: the ISO week covered (weekly) or the local date (daily). */
  period: string;
}

/**
 * The latest scheduled occurrence at or before `now` (weekly: Monday at sendAt in the
 * subscriber's zone, covering the ISO week that ended the day before; daily: every day). Only the
 * latest counts, so a schedule missed during downtime is caught up once, not replayed.
 */
export function latestOccurrence(now: Date, s: ScheduleSpec): Occurrence {
  const local = zonedParts(now, s.timeZone).date;
  let day = s.cadence === 'weekly' ? weekStart(local) : local;
  let at = zonedTimeToInstant(day, s.sendAt, s.timeZone);
  if (at.getTime() > now.getTime()) {
    day = addDays(day, s.cadence === 'weekly' ? -7 : -1);
    at = zonedTimeToInstant(day, s.sendAt, s.timeZone);
  }
  return { at, localDate: day, period: s.cadence === 'weekly' ? isoWeek(addDays(day, -1)) : day };
}
