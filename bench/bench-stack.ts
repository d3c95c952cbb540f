import { startStack, type StackOptions, type TestStack } from '../test/support/apps';
import {
  dropOwnDatabase,
  migrateAll,
  prepareDatabase,
  startTemporal,
  stopProcess,
} from '../test/support/infrastructure';

export interface BenchStack {
  stack: TestStack;
  temporalAddress: string;
  stop(): Promise<void>;
}

export interface BenchInfrastructure {
  temporalAddress: string;
  stop(): Promise<void>;
}

/**
 * A fresh Temporal dev server (namespace `bench`) and database, migrated; the process
 * environment points at them, so apps started or spawned afterwards use them.
 */
export async function startBenchInfrastructure(): Promise<BenchInfrastructure> {
  const keys = ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'DATABASE_URL', 'LOG_LEVEL'] as const;
  const before = Object.fromEntries(keys.map((key) => [key, process.env[key]]));
  const [temporal, database] = await Promise.all([
    startTemporal(['bench']),
    prepareDatabase('bench'),
  ]);
  await migrateAll(database.DATABASE_URL);
  Object.assign(process.env, {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'bench',
    DATABASE_URL: database.DATABASE_URL,
    LOG_LEVEL: 'error',
  });
  return {
    temporalAddress: temporal.address,
    async stop() {
      await stopProcess(temporal.pid);
      await database.embedded?.stop();
      if (database.ownDatabase) await dropOwnDatabase(database.ownDatabase);
      // The next benchmark prepares its own server and database, not these.
      for (const key of keys) {
        if (before[key] === undefined) delete process.env[key];
        else process.env[key] = before[key];
      }
    },
  };
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
  const stack = await startStack(['crm', 'erp', 'orchestrator'], overrides, options);
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
