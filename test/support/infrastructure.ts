import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { crmSchemaContext } from '@throughline/crm';
import { erpSchemaContext } from '@throughline/erp';
import { type EmbeddedPostgres, migrateSchema, startEmbeddedPostgres } from '@throughline/database';
import { apiSchemaContext } from '../../apps/api/src/api.context';
import searchAttributes from '../../libs/contracts/src/search-attributes.json';

// The servers a test run or a benchmark needs: one Temporal dev server, one fresh database.

/** The checkout (the folder with package.json), from the sources or from dist/ alike. */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

const root = projectRoot();
const log = (message: string): void => {
  process.stderr.write(`[setup] ${message}\n`);
};

/** A new payload key list of one key (`<id>:<base64 of 32 random bytes>`) for a run or script. */
export function newPayloadKeys(id: string): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A Temporal dev server (in memory) on free ports, with the given namespaces and our search attributes. */
export async function startTemporal(
  namespaces: string[],
): Promise<{ address: string; pid: number }> {
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
    if (ready.status === 0) {
      // Never outlive this process, even when it crashes before it can stop the server.
      process.once('exit', () => server.kill('SIGKILL'));
      return { address, pid: server.pid! };
    }
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

/** Empties the crm, erp and api schemas of a database whose name says it is for tests. */
async function resetSchemas(url: string, purpose: string): Promise<void> {
  const database = new URL(url).pathname.slice(1);
  if (!new RegExp(purpose, 'i').test(database)) {
    throw new Error(
      `DATABASE_URL points at "${database}"; this drops the crm, erp and api schemas, so it only ` +
        `runs against a database whose name contains "${purpose}".`,
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

/** DATABASE_URL (its name must contain "test" or "bench"), else a fresh database on the local server, else embedded. */
export async function prepareDatabase(purpose: 'test' | 'bench'): Promise<PreparedDatabase> {
  if (process.env.DATABASE_URL) {
    await resetSchemas(process.env.DATABASE_URL, purpose);
    return { DATABASE_URL: process.env.DATABASE_URL, databaseKind: 'external' };
  }
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (process.env.TEST_EMBEDDED_PG !== '1' && (await canConnect(local))) {
    // One database per run, so runs in parallel (several checkouts) never share rows.
    const name = `throughline_${purpose}_${process.pid}`;
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
  return { DATABASE_URL: embedded.url, databaseKind: 'embedded', embedded };
}

export interface PreparedDatabase {
  DATABASE_URL: string;
  databaseKind: 'external' | 'local-server' | 'embedded';
  /** A database created on a local server, to drop when done. */
  ownDatabase?: { adminUrl: string; name: string };
  embedded?: EmbeddedPostgres;
}

export interface SeparateDatabase {
  url: string;
  dispose(): Promise<void>;
}

/**
 * A second, empty database that only its caller uses, for rows no other suite may see (a
 * corruption committed for a checker script): on a server a new database next to the test one
 * (named with `suffix`, unique per suite); on the embedded PostgreSQL, which holds one database
 * whatever the URL names, a second embedded instance of its own.
 */
export async function separateDatabase(suffix: string): Promise<SeparateDatabase> {
  const base = new URL(process.env.DATABASE_URL!);
  const admin = new Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    const [{ version }] = (await admin.query<{ version: string }>('select version()')).rows;
    if (/PGlite/.test(version)) {
      // PGlite cannot start inside jest's VM context; a second embedded server as a process.
      const port = await freePort();
      const server = spawn(
        process.execPath,
        [path.join(root, 'dist/libs/database/src/embedded-postgres.main.js')],
        {
          env: {
            ...process.env,
            EMBEDDED_PG_DATA_DIR: mkdtempSync(path.join(tmpdir(), `throughline-${suffix}-`)),
            EMBEDDED_PG_PORT: String(port),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      await new Promise<void>((resolve, reject) => {
        server.stdout.on(
          'data',
          (chunk: Buffer) => chunk.toString().includes('ready') && resolve(),
        );
        server.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
      });
      return {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        dispose: async () => {
          const exited = new Promise((resolve) => server.once('exit', resolve));
          server.kill('SIGTERM');
          await exited;
        },
      };
    }
    const name = `${base.pathname.slice(1)}_${suffix}`.slice(0, 60);
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
    const url = new URL(base);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async dispose() {
        const cleanup = new Client({ connectionString: base.toString() });
        await cleanup.connect();
        await cleanup
          .query(`drop database if exists "${name}" with (force)`)
          .finally(() => cleanup.end());
      },
    };
  } finally {
    await admin.end();
  }
}

/** Applies the migrations of every schema. */
export async function migrateAll(url: string): Promise<void> {
  const dbEnv = { DATABASE_URL: url, DATABASE_POOL_MAX: 4, DATABASE_DEBUG: false };
  await migrateSchema(crmSchemaContext, dbEnv);
  await migrateSchema(erpSchemaContext, dbEnv);
  await migrateSchema(apiSchemaContext, dbEnv);
}

/** Drops a database this process created. */
export async function dropOwnDatabase(own: { adminUrl: string; name: string }): Promise<void> {
  const admin = new Client({ connectionString: own.adminUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${own.name}" with (force)`);
  } finally {
    await admin.end();
  }
}

/** Stops a process started here: SIGTERM, then SIGKILL after the timeout. */
export async function stopProcess(pid: number, timeoutMs = 10_000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(pid, 'SIGKILL');
}

export interface OwnInfrastructure {
  temporalAddress: string;
  stop(): Promise<void>;
}

/**
 * A fresh Temporal dev server (one namespace) and database, migrated, for a script that runs
 * outside jest (benchmarks, history recording). The process environment points at them, and
 * holds the payload keys and a subject key secret (unless one is set), until stop(), so apps
 * started or spawned meanwhile use them; a failed start leaves nothing behind.
 */
export async function startOwnInfrastructure(
  namespace: string,
  purpose: 'test' | 'bench',
  /** The payload keys of the apps and clients (TEMPORAL_PAYLOAD_KEYS); a new key by default. */
  payloadKeys = newPayloadKeys(`${purpose}-${process.pid}`),
): Promise<OwnInfrastructure> {
  const keys = [
    'TEMPORAL_ADDRESS',
    'TEMPORAL_NAMESPACE',
    'DATABASE_URL',
    'LOG_LEVEL',
    'TEMPORAL_PAYLOAD_KEYS',
    'TEMPORAL_PAYLOAD_KEYS_FILE',
    'THROUGHLINE_MODE',
    'SUBJECT_KEY_SECRET',
  ] as const;
  const before = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
  const [temporalStart, databaseStart] = await Promise.allSettled([
    startTemporal([namespace]),
    prepareDatabase(purpose),
  ]);
  if (temporalStart.status === 'rejected' || databaseStart.status === 'rejected') {
    // Stop what did start, so a failed run leaves no server behind.
    if (temporalStart.status === 'fulfilled') await stopProcess(temporalStart.value.pid);
    if (databaseStart.status === 'fulfilled') {
      await databaseStart.value.embedded?.stop();
      if (databaseStart.value.ownDatabase) await dropOwnDatabase(databaseStart.value.ownDatabase);
    }
    throw temporalStart.status === 'rejected'
      ? temporalStart.reason
      : (databaseStart as PromiseRejectedResult).reason;
  }
  const temporal = temporalStart.value;
  const database = databaseStart.value;
  await migrateAll(database.DATABASE_URL);
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: namespace,
    DATABASE_URL: database.DATABASE_URL,
    LOG_LEVEL: 'error',
    TEMPORAL_PAYLOAD_KEYS: payloadKeys,
    THROUGHLINE_MODE: 'production',
    // The API needs one (e-mails in process ids are its keyed hashes); jest's setup sets its own.
    SUBJECT_KEY_SECRET: process.env.SUBJECT_KEY_SECRET ?? randomBytes(32).toString('base64'),
  });
  delete process.env.TEMPORAL_PAYLOAD_KEYS_FILE;
  return {
    temporalAddress: temporal.address,
    async stop() {
      await stopProcess(temporal.pid);
      await database.embedded?.stop();
      if (database.ownDatabase) await dropOwnDatabase(database.ownDatabase);
      // The next run prepares its own server and database, not these.
      for (const key of keys) {
        if (before[key] === undefined) delete process.env[key];
        else process.env[key] = before[key];
      }
    },
  };
}
