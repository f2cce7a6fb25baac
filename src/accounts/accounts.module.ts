import { Module } from '@nestjs/common';
import { BusinessesModule } from '../businesses/businesses.module';
import { AccountsController } from './accounts.controller';
import { AccountsRepository } from './accounts.repository';
import { AccountsService } from './accounts.service';
import { LoginThrottleRepository } from './login-throttle.repository';
import { LoginThrottleService } from './login-throttle.service';
import { PasswordHasher } from './passwords';

@Module({
  imports: [BusinessesModule],
  controllers: [AccountsController],
  providers: [AccountsRepository, AccountsService, PasswordHasher, LoginThrottleRepository, LoginThrottleService],
  exports: [AccountsService],
})
export class AccountsModule {}
