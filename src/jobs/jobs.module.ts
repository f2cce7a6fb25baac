import { DynamicModule, Global, Module } from '@nestjs/common';
import { JobHandlers } from './job-handlers';
import { JobsService } from './jobs.service';
import { WorkerService } from './worker.service';

@Global()
@Module({})
export class JobsModule {
  /** `worker: true` also starts the BullMQ workers (ROLE=worker or all). */
  static forRoot(opts: { worker: boolean }): DynamicModule {
    return {
      module: JobsModule,
      providers: [JobsService, JobHandlers, ...(opts.worker ? [WorkerService] : [])],
      exports: [JobsService, JobHandlers],
    };
  }
}
