import { addMonths, endOfWibDay, isoWeek, parseInstant, parseIsoWeek, startOfWibDay, weekEnd, weekStart, wibDate } from './time';

describe('WIB calendar', () => {
  it('puts 23:30 WIB on a Sunday in that Sunday, and 00:30 WIB Monday in the next week', () => {
    const sunday = parseInstant('2026-11-22T23:30:00+07:00')!;
    expect(wibDate(sunday)).toBe('2026-11-22');
    expect(isoWeek(wibDate(sunday))).toBe('2026-W47');
    const monday = parseInstant('2026-11-22T17:30:00Z')!; // 00:30 WIB Monday
    expect(wibDate(monday)).toBe('2026-11-23');
    expect(isoWeek(wibDate(monday))).toBe('2026-W48');
  });

  it('reads a bare date as 00:00 WIB and a date-time without offset as WIB wall time', () => {
    expect(parseInstant('2026-01-05')!.toISOString()).toBe('2026-01-04T17:00:00.000Z');
    expect(parseInstant('2026-01-05T08:15')!.toISOString()).toBe('2026-01-05T01:15:00.000Z');
    expect(parseInstant('2026-01-05T08:15:30.5Z')!.toISOString()).toBe('2026-01-05T08:15:30.500Z');
  });

  it('rejects impossible dates and junk', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-1', 'yesterday', '2026-01-01T25:00', '', '2026-01-01T10:00+15:00']) {
      expect(parseInstant(bad)).toBeNull();
    }
  });

  it('computes ISO weeks across year boundaries', () => {
    expect(isoWeek('2020-12-31')).toBe('2020-W53');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(isoWeek('2021-01-04')).toBe('2021-W01');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(parseIsoWeek('2026-W47')).toEqual({ weekStart: '2026-11-16', weekEnd: '2026-11-22' });
    expect(parseIsoWeek('2020-W53')).toEqual({ weekStart: '2020-12-28', weekEnd: '2021-01-03' });
    expect(parseIsoWeek('2025-W53')).toBeNull();
    expect(parseIsoWeek('2026-W53')).toEqual({ weekStart: '2026-12-28', weekEnd: '2027-01-03' });
    expect(parseIsoWeek('2026-W00')).toBeNull();
    expect(weekStart('2026-11-22')).toBe('2026-11-16');
    expect(weekEnd('2026-11-16')).toBe('2026-11-22');
  });

  it('bounds a WIB day exactly', () => {
    expect(startOfWibDay('2026-11-22').toISOString()).toBe('2026-11-21T17:00:00.000Z');
    expect(endOfWibDay('2026-11-22').toISOString()).toBe('2026-11-22T16:59:59.999Z');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-01');
    expect(addMonths('2026-01-31', -1)).toBe('2025-12-01');
  });
});
