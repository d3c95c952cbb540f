import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MikroORM } from '@mikro-orm/core';
import { MikroOrmHealthIndicator } from '@nestjs/terminus';
import type { Logger } from 'pino';
import { apiKeyAuthProviders, HealthModule, loggerModule } from '@throughline/common';
import { ErpDomainModule, erpSchemaContext } from '@throughline/erp';
import { ormOptions, requestContextRunner, ConnectOrmOnStart } from '@throughline/database';
import {
  ACTIVITY_CONTEXT,
  TemporalClientModule,
  TemporalHealthIndicator,
  TemporalWorkerModule,
} from '@throughline/temporal';
import { TaskQueues } from '@throughline/contracts';
import { ErpActivities } from '@throughline/activities/erp';
import { AdminChangesController } from './admin-changes.controller';
import { CatalogController } from './catalog.controller';
import { CustomersController } from './customers.controller';
import { DocumentsController } from './documents.controller';
import { LedgerController } from './ledger.controller';
import { StockController } from './stock.controller';
import type { ErpConfig } from './erp.config';

/** The ERP system of record: REST for its documents, and its activities on the "erp" queue. */
@Module({})
export class ErpAppModule {
  static forRoot(config: ErpConfig, logger: Logger): DynamicModule {
    return {
      module: ErpAppModule,
      imports: [
        loggerModule(logger),
        MikroOrmModule.forRoot({
          ...ormOptions(erpSchemaContext, config),
          registerRequestContext: true,
        }),
        ErpDomainModule.forRoot(config),
        TemporalClientModule.forRoot(config),
        TemporalWorkerModule.forRoot(
          config,
          {
            taskQueue: TaskQueues.erp,
            logger,
            activities: [ErpActivities],
            maxConcurrentActivityTaskExecutions: config.ERP_MAX_CONCURRENT_ACTIVITIES,
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
        CustomersController,
        CatalogController,
        StockController,
        DocumentsController,
        LedgerController,
        AdminChangesController,
      ],
      providers: [
        ErpActivities,
        ConnectOrmOnStart,
        // Every route but health needs an API key from API_KEYS (docs/security.md).
        ...apiKeyAuthProviders({ keys: config.API_KEYS }),
      ],
    };
  }
}
