import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, JobName, retryFor } from './job-registry';
import { DEFAULT_RETRY, retryDelay, retrySpanMs } from './retry-policy';

describe('the one retry policy', () => {
  it('doubles from the base delay and stops at the cap', () => {
    const p = { attempts: 5, baseDelayMs: 100, maxDelayMs: 350 };
    expect([1, 2, 3, 4].map((a) => retryDelay(p, a))).toEqual([100, 200, 350, 350]);
    expect(retrySpanMs(p)).toBe(1000);
  });

  it("the default matches BullMQ's exponential backoff: 8 attempts, 1 s doubling, 127 s in all", () => {
    expect(DEFAULT_JOB_OPTIONS).toMatchObject({ attempts: 8, backoff: { type: 'exponential', delay: 1000 } });
    expect(retrySpanMs(DEFAULT_RETRY)).toBe(127_000);
  });

  it('only digest sends and webhook deliveries differ, and they keep their schedules', () => {
    const differing = (Object.keys(JOB_QUEUE) as JobName[]).filter((n) => retryFor(n) !== DEFAULT_RETRY);
    expect(differing.sort()).toEqual(['digests.send-one', 'webhooks.deliver']);
    expect(retryFor('digests.send-one').attempts).toBe(12);
    expect(Math.round(retrySpanMs(retryFor('digests.send-one')) / 60_000)).toBe(363); // ≈ 6 h
    expect(retryFor('webhooks.deliver').attempts).toBe(16);
    expect(retrySpanMs(retryFor('webhooks.deliver'))).toBeGreaterThan(24 * 3_600_000); // ≈ 38.5 h
  });
});
