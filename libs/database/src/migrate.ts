import { MikroORM } from '@mikro-orm/postgresql';
import type { DatabaseEnv } from './database.config';
import { ormOptions, type SchemaContext } from './orm-options';

/** Applies the pending migrations of one schema; returns the names that ran. */
export async function migrateSchema(
  context: SchemaContext,
  database: DatabaseEnv,
): Promise<string[]> {
  const orm = await MikroORM.init({ ...ormOptions(context, database), pool: { min: 0, max: 2 } });
  try {
    const applied = await orm.getMigrator().up();
    return applied.map((migration) => migration.name);
  } finally {
    await orm.close(true);
  }
}
