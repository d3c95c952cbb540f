import { defineConfig, type Options, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
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
    // The entities use legacy decorators and leave many column types to TypeScript's emitted
    // design:type metadata; MikroORM 7 no longer reads that unless told to.
    metadataProvider: ReflectMetadataProvider,
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
    schemaGenerator: {
      // The schema is what the migrations made with MikroORM 6: foreign keys ON UPDATE CASCADE
      // (6's default; 7 emits no rule), and triggers written by hand in migrations, which the
      // entities do not declare (7 would otherwise diff them away).
      defaultUpdateRule: 'cascade',
      ignoreTriggers: true,
    },
    allowGlobalContext: false,
    debug: database.DATABASE_DEBUG,
    discovery: { warnWhenNoEntities: false },
  });
}
