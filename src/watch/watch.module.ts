import { DynamicModule, Module } from '@nestjs/common';
import { FlagsModule } from '../flags/flags.module';
import { ReplaySignalsRepository } from './replay-signals.repository';
import { ReplayRepository } from './replay.repository';
import { ReplayService } from './replay.service';
import { RunsRepository } from './runs.repository';
import { SignalsRepository } from './signals.repository';
import { WatchController } from './watch.controller';
import { WatchEngine } from './watch-engine.service';
import { WATCH_IS_WORKER, WatchSchedulerService } from './watch-scheduler.service';
import { WatchService } from './watch.service';

/** Volume watch: runs, signals, the weekly schedule, recovery and replay. */
@Module({})
export class WatchModule {
  /** `worker: true` in ROLE=worker|all: registers the weekly schedule (if enabled) and run recovery. */
  static forRoot(opts: { worker: boolean }): DynamicModule {
    return {
      module: WatchModule,
      imports: [FlagsModule],
      controllers: [WatchController],
      providers: [
        { provide: WATCH_IS_WORKER, useValue: opts.worker },
        SignalsRepository, RunsRepository, WatchEngine, WatchService, ReplayService, WatchSchedulerService,
        ReplayRepository, ReplaySignalsRepository,
      ],
      exports: [WatchService, SignalsRepository, RunsRepository],
    };
  }
}
