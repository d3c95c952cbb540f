import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { payloadCodecsOf } from './codec/payload-encryption';
import type { TemporalEnv } from './temporal.config';
import { TEMPORAL_CONFIG, TEMPORAL_WORKER_OPTIONS } from './tokens';
import { WorkerHost, type WorkerHostOptions } from './worker-host';

/** Registers a WorkerHost for one task queue; the activity classes must be providers of the app. */
@Module({})
export class TemporalWorkerModule {
  static forRoot(
    config: TemporalEnv,
    options: WorkerHostOptions,
    extra: Provider[] = [],
  ): DynamicModule {
    // A configuration without payload keys fails here, when the app is assembled.
    payloadCodecsOf(config);
    return {
      module: TemporalWorkerModule,
      global: true,
      providers: [
        { provide: TEMPORAL_CONFIG, useValue: config },
        { provide: TEMPORAL_WORKER_OPTIONS, useValue: options },
        WorkerHost,
        ...extra,
      ],
      exports: [WorkerHost],
    };
  }
}
