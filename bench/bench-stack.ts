import { ErpHarness } from '../test/erp/erp-fixtures';
import { invariantViolations } from '../test/crm/crm-fixtures';
import {
  eventually,
  type RunningApp,
  spawnApp,
  startApp,
  startStack,
  type StackOptions,
  type TestStack,
} from '../test/support/apps';
import {
  freePort,
  type OwnInfrastructure,
  startOwnInfrastructure,
} from '../test/support/infrastructure';
import { runScript } from '../test/support/node-script';
import demoApiKeyList from '../apps/api/src/auth/demo-api-keys.json';

export interface BenchStack {
  stack: TestStack;
  temporalAddress: string;
  stop(): Promise<void>;
}

export type BenchInfrastructure = OwnInfrastructure;

/** A fresh Temporal dev server (namespace `bench`) and database for one benchmark. */
export function startBenchInfrastructure(): Promise<BenchInfrastructure> {
  return startOwnInfrastructure('bench', 'bench');
}

/**
 * A fresh Temporal dev server and database, and the four apps in this process, for one
 * benchmark. Stops everything it started.
 */
export async function startBenchStack(
  overrides: Record<string, string> = {},
  options: StackOptions = {},
): Promise<BenchStack> {
  const infrastructure = await startBenchInfrastructure();
  let stack: TestStack;
  try {
    stack = await startStack(['crm', 'erp', 'orchestrator'], overrides, options);
  } catch (error) {
    await infrastructure.stop();
    throw error;
  }
  return {
    stack,
    temporalAddress: infrastructure.temporalAddress,
    async stop() {
      process.stderr.write(`[bench] stopping the stack\n`);
      await stack.close();
      process.stderr.write(`[bench] apps closed\n`);
      await infrastructure.stop();
    },
  };
}

/** Where the apps run: all four in this one Node process, or one OS process each (production). */
export type Topology = 'one-process' | 'process-per-app';

/** A benchmark's stack, up and prepared, in one topology. */
export interface RunningBench {
  apiUrl: string;
  temporalAddress: string;
  /** How many invariant checkers (CRM, ERP) found something broken. */
  invariants(): Promise<number>;
  stop(): Promise<void>;
}

/** What a benchmark writes before it measures, through the CRM and ERP apps' own services. */
export type BenchFixtures = (apps: { crm: RunningApp; erp: RunningApp }) => Promise<void>;

/**
 * A fresh Temporal dev server and database and the four apps with the policy overrides, in the
 * topology asked for, with the fixtures written; stop() stops everything it started.
 */
export function startBenchTopology(
  topology: Topology,
  policy: Record<string, string>,
  fixtures: BenchFixtures,
): Promise<RunningBench> {
  return topology === 'one-process' ? inProcess(policy, fixtures) : processPerApp(policy, fixtures);
}

/** The whole stack in this process, fixtures written through its own CRM and ERP. */
async function inProcess(
  policy: Record<string, string>,
  fixtures: BenchFixtures,
): Promise<RunningBench> {
  const { stack, stop, temporalAddress } = await startBenchStack(policy);
  try {
    await fixtures({ crm: stack.crm!, erp: stack.erp! });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    apiUrl: stack.api.url,
    temporalAddress,
    invariants: async () =>
      (await ErpHarness.of(stack.erp!).invariants()).length +
      (await invariantViolations(stack.crm!.app)).length,
    stop,
  };
}

/** Each app its own OS process from dist/, as in production; the fixtures written beforehand. */
async function processPerApp(
  policy: Record<string, string>,
  fixtures: BenchFixtures,
): Promise<RunningBench> {
  const infrastructure = await startBenchInfrastructure();
  try {
    const crm = await startApp('crm');
    const erp = await startApp('erp');
    try {
      await fixtures({ crm, erp });
    } finally {
      await Promise.all([crm.app.close(), erp.app.close()]);
    }
  } catch (error) {
    await infrastructure.stop();
    throw error;
  }
  const ports = {
    CRM_PORT: String(await freePort()),
    ERP_PORT: String(await freePort()),
    ORCHESTRATOR_PORT: String(await freePort()),
    API_PORT: String(await freePort()),
  };
  const env = {
    ...ports,
    ...policy,
    CRM_URL: `http://127.0.0.1:${ports.CRM_PORT}`,
    ERP_URL: `http://127.0.0.1:${ports.ERP_PORT}`,
    API_KEYS: JSON.stringify(demoApiKeyList),
    LOG_LEVEL: 'error',
  };
  const children = (['crm', 'erp', 'orchestrator', 'api'] as const).map((name) =>
    spawnApp(name, env),
  );
  const stopAll = async (): Promise<void> => {
    for (const child of children) child.process.kill('SIGTERM');
    await Promise.all(children.map((child) => child.exited));
    await infrastructure.stop();
  };
  await eventually(
    'the four apps to be ready',
    async () => {
      for (const port of Object.values(ports)) {
        const ready = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
        if (!ready?.ok) return undefined;
      }
      return true;
    },
    120_000,
    500,
  ).catch(async (error: unknown) => {
    await stopAll();
    throw error;
  });
  return {
    apiUrl: `http://127.0.0.1:${ports.API_PORT}`,
    temporalAddress: infrastructure.temporalAddress,
    invariants: async () => {
      let violated = 0;
      for (const system of ['crm', 'erp']) {
        const run = await runScript(`dist/apps/${system}/src/check.main.js`);
        if (run.status !== 0) violated += 1;
      }
      return violated;
    },
    stop: stopAll,
  };
}

export interface BenchResult {
  name: string;
  /** What was measured, in words. */
  description: string;
  /** Rows of the markdown table. */
  rows: Record<string, string | number>[];
  machine: { cpus: number; node: string };
  at: string;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Runs `one` `count` times with `inFlight` at once; returns each run's value (its duration, as
 * the benchmarks use it) and the wall time of the whole pool.
 */
export async function pool(
  count: number,
  inFlight: number,
  one: () => Promise<number>,
): Promise<{ durations: number[]; wallMs: number }> {
  const durations: number[] = [];
  let next = 0;
  const began = Date.now();
  await Promise.all(
    Array.from({ length: Math.min(inFlight, count) }, async () => {
      while (next < count) {
        next += 1;
        durations.push(await one());
      }
    }),
  );
  return { durations, wallMs: Date.now() - began };
}
