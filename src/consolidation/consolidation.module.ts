import { Module } from '@nestjs/common';
import { PathwayModule } from '../pathway/pathway.module';
import { ExportGroupsController } from './export-groups.controller';
import { ExportGroupsRepository } from './export-groups.repository';
import { ExportGroupsService } from './export-groups.service';

/**
 * Joint export: candidates (businesses that together, not alone, meet readiness for one material to
 * one market) and the export groups officers form from them.
 */
@Module({
  imports: [PathwayModule],
  controllers: [ExportGroupsController],
  providers: [ExportGroupsRepository, ExportGroupsService],
  exports: [ExportGroupsService],
})
export class ConsolidationModule {}
