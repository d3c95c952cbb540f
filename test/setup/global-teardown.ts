import type { EmbeddedPostgres } from '@throughline/database';

/** Stops what global setup started. */
export default async function globalTeardown(): Promise<void> {
  const state = globalThis as { temporalPid?: number; embeddedPostgres?: EmbeddedPostgres };
  if (state.temporalPid) {
    try {
      process.kill(state.temporalPid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    await waitForExit(state.temporalPid, 10_000);
  }
  await state.embeddedPostgres?.stop();
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
