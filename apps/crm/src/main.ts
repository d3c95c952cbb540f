import 'reflect-metadata';
import { createHttpApp, createLogger, loadConfigOrExit } from '@throughline/common';
import { runWorkerApp } from '@throughline/temporal';
import { CrmAppModule } from './crm-app.module';
import { crmConfigSchema } from './crm.config';
import { crmDocument } from './crm.document';

async function main(): Promise<void> {
  const config = loadConfigOrExit(crmConfigSchema, 'crm');
  const logger = createLogger('crm', config.LOG_LEVEL, config.LOG_FORMAT);
  const app = await createHttpApp(CrmAppModule.forRoot(config, logger), crmDocument);
  await app.listen(config.CRM_PORT, config.HTTP_HOST);
  logger.info({ port: config.CRM_PORT, node: process.version }, 'CRM REST listening');
  await runWorkerApp(app, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[crm] failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
