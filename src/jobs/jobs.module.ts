import { Global, Module } from '@nestjs/common';
import { JobHandlers } from './job-handlers';
import { JobOutboxRepository } from './job-outbox.repository';
import { JobSchedulesService } from './job-schedules.service';
import { JobsService } from './jobs.service';
import { WorkerService } from './worker.service';

/** Queues, the typed job registry and schedules; WorkerService starts workers only in a worker process. */
@Global()
@Module({
  providers: [JobsService, JobOutboxRepository, JobHandlers, JobSchedulesService, WorkerService],
  exports: [JobsService, JobOutboxRepository, JobHandlers, JobSchedulesService],
})
export class JobsModule {}
