import 'reflect-metadata';
import { z } from 'zod';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfigOrExit } from '@throughline/common';
import {
  AccountService,
  crmSchemaContext,
  CrmSeedService,
  DealerService,
  LeadService,
} from '@throughline/crm';
import { databaseEnvSchema, ormOptions } from '@throughline/database';

/** Loads the CRM demo data (`npm run seed:crm`); idempotent, so it is safe to run again. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object(databaseEnvSchema.shape), 'crm:seed');
  const orm = await MikroORM.init({
    ...ormOptions(crmSchemaContext, config),
    pool: { min: 0, max: 2 },
  });
  try {
    const em = orm.em.fork();
    const seed = new CrmSeedService(
      new DealerService(em),
      new AccountService(em),
      new LeadService(em),
    );
    const result = await seed.seed();
    process.stdout.write(
      `[crm:seed] dealers ${result.dealers.created} created, ${result.dealers.existing} existing; ` +
        `accounts ${result.accounts.created} created, ${result.accounts.existing} existing; ` +
        `leads ${result.leads.created} created, ${result.leads.existing} existing\n`,
    );
  } finally {
    await orm.close(true);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[crm:seed] failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
