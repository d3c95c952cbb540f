import 'reflect-metadata';
import { z } from 'zod';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfigOrExit } from '@throughline/common';
import { crmSchemaContext, CrmInvariantsService } from '@throughline/crm';
import { databaseEnvSchema, ormOptions } from '@throughline/database';

/**
 * Checks the CRM's invariants (`npm run check:crm`): prints every violation and exits 1 when
 * there is one, 0 when the data is consistent.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object(databaseEnvSchema.shape), 'crm:check');
  const orm = await MikroORM.init({
    ...ormOptions(crmSchemaContext, config),
    pool: { min: 0, max: 1 },
  });
  try {
    const violations = await new CrmInvariantsService(orm.em.fork()).check();
    for (const violation of violations) {
      process.stdout.write(`[crm:check] BROKEN ${violation.invariant}: ${violation.detail}\n`);
    }
    process.stdout.write(
      violations.length
        ? `[crm:check] ${violations.length} violation(s)\n`
        : '[crm:check] all CRM invariants hold\n',
    );
    process.exitCode = violations.length ? 1 : 0;
  } finally {
    await orm.close(true);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[crm:check] failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(2);
});
