import { Module } from '@nestjs/common';
import { BusinessesModule } from '../businesses/businesses.module';
import { CaseworkModule } from '../casework/casework.module';
import { ReportsModule } from '../reports/reports.module';
import { DigestContentCache } from './digest-cache';
import { DigestComposer } from './digest-composer';
import { DigestDeliveryPolicy } from './digest-policy';
import { DigestRecoveryService } from './digest-recovery.service';
import { DigestsController } from './digests.controller';
import { DigestsRepository } from './digests.repository';
import { DigestsService } from './digests.service';

@Module({
  imports: [ReportsModule, CaseworkModule, BusinessesModule],
  controllers: [DigestsController],
  providers: [DigestsService, DigestComposer, DigestsRepository, DigestDeliveryPolicy, DigestContentCache, DigestRecoveryService],
  exports: [DigestsService, DigestDeliveryPolicy, DigestRecoveryService],
})
export class DigestsModule {}
