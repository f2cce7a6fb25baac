import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { optionalUuidPipe, uuidPipe } from '../common/uuid.pipe';
import type { Actor } from './actor';
import { ApiKeysService } from './api-keys.service';
import { CurrentActor, Roles } from './auth.decorators';
import { ApiKeyListDto, CreateBusinessKeyDto, CreatedApiKeyDto, CreateStaffKeyDto } from './dto/api-key.dto';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller()
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post('businesses/:id/api-keys')
  @Roles('admin', 'officer')
  @ApiCreatedResponse({ type: CreatedApiKeyDto, description: 'The key is shown once and stored only hashed' })
  createBusinessKey(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string, @Body() dto: CreateBusinessKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.createBusinessKey(actor, id, dto.label);
  }

  @Get('businesses/:id/api-keys')
  @Roles('admin', 'officer')
  @ApiOkResponse({ type: ApiKeyListDto })
  async listBusinessKeys(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<ApiKeyListDto> {
    return { items: await this.keys.listForBusiness(actor, id) };
  }

  @Post('api-keys')
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  createStaffKey(@CurrentActor() actor: Actor, @Body() dto: CreateStaffKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.createStaffKey(actor, dto.role, dto.label);
  }

  @Get('api-keys')
  @Roles('admin')
  @ApiQuery({ name: 'businessId', required: false })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(@Query('businessId', optionalUuidPipe) businessId?: string): Promise<ApiKeyListDto> {
    return { items: await this.keys.listAll(businessId) };
  }

  @Delete('api-keys/:id')
  @Roles('admin', 'officer')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked (revoking twice is fine)' })
  revoke(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<void> {
    return this.keys.revoke(actor, id);
  }
}
