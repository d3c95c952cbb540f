import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfigOrExit } from '@throughline/common';
import { databaseEnvSchema, type DatabaseEnv } from './database.config';
import { ormOptions, type SchemaContext } from './orm-options';

/** Applies the pending migrations of one schema; returns the names that ran. */
export async function migrateSchema(
  context: SchemaContext,
  database: DatabaseEnv,
): Promise<string[]> {
  const orm = await MikroORM.init({ ...ormOptions(context, database), pool: { min: 0, max: 2 } });
  try {
    const applied = await orm.migrator.up();
    return applied.map((migration) => migration.name);
  } finally {
    await orm.close(true);
  }
}

/**
 * The body of an app's `migrate.main.ts` (`npm run migrate:<app>`): reads DATABASE_URL, applies
 * the schema's pending migrations, says which, and exits 1 with the reason when it fails.
 */
export function runMigrateMain(context: SchemaContext, label: string): void {
  const run = async (): Promise<void> => {
    const config = loadConfigOrExit(databaseEnvSchema, label);
    const applied = await migrateSchema(context, config);
    process.stdout.write(
      `[${label}] ${applied.length} migration(s) applied${applied.length ? `: ${applied.join(', ')}` : ''}\n`,
    );
  };
  run().catch((error: unknown) => {
    process.stderr.write(
      `[${label}] failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
