import { startStack, type StackOptions, type TestStack } from '../test/support/apps';
import { type OwnInfrastructure, startOwnInfrastructure } from '../test/support/infrastructure';

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
