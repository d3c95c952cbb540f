import { existsSync } from 'node:fs';
import path from 'node:path';
import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { HealthModule, loggerModule } from '@throughline/common';
import { TaskQueues } from '@throughline/contracts';
import {
  TemporalClientModule,
  TemporalHealthIndicator,
  TemporalWorkerModule,
} from '@throughline/temporal';
import { ProcessRecordsActivities } from '@throughline/activities/processes';
import type { OrchestratorConfig } from './orchestrator.config';

/** From dist/apps/orchestrator/src or apps/orchestrator/src alike, the project's root-level paths. */
const fromRoot = (...segments: string[]): string =>
  path.resolve(__dirname, '../../..', ...segments);

/**
 * The prebuilt bundle when there is one (production, `npm start`), else the workflow sources,
 * bundled once at start-up (tests, development).
 */
export function workflowCode(config: OrchestratorConfig): {
  workflowBundlePath?: string;
  workflowsPath?: string;
} {
  const bundle = config.WORKFLOW_BUNDLE ?? fromRoot('workflow-bundle.js');
  if (existsSync(bundle)) return { workflowBundlePath: bundle };
  if (config.WORKFLOW_BUNDLE)
    throw new Error(`WORKFLOW_BUNDLE=${config.WORKFLOW_BUNDLE} does not exist`);
  return { workflowsPath: fromRoot('workflows') };
}

/**
 * Runs the workflows of every process on the "processes" queue, and the few activities about the
 * processes themselves (what Temporal holds about a customer; deleting erased histories). No
 * database.
 */
@Module({})
export class OrchestratorAppModule {
  static forRoot(
    config: OrchestratorConfig,
    logger: Logger,
    /** Tests may run their own workflows (a folder whose index exports them). */
    options: { workflowsPath?: string } = {},
  ): DynamicModule {
    return {
      module: OrchestratorAppModule,
      imports: [
        loggerModule(logger),
        TemporalClientModule.forRoot(config),
        TemporalWorkerModule.forRoot(config, {
          taskQueue: TaskQueues.processes,
          logger,
          ...(options.workflowsPath
            ? { workflowsPath: options.workflowsPath }
            : workflowCode(config)),
          maxConcurrentWorkflowTaskExecutions: config.ORCHESTRATOR_MAX_CONCURRENT_WORKFLOW_TASKS,
          activities: [ProcessRecordsActivities],
        }),
        HealthModule.forRoot({
          inject: [TemporalHealthIndicator],
          useFactory: (temporal: TemporalHealthIndicator) => [() => temporal.check()],
        }),
      ],
      providers: [ProcessRecordsActivities],
    };
  }
}
