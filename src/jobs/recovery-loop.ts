import { Logger } from '@nestjs/common';
import { ProcessRoleInfo } from '../common/process.module';
import { logEvent } from '../common/log-event';

/**
 * The one way a worker repeats a recovery pass (re-creating queue jobs from Postgres state, repairing
 * schedules): started only in a worker process, never two passes at once (the next round is timed
 * from the end of the last one, and `runNow` joins a pass in flight), a failing pass is logged and
 * tried again next round, and `stop` (on shutdown) cancels the timer and waits for the pass in flight.
 */
export class RecoveryLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly logger: Logger,
    private readonly label: string,
    private readonly pass: () => Promise<unknown>,
  ) {}

  /**
   * Worker processes only: a pass every `everyMs`, the first one right after start unless
   * `immediately` is false (a restarted worker finds what the old queue lost), off the boot path.
   */
  start(role: ProcessRoleInfo, everyMs: number, opts: { immediately?: boolean } = {}): void {
    if (!role.worker || this.stopped || this.timer) return;
    this.schedule(opts.immediately === false ? everyMs : 0, everyMs);
  }

  /** Runs a pass now, or joins the one already running; never rejects (a failure is logged). */
  runNow(): Promise<void> {
    return (this.running ??= this.pass()
      .then(
        () => undefined,
        (err: unknown) => logEvent(this.logger, 'recovery pass failed', { loop: this.label, error: err instanceof Error ? err.message : String(err) }, 'warn'),
      )
      .finally(() => (this.running = undefined)));
  }

  private schedule(inMs: number, everyMs: number): void {
    this.timer = setTimeout(() => {
      void this.runNow().then(() => {
        if (!this.stopped) this.schedule(everyMs, everyMs);
      });
    }, inMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
