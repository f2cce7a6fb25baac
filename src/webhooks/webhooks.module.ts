import { Module } from '@nestjs/common';
import { WebhookDeliveryPolicy } from './webhook-policy';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhooksRepository, WebhookDeliveryPolicy],
  exports: [WebhooksService, WebhookDeliveryPolicy],
})
export class WebhooksModule {}
