import 'reflect-metadata';
// Global setup runs outside jest's module mapper: resolve the tsconfig path aliases here too.
import { register } from 'tsconfig-paths';
import tsconfig from '../../tsconfig.json';
register({ baseUrl: `${__dirname}/../..`, paths: tsconfig.compilerOptions.paths });
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MetadataStorage } from '@mikro-orm/core';
import { Client } from 'pg';
import { crmSchemaContext } from '@throughline/crm';
import { erpSchemaContext } from '@throughline/erp';
import { migrateSchema, startEmbeddedPostgres } from '@throughline/database';
import { apiSchemaContext } from '../../apps/api/src/api.context';
import searchAttributes from '../../libs/contracts/src/search-attributes.json';
import { testEnvFile, TEST_NAMESPACE_COUNT, type TestEnv } from './test-env';

const root = path.resolve(__dirname, '../..');
const log = (message: string): void => {
  process.stderr.write(`[test setup] ${message}\n`);
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function startTemporal(): Promise<{ address: string; pid: number }> {
  const cli = execFileSync(
    process.execPath,
    [path.join(root, 'scripts/temporal-ensure.mjs'), '--print-path'],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  ).trim();
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const namespaces = Array.from({ length: TEST_NAMESPACE_COUNT }, (_, i) => `test-${i + 1}`);
  const server = spawn(
    cli,
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--http-port',
      String(await freePort()),
      '--metrics-port',
      String(await freePort()),
      '--log-level',
      'error',
      ...namespaces.flatMap((ns) => ['--namespace', ns]),
      ...Object.entries(searchAttributes).flatMap(([name, type]) => [
        '--search-attribute',
        `${name}=${type}`,
      ]),
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], detached: false },
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null)
      throw new Error(`Temporal dev server exited with ${server.exitCode}`);
    const ready = spawnSync(
      cli,
      [
        'operator',
        'namespace',
        'describe',
        '--namespace',
        namespaces.at(-1)!,
        '--address',
        address,
      ],
      {
        stdio: 'ignore',
      },
    );
    if (ready.status === 0) return { address, pid: server.pid! };
    await new Promise((r) => setTimeout(r, 300));
  }
  server.kill('SIGKILL');
  throw new Error('Temporal dev server did not become ready within 60 s');
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Recreates a database on a server; used for the run's own database on a local server. */
async function recreateDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
}

/** Empties the crm and erp schemas of a database whose name says it is for tests. */
async function resetSchemas(url: string): Promise<void> {
  const database = new URL(url).pathname.slice(1);
  if (!/test/i.test(database)) {
    throw new Error(
      `DATABASE_URL points at "${database}"; the tests drop the crm and erp schemas, so they only ` +
        'run against a database whose name contains "test".',
    );
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      'drop schema if exists crm cascade; drop schema if exists erp cascade; drop schema if exists api cascade;',
    );
  } finally {
    await client.end();
  }
}

async function prepareDatabase(): Promise<
  Pick<TestEnv, 'DATABASE_URL' | 'databaseKind' | 'ownDatabase'>
> {
  if (process.env.DATABASE_URL) {
    await resetSchemas(process.env.DATABASE_URL);
    return { DATABASE_URL: process.env.DATABASE_URL, databaseKind: 'external' };
  }
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (process.env.TEST_EMBEDDED_PG !== '1' && (await canConnect(local))) {
    // One database per run, so runs in parallel (several checkouts) never share rows.
    const name = `throughline_test_${process.pid}`;
    await recreateDatabase(local, name);
    return {
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${name}`,
      databaseKind: 'local-server',
      ownDatabase: { adminUrl: local, name },
    };
  }
  log(
    'starting the embedded PostgreSQL (no DATABASE_URL, and no server at 127.0.0.1:5432 or TEST_EMBEDDED_PG=1)',
  );
  const embedded = await startEmbeddedPostgres({
    dataDir: mkdtempSync(path.join(tmpdir(), 'throughline-test-pg-')),
    port: await freePort(),
    maxConnections: 60,
  });
  (globalThis as { embeddedPostgres?: typeof embedded }).embeddedPostgres = embedded;
  return { DATABASE_URL: embedded.url, databaseKind: 'embedded' };
}

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const [temporal, database] = await Promise.all([startTemporal(), prepareDatabase()]);
  (globalThis as { temporalPid?: number }).temporalPid = temporal.pid;
  const dbEnv = {
    DATABASE_URL: database.DATABASE_URL,
    DATABASE_POOL_MAX: 4,
    DATABASE_DEBUG: false,
  };
  await migrateSchema(crmSchemaContext, dbEnv);
  await migrateSchema(erpSchemaContext, dbEnv);
  await migrateSchema(apiSchemaContext, dbEnv);
  // Entity metadata lives on the process global; when jest runs suites in this same process
  // (in band), metadata left from setup's realm would break discovery in the suites' realm.
  MetadataStorage.clear();
  const env: TestEnv = {
    TEMPORAL_ADDRESS: temporal.address,
    temporalPid: temporal.pid,
    ...database,
  };
  const file = testEnvFile(process.pid);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(env, null, 2));
  process.env.THROUGHLINE_TEST_ENV_FILE = file;
  (globalThis as { testEnv?: TestEnv }).testEnv = env;
  log(
    `Temporal dev server at ${temporal.address}, ${database.databaseKind} PostgreSQL, migrated ` +
      `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}
