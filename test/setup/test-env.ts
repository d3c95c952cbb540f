import path from 'node:path';

/**
 * Where global setup leaves the addresses of what it started, for the jest workers (which
 * inherit THROUGHLINE_TEST_ENV_FILE). One file per run, so parallel runs never mix.
 */
export function testEnvFile(runId: string | number): string {
  return path.resolve(__dirname, `../../.data/test-env-${runId}.json`);
}

/** Namespaces created on the test server; jest worker N uses the Nth. */
export const TEST_NAMESPACE_COUNT = 4;

export function namespaceForWorker(workerId: string | undefined): string {
  const index = ((Number(workerId ?? '1') - 1) % TEST_NAMESPACE_COUNT) + 1;
  return `test-${index}`;
}

export interface TestEnv {
  TEMPORAL_ADDRESS: string;
  /** The run's payload key (one for every jest worker, so no suite meets a payload it cannot read). */
  TEMPORAL_PAYLOAD_KEYS: string;
  DATABASE_URL: string;
  temporalPid?: number;
  /** A database this run created on a local server, dropped at teardown. */
  ownDatabase?: { adminUrl: string; name: string };
  databaseKind: 'external' | 'local-server' | 'embedded';
}
