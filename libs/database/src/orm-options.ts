import { defineConfig, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';
import type { DatabaseEnv } from './database.config';

/** One system of record's slice of the database: its own schema, entities and migrations. */
export interface SchemaContext {
  /** PostgreSQL schema the system owns, e.g. `crm`. */
  schema: string;
  // MikroORM accepts entity classes of any shape here.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  migrations: MigrationObject[];
}

/** MikroORM options for a system's schema; migrations are explicit classes, never schema sync. */
export function ormOptions(context: SchemaContext, database: DatabaseEnv): Options {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: database.DATABASE_URL,
    schema: context.schema,
    entities: context.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: context.migrations,
      tableName: `${context.schema}.mikro_orm_migrations`,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: 0, max: database.DATABASE_POOL_MAX },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: database.DATABASE_DEBUG,
    discovery: { warnWhenNoEntities: false },
  });
}
