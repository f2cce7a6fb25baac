import { Injectable, OnModuleInit } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ProcessRoleInfo } from '../common/process.module';
import { Env } from '../config/env.schema';
import { validateEnv } from '../config/env.validate';
import { JobHandlers } from './job-handlers';
import { JOB_QUEUE, JobName } from './job-registry';
import { WorkerService } from './worker.service';

const ALL = Object.keys(JOB_QUEUE) as JobName[];

/** Boots WorkerService in a process of `role` after a module registered a handler for each of `names`. */
async function boot(role: 'worker' | 'api', names: JobName[]) {
  @Injectable()
  class Registrar implements OnModuleInit {
    constructor(private readonly handlers: JobHandlers) {}
    onModuleInit(): void {
      for (const n of names) this.handlers.register(n, async () => undefined);
    }
  }
  const mod = await Test.createTestingModule({
    providers: [
      JobHandlers,
      WorkerService,
      Registrar,
      { provide: Env, useValue: validateEnv({ REDIS_URL: 'redis://127.0.0.1:1' }) },
      { provide: ProcessRoleInfo, useValue: new ProcessRoleInfo(role) },
    ],
  }).compile();
  return mod.init().then(
    async () => {
      await mod.close();
      return 'started';
    },
    async (err: Error) => {
      await mod.close().catch(() => undefined);
      return err.message;
    },
  );
}

describe('job handlers checked at worker boot', () => {
  it('a worker missing a handler refuses to start, naming the job', async () => {
    const message = await boot(
      'worker',
      ALL.filter((n) => n !== 'watch.finish-run' && n !== 'digests.tick'),
    );
    expect(message).toMatch(/^worker refuses to start: no handler registered for /);
    expect(message).toContain('watch.finish-run');
    expect(message).toContain('digests.tick');
    expect(message).not.toContain('watch.replay');
  });

  it('a worker with a job handled twice refuses to start, naming it', async () => {
    const message = await boot('worker', [...ALL, 'webhooks.deliver']);
    expect(message).toBe(
      'worker refuses to start: more than one handler registered for webhooks.deliver (each job in src/jobs/job-registry.ts needs exactly one handler)',
    );
  });

  it('a complete set passes the check', () => {
    const handlers = new JobHandlers();
    for (const n of ALL) handlers.register(n, async () => undefined);
    expect(() => handlers.assertComplete()).not.toThrow();
  });

  it('an API process runs no workers and does not check', async () => {
    expect(await boot('api', ['watch.replay'])).toBe('started');
  });
});
