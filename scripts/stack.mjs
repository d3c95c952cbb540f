#!/usr/bin/env node
// `npm start`: the whole stack on one machine with embedded defaults. Ensures the Temporal CLI,
// builds, starts the Temporal dev server and PostgreSQL (embedded unless DATABASE_URL is set),
// migrates, starts the four apps with prefixed logs, prints the URLs, and on Ctrl-C stops
// everything it started.
import './require-node.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTemporalCli } from './temporal-ensure.mjs';
import { devSecret } from './dev-secrets.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(root, '.data');
const env = process.env;

const ports = {
  api: Number(env.API_PORT ?? 3000),
  crm: Number(env.CRM_PORT ?? 3001),
  erp: Number(env.ERP_PORT ?? 3002),
  orchestrator: Number(env.ORCHESTRATOR_PORT ?? 3003),
  temporal: Number(env.TEMPORAL_PORT ?? 7233),
  temporalUi: Number(env.TEMPORAL_UI_PORT ?? 8233),
  postgres: Number(env.EMBEDDED_PG_PORT ?? 5433),
};
const externalTemporal = Boolean(env.TEMPORAL_ADDRESS);
/** The API's codec server, which the dev server's Web UI decodes payloads with (role ops). */
const codecEndpoint = `http://localhost:${ports.api}/codec`;
const externalDatabase = Boolean(env.DATABASE_URL);

const colors = {
  stack: 1,
  temporal: 35,
  postgres: 34,
  api: 32,
  crm: 36,
  erp: 33,
  orchestrator: 95,
};
const tty = process.stdout.isTTY;
const label = (name) => {
  const text = `[${name}]`.padEnd(15);
  return tty ? `\x1b[${colors[name] ?? 0}m${text}\x1b[0m` : text;
};
const say = (message) => process.stdout.write(`${label('stack')}${message}\n`);

/** Children in start order; stopped in reverse. */
const children = [];
let stopping = false;

function prefixLines(name, stream, target) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) target.write(`${label(name)}${line}\n`);
  });
  stream.on('end', () => pending && target.write(`${label(name)}${pending}\n`));
}

function start(name, command, args, extraEnv = {}) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Own process group: Ctrl-C reaches only this supervisor, which stops the apps before the
    // servers they need (a terminal's SIGINT to every process at once would race them).
    detached: true,
  });
  prefixLines(name, child.stdout, process.stdout);
  prefixLines(name, child.stderr, process.stderr);
  const entry = { name, child, exited: false };
  child.on('exit', (code, signal) => {
    entry.exited = true;
    if (!stopping) {
      say(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the stack`);
      stop(1);
    }
  });
  children.push(entry);
  return entry;
}

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) throw new Error('stopped');
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
}

const httpOk = (url) => async () => (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;

function runStep(name, command, args, extraEnv) {
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...env, ...extraEnv },
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`${name} failed (exit ${result.status})`);
}

async function terminate(entry) {
  if (entry.exited) return;
  const exited = new Promise((resolve) => entry.child.once('exit', () => resolve(true)));
  entry.child.kill('SIGTERM');
  const inTime = await Promise.race([
    exited,
    new Promise((r) => setTimeout(() => r(false), 20_000)),
  ]);
  if (!inTime && !entry.exited) {
    say(`${entry.name} did not stop in time; killing it`);
    entry.child.kill('SIGKILL');
    await exited;
  }
}

async function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  say('stopping...');
  // Apps first, all at once (they drain in-flight work), then the servers they depend on.
  const infrastructure = new Set(['temporal', 'postgres']);
  await Promise.all(children.filter((e) => !infrastructure.has(e.name)).map(terminate));
  await Promise.all(children.filter((e) => infrastructure.has(e.name)).map(terminate));
  say('stopped');
  process.exit(exitCode);
}

async function main() {
  const started = Date.now();
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
    say('installing dependencies (npm ci)');
    runStep('npm ci', 'npm', ['ci']);
  }
  const wanted = [
    ['API', ports.api],
    ['CRM', ports.crm],
    ['ERP', ports.erp],
    ['orchestrator', ports.orchestrator],
    ...(externalTemporal
      ? []
      : [
          ['Temporal', ports.temporal],
          ['Temporal UI', ports.temporalUi],
        ]),
    ...(externalDatabase ? [] : [['embedded PostgreSQL', ports.postgres]]),
  ];
  for (const [what, port] of wanted) {
    if (!(await portFree(port))) {
      throw new Error(
        `port ${port} (${what}) is in use; stop what uses it or set its *_PORT variable`,
      );
    }
  }

  const temporalCli = externalTemporal ? undefined : await ensureTemporalCli();
  say('building');
  runStep('build', process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
  mkdirSync(dataDir, { recursive: true });

  const temporalAddress = env.TEMPORAL_ADDRESS ?? `127.0.0.1:${ports.temporal}`;
  if (temporalCli) {
    const searchAttributes = JSON.parse(
      readFileSync(path.join(root, 'libs/contracts/src/search-attributes.json'), 'utf8'),
    );
    start('temporal', temporalCli, [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(ports.temporal),
      '--ui-port',
      String(ports.temporalUi),
      '--ui-codec-endpoint',
      codecEndpoint,
      '--db-filename',
      path.join(dataDir, 'temporal.db'),
      '--sqlite-pragma',
      'journal_mode=WAL',
      '--sqlite-pragma',
      'synchronous=NORMAL',
      '--log-level',
      env.TEMPORAL_LOG_LEVEL ?? 'error',
      ...Object.entries(searchAttributes).flatMap(([name, type]) => [
        '--search-attribute',
        `${name}=${type}`,
      ]),
    ]);
    await waitFor(
      'Temporal dev server',
      async () =>
        spawnSync(
          temporalCli,
          [
            'operator',
            'namespace',
            'describe',
            '--namespace',
            'default',
            '--address',
            temporalAddress,
          ],
          {
            stdio: 'ignore',
          },
        ).status === 0,
      60_000,
    );
  }

  let databaseUrl = env.DATABASE_URL;
  if (!externalDatabase) {
    start(
      'postgres',
      process.execPath,
      [path.join(root, 'dist/libs/database/src/embedded-postgres.main.js')],
      {
        EMBEDDED_PG_DATA_DIR: path.join(dataDir, 'postgres'),
        EMBEDDED_PG_PORT: String(ports.postgres),
      },
    );
    databaseUrl = `postgres://postgres@127.0.0.1:${ports.postgres}/postgres`;
    await waitFor(
      'embedded PostgreSQL',
      () =>
        new Promise((resolve) => {
          const socket = net.connect(ports.postgres, '127.0.0.1', () => {
            socket.end();
            resolve(true);
          });
          socket.on('error', () => resolve(false));
        }),
      60_000,
    );
  }

  const demoKeys = JSON.parse(
    readFileSync(path.join(root, 'apps/api/src/auth/demo-api-keys.json'), 'utf8'),
  );
  const appEnv = {
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_URL: databaseUrl,
    // Several pools share the single embedded backend; keep them small.
    DATABASE_POOL_MAX: env.DATABASE_POOL_MAX ?? (externalDatabase ? '10' : '4'),
    LOG_FORMAT: env.LOG_FORMAT ?? 'pretty',
    HTTP_HOST: env.HTTP_HOST ?? '127.0.0.1',
    TEMPORAL_UI_URL: env.TEMPORAL_UI_URL ?? `http://localhost:${ports.temporalUi}`,
    CRM_URL: `http://127.0.0.1:${ports.crm}`,
    ERP_URL: `http://127.0.0.1:${ports.erp}`,
    // The documented demo keys (README) in the API, the CRM and the ERP, unless the caller brings
    // its own; the API calls the CRM and ERP with the demo service account's key.
    API_KEYS: env.API_KEYS ?? JSON.stringify(demoKeys),
    SERVICE_API_KEY:
      env.SERVICE_API_KEY ?? demoKeys.find((entry) => entry.roles.includes('service'))?.key,
    // The keyed hash that stands for a person in process ids: generated once, then kept.
    SUBJECT_KEY_SECRET: env.SUBJECT_KEY_SECRET ?? devSecret(dataDir, 'subject-key-secret'),
    // The key that encrypts process data in Temporal: generated once, then kept (the histories
    // in .data/temporal.db need it), unless the caller brings TEMPORAL_PAYLOAD_KEYS(_FILE).
    ...(env.TEMPORAL_PAYLOAD_KEYS || env.TEMPORAL_PAYLOAD_KEYS_FILE
      ? {}
      : { TEMPORAL_PAYLOAD_KEYS: `dev:${devSecret(dataDir, 'temporal-payload-key')}` }),
  };
  say('migrating the crm, erp and api schemas');
  runStep('crm migrations', process.execPath, ['dist/apps/crm/src/migrate.main.js'], appEnv);
  runStep('erp migrations', process.execPath, ['dist/apps/erp/src/migrate.main.js'], appEnv);
  runStep('api migrations', process.execPath, ['dist/apps/api/src/migrate.main.js'], appEnv);
  if (env.STACK_SEED !== 'false') {
    // The demo catalog, stock and CRM records (idempotent), so `npm run demo` has goods to sell.
    say('loading the demo data (STACK_SEED=false skips it)');
    runStep('crm demo data', process.execPath, ['dist/apps/crm/src/seed.main.js'], appEnv);
    runStep('erp demo data', process.execPath, ['dist/apps/erp/src/seed.main.js'], appEnv);
  }

  for (const app of ['crm', 'erp', 'orchestrator', 'api']) {
    start(app, process.execPath, ['--enable-source-maps', `dist/apps/${app}/src/main.js`], appEnv);
  }
  for (const app of ['crm', 'erp', 'orchestrator', 'api']) {
    await waitFor(app, httpOk(`http://127.0.0.1:${ports[app]}/health/ready`), 90_000);
  }

  const api = `http://localhost:${ports.api}`;
  const lines = [
    '',
    `Throughline is up (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    `  API            ${api}`,
    `  Swagger        ${api}/docs`,
    `  CRM REST       http://localhost:${ports.crm}/docs`,
    `  ERP REST       http://localhost:${ports.erp}/docs`,
    temporalCli
      ? `  Temporal UI    http://localhost:${ports.temporalUi}`
      : `  Temporal       ${temporalAddress}`,
    `  Codec (ops)    ${codecEndpoint}   sign in here, then the Temporal UI shows process data (docs/operations.md)`,
    `  Database       ${externalDatabase ? 'DATABASE_URL' : `embedded PostgreSQL at ${databaseUrl}`}`,
    '',
    `  Try: npm run demo     (a lead to cash through the API, demo users doing the human steps)`,
    `  or:  npm run demo service   (a customer's call to the closed service case, dealers with their own keys)`,
    `  or:  curl -s -X POST ${api}/processes/customer-onboarding -H 'authorization: Bearer tl_demo_sales' \\`,
    `         -H 'content-type: application/json' \\`,
    `         -d '{"name":"Ada Lovelace Ltd","email":"ada@example.com"}'`,
    '',
    'Press Ctrl-C to stop everything.',
    '',
  ];
  for (const line of lines) say(line);
}

main().catch((error) => {
  say(`failed: ${error.message}`);
  stop(1);
});
