import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts/accounts.module';
import { BusinessesModule } from '../businesses/businesses.module';
import { CaseworkModule } from '../casework/casework.module';
import { ConsolidationModule } from '../consolidation/consolidation.module';
import { DigestsModule } from '../digests/digests.module';
import { FlagsModule } from '../flags/flags.module';
import { OrdersModule } from '../orders/orders.module';
import { PathwayModule } from '../pathway/pathway.module';
import { RatesModule } from '../rates/rates.module';
import { ReportsModule } from '../reports/reports.module';
import { WatchModule } from '../watch/watch.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AuthPagesController } from './auth/auth-pages.controller';
import { BusinessesPagesController } from './businesses/businesses.controller';
import { BusinessFlagsView } from './businesses/flags-view';
import { CaseworkPagesController } from './casework/casework-pages.controller';
import { GroupsPagesController } from './consolidation/groups.controller';
import { CandidatesPagesController } from './consolidation/candidates.controller';
import { DocumentsPagesController } from './documents/documents.controller';
import { LadderPagesController } from './ladder/ladder-pages.controller';
import { OwnerPagesController } from './owner/owner-pages.controller';
import { CapacityPagesController } from './owner/capacity-pages.controller';
import { ScorecardModule } from '../scorecard/scorecard.module';
import { ReviewPagesController } from './review/review.controller';
import { RulesPagesController } from './rules/rules.controller';
import { SettingsPagesController } from './settings/settings.controller';
import { WebGuard } from './web-context';
import { WeeklyPagesController } from './weekly/weekly.controller';

/**
 * Paths of the server-rendered pages: they live outside the API's global prefix. Nest's exclude
 * takes route patterns; `{*rest}` matches everything below.
 */
export const WEB_PATHS = [
  '/',
  'masuk',
  'keluar',
  'lupa-sandi',
  'sandi/{*rest}',
  'bahasa/{*rest}',
  'static/{*rest}',
  'pesanan',
  'pesanan/{*rest}',
  'volume',
  'dinas',
  'dinas/{*rest}',
];

@Module({
  // the pages import the domain modules and call the same services (and validation) as the API
  imports: [
    AccountsModule,
    BusinessesModule,
    RatesModule,
    OrdersModule,
    FlagsModule,
    ReportsModule,
    WatchModule,
    WebhooksModule,
    DigestsModule,
    CaseworkModule,
    PathwayModule,
    ConsolidationModule,
    ScorecardModule,
  ],
  controllers: [
    AuthPagesController,
    OwnerPagesController,
    WeeklyPagesController,
    ReviewPagesController,
    BusinessesPagesController,
    RulesPagesController,
    SettingsPagesController,
    CaseworkPagesController,
    DocumentsPagesController,
    LadderPagesController,
    GroupsPagesController,
    CandidatesPagesController,
    CapacityPagesController,
  ],
  providers: [WebGuard, BusinessFlagsView],
})
export class WebModule {}
