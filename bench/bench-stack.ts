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
  const [temporalStart, databaseStart] = await Promise.allSettled([
    startTemporal(['bench']),
    prepareDatabase('bench'),
  ]);
  if (temporalStart.status === 'rejected' || databaseStart.status === 'rejected') {
    // Stop what did start, so a failed benchmark leaves no server behind.
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
