import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BusinessesModule } from '../businesses/businesses.module';
import { ActorNamesRepository } from './actor-names.repository';
import { ActorDirectory } from './actor-directory';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';

@Global()
@Module({
  imports: [BusinessesModule],
  controllers: [ApiKeysController],
  providers: [AuthService, ActorDirectory, ActorNamesRepository, ApiKeysRepository, ApiKeysService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, ActorDirectory],
})
export class AuthModule {}
