import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { CrmActivities } from '@throughline/activities/crm';
import { crmSchemaContext, CrmInvariantsService, demoDealers } from '@throughline/crm';
import { migrateSchema } from '@throughline/database';
import { activitiesOf } from '../support/activities';
import { runScript } from '../support/node-script';
import { startApp, type RunningApp } from '../support/apps';
import { separateDatabase, type SeparateDatabase } from '../support/infrastructure';
import { closeSql } from '../support/db';
import { convertedCustomer, invariantViolations } from './crm-fixtures';

/** Runs one of the CRM scripts from dist/, as `npm run seed:crm` / `check:crm` do. */
async function runCrmScript(
  name: 'seed' | 'check',
  databaseUrl: string,
): Promise<{ status: number | null; output: string }> {
  const result = await runScript(`dist/apps/crm/src/${name}.main.js`, {
    DATABASE_URL: databaseUrl,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

class Rollback extends Error {}

describe('the CRM invariant checker', () => {
  let app: RunningApp;
  let crm: CrmActivities;

  beforeAll(async () => {
    app = await startApp('crm');
    crm = activitiesOf(app.app, CrmActivities);
  });

  afterAll(async () => {
    expect(await invariantViolations(app.app)).toEqual([]);
    await app?.app.close();
    await closeSql();
  });

  /** Corrupts rows inside a transaction, checks inside it, and rolls back: nothing else ever sees it. */
  async function violationsAfter(corrupt: (tx: EntityManager) => Promise<void>): Promise<string[]> {
    const em = app.app.get(MikroORM).em.fork() as EntityManager;
    let found: string[] = [];
    try {
      await em.transactional(async (tx) => {
        await corrupt(tx);
        found = (await new CrmInvariantsService(tx).check()).map((v) => v.invariant);
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return found;
  }

  it('passes on consistent data', async () => {
    await convertedCustomer(crm);
    expect(await invariantViolations(app.app)).toEqual([]);
  });

  it('catches a quote whose total no longer equals its lines', async () => {
    const { opportunity } = await convertedCustomer(crm);
    const quote = await crm.createQuote({
      quoteKey: `quote:${opportunity.opportunityNo}:1`,
      opportunityId: opportunity.id,
      currency: 'EUR',
      taxRatePercent: 19,
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      lines: [{ sku: 'A', quantity: 1, unitPriceMinor: 1000 }],
    });
    expect(
      await violationsAfter((tx) =>
        tx
          .execute(`update crm.quote set total_minor = total_minor + 1 where id = ?`, [quote.id])
          .then(() => undefined),
      ),
    ).toEqual(['quote totals equal their lines']);
    expect(
      await violationsAfter((tx) =>
        tx
          .execute(`update crm.quote_line set tax_minor = tax_minor + 1 where quote_id = ?`, [
            quote.id,
          ])
          .then(() => undefined),
      ),
    ).toEqual(expect.arrayContaining(['quote lines add up', 'quote totals equal their lines']));
  });

  it('catches a gap in an account’s timeline and a second open lead for one email', async () => {
    const { account } = await convertedCustomer(crm);
    expect(
      await violationsAfter((tx) =>
        tx
          .execute(`update crm.timeline_entry set position = position + 5 where account_id = ?`, [
            account.id,
          ])
          .then(() => undefined),
      ),
    ).toEqual(['timeline ordered per account']);
    expect(
      await violationsAfter(async (tx) => {
        await tx.execute(`drop index crm.lead_open_email_unowned_unique`);
        await tx.execute(
          `insert into crm.lead (id, lead_no, source, contact_name, email, items_of_interest, status, created_at, updated_at)
           select gen_random_uuid(), lead_no || 'X', source, contact_name, 'twice@example.com', '[]', 'new', now(), now() from crm.lead limit 2`,
        );
      }),
    ).toContain('one open lead per email that no process owns');
  });

  it('catches a process owning two open leads of one email, and a step of another process on an owned lead', async () => {
    const { opportunity } = await convertedCustomer(crm);
    expect(
      await violationsAfter(async (tx) => {
        await tx.execute(`drop index crm.lead_open_email_owner_unique`);
        await tx.execute(
          `insert into crm.lead (id, lead_no, source, contact_name, email, items_of_interest, status, owner_process_id, created_at, updated_at)
           select gen_random_uuid(), lead_no || 'Y', source, contact_name, 'owned-twice@example.com', '[]', 'new', 'lead-to-cash:twice', now(), now() from crm.lead limit 2`,
        );
      }),
    ).toEqual(['one open lead per email per owning process']);
    await crm.markOpportunityLost({
      opportunityId: opportunity.id,
      reason: 'test: a step of the owning process',
      processId: 'lead-to-cash:owner',
    });
    expect(
      await violationsAfter(async (tx) => {
        await tx.execute(
          `update crm.lead set owner_process_id = 'lead-to-cash:other' where opportunity_id = ?`,
          [opportunity.id],
        );
      }),
    ).toEqual([
      "an opportunity and its quotes are worked only by the process that owns the opportunity's lead",
    ]);
    expect(
      await violationsAfter(async (tx) => {
        await tx.execute(
          `update crm.lead set owner_process_id = 'lead-to-cash:owner' where opportunity_id = ?`,
          [opportunity.id],
        );
        await tx.execute(
          `update crm.timeline_entry set process_id = 'lead-to-cash:owner/shipment/W-1' where details->>'opportunityNo' = ?`,
          [opportunity.opportunityNo],
        );
      }),
    ).toEqual([]);
  });

  describe('as scripts on their own database', () => {
    // Seeded and corrupted where no other suite looks: a database of its own on the server, or
    // a second embedded instance (the embedded one serves one database whatever the URL names).
    let own: SeparateDatabase | undefined;
    let url: string;

    beforeAll(async () => {
      own = await separateDatabase('crm_scripts');
      url = own.url;
      await migrateSchema(crmSchemaContext, {
        DATABASE_URL: url,
        DATABASE_POOL_MAX: 2,
        DATABASE_DEBUG: false,
      });
    });

    afterAll(async () => {
      await own?.dispose();
    });

    it('seed loads the demo data once: at least 10 dealers in 5 cities and a few accounts', async () => {
      const first = await runCrmScript('seed', url);
      expect(first.status).toBe(0);
      expect(first.output).toMatch(
        /dealers 12 created, 0 existing; accounts 4 created, 0 existing/,
      );
      const second = await runCrmScript('seed', url);
      expect(second.status).toBe(0);
      expect(second.output).toMatch(
        /dealers 0 created, 12 existing; accounts 0 created, 4 existing; leads 0 created, 2 existing/,
      );
      expect(new Set(demoDealers.map((d) => d.city)).size).toBeGreaterThanOrEqual(5);
    });

    it('check:crm passes on the seeded data, and prints the broken invariant and exits 1 on a corrupted row', async () => {
      expect(await runCrmScript('check', url)).toMatchObject({
        status: 0,
        output: expect.stringContaining('all CRM invariants hold'),
      });
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        // Committed, so the script sees it; left to the database, which is dropped after.
        await client.query(
          `update crm.account set customer_no = 'BROKEN-1' where email = 'emmy.noether@example.org'`,
        );
      } finally {
        await client.end();
      }
      const broken = await runCrmScript('check', url);
      expect(broken.status).toBe(1);
      expect(broken.output).toContain(
        'BROKEN customerNo well-formed: customerNo BROKEN-1 is not C-nnnnnn',
      );
    });
  });
});
