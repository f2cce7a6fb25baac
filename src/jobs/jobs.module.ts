import { DynamicModule, Global, Module } from '@nestjs/common';
import { JobHandlers } from './job-handlers';
import { JobSchedulesService } from './job-schedules.service';
import { JobsService } from './jobs.service';
import { WorkerService } from './worker.service';

@Global()
@Module({})
export class JobsModule {
  /** `worker: true` also starts the BullMQ workers (ROLE=worker or all). */
  static forRoot(opts: { worker: boolean }): DynamicModule {
    return {
      module: JobsModule,
      providers: [JobsService, JobHandlers, JobSchedulesService, ...(opts.worker ? [WorkerService] : [])],
      exports: [JobsService, JobHandlers, JobSchedulesService],
    };
  }
}
