import 'reflect-metadata';
import { createHttpApp, createLogger, loadConfigOrExit } from '@throughline/common';
import { runWorkerApp } from '@throughline/temporal';
import { OrchestratorAppModule } from './orchestrator-app.module';
import { orchestratorConfigSchema } from './orchestrator.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(orchestratorConfigSchema, 'orchestrator');
  const logger = createLogger('orchestrator', config.LOG_LEVEL, config.LOG_FORMAT);
  const app = await createHttpApp(OrchestratorAppModule.forRoot(config, logger), {
    title: 'Throughline orchestrator',
    description: 'Workflow worker on the "processes" task queue; health endpoints only.',
  });
  await app.listen(config.ORCHESTRATOR_PORT, config.HTTP_HOST);
  logger.info(
    { port: config.ORCHESTRATOR_PORT, node: process.version },
    'orchestrator health listening',
  );
  await runWorkerApp(app, logger);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[orchestrator] failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
