import { Module } from '@nestjs/common';
import { ConsolidationModule } from '../consolidation/consolidation.module';
import { FlagsModule } from '../flags/flags.module';
import { PathwayModule } from '../pathway/pathway.module';
import { ScorecardModule } from '../scorecard/scorecard.module';
import { ReplaySignalsRepository } from './replay-signals.repository';
import { ReplayRepository } from './replay.repository';
import { ReplayService } from './replay.service';
import { RunsRepository } from './runs.repository';
import { ChangesRepository } from './changes.repository';
import { PairSignals } from './pair-signals.service';
import { SignalsRepository } from './signals.repository';
import { WatchController } from './watch.controller';
import { WatchEngine } from './watch-engine.service';
import { WatchSchedulerService } from './watch-scheduler.service';
import { WatchService } from './watch.service';

/** Volume watch: runs, signals, the weekly schedule, recovery and replay (schedule and recovery in workers only). */
@Module({
  imports: [FlagsModule, PathwayModule, ConsolidationModule, ScorecardModule],
  controllers: [WatchController],
  providers: [
    SignalsRepository,
    RunsRepository,
    WatchEngine,
    WatchService,
    ReplayService,
    WatchSchedulerService,
    ReplayRepository,
    ReplaySignalsRepository,
    ChangesRepository,
    PairSignals,
  ],
  exports: [WatchService, ReplayService, SignalsRepository, RunsRepository],
})
export class WatchModule {}
