import { FixedClock, processClock, StartedClock, SystemClock } from './clock';

describe('clocks', () => {
  it('a started clock begins at its instant and runs on in real time', async () => {
    const clock = new StartedClock(new Date('2026-11-25T03:00:00Z'));
    const first = clock.now().getTime();
    expect(Math.abs(first - Date.parse('2026-11-25T03:00:00Z'))).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 30));
    const later = clock.now().getTime() - first;
    expect(later).toBeGreaterThanOrEqual(25);
    expect(later).toBeLessThan(1000);
  });

  it('CLOCK_START gives the process a started clock; unset, the system clock', () => {
    const started = processClock('2030-01-06T23:00:00Z');
    expect(started).toBeInstanceOf(StartedClock);
    expect(started.now().toISOString().slice(0, 10)).toBe('2030-01-06');
    expect(processClock(undefined)).toBeInstanceOf(SystemClock);
  });

  it('a fixed clock stands still until moved', () => {
    const clock = new FixedClock(new Date('2026-11-25T03:00:00Z'));
    clock.advance(60_000);
    expect(clock.now().toISOString()).toBe('2026-11-25T03:01:00.000Z');
  });
});
