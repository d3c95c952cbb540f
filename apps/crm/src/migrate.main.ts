import 'reflect-metadata';
import { z } from 'zod';
import { loadConfigOrExit } from '@throughline/common';
import { crmSchemaContext } from '@throughline/crm';
import { databaseEnvSchema, migrateSchema } from '@throughline/database';

/** Applies the CRM schema's pending migrations (`npm run migrate:crm`). */
async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object(databaseEnvSchema.shape), 'crm:migrate');
  const applied = await migrateSchema(crmSchemaContext, config);
  process.stdout.write(
    `[crm:migrate] ${applied.length} migration(s) applied${applied.length ? `: ${applied.join(', ')}` : ''}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[crm:migrate] failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
