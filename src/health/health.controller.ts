import { Controller, Get, Module } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { Db } from '../database/db';
import { JobsService } from '../jobs/jobs.service';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: Db,
    private readonly jobs: JobsService,
  ) {}

  /** The process is up (no dependencies checked): for restart decisions. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Postgres and the queue backend (Redis, or Postgres) answer: for load-balancer decisions. 503 when either is down. */
  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      async () => {
        const s = this.indicators.check('postgres');
        try {
          await this.db.one('SELECT 1');
          return s.up();
        } catch (err) {
          return s.down({ message: err instanceof Error ? err.message : 'unreachable' });
        }
      },
      async () => {
        const s = this.indicators.check('queue');
        return (await this.jobs.queuePing()) ? s.up() : s.down({ message: 'queue backend does not answer' });
      },
    ]);
  }
}

@Module({ imports: [TerminusModule], controllers: [HealthController] })
export class HealthModule {}
