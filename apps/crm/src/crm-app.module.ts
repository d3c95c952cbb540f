import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MikroOrmHealthIndicator } from '@nestjs/terminus';
import { MikroORM } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { apiKeyAuthProviders, HealthModule, loggerModule } from '@throughline/common';
import { CrmDomainModule, crmSchemaContext, SLA_HOURS } from '@throughline/crm';
import { ormOptions, requestContextRunner, ConnectOrmOnStart } from '@throughline/database';
import {
  ACTIVITY_CONTEXT,
  TemporalClientModule,
  TemporalHealthIndicator,
  TemporalWorkerModule,
} from '@throughline/temporal';
import { TaskQueues } from '@throughline/contracts';
import { CrmActivities } from '@throughline/activities/crm';
import { AccountsController } from './accounts.controller';
import { AdminChangesController } from './admin-changes.controller';
import { AssetsController } from './assets.controller';
import { CasesController } from './cases.controller';
import { DealerAdminController, DealersController } from './dealers.controller';
import { LeadsController } from './leads.controller';
import { OpportunitiesController } from './opportunities.controller';
import { QuotesController } from './quotes.controller';
import type { CrmConfig } from './crm.config';

@Module({})
class CrmPolicyModule {}

/** The CRM system of record: REST for its records, and its activities on the "crm" queue. */
@Module({})
export class CrmAppModule {
  static forRoot(config: CrmConfig, logger: Logger): DynamicModule {
    return {
      module: CrmAppModule,
      imports: [
        loggerModule(logger),
        MikroOrmModule.forRoot({
          ...ormOptions(crmSchemaContext, config),
          registerRequestContext: true,
        }),
        CrmDomainModule,
        // The SLA hours the CRM's services run with (CRM_SLA_HOURS).
        {
          module: CrmPolicyModule,
          global: true,
          providers: [{ provide: SLA_HOURS, useValue: config.CRM_SLA_HOURS }],
          exports: [SLA_HOURS],
        },
        TemporalClientModule.forRoot(config),
        TemporalWorkerModule.forRoot(
          config,
          {
            taskQueue: TaskQueues.crm,
            logger,
            activities: [CrmActivities],
            maxConcurrentActivityTaskExecutions: config.CRM_MAX_CONCURRENT_ACTIVITIES,
            activityDelayAfterMs: config.FAULT_ACTIVITY_DELAY_MS,
            activityDelayOnly: config.FAULT_ACTIVITY_NAMES,
            unexpectedAttempts: config.ACTIVITY_UNEXPECTED_ATTEMPTS,
            activityFailFault: config.FAULT_ACTIVITY_FAILURES,
          },
          [{ provide: ACTIVITY_CONTEXT, inject: [MikroORM], useFactory: requestContextRunner }],
        ),
        HealthModule.forRoot({
          inject: [MikroOrmHealthIndicator, TemporalHealthIndicator],
          useFactory: (db: MikroOrmHealthIndicator, temporal: TemporalHealthIndicator) => [
            () => db.pingCheck('database', { timeout: 2000 }),
            () => temporal.check(),
          ],
        }),
      ],
      controllers: [
        AccountsController,
        LeadsController,
        OpportunitiesController,
        QuotesController,
        CasesController,
        DealersController,
        DealerAdminController,
        AdminChangesController,
        AssetsController,
      ],
      providers: [
        CrmActivities,
        ConnectOrmOnStart,
        // Every route but health needs an API key from API_KEYS (docs/security.md).
        ...apiKeyAuthProviders({ keys: config.API_KEYS }),
      ],
    };
  }
}
