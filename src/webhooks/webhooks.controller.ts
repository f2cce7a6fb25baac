import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import {
  CreateWebhookDto,
  ListDeliveriesQuery,
  RotatedSecretDto,
  RotateSecretDto,
  WebhookCreatedDto,
  WebhookDeliveryDto,
  WebhookDeliveryListDto,
  WebhookDto,
  WebhookListDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiCreatedResponse({ type: WebhookCreatedDto, description: 'The secret is shown once' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWebhookDto): Promise<WebhookCreatedDto> {
    return this.webhooks.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: WebhookListDto })
  async list(): Promise<WebhookListDto> {
    return { items: await this.webhooks.list() };
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookDto })
  get(@Param('id', uuidPipe) id: string): Promise<WebhookDto> {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<void> {
    return this.webhooks.remove(actor, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ type: RotatedSecretDto, description: 'During the overlap every delivery carries one v1 per valid secret' })
  rotate(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: RotateSecretDto): Promise<RotatedSecretDto> {
    return this.webhooks.rotate(actor, id, dto?.overlapMinutes);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookDto, description: 'Re-activates an endpoint disabled after persistent failure; pending deliveries resume' })
  enable(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<WebhookDto> {
    return this.webhooks.enable(actor, id);
  }

  @Get(':id/deliveries')
  @ApiOkResponse({ type: WebhookDeliveryListDto, description: 'Newest first, each with its attempt log (status code, latency, attempt)' })
  async deliveries(@Param('id', uuidPipe) id: string, @Query() q: ListDeliveriesQuery): Promise<WebhookDeliveryListDto> {
    return { items: await this.webhooks.deliveries(id, q.status, q.limit) };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: WebhookDeliveryDto, description: 'A new round of attempts with the same event id' })
  redeliver(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Param('deliveryId', uuidPipe) deliveryId: string): Promise<WebhookDeliveryDto> {
    return this.webhooks.redeliver(actor, id, deliveryId);
  }
}
