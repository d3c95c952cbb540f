import {
  Controller,
  type DynamicModule,
  Get,
  Inject,
  Module,
  type InjectionToken,
  type ModuleMetadata,
} from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  type HealthIndicatorFunction,
  TerminusModule,
} from '@nestjs/terminus';
import { PublicRoute } from '../http/public.decorator';

const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

@ApiTags('health')
@PublicRoute()
@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    @Inject(HEALTH_CHECKS) private readonly checks: HealthIndicatorFunction[],
  ) {}

  /** Liveness: the process answers. */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ description: 'The process is up', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every dependency this app needs answers. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: every dependency of this service answers' })
  @HealthCheck()
  @ApiServiceUnavailableResponse({ description: 'A dependency is down' })
  ready() {
    return this.health.check(this.checks);
  }
}

export interface HealthModuleOptions {
  /** Modules that provide the injected indicators, beyond terminus and global modules. */
  imports?: NonNullable<ModuleMetadata['imports']>;
  inject: InjectionToken[];
  /** Builds the readiness checks of this app from injected indicators. */
  useFactory: (...deps: never[]) => HealthIndicatorFunction[];
}

/** /health/live and /health/ready (terminus) with the checks each app declares. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule, ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_CHECKS, inject: options.inject, useFactory: options.useFactory },
      ],
    };
  }
}
