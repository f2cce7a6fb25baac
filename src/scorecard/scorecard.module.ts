import { Module } from '@nestjs/common';
import { BusinessesModule } from '../businesses/businesses.module';
import { FlagsModule } from '../flags/flags.module';
import { PathwayModule } from '../pathway/pathway.module';
import { CapacityRepository } from './capacity.repository';
import { ScorecardController } from './scorecard.controller';
import { ScorecardRepository } from './scorecard.repository';
import { ScorecardService } from './scorecard.service';

/** The 3K scorecard (kualitas, kuantitas, kontinuitas) of a business against its capacity and the rule set's targets. */
@Module({
  imports: [BusinessesModule, FlagsModule, PathwayModule],
  controllers: [ScorecardController],
  providers: [ScorecardService, ScorecardRepository, CapacityRepository],
  exports: [ScorecardService, CapacityRepository],
})
export class ScorecardModule {}
