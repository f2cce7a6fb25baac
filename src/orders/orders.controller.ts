import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { InvalidInput } from '../common/errors';
import { uuidPipe } from '../common/uuid.pipe';
import { RowsBody } from '../common/validation';
import {
  BulkOrdersDto,
  BulkResultDto,
  CreatedOrderDto,
  CreateOrderDto,
  ImportProgressDto,
  ListOrdersQuery,
  OrderDto,
  OrderListDto,
  VoidOrderDto,
} from './dto/order.dto';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @ApiBody({ type: CreateOrderDto })
  @ApiCreatedResponse({ type: CreatedOrderDto, description: '201 created; 200 with the existing order when externalRef repeats; warnings: route advice' })
  @ApiOkResponse({ type: CreatedOrderDto, description: 'externalRef repeated: the existing order, with its warnings' })
  async create(@CurrentActor() actor: Actor, @Body() body: unknown, @Res({ passthrough: true }) reply: FastifyReply): Promise<CreatedOrderDto> {
    const { order, created } = await this.orders.createOne(actor, body);
    reply.status(created ? 201 : 200);
    return order;
  }

  @Post('bulk')
  @HttpCode(200)
  @ApiBody({ type: BulkOrdersDto })
  @ApiOkResponse({ type: BulkResultDto })
  bulk(@CurrentActor() actor: Actor, @RowsBody() body: unknown): Promise<BulkResultDto> {
    return this.orders.createBulk(actor, body);
  }

  @Post('import')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiQuery({ name: 'businessId', required: false, description: 'Required with a staff key' })
  @ApiQuery({ name: 'importId', required: false, description: 'Your own UUID for this import, to poll GET /orders/imports/:id while it runs' })
  @ApiBody({ description: 'CSV, header row = the order field names; streamed, any size (50 MB and more)', schema: { type: 'string' } })
  @ApiOkResponse({ type: BulkResultDto, description: 'index = data row number starting at 1' })
  importCsv(
    @CurrentActor() actor: Actor,
    @Req() req: FastifyRequest,
    @Headers('content-type') contentType: string | undefined,
    @Query('businessId') businessId?: string,
    @Query('importId') importId?: string,
  ): Promise<BulkResultDto> {
    if (!contentType || !/^(text|application)\/csv\b/i.test(contentType)) throw new InvalidInput('Content-Type: must be text/csv for /orders/import');
    return this.orders.importCsv(actor, businessId, req.body as Readable, importId);
  }

  @Get('imports/:id')
  @ApiOkResponse({ type: ImportProgressDto })
  importProgress(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<ImportProgressDto> {
    return this.orders.importProgress(actor, id);
  }

  @Get()
  @ApiOkResponse({ type: OrderListDto })
  list(@CurrentActor() actor: Actor, @Query() q: ListOrdersQuery): Promise<OrderListDto> {
    return this.orders.list(actor, q);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<OrderDto> {
    return this.orders.get(actor, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Voided: kept for audit, excluded from every signal' })
  void(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: VoidOrderDto): Promise<void> {
    return this.orders.void(actor, id, dto.reason);
  }
}
