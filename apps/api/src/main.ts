import 'reflect-metadata';
import { createHttpApp, createLogger, loadConfigOrExit } from '@throughline/common';
import { ApiAppModule } from './api-app.module';
import { apiConfigSchema } from './api.config';

export const apiDocument = {
  title: 'Throughline API',
  description:
    'Start, follow and act on business processes that run across CRM and ERP. ' +
    'Every endpoint but health needs an API key (Authorization: Bearer <key> or X-API-Key). ' +
    'Errors are RFC 9457 problem+json.',
  apiKeyAuth: true,
};

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
