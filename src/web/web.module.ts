import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { BusinessesModule } from '../businesses/businesses.module';
import { OrdersModule } from '../orders/orders.module';
import { PathwayModule } from '../pathway/pathway.module';
import { RatesModule } from '../rates/rates.module';
import { CaseworkModule } from '../casework/casework.module';
import { FlagsModule } from '../flags/flags.module';
import { CaseworkPagesController } from './casework/casework-pages.controller';
import { AuthPagesController } from './auth-pages.controller';
import { BusinessPagesController } from './business-pages.controller';
import { DocumentsPagesController } from './documents/documents.controller';
import { BusinessFlagsView } from './flags-view';
import { LadderPagesController } from './ladder/ladder-pages.controller';
import { OfficerPagesController } from './officer-pages.controller';
import { WebBackend } from './web-backend';
import { WebGuard } from './web-context';
import { WebReadRepository } from './web-read.repository';

/**
 * Paths of the server-rendered pages: they live outside the API's global prefix. Nest's exclude
 * takes route patterns; `{*rest}` matches everything below.
 */
export const WEB_PATHS = ['/', 'masuk', 'keluar', 'lupa-sandi', 'sandi/{*rest}', 'bahasa/{*rest}', 'static/{*rest}', 'pesanan', 'pesanan/{*rest}', 'volume', 'dinas', 'dinas/{*rest}'];

@Module({
  imports: [AccountsModule, BusinessesModule, RatesModule, OrdersModule, CaseworkModule, FlagsModule, PathwayModule],
  controllers: [
    AuthPagesController, BusinessPagesController, OfficerPagesController, CaseworkPagesController, DocumentsPagesController, LadderPagesController,
  ],
  // the pages call the same OrdersService (and validation) as the API
  providers: [WebGuard, WebReadRepository, WebBackend, BusinessFlagsView],
})
export class WebModule {}
