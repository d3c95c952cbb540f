import 'reflect-metadata';
import { createHttpApp, createLogger, loadConfigOrExit } from '@throughline/common';
import { ApiAppModule } from './api-app.module';
import { apiConfigSchema } from './api.config';
import { apiDocument } from './api.document';

async function main(): Promise<void> {
  const config = loadConfigOrExit(apiConfigSchema, 'api');
  const logger = createLogger('api', config.LOG_LEVEL, config.LOG_FORMAT);
  const app = await createHttpApp(ApiAppModule.forRoot(config, logger), apiDocument);
  await app.listen(config.API_PORT, config.HTTP_HOST);
  logger.info({ port: config.API_PORT, node: process.version }, 'API listening');
  // app.close() (unlike Nest's shutdown hooks) waits for running handlers before it closes the
  // Temporal connection and the database pool. A second signal kills at once.
  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[api] failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
