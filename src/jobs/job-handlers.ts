import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JOB_QUEUE, JobName, JobPayloads } from './job-registry';

export type JobHandler<N extends JobName> = (data: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<unknown>;

/**
 * Domain modules register their handlers here (in onModuleInit); the worker dispatches by job name.
 * A worker checks at boot (`assertComplete`) that every job in the registry has exactly one handler.
 */
@Injectable()
export class JobHandlers {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();
  private readonly doubled = new Set<JobName>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) this.doubled.add(name);
    else this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  get(name: string): JobHandler<JobName> | undefined {
    return this.handlers.get(name as JobName);
  }

  /** Throws, naming each job, unless every registry job has exactly one handler. */
  assertComplete(): void {
    const names = Object.keys(JOB_QUEUE) as JobName[];
    const missing = names.filter((n) => !this.handlers.has(n));
    const problems = [
      ...(missing.length ? [`no handler registered for ${missing.join(', ')}`] : []),
      ...(this.doubled.size ? [`more than one handler registered for ${[...this.doubled].join(', ')}`] : []),
    ];
    if (problems.length) throw new Error(`worker refuses to start: ${problems.join('; ')} (each job in src/jobs/job-registry.ts needs exactly one handler)`);
  }
}
