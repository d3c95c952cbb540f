import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Migration } from '@mikro-orm/migrations';
import { Client } from 'pg';
import { crmSchemaContext } from '@throughline/crm';
import { erpSchemaContext } from '@throughline/erp';
import { migrateSchema, type SchemaContext } from '@throughline/database';
import { apiSchemaContext } from '../../apps/api/src/api.context';
import { separateDatabase, type SeparateDatabase } from '../support/infrastructure';
import { runScript } from '../support/node-script';

/** A migration that exists only here: proves the current MikroORM also writes the old table. */
class Migration29991231000000UpgradeProbe extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "crm"."upgrade_probe" ("id" int primary key);`);
  }
}

const contexts: SchemaContext[] = [crmSchemaContext, erpSchemaContext, apiSchemaContext];

/**
 * Databases that exist today were migrated by MikroORM 6. A dump of one (migrated and seeded by
 * 6.6.16, test/fixtures/mikro-orm-6) is loaded into a database of this suite's own, then migrated
 * by the MikroORM in package.json: it must recognise every migration 6 recorded (apply none of
 * them again), record new ones in the same tables, and leave data that every checker accepts.
 */
describe('a database migrated by MikroORM 6', () => {
  let own: SeparateDatabase | undefined;
  let url: string;
  const dbEnv = (): { DATABASE_URL: string; DATABASE_POOL_MAX: number; DATABASE_DEBUG: false } => ({
    DATABASE_URL: url,
    DATABASE_POOL_MAX: 2,
    DATABASE_DEBUG: false,
  });

  async function query<T extends object>(sql: string): Promise<T[]> {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    own = await separateDatabase('orm6');
    url = own.url;
    const dump = readFileSync(path.join(__dirname, '../fixtures/mikro-orm-6/database.sql'), 'utf8');
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(dump);
    } finally {
      await client.end();
    }
  });

  afterAll(async () => {
    await own?.dispose();
  });

  it('is migrated forward: every migration 6 recorded is recognised, only the newer ones run', async () => {
    for (const context of contexts) {
      const recorded = (
        await query<{ name: string }>(
          `select name from "${context.schema}".mikro_orm_migrations order by id`,
        )
      ).map((row) => row.name);
      const known = context.migrations.map((m) => m.name);
      // What 6 recorded is what this build knows, in its order; what came after the dump runs now.
      expect(known.filter((name) => recorded.includes(name))).toEqual(recorded);
      expect(await migrateSchema(context, dbEnv())).toEqual(
        known.filter((name) => !recorded.includes(name)),
      );
      expect(await migrateSchema(context, dbEnv())).toEqual([]);
    }
  });

  it('records a new migration in the same table, once', async () => {
    const withProbe: SchemaContext = {
      ...crmSchemaContext,
      migrations: [
        ...crmSchemaContext.migrations,
        {
          name: 'Migration29991231000000_upgrade_probe',
          class: Migration29991231000000UpgradeProbe,
        },
      ],
    };
    await migrateSchema(crmSchemaContext, dbEnv()); // what came after the dump, if not yet
    expect(await migrateSchema(withProbe, dbEnv())).toEqual([
      'Migration29991231000000_upgrade_probe',
    ]);
    expect(await migrateSchema(withProbe, dbEnv())).toEqual([]);
    const rows = await query<{ name: string }>(
      'select name from crm.mikro_orm_migrations order by id',
    );
    expect(rows.map((row) => row.name)).toEqual(withProbe.migrations.map((m) => m.name));
    await query('drop table crm.upgrade_probe');
  });

  it.each([
    ['CRM', 'dist/apps/crm/src/check.main.js'],
    ['ERP', 'dist/apps/erp/src/check.main.js'],
    ['cross-system', 'dist/libs/cross-system/src/check.main.js'],
  ])('passes the %s invariant checker', async (_name, entry) => {
    const run = await runScript(entry, { DATABASE_URL: url });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
