import {
  Inject,
  Injectable,
  type OnApplicationShutdown,
  Optional,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Context } from '@temporalio/activity';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import {
  type ActivityFailFault,
  ActivityBoundaryInterceptor,
  type ActivityContextWrapper,
} from './activity-boundary.interceptor';
import { FAILURE_CONVERTER_PATH, payloadCodecsOf } from './codec/payload-encryption';
import { installTemporalRuntime } from './runtime';
import { connectionOptions, type TemporalEnv } from './temporal.config';
import { ACTIVITY_CONTEXT, TEMPORAL_CONFIG, TEMPORAL_WORKER_OPTIONS } from './tokens';
import { bundleWorkflows } from './workflow-bundle';

export interface WorkerHostOptions {
  taskQueue: string;
  logger: Logger;
  /** Injectable classes whose public methods are the activities this worker serves. */
  activities?: Type<object>[];
  /** Prebuilt workflow bundle (production); takes precedence over workflowsPath. */
  workflowBundlePath?: string;
  /** Workflow sources bundled at start-up (development and tests). */
  workflowsPath?: string;
  maxConcurrentActivityTaskExecutions?: number;
  maxConcurrentWorkflowTaskExecutions?: number;
  /** Fault injection for tests, see ActivityBoundaryOptions.delayAfterMs. */
  activityDelayAfterMs?: number;
  /** Fault injection for tests: the activity types delayed (all when unset). */
  activityDelayOnly?: string[];
  /** See ActivityBoundaryOptions.unexpectedAttempts. */
  unexpectedAttempts?: number;
  /** Fault injection for tests, see ActivityBoundaryOptions.failFault. */
  activityFailFault?: ActivityFailFault;
  shutdownGraceTime?: WorkerOptions['shutdownGraceTime'];
}

type ActivityFunction = (...args: unknown[]) => Promise<unknown>;

/** The public methods of an activities class instance, bound to it. */
function activityMethodsOf(instance: object): Record<string, ActivityFunction> {
  const methods: Record<string, ActivityFunction> = {};
  const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const member = prototype[name];
    if (name !== 'constructor' && typeof member === 'function') {
      methods[name] = (member as ActivityFunction).bind(instance);
    }
  }
  return methods;
}

/**
 * Owns one Temporal worker inside a Nest app: builds it from DI-resolved activity classes,
 * runs it, and shuts it down exactly once (signal or app close). `run()` rejects when the worker
 * fails, so the process can exit non-zero.
 */
@Injectable()
export class WorkerHost implements OnApplicationShutdown {
  private worker?: Worker;
  private connection?: NativeConnection;
  private starting?: Promise<void>;
  private running?: Promise<void>;
  private shutdownRequested = false;

  constructor(
    @Inject(TEMPORAL_WORKER_OPTIONS) private readonly options: WorkerHostOptions,
    @Inject(TEMPORAL_CONFIG) private readonly config: TemporalEnv,
    private readonly moduleRef: ModuleRef,
    @Optional() @Inject(ACTIVITY_CONTEXT) private readonly activityContext?: ActivityContextWrapper,
  ) {}

  get taskQueue(): string {
    return this.options.taskQueue;
  }

  /** Connects and starts polling; resolves once the worker is running. Idempotent. */
  start(): Promise<void> {
    this.starting ??= this.createAndRun();
    return this.starting;
  }

  private async createAndRun(): Promise<void> {
    const { options } = this;
    installTemporalRuntime(options.logger);
    const payloadCodecs = payloadCodecsOf(this.config);
    if (payloadCodecs.length === 0) {
      options.logger.warn(
        { taskQueue: options.taskQueue },
        'payloads are NOT encrypted (THROUGHLINE_MODE=dev without TEMPORAL_PAYLOAD_KEYS)',
      );
    }
    this.connection = await NativeConnection.connect(connectionOptions(this.config));
    const activities = Object.assign(
      {},
      ...(options.activities ?? []).map((type) =>
        activityMethodsOf(this.moduleRef.get(type, { strict: false })),
      ),
    ) as Record<string, ActivityFunction>;
    const workflowBundle = options.workflowBundlePath
      ? { codePath: options.workflowBundlePath }
      : options.workflowsPath
        ? await bundleWorkflows(options.workflowsPath, options.logger)
        : undefined;
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: options.taskQueue,
      dataConverter: { payloadCodecs, failureConverterPath: FAILURE_CONVERTER_PATH },
      activities,
      workflowBundle,
      maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions,
      maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTaskExecutions,
      shutdownGraceTime: options.shutdownGraceTime ?? '10s',
      interceptors: {
        activity: [
          (ctx: Context) => ({
            inbound: new ActivityBoundaryInterceptor(ctx, {
              logger: options.logger,
              wrap: this.activityContext,
              delayAfterMs: options.activityDelayAfterMs,
              delayActivities: options.activityDelayOnly,
              unexpectedAttempts: options.unexpectedAttempts,
              failFault: options.activityFailFault,
            }),
          }),
        ],
      },
    });
    this.running = this.worker.run();
    // Observed here so an early failure is never an unhandled rejection; run() re-raises it.
    this.running.catch(() => undefined);
    // A shutdown requested while the worker was being created applies now.
    if (this.shutdownRequested) this.worker.shutdown();
    options.logger.info(
      { taskQueue: options.taskQueue, activities: Object.keys(activities).length },
      'worker started',
    );
  }

  /** Starts the worker if needed and resolves when it has stopped; rejects when it failed. */
  async run(): Promise<void> {
    await this.start();
    await this.running;
  }

  /** Requests a graceful shutdown; safe to call any number of times. */
  shutdown(): void {
    if (this.shutdownRequested) return;
    this.shutdownRequested = true;
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
  }

  async onApplicationShutdown(): Promise<void> {
    this.shutdown();
    try {
      await this.starting?.catch(() => undefined);
      await this.running;
    } finally {
      await this.connection?.close();
      this.connection = undefined;
    }
  }
}
