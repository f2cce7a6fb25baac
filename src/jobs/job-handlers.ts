import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, JobPayloads } from './job-registry';

export type JobHandler<N extends JobName> = (data: JobPayloads[N], job: Job<JobPayloads[N]>) => Promise<unknown>;

/** Domain modules register their handlers here (in onModuleInit); the worker dispatches by job name. */
@Injectable()
export class JobHandlers {
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) throw new Error(`job handler for ${name} registered twice`);
    this.handlers.set(name, handler as unknown as JobHandler<JobName>);
  }

  get(name: string): JobHandler<JobName> | undefined {
    return this.handlers.get(name as JobName);
  }
}
