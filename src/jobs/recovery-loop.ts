import { Logger } from '@nestjs/common';

/**
 * Runs a recovery pass (re-creating queue jobs from Postgres state) once soon after start and then
 * every `everyMs`, never two passes at once; a failing pass is logged and retried next round.
 * Used by the worker-side recovery services.
 */
export class RecoveryLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly logger: Logger,
    private readonly label: string,
    private readonly pass: () => Promise<unknown>,
  ) {}

  start(everyMs: number): void {
    const round = () => {
      if (this.running) return;
      this.running = this.pass()
        .catch((err) => this.logger.warn(`${this.label}: ${(err as Error).message}`))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(round, everyMs);
    this.timer.unref();
    // once right after start (a restarted worker finds what the old queue lost), off the boot path
    setTimeout(round, 0).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
