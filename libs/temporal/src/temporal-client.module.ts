import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import {
  Client,
  Connection,
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
} from '@temporalio/client';
import { FAILURE_CONVERTER_PATH, payloadCodecsOf } from './codec/payload-encryption';
import { TemporalHealthIndicator } from './temporal.health';
import { connectionOptions, type TemporalEnv } from './temporal.config';
import { TEMPORAL_CLIENT, TEMPORAL_CONFIG, TEMPORAL_CONNECTION } from './tokens';

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * A Temporal client for the app. The connection is lazy, so the app starts (and reports itself
 * unhealthy) while Temporal is down, and is closed when the app shuts down. Payloads are
 * encrypted with the configured keys (payloadCodecsOf: without keys, only dev mode starts).
 */
@Global()
@Module({})
export class TemporalClientModule {
  static forRoot(
    config: TemporalEnv,
    /**
     * Attempts per gRPC call when Temporal is unavailable (SDK default 10, which makes an HTTP
     * caller wait ~20 s before hearing that Temporal is down).
     */
    options: { maxRetryAttempts?: number } = {},
  ): DynamicModule {
    // A configuration without payload keys fails here, when the app is assembled.
    const payloadCodecs = payloadCodecsOf(config);
    return {
      module: TemporalClientModule,
      imports: [TerminusModule],
      providers: [
        { provide: TEMPORAL_CONFIG, useValue: config },
        {
          provide: TEMPORAL_CONNECTION,
          useFactory: () =>
            Connection.lazy({
              ...connectionOptions(config),
              connectTimeout: '5s',
              ...(options.maxRetryAttempts
                ? {
                    interceptors: [
                      makeGrpcRetryInterceptor(
                        defaultGrpcRetryOptions({ maxAttempts: options.maxRetryAttempts }),
                      ),
                    ],
                  }
                : {}),
            }),
        },
        {
          provide: TEMPORAL_CLIENT,
          inject: [TEMPORAL_CONNECTION],
          useFactory: (connection: Connection) =>
            new Client({
              connection,
              namespace: config.TEMPORAL_NAMESPACE,
              dataConverter: { payloadCodecs, failureConverterPath: FAILURE_CONVERTER_PATH },
            }),
        },
        TemporalConnectionCloser,
        TemporalHealthIndicator,
      ],
      exports: [TEMPORAL_CONFIG, TEMPORAL_CONNECTION, TEMPORAL_CLIENT, TemporalHealthIndicator],
    };
  }
}
