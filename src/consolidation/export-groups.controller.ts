import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { CreateExportGroupDto, ExportGroupDto, ExportGroupListDto, ExportGroupQuery, ExportGroupsQuery, UpdateExportGroupDto } from './dto/export-group.dto';
import { ExportGroupsService } from './export-groups.service';

/** Export groups (API.md "Joint export"): officers' groups of businesses shipping one material to one market together. */
@ApiTags('joint export')
@ApiBearerAuth()
@Roles('admin', 'officer')
@Controller('export-groups')
export class ExportGroupsController {
  constructor(private readonly groups: ExportGroupsService) {}

  @Post()
  @ApiCreatedResponse({
    type: ExportGroupDto,
    description: 'The group with its members, their rungs in the market, and the combined 26-week series as of yesterday (WIB)',
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateExportGroupDto) {
    return this.groups.create(actor, dto);
  }

  @Get()
  @ApiOkResponse({ type: ExportGroupListDto, description: 'Groups by market, material and name (members and rungs; no series)' })
  async list(@Query() q: ExportGroupsQuery) {
    return { items: await this.groups.list(q) };
  }

  @Get(':id')
  @ApiOkResponse({
    type: ExportGroupDto,
    description: 'One group: members with name, district and rung in the market, the group rung, the combined 26-week series',
  })
  get(@Param('id', uuidPipe) id: string, @Query() q: ExportGroupQuery) {
    return this.groups.get(id, q.asOf);
  }

  @Patch(':id')
  @HttpCode(200)
  @ApiOkResponse({ type: ExportGroupDto })
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: UpdateExportGroupDto) {
    return this.groups.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<void> {
    await this.groups.remove(actor, id);
  }
}
