import 'reflect-metadata';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import type { z } from 'zod';
import {
  createHttpApp,
  createLogger,
  type HttpAppOptions,
  loadConfig,
  subjectKey,
} from '@throughline/common';
import type { ProcessDefinition } from '@throughline/contracts';
import { WorkerHost } from '@throughline/temporal';
import { demoKeys } from './http';
import { projectRoot } from './infrastructure';
import { ApiAppModule } from '../../apps/api/src/api-app.module';
import { apiConfigSchema } from '../../apps/api/src/api.config';
import { apiDocument } from '../../apps/api/src/api.document';
import demoApiKeyList from '../../apps/api/src/auth/demo-api-keys.json';
import { CrmAppModule } from '../../apps/crm/src/crm-app.module';
import { crmConfigSchema } from '../../apps/crm/src/crm.config';
import { crmDocument } from '../../apps/crm/src/crm.document';
import { ErpAppModule } from '../../apps/erp/src/erp-app.module';
import { erpConfigSchema } from '../../apps/erp/src/erp.config';
import { erpDocument } from '../../apps/erp/src/erp.document';
import { OrchestratorAppModule } from '../../apps/orchestrator/src/orchestrator-app.module';
import { orchestratorConfigSchema } from '../../apps/orchestrator/src/orchestrator.config';

export type AppName = 'api' | 'crm' | 'erp' | 'orchestrator';

export interface RunningApp {
  name: AppName;
  app: NestExpressApplication;
  url: string;
}

type Overrides = Record<string, string | undefined>;

/** For suites that bring their own processes: a catalog for the API, workflows for the orchestrator. */
export interface StackOptions {
  catalog?: readonly ProcessDefinition[];
  workflowsPath?: string;
  /** Where the apps' logs go (JSON lines) instead of stdout, and at which level. */
  logs?: { destination: DestinationStream; level: string };
}

/**
 * The documented demo keys (tl_demo_sales, tl_demo_finance, ...) in all three apps, and the
 * API's service account for the CRM and ERP, as `npm start` configures them.
 */
const demoApiKeys = JSON.stringify(demoApiKeyList);
const demoCredentials = { API_KEYS: demoApiKeys, SERVICE_API_KEY: demoKeys.service };

const documents: Record<AppName, HttpAppOptions> = {
  api: apiDocument,
  crm: crmDocument,
  erp: erpDocument,
  orchestrator: { title: 'Throughline orchestrator', description: 'orchestrator' },
};

const root = path.resolve(__dirname, '../..');

function configFor<S extends z.ZodObject>(schema: S, overrides: Overrides): z.infer<S> {
  return loadConfig(schema, { ...process.env, ...overrides });
}

async function listen(name: AppName, module: DynamicModule): Promise<RunningApp> {
  const app = await createHttpApp(module, documents[name]);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { name, app, url: `http://127.0.0.1:${address.port}` };
}

/**
 * Starts one of the four apps in this process, with its real module, configuration schema,
 * database and Temporal worker, on a free port. Overrides replace environment variables.
 */
export async function startApp(
  name: AppName,
  overrides: Overrides = {},
  { catalog, workflowsPath, logs }: StackOptions = {},
): Promise<RunningApp> {
  const level = logs?.level ?? process.env.LOG_LEVEL ?? 'warn';
  const logger = createLogger(name, level, 'json', logs?.destination);
  let running: RunningApp;
  switch (name) {
    case 'crm':
      running = await listen(
        name,
        CrmAppModule.forRoot(
          configFor(crmConfigSchema, { API_KEYS: demoApiKeys, ...overrides }),
          logger,
        ),
      );
      break;
    case 'erp':
      running = await listen(
        name,
        ErpAppModule.forRoot(
          configFor(erpConfigSchema, { API_KEYS: demoApiKeys, ...overrides }),
          logger,
        ),
      );
      break;
    case 'orchestrator':
      running = await listen(
        name,
        OrchestratorAppModule.forRoot(configFor(orchestratorConfigSchema, overrides), logger, {
          // The sources, never a possibly stale dist/ bundle.
          workflowsPath: workflowsPath ?? path.join(root, 'workflows'),
        }),
      );
      break;
    case 'api':
      running = await listen(
        name,
        ApiAppModule.forRoot(
          configFor(apiConfigSchema, { ...demoCredentials, ...overrides }),
          logger,
          {
            catalog,
          },
        ),
      );
      break;
  }
  if (name !== 'api') await running.app.get(WorkerHost).start();
  return running;
}

/** The workflow id the API gives a process keyed by a person's e-mail (its keyed hash). */
export function processIdFor(type: string, email: string): string {
  const secret = process.env.SUBJECT_KEY_SECRET;
  if (!secret) throw new Error('SUBJECT_KEY_SECRET is unset (test/setup/worker-env.ts sets it)');
  return `${type}:${subjectKey(Buffer.from(secret, 'base64'), email)}`;
}

/** Addresses where nothing answers: an API started with them has no Temporal, CRM or ERP. */
export const unreachableBackends = {
  TEMPORAL_ADDRESS: '127.0.0.1:1',
  CRM_URL: 'http://127.0.0.1:9',
  ERP_URL: 'http://127.0.0.1:9',
};

export interface TestStack {
  api: RunningApp;
  crm?: RunningApp;
  erp?: RunningApp;
  orchestrator?: RunningApp;
  close(): Promise<void>;
}

/**
 * The apps a suite needs, started in dependency order; the API learns the CRM/ERP URLs.
 * close() shuts every one down (workers drain, pools and connections close).
 */
export async function startStack(
  apps: Exclude<AppName, 'api'>[],
  overrides: Overrides = {},
  options: StackOptions = {},
): Promise<TestStack> {
  const started: RunningApp[] = [];
  try {
    for (const name of apps) started.push(await startApp(name, overrides, options));
    const byName = Object.fromEntries(started.map((app) => [app.name, app])) as Partial<
      Record<AppName, RunningApp>
    >;
    const api = await startApp(
      'api',
      {
        CRM_URL: byName.crm?.url ?? 'http://127.0.0.1:9',
        ERP_URL: byName.erp?.url ?? 'http://127.0.0.1:9',
        ...overrides,
      },
      options,
    );
    started.push(api);
    return {
      api,
      ...byName,
      close: () => closeAll(started),
    };
  } catch (error) {
    await closeAll(started);
    throw error;
  }
}

async function closeAll(apps: RunningApp[]): Promise<void> {
  await Promise.all([...apps].reverse().map((running) => running.app.close()));
}

export interface ChildApp {
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs an app as a separate OS process from the build in dist/ (as production does), so a test
 * can kill it. `npm test` builds dist/ before jest runs.
 */
export function spawnApp(name: AppName, overrides: Overrides = {}): ChildApp {
  const entry = path.join(projectRoot(), 'dist/apps', name, 'src/main.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build (npm test does)`);
  let output = '';
  const child = spawn(process.execPath, [entry], {
    cwd: projectRoot(),
    env: { ...process.env, LOG_FORMAT: 'json', ...demoCredentials, ...overrides },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { process: child, output: () => output, exited };
}

/** Waits until `predicate` holds, checking every `intervalMs`; fails with `what` on timeout. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
}
