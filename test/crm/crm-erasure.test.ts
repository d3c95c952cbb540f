import { randomUUID } from 'node:crypto';
import { CrmActivities } from '@throughline/activities/crm';
import { isDomainError } from '@throughline/common';
import { activitiesOf } from '../support/activities';
import { startApp, type RunningApp } from '../support/apps';
import { closeSql, sql } from '../support/db';
import { occurrences } from '../support/personal-data';
import { convertedCustomer, invariantViolations, quoteRequest, unique } from './crm-fixtures';

/** The typed domain error an activity refused with. */
async function refusal(call: Promise<unknown>): Promise<{ kind: string; code: string }> {
  try {
    await call;
  } catch (error) {
    if (isDomainError(error)) return { kind: error.kind, code: error.code };
    throw error;
  }
  throw new Error('expected the activity to refuse');
}

/** What the business history of an account is, apart from personal data: it must not change. */
async function businessRecords(accountId: string): Promise<Record<string, unknown[]>> {
  const of = (query: string) => sql(query, [accountId]);
  return {
    account: await of(
      `select customer_no, kind, service_level, owner, erp_customer_id, created_at from crm.account where id = $1`,
    ),
    leads: await of(
      `select lead_no, source, score, estimated_value_minor, currency, owner_process_id, account_id,
              contact_id, opportunity_id, converted_at, created_at
         from crm.lead where account_id = $1 order by lead_no`,
    ),
    contacts: await of(`select id, created_at from crm.contact where account_id = $1 order by id`),
    opportunities: await of(
      `select opportunity_no, stage, amount_minor, currency, erp_order_no, erp_shipment_nos,
              erp_invoice_nos, closed_at, source_lead_id
         from crm.opportunity where account_id = $1 order by opportunity_no`,
    ),
    quotes: await of(
      `select quote_no, quote_key, status, tax_rate_basis_points, gross_minor, discount_minor,
              net_minor, tax_minor, total_minor, valid_until, approved_by, approved_at
         from crm.quote where account_id = $1 order by quote_no`,
    ),
    quoteLines: await of(
      `select q.quote_no, l.line_no, l.sku, l.quantity, l.unit_price_minor, l.discount_basis_points,
              l.gross_minor, l.discount_minor, l.net_minor, l.tax_minor, l.total_minor
         from crm.quote_line l join crm.quote q on q.id = l.quote_id
        where q.account_id = $1 order by q.quote_no, l.line_no`,
    ),
    assets: await of(
      `select serial_no, sku, item_name, shipment_no, delivered_on, warranty_ends_on, next_maintenance_on
         from crm.asset where account_id = $1 order by serial_no`,
    ),
    cases: await of(
      `select case_no, intake_key, kind, priority, status, in_warranty, opened_at, sla_due_at
         from crm.service_case where account_id = $1 order by case_no`,
    ),
    timeline: await of(
      `select position, source_key, occurred_at, recorded_at, process_id
         from crm.timeline_entry where account_id = $1 and kind <> 'personal-data-erased'
        order by position`,
    ),
  };
}

/** Every row of the account and its records exactly as stored (updated_at included). */
async function storedRows(accountId: string, leadIds: string[] = []): Promise<unknown[]> {
  return sql(
    `select 'account' as t, to_jsonb(a) as row from crm.account a where a.id = $1
     union all select 'contact', to_jsonb(c) from crm.contact c where c.account_id = $1
     union all select 'lead', to_jsonb(l) from crm.lead l
                where l.account_id = $1 or l.id = any($2::uuid[])
     union all select 'opportunity', to_jsonb(o) from crm.opportunity o where o.account_id = $1
     union all select 'quote', to_jsonb(q) from crm.quote q where q.account_id = $1
     union all select 'case', to_jsonb(s) from crm.service_case s where s.account_id = $1
     union all select 'timeline', to_jsonb(e) from crm.timeline_entry e where e.account_id = $1
     order by 1, 2`,
    [accountId, leadIds],
  );
}

describe('CRM eraseCustomerPersonalData (right to be forgotten)', () => {
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

  it('erases every name, e-mail, phone and street of the customer and keeps its business history; a second erasure changes nothing', async () => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 10);
    const person = {
      name: `Ada Erasable${tag}`,
      company: `Lovelace${tag} Engines`,
      email: `ada.${tag}@example.com`,
      phone: `+49 30 ${Math.floor(1_000_000 + Math.random() * 8_999_999)}`,
      street: `Erasurestraße ${tag}`,
    };
    const owner = `lead-to-cash:s-${tag}`;

    // A customer with everything the CRM holds about a person.
    const lead = await crm.captureLead({
      source: 'partner',
      company: person.company,
      contactName: person.name,
      email: person.email,
      phone: person.phone,
      itemsOfInterest: ['PUMP-100', `ask ${person.name} about a pump`],
      estimatedValueMinor: 2_000_000,
      processId: owner,
    });
    expect((await crm.scoreLead({ leadId: lead.id })).outcome).toBe('qualified');
    const { account, opportunity } = await crm.convertLead({
      leadId: lead.id,
      owner: 'sam.sales',
      address: {
        line1: person.street,
        city: 'Berlin',
        postalCode: '10117',
        country: 'DE',
        latitude: 52.5186,
        longitude: 13.3889,
      },
      opportunityTitle: `${person.name}: 2 line(s)`,
    });
    const quote = await crm.createQuote(quoteRequest(opportunity));
    await crm.setQuoteStatus({
      quoteId: quote.id,
      status: 'approved',
      by: 'manager.mia',
      comment: `${person.name} is a friend of the house, call ${person.phone}`,
      processId: owner,
    });
    await crm.setQuoteStatus({ quoteId: quote.id, status: 'sent', processId: owner });
    await crm.setQuoteStatus({ quoteId: quote.id, status: 'accepted', processId: owner });
    await crm.markOpportunityWon({
      opportunityId: opportunity.id,
      orderNo: `SO-${tag}`,
      processId: owner,
    });
    await crm.linkErpDocuments({
      opportunityId: opportunity.id,
      shipmentNos: [`SH-${tag}`],
      invoiceNos: [`INV-${tag}`],
    });
    await crm.appendTimeline({
      customerNo: account.customerNo,
      sourceKey: `note:${tag}`,
      kind: 'note',
      summary: `${person.name} called from ${person.phone}; ships to ${person.street}`,
      processId: owner,
      details: {
        orderNo: `SO-${tag}`,
        email: person.email,
        caller: { who: person.name, phone: person.phone },
        balanceMinor: 1_234,
      },
    });
    await crm.registerAssets({
      customerNo: account.customerNo,
      shipmentNo: `SH-${tag}`,
      items: [
        {
          serialNo: `VIN-${tag}`,
          sku: 'PUMP-100',
          itemName: 'Pump 100',
          deliveredOn: '2026-11-20',
          warrantyMonths: 24,
        },
      ],
    });
    await crm.openCase({
      intakeKey: `call:${tag}`,
      customerNo: account.customerNo,
      kind: 'repair',
      symptom: `${person.name} (${person.email}) says the pump at ${person.street} leaks`,
    });
    await crm.setCreditHoldFlag({
      customerNo: account.customerNo,
      creditHold: true,
      reason: `${person.name} disputes INV-${tag}`,
    });
    // A later lead of the same person that a salesperson turned down, and an open one.
    const turnedDown = await crm.captureLead({
      source: 'web',
      contactName: person.name,
      email: person.email,
      phone: person.phone,
    });
    await crm.decideLead({
      leadId: turnedDown.id,
      decision: 'disqualify',
      reason: `${person.name} asked us not to call`,
    });
    const open = await crm.captureLead({
      source: 'call-center',
      contactName: person.name,
      company: person.company,
      email: person.email,
      phone: person.phone,
      processId: `lead-to-cash:s-other-${tag}`,
    });

    const needles = [
      person.name,
      `Erasable${tag}`,
      person.company,
      person.email,
      person.phone,
      person.phone.replace(/\D/g, ''),
      person.street,
    ];
    const seeded = await occurrences('crm', needles);
    for (const table of [
      'account',
      'contact',
      'lead',
      'opportunity',
      'quote',
      'service_case',
      'timeline_entry',
    ]) {
      expect(seeded.filter((hit) => hit.startsWith(`${table}: `))).not.toEqual([]);
    }
    const before = await businessRecords(account.id);
    const [{ entries }] = await sql<{ entries: number }>(
      `select count(*)::int as entries from crm.timeline_entry where account_id = $1`,
      [account.id],
    );

    const erasureRef = `customer-erasure:${account.customerNo}`;
    const erased = await crm.eraseCustomerPersonalData({
      customerNo: account.customerNo,
      erasureRef,
    });
    expect(erased).toEqual({
      customerNo: account.customerNo,
      erasureRef,
      erasedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      accounts: 1,
      contacts: 1,
      leads: 3,
      opportunities: 1,
      quotes: 1,
      serviceCases: 1,
      timelineEntries: entries,
    });

    // Nowhere in the CRM any more, in no table.
    expect(await occurrences('crm', needles)).toEqual([]);
    // The business history is as it was: numbers, amounts, dates, statuses, serials.
    expect(await businessRecords(account.id)).toEqual(before);
    expect(await invariantViolations(app.app)).toEqual([]);

    const [stored] = await sql<Record<string, unknown>>(
      `select name, email, phone, billing_line1, billing_latitude, shipping_line1, credit_hold,
              erased_at, erasure_ref from crm.account where id = $1`,
      [account.id],
    );
    expect(stored).toEqual({
      name: `Erased customer ${account.customerNo}`,
      email: `erased.account.${account.customerNo.toLowerCase()}@erased.invalid`,
      phone: null,
      billing_line1: null,
      billing_latitude: null,
      shipping_line1: null,
      credit_hold: true,
      erased_at: new Date(erased.erasedAt),
      erasure_ref: erasureRef,
    });
    // The open lead is closed, so nobody converts an erased person's lead again.
    expect(
      await sql(
        `select status, disqualified_reason, items_of_interest from crm.lead where id = $1`,
        [open.id],
      ),
    ).toEqual([
      {
        status: 'disqualified',
        disqualified_reason: 'personal-data-erased',
        items_of_interest: [],
      },
    ]);
    expect(
      await sql(
        `select status, disqualified_reason, items_of_interest from crm.lead where id = any($1::uuid[]) order by lead_no`,
        [[lead.id, turnedDown.id]],
      ),
    ).toEqual([
      { status: 'converted', disqualified_reason: null, items_of_interest: ['PUMP-100'] },
      { status: 'disqualified', disqualified_reason: '(erased)', items_of_interest: [] },
    ]);
    // Timeline: every entry keeps its document numbers; one entry records the erasure.
    const timeline = await sql<{ kind: string; summary: string; details: unknown }>(
      `select kind, summary, details from crm.timeline_entry where account_id = $1 order by position`,
      [account.id],
    );
    expect(timeline.at(-1)).toEqual({
      kind: 'personal-data-erased',
      summary: 'Personal data erased',
      details: { erasureRef },
    });
    expect(timeline.filter((e) => e.kind === 'personal-data-erased')).toHaveLength(1);
    expect(timeline.find((e) => e.kind === 'note')).toEqual({
      kind: 'note',
      summary: `(erased) note: SO-${tag}`,
      details: { orderNo: `SO-${tag}`, caller: {}, balanceMinor: 1_234 },
    });
    // (jsonb orders the keys of details: shorter first)
    expect(timeline.find((e) => e.kind === 'order-confirmed')?.summary).toBe(
      `(erased) order-confirmed: SO-${tag}, ${opportunity.opportunityNo}`,
    );

    // Again: the same result, not one row or timestamp changed.
    const leadIds = [lead.id, turnedDown.id, open.id];
    const rows = await storedRows(account.id, leadIds);
    expect(
      await crm.eraseCustomerPersonalData({ customerNo: account.customerNo, erasureRef }),
    ).toEqual(erased);
    expect(
      await crm.eraseCustomerPersonalData({
        customerNo: account.customerNo,
        erasureRef: 'another-request-1',
      }),
    ).toEqual(erased);
    expect(await storedRows(account.id, leadIds)).toEqual(rows);

    // The ERP's hold stays: releasing it for an erased customer changes nothing.
    const released = await crm.setCreditHoldFlag({
      customerNo: account.customerNo,
      creditHold: false,
      reason: 'invoice paid',
    });
    expect(released.creditHold).toBe(true);
    expect(await storedRows(account.id, leadIds)).toEqual(rows);

    // The person may come back: a new lead with the old e-mail is a lead of its own.
    const comeback = await crm.captureLead({
      source: 'web',
      contactName: 'A. L.',
      email: person.email,
    });
    expect(leadIds).not.toContain(comeback.id);
  });

  it('erases customers one after another without their placeholders colliding', async () => {
    const customers = [await convertedCustomer(crm), await convertedCustomer(crm)];
    const results = [];
    for (const { account } of customers) {
      results.push(
        await crm.eraseCustomerPersonalData({
          customerNo: account.customerNo,
          erasureRef: unique('DSR'),
        }),
      );
    }
    expect(results.map((r) => r.leads)).toEqual([1, 1]);
    const emails = await sql<{ email: string }>(
      `select email from crm.account where customer_no = any($1::text[])
       union all select c.email from crm.contact c join crm.account a on a.id = c.account_id
                  where a.customer_no = any($1::text[])`,
      [customers.map((c) => c.account.customerNo)],
    );
    expect(emails).toHaveLength(4);
    expect(new Set(emails.map((e) => e.email)).size).toBe(4);
    expect(emails.every((e) => e.email.endsWith('@erased.invalid'))).toBe(true);
  });

  it('refuses an unknown customer as not found and a malformed request as invalid input, changing nothing', async () => {
    expect(
      await refusal(
        crm.eraseCustomerPersonalData({ customerNo: 'C-999999999', erasureRef: unique('DSR') }),
      ),
    ).toEqual({ kind: 'not-found', code: 'account-not-found' });
    const { account } = await convertedCustomer(crm);
    const rows = await storedRows(account.id);
    for (const request of [
      { customerNo: account.customerNo },
      { customerNo: account.customerNo, erasureRef: 'ada@example.com' },
      { customerNo: account.customerNo, erasureRef: 'x', extra: true },
    ]) {
      expect(await refusal(crm.eraseCustomerPersonalData(request as never))).toEqual({
        kind: 'validation',
        code: 'invalid-input',
      });
    }
    expect(await storedRows(account.id)).toEqual(rows);
  });
});
