import { rmSync } from 'node:fs';
import { Client } from 'pg';
import type { EmbeddedPostgres } from '@throughline/database';
import type { TestEnv } from './test-env';

/** Stops what global setup started and drops the database it created. */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis as {
    temporalPid?: number;
    embeddedPostgres?: EmbeddedPostgres;
    testEnv?: TestEnv;
  };
  if (state.temporalPid) {
    try {
      process.kill(state.temporalPid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await waitForExit(state.temporalPid, 10_000);
  }
  await state.embeddedPostgres?.stop();
  const own = state.testEnv?.ownDatabase;
  if (own) {
    const admin = new Client({ connectionString: own.adminUrl });
    await admin.connect();
    try {
      await admin.query(`drop database if exists "${own.name}" with (force)`);
    } finally {
      await admin.end();
    }
  }
  const file = process.env.THROUGHLINE_TEST_ENV_FILE;
  if (file) rmSync(file, { force: true });
}

async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  process.kill(pid, 'SIGKILL');
}
