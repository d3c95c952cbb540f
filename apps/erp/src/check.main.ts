import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import { loadConfigOrExit } from '@throughline/common';
import { formatViolations, InvariantCheckerService } from '@throughline/erp';
import { ErpToolsModule, erpToolsConfigSchema } from './erp-tools.module';

/**
 * `npm run check:erp`: verifies the ERP invariants on the database (stock = ledger, reserved =
 * active reservations, available ≥ 0, balanced entries, AR and Inventory = their subledgers).
 * Prints what is broken and exits 1; exits 0 when every invariant holds.
 */
async function main(): Promise<number> {
  const config = loadConfigOrExit(erpToolsConfigSchema, 'erp:check');
  const app = await NestFactory.createApplicationContext(ErpToolsModule.forRoot(config), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    const checker = app.get(InvariantCheckerService);
    const violations = await RequestContext.create(app.get(MikroORM).em, () => checker.check());
    if (violations.length === 0) {
      process.stdout.write(`[erp:check] ok: ${checker.names.length} invariants hold\n`);
      for (const name of checker.names) process.stdout.write(`  ✓ ${name}\n`);
      return 0;
    }
    process.stdout.write(
      `[erp:check] ${violations.length} invariant(s) broken:\n${formatViolations(violations)}\n`,
    );
    return 1;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `[erp:check] failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(2);
  },
);
