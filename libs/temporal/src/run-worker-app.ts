import type { INestApplicationContext } from '@nestjs/common';
import type { Logger } from 'pino';
import { WorkerHost } from './worker-host';

/**
 * Runs an app whose main job is its worker until SIGINT/SIGTERM or a worker failure, then closes
 * the app (HTTP server, database pool, Temporal connections) and exits: 0 after a requested
 * shutdown, 1 when the worker failed. A second signal takes the default action and kills at once.
 */
export async function runWorkerApp(app: INestApplicationContext, logger: Logger): Promise<never> {
  const host = app.get(WorkerHost);
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    host.shutdown();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let exitCode = 0;
  try {
    await host.run();
  } catch (error) {
    logger.error({ err: error }, 'worker failed');
    exitCode = 1;
  }
  try {
    await app.close();
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    exitCode = 1;
  }
  logger.info({ exitCode }, 'stopped');
  logger.flush?.();
  process.exit(exitCode);
}
