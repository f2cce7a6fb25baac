import { Module } from '@nestjs/common';
import { FlagsModule } from '../flags/flags.module';
import { PathwayModule } from '../pathway/pathway.module';
import { CandidatesController } from './candidates.controller';
import { CandidatesRepository } from './candidates.repository';
import { CandidatesService } from './candidates.service';
import { ExportGroupsController } from './export-groups.controller';
import { ExportGroupsRepository } from './export-groups.repository';
import { ExportGroupsService } from './export-groups.service';

/**
 * Joint export: candidates (businesses that together, not alone, meet readiness for one material to
 * one market) and the export groups officers form from them. The watch module imports this one (its
 * weekly run stores the candidates), so this module must not import WatchModule.
 */
@Module({
  imports: [FlagsModule, PathwayModule],
  controllers: [CandidatesController, ExportGroupsController],
  providers: [CandidatesRepository, CandidatesService, ExportGroupsRepository, ExportGroupsService],
  exports: [CandidatesRepository, CandidatesService, ExportGroupsService],
})
export class ConsolidationModule {}
