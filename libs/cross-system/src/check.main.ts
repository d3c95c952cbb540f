import { z } from 'zod';
import { env, loadConfigOrExit } from '@throughline/common';
import {
  checkCrossSystemInvariants,
  crossSystemInvariantNames,
  formatCrossSystemViolations,
} from './cross-system-invariants';

const configSchema = z.object({
  DATABASE_URL: env.postgresUrl(),
  /** Differences younger than this are a process between two steps, not yet a violation. */
  CHECK_SETTLE_MS: z.coerce
    .number({ error: 'expected milliseconds' })
    .int('expected milliseconds')
    .min(0, 'expected milliseconds')
    .default(60_000),
});

/**
 * `npm run check:cross-system` (part of `npm run check`): the invariants across CRM and ERP
 * (accepted quote = its order, one order per quote, one process per document, account =
 * customer, won opportunity = live order, assets = delivered serials, ERP totals = lines,
 * invoiced ≤ shipped ≤ ordered, AR per customer). Reads both schemas through one read-only
 * connection; prints what is broken and exits 1, 0 when every invariant holds, 2 when it could
 * not run.
 */
async function main(): Promise<number> {
  const config = loadConfigOrExit(configSchema, 'cross-system:check');
  const violations = await checkCrossSystemInvariants(config.DATABASE_URL, {
    settleMs: config.CHECK_SETTLE_MS,
  });
  if (violations.length === 0) {
    process.stdout.write(
      `[cross-system:check] ok: ${crossSystemInvariantNames.length} invariants hold\n` +
        crossSystemInvariantNames.map((name) => `  ✓ ${name}\n`).join(''),
    );
    return 0;
  }
  process.stdout.write(
    `[cross-system:check] ${violations.length} violation(s):\n${formatCrossSystemViolations(violations)}\n`,
  );
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `[cross-system:check] failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
