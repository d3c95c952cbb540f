import 'reflect-metadata';
import { z } from 'zod';
import { loadConfigOrExit } from '@throughline/common';
import { apiSchemaContext } from './api.context';
import { databaseEnvSchema, migrateSchema } from '@throughline/database';

/** Applies the API schema's pending migrations (`npm run migrate:api`). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object(databaseEnvSchema.shape), 'api:migrate');
  const applied = await migrateSchema(apiSchemaContext, config);
  process.stdout.write(
    `[api:migrate] ${applied.length} migration(s) applied${applied.length ? `: ${applied.join(', ')}` : ''}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[api:migrate] failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
