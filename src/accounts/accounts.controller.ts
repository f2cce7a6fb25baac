import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import type { UserRow } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { InviteUserDto, UserDto, UserListDto } from './dto/user.dto';

export function toUserDto(u: UserRow): UserDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    businessId: u.business_id,
    locale: u.locale,
    active: u.password_hash !== null,
    lockedUntil: u.locked_until?.toISOString() ?? null,
    disabledAt: u.disabled_at?.toISOString() ?? null,
    createdAt: u.created_at.toISOString(),
  };
}

/** People who sign in to the web pages. Machine clients keep using API keys; this is how the first admin is invited. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @Roles('admin', 'officer')
  @ApiCreatedResponse({ type: UserDto, description: 'An invite link is emailed; officers may invite business owners only' })
  async invite(@CurrentActor() actor: Actor, @Body() dto: InviteUserDto): Promise<UserDto> {
    return toUserDto(await this.accounts.invite(actor, dto));
  }

  @Get()
  @Roles('admin', 'officer')
  @ApiOkResponse({ type: UserListDto })
  async list(@CurrentActor() actor: Actor): Promise<UserListDto> {
    return { items: (await this.accounts.list(actor)).map(toUserDto) };
  }

  @Post(':id/password-reset')
  @Roles('admin', 'officer')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'A one-time reset link is emailed and any lock-out ends when it is used' })
  async reset(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<void> {
    await this.accounts.adminReset(actor, id);
  }
}
