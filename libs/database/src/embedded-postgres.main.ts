// Runs the embedded PostgreSQL as its own process (started by `npm start` when DATABASE_URL is unset).
import path from 'node:path';
import { z } from 'zod';
import { env, loadConfig } from '@throughline/common';
import { startEmbeddedPostgres } from './embedded-postgres';

const config = loadConfig(
  z.object({
    EMBEDDED_PG_DATA_DIR: z.string().default(path.resolve('.data/postgres')),
    EMBEDDED_PG_PORT: env.port(5433),
    EMBEDDED_PG_MAX_CONNECTIONS: env.positiveInt(40),
  }),
);

async function main(): Promise<void> {
  const started = Date.now();
  const pg = await startEmbeddedPostgres({
    dataDir: config.EMBEDDED_PG_DATA_DIR,
    port: config.EMBEDDED_PG_PORT,
    maxConnections: config.EMBEDDED_PG_MAX_CONNECTIONS,
  });
  process.stdout.write(`embedded PostgreSQL ready at ${pg.url} (${Date.now() - started} ms)\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    pg.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`embedded PostgreSQL failed: ${String(error)}\n`);
  process.exit(1);
});
