import { Module } from '@nestjs/common';
import { WebhookDeliveryPolicy } from './webhook-policy';
import { WebhookRecoveryService } from './webhook-recovery.service';
import { WebhookTargetPolicy } from './webhook-target';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksRepository, WebhookDeliveryPolicy, WebhookRecoveryService, WebhookTargetPolicy],
  exports: [WebhooksService, WebhookDeliveryPolicy, WebhookRecoveryService],
})
export class WebhooksModule {}
