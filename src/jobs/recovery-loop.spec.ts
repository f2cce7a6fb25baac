import { Logger } from '@nestjs/common';
import { ProcessRoleInfo } from '../common/process.module';
import { RecoveryLoop } from './recovery-loop';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const worker = new ProcessRoleInfo('worker');

/** A pass that takes `ms` and records how many passes ran at the same time. */
function slowPass(ms: number) {
  const seen = { started: 0, inFlight: 0, maxInFlight: 0 };
  const pass = async () => {
    seen.started++;
    seen.inFlight++;
    seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
    await sleep(ms);
    seen.inFlight--;
  };
  return { seen, pass };
}

describe('RecoveryLoop', () => {
  const logger = new Logger('RecoveryLoopSpec');
  let warn: jest.SpyInstance;
  beforeEach(() => (warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined)));
  afterEach(() => warn.mockRestore());

  it('never runs two passes at once, even when a pass is slower than the interval and callers ask for more', async () => {
    const { seen, pass } = slowPass(60);
    const loop = new RecoveryLoop(logger, 'slow', pass);
    loop.start(worker, 5);
    await sleep(10);
    await Promise.all([loop.runNow(), loop.runNow(), loop.runNow()]); // join the pass in flight
    await sleep(250);
    await loop.stop();
    expect(seen.maxInFlight).toBe(1);
    expect(seen.started).toBeGreaterThanOrEqual(2); // it kept going, one after another
    expect(seen.started).toBeLessThanOrEqual(6); // ~310 ms / (60 ms pass + 5 ms pause), not one per 5 ms
  });

  it('logs a failing pass and tries again next round', async () => {
    let calls = 0;
    const loop = new RecoveryLoop(logger, 'flaky', async () => {
      if (++calls === 1) throw new Error('redis away');
    });
    loop.start(worker, 10);
    await sleep(80);
    await loop.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(warn).toHaveBeenCalledWith('recovery pass failed', { loop: 'flaky', error: 'redis away' });
  });

  it('does not start outside a worker process', async () => {
    const { seen, pass } = slowPass(1);
    const loop = new RecoveryLoop(logger, 'api', pass);
    loop.start(new ProcessRoleInfo('api'), 5);
    await sleep(40);
    await loop.stop();
    expect(seen.started).toBe(0);
  });

  it('stop waits for the pass in flight and no pass starts after it', async () => {
    const { seen, pass } = slowPass(50);
    const loop = new RecoveryLoop(logger, 'stopping', pass);
    loop.start(worker, 5);
    await sleep(10);
    await loop.stop();
    expect(seen.inFlight).toBe(0);
    const after = seen.started;
    await sleep(40);
    expect(seen.started).toBe(after);
  });
});
