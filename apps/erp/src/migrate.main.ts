import 'reflect-metadata';
import { z } from 'zod';
import { loadConfigOrExit } from '@throughline/common';
import { erpSchemaContext } from '@throughline/erp';
import { databaseEnvSchema, migrateSchema } from '@throughline/database';

/** Applies the ERP schema's pending migrations (`npm run migrate:erp`). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object(databaseEnvSchema.shape), 'erp:migrate');
  const applied = await migrateSchema(erpSchemaContext, config);
  process.stdout.write(
    `[erp:migrate] ${applied.length} migration(s) applied${applied.length ? `: ${applied.join(', ')}` : ''}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[erp:migrate] failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
