import 'reflect-metadata';
import { createHttpApp, createLogger, loadConfigOrExit } from '@throughline/common';
import { runWorkerApp } from '@throughline/temporal';
import { ErpAppModule } from './erp-app.module';
import { erpConfigSchema } from './erp.config';
import { erpDocument } from './erp.document';

async function main(): Promise<void> {
  const config = loadConfigOrExit(erpConfigSchema, 'erp');
  const logger = createLogger('erp', config.LOG_LEVEL, config.LOG_FORMAT);
  const app = await createHttpApp(ErpAppModule.forRoot(config, logger), erpDocument);
  await app.listen(config.ERP_PORT, config.HTTP_HOST);
  logger.info({ port: config.ERP_PORT, node: process.version }, 'ERP REST listening');
  await runWorkerApp(app, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[erp] failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
