import { Module } from '@nestjs/common';

/**
 * Joint export: candidates (businesses that together, not alone, meet readiness for one material to
 * one market) and the export groups officers form from them.
 */
@Module({
  imports: [],
  controllers: [],
  providers: [],
  exports: [],
})
export class ConsolidationModule {}
