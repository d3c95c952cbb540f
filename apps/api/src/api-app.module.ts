import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'pino';
import { HealthModule, loggerModule } from '@throughline/common';
import { TemporalClientModule, TemporalHealthIndicator } from '@throughline/temporal';
import { API_CONFIG, type ApiConfig } from './api.config';
import { UpstreamHealthIndicator } from './health/upstream.health';
import { ProcessService } from './processes/process.service';
import { ProcessesController } from './processes/processes.controller';

@Module({
  imports: [TerminusModule],
  providers: [UpstreamHealthIndicator],
  exports: [UpstreamHealthIndicator],
})
class UpstreamHealthModule {}

/** The HTTP edge for business users: processes (and, later, tasks and schedules). */
@Module({})
export class ApiAppModule {
  static forRoot(config: ApiConfig, logger: Logger): DynamicModule {
    return {
      module: ApiAppModule,
      imports: [
        loggerModule(logger),
        TemporalClientModule.forRoot(config),
        HealthModule.forRoot({
          imports: [UpstreamHealthModule],
          inject: [TemporalHealthIndicator, UpstreamHealthIndicator],
          useFactory: (temporal: TemporalHealthIndicator, upstream: UpstreamHealthIndicator) => [
            () => temporal.check(),
            () => upstream.check('crm', config.CRM_URL),
            () => upstream.check('erp', config.ERP_URL),
          ],
        }),
      ],
      controllers: [ProcessesController],
      providers: [{ provide: API_CONFIG, useValue: config }, ProcessService],
    };
  }
}
