import { DynamicModule, Global, Module } from '@nestjs/common';
import { ProcessRole } from '../config/env.schema';
import { Clock, processClock } from './clock';

/**
 * What this process is, decided once at boot: its clock and whether it runs the BullMQ workers.
 * Every module that behaves differently in a worker injects {@link ProcessRoleInfo}; nothing else
 * reads `env.ROLE` or probes for the worker service.
 */
export class ProcessRoleInfo {
  constructor(readonly role: ProcessRole) {}
  /** true in ROLE=worker and ROLE=all: this process runs job handlers, schedules and recovery. */
  get worker(): boolean {
    return this.role !== 'api';
  }
  /** true in ROLE=api and ROLE=all: this process serves HTTP. */
  get http(): boolean {
    return this.role !== 'worker';
  }
}

@Global()
@Module({})
export class ProcessModule {
  static forRoot(opts: { role: ProcessRole; clock?: Clock }): DynamicModule {
    return {
      module: ProcessModule,
      providers: [
        { provide: Clock, useValue: opts.clock ?? processClock(process.env.CLOCK_START) },
        { provide: ProcessRoleInfo, useValue: new ProcessRoleInfo(opts.role) },
      ],
      exports: [Clock, ProcessRoleInfo],
    };
  }
}
