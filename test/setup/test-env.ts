import path from 'node:path';

/** Where global setup leaves the addresses of what it started, for the jest workers. */
export const TEST_ENV_FILE = path.resolve(__dirname, '../../.data/test-env.json');

/** Namespaces created on the test server; jest worker N uses the Nth. */
export const TEST_NAMESPACE_COUNT = 4;

export function namespaceForWorker(workerId: string | undefined): string {
  const index = ((Number(workerId ?? '1') - 1) % TEST_NAMESPACE_COUNT) + 1;
  return `test-${index}`;
}

export interface TestEnv {
  TEMPORAL_ADDRESS: string;
  DATABASE_URL: string;
  temporalPid?: number;
  databaseKind: 'external' | 'local-server' | 'embedded';
}
