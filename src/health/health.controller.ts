import { Controller, Get, Module, Res, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Public } from '../auth/auth.decorators';
import { Db } from '../database/db';
import { JobsService } from '../jobs/jobs.service';
import { rejectAfter } from '../common/timeout';

/** Each dependency gets this long to answer: a readiness probe must answer, not hang. */
const CHECK_TIMEOUT_MS = 3000;
const ALIVE = ApiOkResponse({
  description: 'The process runs',
  schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'] } } },
});

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

  /** The process runs (no dependencies checked): the contract's liveness check. */
  @Get()
  @ALIVE
  status(): { status: 'ok' } {
    return this.live();
  }

  /** The process is up (no dependencies checked): for restart decisions. */
  @Get('live')
  @ALIVE
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Postgres and the queue backend (Redis, or Postgres) answer: for load-balancer decisions. 503 when
   * either is down, with the contract's error body plus terminus's `status`/`info`/`details`, so the
   * answer names what is down (the global filter would otherwise reduce it to "Service Unavailable").
   */
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      return await this.health.check([
        async () => {
          const s = this.indicators.check('postgres');
          try {
            await rejectAfter(this.db.one('SELECT 1'), CHECK_TIMEOUT_MS, `no answer within ${CHECK_TIMEOUT_MS} ms`);
            return s.up();
          } catch (err) {
            return s.down({ message: err instanceof Error ? err.message : 'unreachable' });
          }
        },
        async () => {
          const s = this.indicators.check('queue');
          const up = await rejectAfter(this.jobs.queuePing(), CHECK_TIMEOUT_MS, 'timeout').catch(() => false);
          return up ? s.up() : s.down({ message: 'queue backend does not answer' });
        },
      ]);
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      const result = err.getResponse() as {
        status?: string;
        info?: Record<string, unknown>;
        error?: Record<string, unknown>;
        details?: Record<string, unknown>;
      };
      reply.status(503).header('Retry-After', '5');
      const down = Object.keys(result.error ?? {});
      return {
        statusCode: 503,
        error: 'Service Unavailable',
        message: `not ready: ${down.join(', ') || 'a dependency'} down`,
        status: result.status,
        info: result.info,
        details: result.details,
      };
    }
  }
}

@Module({ imports: [TerminusModule], controllers: [HealthController] })
export class HealthModule {}
