import 'reflect-metadata';
import { createHttpApp, createLogger, loadConfigOrExit } from '@throughline/common';
import { ApiAppModule } from './api-app.module';
import { apiConfigSchema } from './api.config';
import { apiDocument } from './api.document';

async function main(): Promise<void> {
  const config = loadConfigOrExit(apiConfigSchema, 'api');
  const logger = createLogger('api', config.LOG_LEVEL, config.LOG_FORMAT);
  const app = await createHttpApp(ApiAppModule.forRoot(config, logger), apiDocument);
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  await app.listen(config.API_PORT, config.HTTP_HOST);
  logger.info({ port: config.API_PORT }, 'API listening');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[api] failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
