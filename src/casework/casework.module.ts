import { Module } from '@nestjs/common';
import { BusinessesModule } from '../businesses/businesses.module';
import { ActivitiesRepository } from './activities.repository';
import { ActivitiesService } from './activities.service';
import { CaseworkController } from './casework.controller';
import { KpiRepository } from './kpi.repository';
import { KpiService } from './kpi.service';

/** What officers do with a business (activities, follow-ups) and the department's report upward. */
@Module({
  imports: [BusinessesModule],
  controllers: [CaseworkController],
  providers: [ActivitiesRepository, ActivitiesService, KpiRepository, KpiService],
  exports: [ActivitiesService, KpiService],
})
export class CaseworkModule {}
