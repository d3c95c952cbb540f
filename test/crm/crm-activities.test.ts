import { CrmActivities } from '@throughline/activities/crm';
import { isDomainError } from '@throughline/common';
import { activitiesOf } from '../support/activities';
import { startApp, type RunningApp } from '../support/apps';
import { closeSql, sql } from '../support/db';
import {
  convertedCustomer,
  count,
  invariantViolations,
  quoteRequest,
  unique,
  uniqueEmail,
} from './crm-fixtures';

/** The typed domain error an activity refused with (the worker turns it into a non-retryable failure). */
async function refusal(call: Promise<unknown>): Promise<{ kind: string; code: string }> {
  try {
    await call;
  } catch (error) {
    if (isDomainError(error)) return { kind: error.kind, code: error.code };
    throw error;
  }
  throw new Error('expected the activity to refuse');
}

const updatedAt = async (table: string, id: string): Promise<string> =>
  (
    await sql<{ updated_at: Date }>(`select updated_at from crm.${table} where id = $1`, [id])
  )[0].updated_at.toISOString();

describe('CRM activities on real PostgreSQL', () => {
  let app: RunningApp;
  let crm: CrmActivities;

  beforeAll(async () => {
    app = await startApp('crm');
    crm = activitiesOf(app.app, CrmActivities);
  });

  afterAll(async () => {
    // The invariant checker passes after the suite.
    expect(await invariantViolations(app.app)).toEqual([]);
    await app?.app.close();
    await closeSql();
  });

  describe('captureLead', () => {
    it('treats a second open lead with the same email as the same lead', async () => {
      const email = uniqueEmail();
      const first = await crm.captureLead({ source: 'web', contactName: 'Ada', email });
      const again = await crm.captureLead({
        source: 'call-center',
        contactName: 'Ada L.',
        email: email.toUpperCase(),
      });
      expect(again.id).toBe(first.id);
      expect(again.contactName).toBe('Ada');
      expect(first.leadNo).toMatch(/^L-\d{6,}$/);
      expect(await count('lead', 'email = $1', [email])).toBe(1);
    });

    it('keeps one lead when eight captures of the same email arrive at once', async () => {
      const email = uniqueEmail('concurrent');
      const leads = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          crm.captureLead({ source: 'web', contactName: `Caller ${i}`, email }),
        ),
      );
      expect(new Set(leads.map((l) => l.id)).size).toBe(1);
      expect(await count('lead', 'email = $1', [email])).toBe(1);
    });

    it('gives two processes capturing one email at once a lead each, and the same process its own lead again', async () => {
      const email = uniqueEmail('owned');
      const capture = (processId: string, contactName: string) =>
        crm.captureLead({ source: 'partner', contactName, email, processId });
      const [a, b] = await Promise.all([
        capture(`lead-to-cash:a-${email}`, 'A'),
        capture(`lead-to-cash:b-${email}`, 'B'),
      ]);
      expect(a.id).not.toBe(b.id);
      expect(a.ownerProcessId).toBe(`lead-to-cash:a-${email}`);
      expect(b.ownerProcessId).toBe(`lead-to-cash:b-${email}`);
      expect((await capture(`lead-to-cash:a-${email}`, 'A again')).id).toBe(a.id);
      expect((await capture(`lead-to-cash:b-${email}`, 'B again')).id).toBe(b.id);
      expect(await count('lead', 'email = $1', [email])).toBe(2);
    });

    it('keeps one lead per process when retries of two processes arrive at once', async () => {
      const email = uniqueEmail('owned-retries');
      const owners = [`lead-to-cash:r1-${email}`, `lead-to-cash:r2-${email}`];
      const leads = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          crm.captureLead({
            source: 'web',
            contactName: `Retry ${i}`,
            email,
            processId: owners[i % 2],
          }),
        ),
      );
      for (const owner of owners) {
        const mine = leads.filter((lead) => lead.ownerProcessId === owner);
        expect(mine).toHaveLength(4);
        expect(new Set(mine.map((lead) => lead.id)).size).toBe(1);
      }
      expect(await count('lead', 'email = $1', [email])).toBe(2);
      expect(
        await count('lead', 'email = $1 and owner_process_id = any($2::text[])', [email, owners]),
      ).toBe(2);
    });

    it('lets exactly one of two processes claim the open web-form lead; the other opens its own', async () => {
      const email = uniqueEmail('claimed');
      const web = await crm.captureLead({ source: 'web', contactName: 'Web form', email });
      expect(web.ownerProcessId).toBeUndefined();
      const [a, b] = await Promise.all(
        ['a', 'b'].map((p) =>
          crm.captureLead({
            source: 'partner',
            contactName: `Process ${p}`,
            email,
            processId: `lead-to-cash:${p}-${email}`,
          }),
        ),
      );
      expect(a.id).not.toBe(b.id);
      const claimant = [a, b].find((lead) => lead.id === web.id);
      expect(claimant?.contactName).toBe('Web form');
      expect(await count('lead', 'email = $1', [email])).toBe(2);
      // A later capture without a process is the same lead as an open one, never a third.
      const again = await crm.captureLead({ source: 'web', contactName: 'Web again', email });
      expect([a.id, b.id]).toContain(again.id);
      expect(await count('lead', 'email = $1', [email])).toBe(2);
    });

    it('gives a process a new lead once the one it owned was closed (a restarted process)', async () => {
      const email = uniqueEmail('restarted');
      const processId = `lead-to-cash:${email}`;
      const first = await crm.captureLead({ source: 'web', contactName: 'N', email, processId });
      expect((await crm.scoreLead({ leadId: first.id })).outcome).toBe('disqualified');
      const second = await crm.captureLead({ source: 'web', contactName: 'N', email, processId });
      expect(second.id).not.toBe(first.id);
      expect(second.ownerProcessId).toBe(processId);
    });

    it('opens a new lead for an email whose earlier lead was disqualified', async () => {
      const email = uniqueEmail();
      const first = await crm.captureLead({ source: 'web', contactName: 'Bob', email });
      const scored = await crm.scoreLead({ leadId: first.id });
      expect(scored.outcome).toBe('disqualified');
      const second = await crm.captureLead({ source: 'partner', contactName: 'Bob', email });
      expect(second.id).not.toBe(first.id);
      expect(await count('lead', 'email = $1', [email])).toBe(2);
    });
  });

  describe('scoreLead and decideLead', () => {
    it('qualifies a strong lead, and scoring it again changes nothing', async () => {
      const lead = await crm.captureLead({
        source: 'partner',
        company: 'Meitner Energie',
        contactName: 'Lise',
        email: uniqueEmail(),
        phone: '+49 69 1234567',
        itemsOfInterest: ['PUMP-100'],
        estimatedValueMinor: 1_500_000,
      });
      const scored = await crm.scoreLead({ leadId: lead.id });
      expect(scored.outcome).toBe('qualified');
      expect(scored.lead.status).toBe('qualified');
      const stamp = await updatedAt('lead', lead.id);
      const again = await crm.scoreLead({ leadId: lead.id });
      expect(again.outcome).toBe('qualified');
      expect(await updatedAt('lead', lead.id)).toBe(stamp);
    });

    it('leaves a middling lead new for a person, who then qualifies it once', async () => {
      const lead = await crm.captureLead({
        source: 'web',
        company: 'Small Co',
        contactName: 'Sam',
        email: uniqueEmail(),
        itemsOfInterest: ['PUMP-100'],
        estimatedValueMinor: 150_000,
      });
      const scored = await crm.scoreLead({ leadId: lead.id });
      expect(scored.outcome).toBe('needs-review');
      expect(scored.lead.status).toBe('new');
      const decided = await crm.decideLead({ leadId: lead.id, decision: 'qualify' });
      expect(decided.status).toBe('qualified');
      expect((await crm.decideLead({ leadId: lead.id, decision: 'qualify' })).status).toBe(
        'qualified',
      );
      expect(await refusal(crm.decideLead({ leadId: lead.id, decision: 'disqualify' }))).toEqual({
        kind: 'validation',
        code: 'reason-required',
      });
    });

    it('refuses an unknown lead with a typed not-found error', async () => {
      expect(
        await refusal(crm.scoreLead({ leadId: '00000000-0000-4000-8000-000000000000' })),
      ).toEqual({
        kind: 'not-found',
        code: 'lead-not-found',
      });
    });
  });

  describe('convertLead', () => {
    it('creates account, contact and opportunity and assigns the customerNo once', async () => {
      const converted = await convertedCustomer(crm);
      expect(converted.converted).toBe(true);
      expect(converted.account.customerNo).toMatch(/^C-\d{6,}$/);
      expect(converted.opportunity).toMatchObject({
        stage: 'qualification',
        customerNo: converted.account.customerNo,
      });
      expect(converted.lead.status).toBe('converted');

      const again = await crm.convertLead({ leadId: converted.lead.id });
      expect(again.converted).toBe(false);
      expect(again.account.customerNo).toBe(converted.account.customerNo);
      expect(again.opportunity.id).toBe(converted.opportunity.id);
      expect(await count('account', 'email = $1', [converted.lead.email])).toBe(1);
      expect(await count('opportunity', 'source_lead_id = $1', [converted.lead.id])).toBe(1);
      expect(await count('contact', 'account_id = $1', [converted.account.id])).toBe(1);
    });

    it('converts once when the same lead is converted five times at once', async () => {
      const lead = await crm.captureLead({
        source: 'partner',
        company: unique('Parallel AG'),
        contactName: 'Pat',
        email: uniqueEmail(),
        phone: '+49 40 555555',
        itemsOfInterest: ['A', 'B'],
        estimatedValueMinor: 2_000_000,
      });
      await crm.scoreLead({ leadId: lead.id });
      const results = await Promise.all(
        Array.from({ length: 5 }, () => crm.convertLead({ leadId: lead.id })),
      );
      expect(new Set(results.map((r) => r.account.customerNo)).size).toBe(1);
      expect(results.filter((r) => r.converted)).toHaveLength(1);
      expect(await count('account', 'email = $1', [lead.email])).toBe(1);
    });

    it('reuses the account an onboarding already opened for the email', async () => {
      const email = uniqueEmail();
      const account = await crm.openAccount({ name: 'Existing', email, kind: 'business' });
      const lead = await crm.captureLead({
        source: 'partner',
        company: 'Existing',
        contactName: 'E',
        email,
        phone: '+49 1 2345678',
        itemsOfInterest: ['X', 'Y'],
        estimatedValueMinor: 2_000_000,
      });
      await crm.scoreLead({ leadId: lead.id });
      const converted = await crm.convertLead({ leadId: lead.id });
      expect(converted.account.customerNo).toBe(account.customerNo);
    });

    it('refuses to convert a lead nobody qualified', async () => {
      const lead = await crm.captureLead({ source: 'web', contactName: 'N', email: uniqueEmail() });
      expect(await refusal(crm.convertLead({ leadId: lead.id }))).toEqual({
        kind: 'conflict',
        code: 'illegal-lead-transition',
      });
      expect(await count('account', 'email = $1', [lead.email])).toBe(0);
    });
  });

  describe('quotes and opportunities', () => {
    it('records a quote with per-line arithmetic once per quote key and moves the opportunity to proposal', async () => {
      const { opportunity } = await convertedCustomer(crm);
      const request = {
        quoteKey: `quote:${opportunity.opportunityNo}:1`,
        opportunityId: opportunity.id,
        currency: 'EUR',
        taxRatePercent: 19,
        validUntil: new Date(Date.now() + 14 * 86_400_000).toISOString(),
        lines: [
          { sku: 'PUMP-100', quantity: 3, unitPriceMinor: 3333, discountPercent: 12.5 },
          { sku: 'VALVE-20', quantity: 1, unitPriceMinor: 5, discountPercent: 10 },
        ],
      };
      const quote = await crm.createQuote(request);
      expect(quote).toMatchObject({
        status: 'draft',
        grossMinor: 10004,
        discountMinor: 1251,
        netMinor: 8753,
        taxMinor: 1663,
        totalMinor: 10416,
      });
      expect(quote.quoteNo).toMatch(/^Q-\d{6,}$/);
      expect(
        await refusal(
          crm.createQuote({
            ...request,
            quoteKey: `${request.quoteKey}-bad`,
            validUntil: 'next week',
          }),
        ),
      ).toEqual({
        kind: 'validation',
        code: 'invalid-timestamp',
      });
      const again = await crm.createQuote(request);
      expect(again.id).toBe(quote.id);
      expect(await count('quote_line', 'quote_id = $1', [quote.id])).toBe(2);
      const [row] = await sql<{ stage: string; amount_minor: string }>(
        `select stage, amount_minor from crm.opportunity where id = $1`,
        [opportunity.id],
      );
      expect(row).toEqual({ stage: 'proposal', amount_minor: '8753' });
    });

    it('takes tax rate and discounts in basis points, the legacy percent fields once, never both', async () => {
      const { opportunity } = await convertedCustomer(crm);
      const request = {
        quoteKey: `quote:${opportunity.opportunityNo}:1`,
        opportunityId: opportunity.id,
        currency: 'EUR',
        taxRateBasisPoints: 1900,
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        lines: [
          { sku: 'PUMP-100', quantity: 3, unitPriceMinor: 3333, discountBasisPoints: 1250 },
          { sku: 'VALVE-20', quantity: 1, unitPriceMinor: 1490, discountPercent: 5 },
        ],
      };
      // 99.99 less 12.50 is 87.49 (tax 16.62); 14.90 less 0.745 → 0.75 is 14.15 (tax 2.69).
      const quote = await crm.createQuote(request);
      expect(quote).toMatchObject({ taxRateBasisPoints: 1900, netMinor: 10164, taxMinor: 1931 });
      expect(quote.lines.map((l) => l.discountBasisPoints)).toEqual([1250, 500]);
      expect(
        await refusal(
          crm.createQuote({
            ...request,
            quoteKey: `${request.quoteKey}-both`,
            taxRatePercent: 19,
          }),
        ),
      ).toEqual({ kind: 'validation', code: 'ambiguous-rate' });
      expect(
        await refusal(
          crm.createQuote({
            ...request,
            quoteKey: `${request.quoteKey}-none`,
            taxRateBasisPoints: undefined,
          }),
        ),
      ).toEqual({ kind: 'validation', code: 'invalid-tax-rate' });
      expect(
        await refusal(
          crm.createQuote({
            ...request,
            quoteKey: `${request.quoteKey}-fine`,
            lines: [{ sku: 'PUMP-100', quantity: 1, unitPriceMinor: 100, discountPercent: 2.125 }],
          }),
        ),
      ).toEqual({ kind: 'validation', code: 'invalid-percentage' });
    });

    it('walks a quote through approval, sending and acceptance, refusing skipped steps', async () => {
      const { opportunity } = await convertedCustomer(crm);
      const quote = await crm.createQuote({
        quoteKey: `quote:${opportunity.opportunityNo}:1`,
        opportunityId: opportunity.id,
        currency: 'EUR',
        taxRatePercent: 19,
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        lines: [{ sku: 'PUMP-100', quantity: 100, unitPriceMinor: 100_000, discountPercent: 20 }],
      });
      expect(quote.approvalReasons).toEqual([
        'discount 20 % above 15 %',
        expect.stringContaining('total'),
      ]);
      expect(await refusal(crm.setQuoteStatus({ quoteId: quote.id, status: 'sent' }))).toEqual({
        kind: 'conflict',
        code: 'illegal-quote-transition',
      });
      await crm.setQuoteStatus({ quoteId: quote.id, status: 'pending-approval' });
      expect(await refusal(crm.setQuoteStatus({ quoteId: quote.id, status: 'approved' }))).toEqual({
        kind: 'validation',
        code: 'approver-required',
      });
      const approved = await crm.setQuoteStatus({
        quoteId: quote.id,
        status: 'approved',
        by: 'manager.mia',
        comment: 'strategic customer',
      });
      expect(approved.approval).toMatchObject({ by: 'manager.mia', comment: 'strategic customer' });
      await crm.setQuoteStatus({ quoteId: quote.id, status: 'sent' });
      expect(
        await count('opportunity', `id = $1 and stage = 'negotiation'`, [opportunity.id]),
      ).toBe(1);
      const stamp = await updatedAt('quote', quote.id);
      await crm.setQuoteStatus({ quoteId: quote.id, status: 'sent' });
      expect(await updatedAt('quote', quote.id)).toBe(stamp);
      expect((await crm.setQuoteStatus({ quoteId: quote.id, status: 'accepted' })).status).toBe(
        'accepted',
      );
      expect(await refusal(crm.setQuoteStatus({ quoteId: quote.id, status: 'expired' }))).toEqual({
        kind: 'conflict',
        code: 'illegal-quote-transition',
      });
      expect(
        await count('timeline_entry', `source_key in ($1, $2)`, [
          `quote-sent:${quote.quoteNo}`,
          `quote-accepted:${quote.quoteNo}`,
        ]),
      ).toBe(2);
    });

    it('wins an opportunity by its order once, links ERP documents without duplicates, and loses it only when its order is cancelled', async () => {
      const { opportunity } = await convertedCustomer(crm);
      await crm.createQuote({
        quoteKey: `quote:${opportunity.opportunityNo}:1`,
        opportunityId: opportunity.id,
        currency: 'EUR',
        taxRatePercent: 19,
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        lines: [{ sku: 'PUMP-100', quantity: 1, unitPriceMinor: 100_000 }],
      });
      const won = await crm.markOpportunityWon({
        opportunityId: opportunity.id,
        orderNo: 'SO-000777',
      });
      expect(won).toMatchObject({ stage: 'won', erpDocuments: { orderNo: 'SO-000777' } });
      const stamp = await updatedAt('opportunity', opportunity.id);
      await crm.markOpportunityWon({ opportunityId: opportunity.id, orderNo: 'SO-000777' });
      expect(await updatedAt('opportunity', opportunity.id)).toBe(stamp);
      expect(
        await refusal(
          crm.markOpportunityWon({ opportunityId: opportunity.id, orderNo: 'SO-000778' }),
        ),
      ).toEqual({ kind: 'conflict', code: 'opportunity-won-by-other-order' });

      const documents = {
        opportunityId: opportunity.id,
        shipmentNos: ['SH-000001'],
        invoiceNos: ['INV-000001'],
      };
      await crm.linkErpDocuments(documents);
      const linkedAt = await updatedAt('opportunity', opportunity.id);
      const linked = await crm.linkErpDocuments(documents);
      expect(linked.erpDocuments).toEqual({
        orderNo: 'SO-000777',
        shipmentNos: ['SH-000001'],
        invoiceNos: ['INV-000001'],
      });
      expect(await updatedAt('opportunity', opportunity.id)).toBe(linkedAt);
      expect(
        await refusal(
          crm.createQuote({
            quoteKey: `quote:${opportunity.opportunityNo}:2`,
            opportunityId: opportunity.id,
            currency: 'EUR',
            taxRatePercent: 19,
            validUntil: new Date().toISOString(),
            lines: [{ sku: 'X', quantity: 1, unitPriceMinor: 1 }],
          }),
        ),
      ).toEqual({ kind: 'business-rule', code: 'opportunity-closed' });

      // The order is cancelled before anything shipped (the lead-to-cash saga): the opportunity
      // is lost after all, keeps its ERP numbers, and is never won again.
      const lost = await crm.markOpportunityLost({
        opportunityId: opportunity.id,
        reason: 'order SO-000777 cancelled',
      });
      expect(lost).toMatchObject({
        stage: 'lost',
        lostReason: 'order SO-000777 cancelled',
        erpDocuments: { orderNo: 'SO-000777' },
      });
      expect(
        await refusal(
          crm.markOpportunityWon({ opportunityId: opportunity.id, orderNo: 'SO-000777' }),
        ),
      ).toEqual({ kind: 'conflict', code: 'illegal-opportunity-transition' });
    });

    it('loses an opportunity with its reason once', async () => {
      const { opportunity } = await convertedCustomer(crm);
      const lost = await crm.markOpportunityLost({
        opportunityId: opportunity.id,
        reason: 'expired',
      });
      expect(lost).toMatchObject({ stage: 'lost', lostReason: 'expired' });
      expect(
        (await crm.markOpportunityLost({ opportunityId: opportunity.id, reason: 'other' }))
          .lostReason,
      ).toBe('expired');
      expect(
        await count('timeline_entry', 'source_key = $1', [
          `opportunity-lost:${opportunity.opportunityNo}`,
        ]),
      ).toBe(1);
    });

    it('keeps a reason longer than its column in part instead of failing the write', async () => {
      const { opportunity } = await convertedCustomer(crm);
      const quote = await crm.createQuote(quoteRequest(opportunity));
      await crm.setQuoteStatus({ quoteId: quote.id, status: 'approved', by: 'rules' });
      await crm.setQuoteStatus({ quoteId: quote.id, status: 'sent' });
      const long = 'too expensive, '.repeat(20); // 300 characters, as a customer may send
      const rejected = await crm.setQuoteStatus({
        quoteId: quote.id,
        status: 'rejected',
        reason: long,
      });
      expect(rejected.statusReason).toHaveLength(200);
      expect(long.startsWith(rejected.statusReason!.slice(0, 199))).toBe(true);
      const lost = await crm.markOpportunityLost({ opportunityId: opportunity.id, reason: long });
      expect(lost.lostReason).toHaveLength(200);
    });
  });

  describe('appendTimeline and setCreditHoldFlag', () => {
    it('appends one entry per source key and orders an account’s entries without gaps under concurrency', async () => {
      const { account } = await convertedCustomer(crm);
      const entry = {
        customerNo: account.customerNo,
        sourceKey: unique('invoice-sent'),
        kind: 'invoiced',
        summary: 'Invoice sent',
      };
      const first = await crm.appendTimeline(entry);
      const again = await crm.appendTimeline(entry);
      expect(again.position).toBe(first.position);
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          crm.appendTimeline({ ...entry, sourceKey: `${entry.sourceKey}-${i}` }),
        ),
      );
      const positions = await sql<{ position: number }>(
        `select position from crm.timeline_entry where account_id = $1 order by position`,
        [account.id],
      );
      expect(positions.map((p) => p.position)).toEqual(positions.map((_, i) => i + 1));
      expect(await count('timeline_entry', 'source_key = $1', [entry.sourceKey])).toBe(1);
    });

    it('mirrors the ERP credit hold once and shows it on the timeline', async () => {
      const { account } = await convertedCustomer(crm);
      const held = await crm.setCreditHoldFlag({
        customerNo: account.customerNo,
        creditHold: true,
        reason: 'INV-000045 30 days overdue',
      });
      expect(held.creditHold).toBe(true);
      await crm.setCreditHoldFlag({
        customerNo: account.customerNo,
        creditHold: true,
        reason: 'INV-000045 30 days overdue',
      });
      expect(
        await count('timeline_entry', `account_id = $1 and kind = 'credit-hold-set'`, [account.id]),
      ).toBe(1);
      expect(
        (await crm.setCreditHoldFlag({ customerNo: account.customerNo, creditHold: false }))
          .creditHold,
      ).toBe(false);
    });
  });

  describe('assets, cases and dealers', () => {
    it('registers delivered items once per serial number with warranty and maintenance dates', async () => {
      const { account } = await convertedCustomer(crm);
      const serialNo = unique('VIN');
      // Delivered on the 15th of last month (no month is too short for the 15th): the dates
      // follow from it, and the warranty runs for two years from it, whatever day this runs.
      const today = new Date();
      const fifteenth = (monthsFromNow: number): string =>
        new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + monthsFromNow, 15))
          .toISOString()
          .slice(0, 10);
      const request = {
        customerNo: account.customerNo,
        shipmentNo: unique('SH'),
        items: [
          {
            serialNo,
            sku: 'PUMP-100',
            itemName: 'Pump 100',
            deliveredOn: fifteenth(-1),
            warrantyMonths: 24,
            maintenanceIntervalMonths: 6,
          },
        ],
      };
      const [asset] = await crm.registerAssets(request);
      expect(asset).toMatchObject({
        serialNo,
        warrantyEndsOn: fifteenth(-1 + 24),
        nextMaintenanceOn: fifteenth(-1 + 6),
        inWarranty: true,
      });
      await crm.registerAssets(request);
      expect(await count('asset', 'serial_no = $1', [serialNo])).toBe(1);
      expect(
        await refusal(
          crm.registerAssets({
            ...request,
            items: [{ ...request.items[0], serialNo: unique('VIN'), deliveredOn: '2026-02-30' }],
          }),
        ),
      ).toEqual({ kind: 'validation', code: 'invalid-delivered-item' });
      const other = await convertedCustomer(crm);
      expect(
        await refusal(crm.registerAssets({ ...request, customerNo: other.account.customerNo })),
      ).toEqual({ kind: 'conflict', code: 'asset-serial-taken' });
    });

    it('runs a case from intake to close: SLA from the service level, dealer capacity taken once and given back', async () => {
      const { account } = await convertedCustomer(crm, {
        // Innsbruck: no other suite puts a dealer near it.
        latitude: 47.2692,
        longitude: 11.4041,
        city: 'Innsbruck',
      });
      await sql(`update crm.account set service_level = 'platinum' where id = $1`, [account.id]);
      const dealerCode = unique('D-INN');
      await sql(
        `insert into crm.dealer (id, code, name, city, latitude, longitude, capabilities, service_levels, open_capacity, active, created_at, updated_at)
         values (gen_random_uuid(), $1, 'Innsbrucker Service', 'Innsbruck', 47.265, 11.395, '["repair"]', '["platinum"]', 2, true, now(), now())`,
        [dealerCode],
      );
      const intake = {
        intakeKey: unique('call'),
        customerNo: account.customerNo,
        kind: 'repair' as const,
        symptom: 'Pump leaks',
        priority: 'high' as const,
      };
      const opened = await crm.openCase(intake);
      expect(new Date(opened.slaDueAt).getTime() - new Date(opened.openedAt).getTime()).toBe(
        4 * 3_600_000,
      );
      expect((await crm.openCase(intake)).id).toBe(opened.id);
      expect(await count('service_case', 'intake_key = $1', [intake.intakeKey])).toBe(1);

      const candidates = await crm.findCandidateDealers({
        customerNo: account.customerNo,
        capability: 'repair',
      });
      expect(candidates.dealers[0]).toMatchObject({ code: dealerCode });
      expect(candidates.dealers[0].distanceKm).toBeLessThan(2);

      await crm.assignDealer({ caseId: opened.id, dealer: dealerCode });
      const assigned = await crm.assignDealer({ caseId: opened.id, dealer: dealerCode });
      expect(assigned).toMatchObject({ status: 'assigned', dealer: { code: dealerCode } });
      const capacity = async (): Promise<number> =>
        (
          await sql<{ open_capacity: number }>(
            `select open_capacity from crm.dealer where code = $1`,
            [dealerCode],
          )
        )[0].open_capacity;
      expect(await capacity()).toBe(1);

      expect(await refusal(crm.closeCase({ caseId: opened.id }))).toEqual({
        kind: 'conflict',
        code: 'illegal-case-transition',
      });
      await crm.updateCase({ caseId: opened.id, status: 'in-progress' });
      expect(await refusal(crm.updateCase({ caseId: opened.id, status: 'resolved' }))).toEqual({
        kind: 'validation',
        code: 'resolution-required',
      });
      await crm.updateCase({ caseId: opened.id, status: 'resolved', resolution: 'Seal replaced' });
      await crm.updateCase({ caseId: opened.id, status: 'resolved', resolution: 'Seal replaced' });
      expect(await capacity()).toBe(2);
      const closed = await crm.closeCase({ caseId: opened.id, satisfaction: 5 });
      expect((await crm.closeCase({ caseId: opened.id, satisfaction: 5 })).closedAt).toBe(
        closed.closedAt,
      );
      expect(closed).toMatchObject({
        status: 'closed',
        satisfaction: 5,
        resolution: 'Seal replaced',
      });
    });

    it('refuses a dealer without the capability or the service level', async () => {
      const { account } = await convertedCustomer(crm, {
        latitude: 48.2082,
        longitude: 16.3738,
        city: 'Vienna',
      });
      const dealerCode = unique('D-VIE');
      await sql(
        `insert into crm.dealer (id, code, name, city, latitude, longitude, capabilities, service_levels, open_capacity, active, created_at, updated_at)
         values (gen_random_uuid(), $1, 'Wiener Wartung', 'Vienna', 48.2, 16.37, '["maintenance"]', '["gold"]', 3, true, now(), now())`,
        [dealerCode],
      );
      const opened = await crm.openCase({
        intakeKey: unique('call'),
        customerNo: account.customerNo,
        kind: 'repair',
        symptom: 'Noise',
      });
      expect(await refusal(crm.assignDealer({ caseId: opened.id, dealer: dealerCode }))).toEqual({
        kind: 'business-rule',
        code: 'dealer-not-eligible',
      });
      expect(await count('service_case', `id = $1 and status = 'open'`, [opened.id])).toBe(1);
    });
  });

  describe('getCustomerProfile', () => {
    it('finds the caller by phone in any formatting and shows cases, assets and recent timeline', async () => {
      const { account } = await convertedCustomer(crm);
      await crm.openCase({
        intakeKey: unique('call'),
        customerNo: account.customerNo,
        kind: 'complaint',
        symptom: 'Late delivery',
      });
      const profile = await crm.getCustomerProfile({ phone: account.phone!.replace(/ /g, '-') });
      expect(profile.account.customerNo).toBe(account.customerNo);
      expect(profile).toMatchObject({ serviceLevel: 'standard', slaHours: 72, creditHold: false });
      expect(profile.openCases).toHaveLength(1);
      expect(profile.recentTimeline.map((e) => e.kind)).toEqual(['case-opened', 'lead-converted']);
      expect(
        (await crm.getCustomerProfile({ email: account.email.toUpperCase() })).account.id,
      ).toBe(account.id);
    });
  });
});
