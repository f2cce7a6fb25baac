import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { BusinessesModule } from '../businesses/businesses.module';
import { DigestsModule } from '../digests/digests.module';
import { FlagsModule } from '../flags/flags.module';
import { OrdersModule } from '../orders/orders.module';
import { RatesModule } from '../rates/rates.module';
import { WatchModule } from '../watch/watch.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AuthPagesController } from './auth-pages.controller';
import { BusinessPagesController } from './business-pages.controller';
import { BusinessFlagsView } from './flags-view';
import { OfficerPagesController } from './officer-pages.controller';
import { RulesPagesController } from './rules/rules.controller';
import { SettingsPagesController } from './settings/settings.controller';
import { WebBackend } from './web-backend';
import { WebGuard } from './web-context';
import { WebReadRepository } from './web-read.repository';

/**
 * Paths of the server-rendered pages: they live outside the API's global prefix. Nest's exclude
 * takes route patterns; `{*rest}` matches everything below.
 */
export const WEB_PATHS = ['/', 'masuk', 'keluar', 'lupa-sandi', 'sandi/{*rest}', 'bahasa/{*rest}', 'static/{*rest}', 'pesanan', 'pesanan/{*rest}', 'volume', 'dinas', 'dinas/{*rest}'];

@Module({
  imports: [AccountsModule, BusinessesModule, RatesModule, OrdersModule, FlagsModule, WatchModule, WebhooksModule, DigestsModule],
  controllers: [AuthPagesController, BusinessPagesController, OfficerPagesController, RulesPagesController, SettingsPagesController],
  // the pages call the same OrdersService (and validation) as the API
  providers: [WebGuard, WebReadRepository, WebBackend, BusinessFlagsView],
})
export class WebModule {}
