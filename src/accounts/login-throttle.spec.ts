import { accountSlowdownMs, blockAfter, liveFailures, throttleAddress, waitMs } from './login-throttle';

const now = new Date('2026-11-25T03:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const after = (d: Date | null) => (d ? d.getTime() - now.getTime() : null);

describe('login throttle policy', () => {
  it('lets an account and address fail four times freely, then backs off 30 s, doubling up to 15 min', () => {
    expect([1, 2, 3, 4].map((f) => blockAfter('accountAddress', f, now))).toEqual([null, null, null, null]);
    expect([5, 6, 7, 10, 20].map((f) => after(blockAfter('accountAddress', f, now)))).toEqual([30_000, 60_000, 120_000, 900_000, 900_000]);
    expect(after(blockAfter('address', 29, now))).toBeNull();
    expect(after(blockAfter('address', 30, now))).toBe(60_000);
  });

  it('only slows an account attacked from many addresses, never blocks it', () => {
    expect(accountSlowdownMs({ failures: 10, last_at: ago(1000), blocked_until: null }, now)).toBe(0);
    expect(accountSlowdownMs({ failures: 14, last_at: ago(1000), blocked_until: null }, now)).toBe(1000);
    expect(accountSlowdownMs({ failures: 500, last_at: ago(1000), blocked_until: null }, now)).toBe(3000);
    // forgotten after 15 quiet minutes
    expect(liveFailures({ failures: 500, last_at: ago(15 * 60_000 + 1), blocked_until: null }, now)).toBe(0);
    expect(waitMs({ failures: 6, last_at: ago(1000), blocked_until: new Date(now.getTime() + 59_000) }, now)).toBe(59_000);
    expect(waitMs({ failures: 6, last_at: ago(1000), blocked_until: ago(1) }, now)).toBe(0);
  });

  it('counts IPv4 (also IPv4-mapped) per address and IPv6 per /64', () => {
    expect(throttleAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(throttleAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(throttleAddress('2001:db8:0:12:a::1')).toBe('2001:db8:0:12::/64');
    expect(throttleAddress('2001:db8:0:12:ffff:1:2:3')).toBe('2001:db8:0:12::/64');
    expect(throttleAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(throttleAddress(undefined)).toBe('unknown');
  });
});
