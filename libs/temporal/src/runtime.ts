import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';
import { redactError, redactPersonalData } from '@throughline/common';

let installed = false;

const pinoLevel: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Routes the SDK's own logs (worker and workflow loggers) to pino; once per process. */
export function installTemporalRuntime(logger: Logger): void {
  if (installed) return;
  installed = true;
  const sdkLogger = logger.child({ component: 'temporal' });
  Runtime.install({
    logger: new DefaultLogger('INFO', (entry) => {
      // A worker serving only activities (or only workflows) is the design here, not a problem.
      const expected = /^No (workflows|activities|Nexus services) registered/.test(entry.message);
      const level = expected ? 'debug' : pinoLevel[entry.level];
      // The SDK attaches the failure as `error` (or `failure`): type and reason, no SQL values.
      const { error, failure, ...meta } = (entry.meta ?? {}) as Record<string, unknown>;
      // Ids of processes started before 2026-11 hold e-mail addresses.
      for (const field of ['workflowId', 'parentWorkflowId', 'activityId']) {
        if (typeof meta[field] === 'string') meta[field] = redactPersonalData(meta[field]);
      }
      sdkLogger[level](
        {
          ...meta,
          ...(error !== undefined ? { error: redactError(error) } : {}),
          ...(failure !== undefined ? { failure: redactError(failure) } : {}),
        },
        entry.message,
      );
    }),
  });
}
