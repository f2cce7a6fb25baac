import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { BusinessesModule } from '../businesses/businesses.module';
import { OrdersModule } from '../orders/orders.module';
import { RatesModule } from '../rates/rates.module';
import { AuthPagesController } from './auth/auth-pages.controller';
import { DocumentsPagesController } from './documents/documents.controller';
import { BusinessFlagsView } from './flags-view';
import { OfficerPagesController } from './officer-pages.controller';
import { OwnerPagesController } from './owner/owner-pages.controller';
import { WebBackend } from './web-backend';
import { WebGuard } from './web-context';
import { WebReadRepository } from './web-read.repository';

/**
 * Paths of the server-rendered pages: they live outside the API's global prefix. Nest's exclude
 * takes route patterns; `{*rest}` matches everything below.
 */
export const WEB_PATHS = ['/', 'masuk', 'keluar', 'lupa-sandi', 'sandi/{*rest}', 'bahasa/{*rest}', 'static/{*rest}', 'pesanan', 'pesanan/{*rest}', 'volume', 'dinas', 'dinas/{*rest}'];

@Module({
  imports: [AccountsModule, BusinessesModule, RatesModule, OrdersModule],
  controllers: [AuthPagesController, OwnerPagesController, OfficerPagesController, DocumentsPagesController],
  // the pages call the same OrdersService (and validation) as the API
  providers: [WebGuard, WebReadRepository, WebBackend, BusinessFlagsView],
})
export class WebModule {}
