import { Controller, Delete, Get, Module, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { PrivacyRepository } from './privacy.repository';
import { PrivacyService } from './privacy.service';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('businesses/:id')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  /** Everything held about one business, as JSON (admin; audit-logged). */
  @Get('export')
  @Roles('admin')
  export(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<Record<string, unknown>> {
    return this.privacy.export(actor, id);
  }

  /** Deletes the business and its data; anonymises it in shared records (admin; audit-logged). */
  @Delete('data')
  @Roles('admin')
  remove(@CurrentActor() actor: Actor, @Param('id', uuidPipe) id: string): Promise<{ deleted: Record<string, number> }> {
    return this.privacy.deleteBusiness(actor, id).then((deleted) => ({ deleted }));
  }
}

@Module({ controllers: [PrivacyController], providers: [PrivacyService, PrivacyRepository], exports: [PrivacyService] })
export class PrivacyModule {}
