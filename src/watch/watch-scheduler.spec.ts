import { dueAsOfs, lastDueSunday } from './watch-scheduler.service';

describe('weekly schedule: which Sundays are due', () => {
  it('Monday 06:00 WIB is the first moment the Sunday before is due', () => {
    expect(lastDueSunday(new Date('2026-11-23T22:59:00Z'))).toBe('2026-11-22'); // Tue 05:59 WIB
    expect(lastDueSunday(new Date('2026-11-22T22:59:00Z'))).toBe('2026-11-15'); // Mon 05:59 WIB
    expect(lastDueSunday(new Date('2026-11-22T23:00:00Z'))).toBe('2026-11-22'); // Mon 06:00 WIB
    expect(lastDueSunday(new Date('2026-11-22T16:59:00Z'))).toBe('2026-11-15'); // Sun 23:59 WIB
  });

  it('with no run at all only the latest due Sunday runs', () => {
    expect(dueAsOfs(null, new Date('2026-11-23T23:00:00Z'))).toEqual(['2026-11-22']);
  });

  it('after downtime every missed Sunday once, in order; nothing when up to date', () => {
    expect(dueAsOfs('2026-11-01', new Date('2026-11-24T03:00:00Z'))).toEqual(['2026-11-08', '2026-11-15', '2026-11-22']);
    expect(dueAsOfs('2026-11-22', new Date('2026-11-24T03:00:00Z'))).toEqual([]);
    expect(dueAsOfs('2026-11-19', new Date('2026-11-24T03:00:00Z'))).toEqual(['2026-11-22']); // a mid-week manual run
  });
});
