import './require-node';
import 'reflect-metadata';
// Global setup runs outside jest's module mapper: resolve the tsconfig path aliases here too.
import { register } from 'tsconfig-paths';
import tsconfig from '../../tsconfig.json';
register({ baseUrl: `${__dirname}/../..`, paths: tsconfig.compilerOptions.paths });
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MetadataStorage } from '@mikro-orm/core';
import {
  migrateAll,
  newPayloadKeys,
  prepareDatabase,
  startTemporal,
} from '../support/infrastructure';
import { testEnvFile, TEST_NAMESPACE_COUNT, type TestEnv } from './test-env';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const namespaces = Array.from({ length: TEST_NAMESPACE_COUNT }, (_, i) => `test-${i + 1}`);
  const [temporal, database] = await Promise.all([
    startTemporal(namespaces),
    prepareDatabase('test'),
  ]);
  await migrateAll(database.DATABASE_URL);
  // Entity metadata lives on the process global; when jest runs suites in this same process
  // (in band), metadata left from setup's realm would break discovery in the suites' realm.
  MetadataStorage.clear();
  const { embedded, ...databaseEnv } = database;
  const env: TestEnv = {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_PAYLOAD_KEYS: newPayloadKeys(`test-${process.pid}`),
    temporalPid: temporal.pid,
    ...databaseEnv,
  };
  const file = testEnvFile(process.pid);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(env, null, 2));
  process.env.THROUGHLINE_TEST_ENV_FILE = file;
  Object.assign(globalThis, {
    testEnv: env,
    temporalPid: temporal.pid,
    embeddedPostgres: embedded,
  });
  process.stderr.write(
    `[test setup] Temporal dev server at ${temporal.address}, ${database.databaseKind} PostgreSQL, ` +
      `migrated (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}
