import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module';
import { DigestDeliveryPolicy } from './digest-policy';
import { DigestsController } from './digests.controller';
import { DigestsRepository } from './digests.repository';
import { DigestsService } from './digests.service';

@Module({
  imports: [ReportsModule],
  controllers: [DigestsController],
  providers: [DigestsService, DigestsRepository, DigestDeliveryPolicy],
  exports: [DigestsService, DigestDeliveryPolicy],
})
export class DigestsModule {}
