import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { MikroOrmHealthIndicator, TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'pino';
import { apiKeyAuthProviders, HealthModule, loggerModule } from '@throughline/common';
import { processCatalog, type ProcessDefinition } from '@throughline/contracts';
import { ormOptions, ConnectOrmOnStart } from '@throughline/database';
import { TemporalClientModule, TemporalHealthIndicator } from '@throughline/temporal';
import { ApiKeysController } from './admin/api-keys.controller';
import { Customer360Service } from './customers/customer-360.service';
import { apiSchemaContext } from './api.context';
import { CodecModule } from './codec/codec.module';
import { API_CONFIG, type ApiConfig, PROCESS_CATALOG } from './api.config';
import { ApiKeyService } from './auth/api-key.service';
import { UpstreamHealthIndicator } from './health/upstream.health';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyService } from './idempotency/idempotency.service';
import { ErpItemsChecker } from './processes/erp-items.checker';
import { CrmRefsChecker } from './processes/crm-refs.checker';
import { ProcessService } from './processes/process.service';
import { ProcessesController } from './processes/processes.controller';
import { CustomersController } from './customers/customers.controller';
import { TaskService } from './tasks/task.service';
import { serviceCredentials } from './upstream/service-credentials';
import { UpstreamReader } from './upstream/upstream-reader';
import { TasksController } from './tasks/tasks.controller';

@Module({
  imports: [TerminusModule],
  providers: [UpstreamHealthIndicator],
  exports: [UpstreamHealthIndicator],
})
class UpstreamHealthModule {}

export interface ApiAppOptions {
  /** The process types offered; the product's catalog unless a test brings its own. */
  catalog?: readonly ProcessDefinition[];
}

/** The HTTP edge for business users: processes, tasks, API keys; and the codec server for ops. */
@Module({})
export class ApiAppModule {
  static forRoot(config: ApiConfig, logger: Logger, options: ApiAppOptions = {}): DynamicModule {
    return {
      module: ApiAppModule,
      imports: [
        loggerModule(logger),
        MikroOrmModule.forRoot({
          ...ormOptions(apiSchemaContext, config),
          registerRequestContext: true,
        }),
        // Few retries: a business user should hear "try again" in seconds, not after ~20 s.
        TemporalClientModule.forRoot(config, { maxRetryAttempts: 3 }),
        // The codec server for the Temporal UI and CLI (role ops), with the client's codec.
        CodecModule.forRoot(config),
        HealthModule.forRoot({
          imports: [UpstreamHealthModule],
          inject: [MikroOrmHealthIndicator, TemporalHealthIndicator, UpstreamHealthIndicator],
          useFactory: (
            db: MikroOrmHealthIndicator,
            temporal: TemporalHealthIndicator,
            upstream: UpstreamHealthIndicator,
          ) => [
            () => db.pingCheck('database', { timeout: 2000 }),
            () => temporal.check(),
            () => upstream.check('crm', config.CRM_URL, serviceCredentials(config)),
            () => upstream.check('erp', config.ERP_URL, serviceCredentials(config)),
          ],
        }),
      ],
      controllers: [ProcessesController, TasksController, CustomersController, ApiKeysController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: PROCESS_CATALOG, useValue: options.catalog ?? processCatalog },
        UpstreamReader,
        Customer360Service,
        ApiKeyService,
        ...apiKeyAuthProviders({ keys: config.API_KEYS, storedKeys: ApiKeyService }),
        IdempotencyService,
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        ProcessService,
        ConnectOrmOnStart,
        ErpItemsChecker,
        CrmRefsChecker,
        TaskService,
      ],
    };
  }
}
