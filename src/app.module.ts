import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuditModule } from './audit/audit.repository';
import { AuthModule } from './auth/auth.module';
import { BusinessesModule } from './businesses/businesses.module';
import { Clock } from './common/clock';
import { ProcessModule } from './common/process.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { ConfigModule } from './config/config.module';
import { ProcessRole } from './config/env.schema';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.service';
import { HealthModule } from './health/health.controller';
import { JobsModule } from './jobs/jobs.module';
import { MailModule } from './mail/mail.service';
import { OrdersModule } from './orders/orders.module';
import { RatesModule } from './rates/rates.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { ReportsModule } from './reports/reports.module';
import { DigestsModule } from './digests/digests.module';
import { AccountsModule } from './accounts/accounts.module';
import { WebModule } from './web/web.module';
import { FlagsModule } from './flags/flags.module';
import { WatchModule } from './watch/watch.module';
import { MetricsModule } from './metrics/metrics.module';
import { PrivacyModule } from './privacy/privacy.module';
import { CaseworkModule } from './casework/casework.module';
import { PathwayModule } from './pathway/pathway.module';
import { ConsolidationModule } from './consolidation/consolidation.module';
import { ScorecardModule } from './scorecard/scorecard.module';

export interface AppOptions {
  role: ProcessRole;
  /** Tests pass a FixedClock; otherwise `CLOCK_START` or the system clock. */
  clock?: Clock;
}

/** One codebase, two roles: the HTTP API and the BullMQ worker (both in `all`). */
@Module({})
export class AppModule {
  static forRoot(opts: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule,
        ProcessModule.forRoot({ role: opts.role, clock: opts.clock }),
        DatabaseModule,
        JobsModule,
        MetricsModule,
        AuditModule,
        EventsModule,
        MailModule,
        AuthModule,
        BusinessesModule,
        RatesModule,
        OrdersModule,
        WebhooksModule,
        ReportsModule,
        DigestsModule,
        FlagsModule,
        WatchModule,
        PathwayModule,
        HealthModule,
        PrivacyModule,
        CaseworkModule,
        ConsolidationModule,
        ScorecardModule,
        // people with passwords and the server-rendered pages: HTTP roles only
        ...(opts.role !== 'worker' ? [AccountsModule, WebModule] : []),
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
