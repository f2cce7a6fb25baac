import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { CreateRateDto, ListRatesQuery, RateDto, RateListDto } from './dto/rate.dto';
import { RatesService } from './rates.service';

@ApiTags('rates')
@ApiBearerAuth()
@Controller('rates')
export class RatesController {
  constructor(private readonly rates: RatesService) {}

  @Get()
  @ApiOkResponse({ type: RateListDto })
  async list(@Query() q: ListRatesQuery): Promise<RateListDto> {
    return { items: await this.rates.list(q) };
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({
    type: RateDto,
    description: '201 for a new rate, 200 when it replaced the rate of the same currency and day. Orders from that day on are re-valued by a job.',
  })
  async add(@CurrentActor() actor: Actor, @Body() dto: CreateRateDto, @Res({ passthrough: true }) reply: FastifyReply): Promise<RateDto> {
    const { rate, replaced } = await this.rates.add(actor, dto);
    reply.status(replaced ? 200 : 201);
    return rate;
  }
}
