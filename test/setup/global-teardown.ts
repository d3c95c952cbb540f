import { rmSync } from 'node:fs';
import type { EmbeddedPostgres } from '@throughline/database';
import { dropOwnDatabase, stopProcess } from '../support/infrastructure';
import type { TestEnv } from './test-env';

/** Stops what global setup started and drops the database it created. */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis as {
    temporalPid?: number;
    embeddedPostgres?: EmbeddedPostgres;
    testEnv?: TestEnv;
  };
  if (state.temporalPid) await stopProcess(state.temporalPid);
  await state.embeddedPostgres?.stop();
  if (state.testEnv?.ownDatabase) await dropOwnDatabase(state.testEnv.ownDatabase);
  const file = process.env.THROUGHLINE_TEST_ENV_FILE;
  if (file) rmSync(file, { force: true });
}
