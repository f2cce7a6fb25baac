import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { BusinessDto, BusinessListDto, CreateBusinessDto, ListBusinessesQuery, UpdateBusinessDto } from './dto/business.dto';
import { BusinessesService } from './businesses.service';

@ApiTags('businesses')
@ApiBearerAuth()
@Controller('businesses')
export class BusinessesController {
  constructor(private readonly businesses: BusinessesService) {}

  @Post()
  @Roles('admin', 'officer')
  @ApiCreatedResponse({ type: BusinessDto })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateBusinessDto): Promise<BusinessDto> {
    return this.businesses.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: BusinessListDto, description: 'A business key sees only its own business' })
  list(@CurrentActor() actor: Actor, @Query() query: ListBusinessesQuery): Promise<BusinessListDto> {
    return this.businesses.list(actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: BusinessDto })
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<BusinessDto> {
    return this.businesses.get(actor, id);
  }

  @Patch(':id')
  @HttpCode(200)
  @ApiOkResponse({ type: BusinessDto })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateBusinessDto): Promise<BusinessDto> {
    return this.businesses.update(actor, id, dto);
  }
}
