import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { CrmActivities } from '@throughline/activities/crm';
import {
  checkCrossSystemInvariants,
  type CrossSystemViolation,
  crossSystemInvariantNames,
} from '@throughline/cross-system';
import { activitiesOf } from '../support/activities';
import { startApp, type RunningApp } from '../support/apps';
import { closeSql } from '../support/db';
import { ErpHarness, places } from '../erp/erp-fixtures';

/** The tables the checker reads, copied into a throwaway pair of schemas that only this suite sees. */
const tables = {
  crm: ['account', 'lead', 'opportunity', 'quote', 'quote_line', 'timeline_entry', 'asset'],
  erp: [
    'customer',
    'sales_order',
    'sales_order_line',
    'shipment',
    'shipment_line',
    'invoice',
    'invoice_line',
    'payment',
    'payment_allocation',
    'credit_note',
    'journal_entry',
    'journal_line',
  ],
};

const [
  quoteEqualsOrder,
  oneOrderPerQuote,
  orderFromAcceptedQuote,
  oneProcessPerDocument,
  accountEqualsCustomer,
  wonHasLiveOrder,
  assetsEqualSerials,
  erpTotalsEqualLines,
  invoicedShippedOrdered,
  arPerCustomer,
] = crossSystemInvariantNames;

/**
 * The cross-system checker: a customer taken from lead to paid invoice through the CRM and ERP
 * activities (the fixtures) passes; then each kind of drift is written into a copy of that
 * customer's rows in schemas of this suite's own, never into the shared crm and erp schemas that
 * other suites check at the same time, and each check reports it.
 */
describe('the cross-system invariant checker', () => {
  let crmApp: RunningApp;
  let crm: CrmActivities;
  let h: ErpHarness;
  let db: Client;
  const tag = randomUUID().replace(/-/g, '').slice(0, 10);
  const schemas = { crm: `xcheck_${tag}_crm`, erp: `xcheck_${tag}_erp` };
  const processId = `lead-to-cash:xcheck-${tag}@example.com`;
  let pair: {
    customerNo: string;
    leadNo: string;
    opportunityNo: string;
    quoteNo: string;
    orderNo: string;
    shipmentNo: string;
    invoiceNo: string;
    paymentNo: string;
    serials: string[];
  };

  beforeAll(async () => {
    crmApp = await startApp('crm');
    crm = activitiesOf(crmApp.app, CrmActivities);
    h = await ErpHarness.start();
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });

  afterAll(async () => {
    await db?.query(`drop schema if exists ${schemas.crm} cascade`);
    await db?.query(`drop schema if exists ${schemas.erp} cascade`);
    await db?.end();
    await h?.close();
    await crmApp?.app.close();
    await closeSql();
  });

  /** A lead to cash done step by step through both systems' activities, as the workflow does. */
  async function cleanPair(): Promise<typeof pair> {
    const email = `xcheck-${tag}@example.com`;
    const lead = await crm.captureLead({
      source: 'partner',
      company: `Xcheck ${tag} GmbH`,
      contactName: 'Ada Check',
      email,
      phone: '+49 30 7654321',
      estimatedValueMinor: 2_000_000,
      processId,
    });
    await crm.scoreLead({ leadId: lead.id });
    const converted = await crm.convertLead({ leadId: lead.id, address: places.potsdam });
    const { customerNo, name } = converted.account;
    const customer = await h.erp.upsertCustomer({ customerNo, legalName: name, email });
    await crm.linkErpCustomer({ customerNo, erpCustomerId: customer.id });

    const warehouse = await h.warehouse(places.hamburg);
    const sku = await h.item({ listPriceMinor: 10_000, serialized: true, warrantyMonths: 24 });
    await h.stock(sku, warehouse, 3);
    // 3 × 100.00 less 5 %: no half cent anywhere, so both systems' rounding agree on it.
    const line = { sku, quantity: 3, unitPriceMinor: 10_000, discountPercent: 5 };
    const quote = await crm.createQuote({
      quoteKey: `quote:${converted.opportunity.opportunityNo}:1`,
      opportunityId: converted.opportunity.id,
      currency: 'EUR',
      taxRatePercent: 19,
      validUntil: new Date(Date.now() + 86_400_000).toISOString(),
      lines: [line],
    });
    for (const status of ['approved', 'sent', 'accepted'] as const) {
      await crm.setQuoteStatus({ quoteId: quote.id, status, by: 'test', processId });
    }
    const order = await h.erp.createSalesOrder({
      orderKey: `quote:${quote.quoteNo}`,
      customerNo,
      lines: [line],
      quoteRef: quote.quoteNo,
      opportunityRef: converted.opportunity.opportunityNo,
      shipTo: places.potsdam,
    });
    await crm.linkErpDocuments({ opportunityId: converted.opportunity.id, orderNo: order.orderNo });
    await crm.markOpportunityWon({
      opportunityId: converted.opportunity.id,
      orderNo: order.orderNo,
      processId,
    });

    await h.erp.reserveStock({ orderNo: order.orderNo });
    const shipment = await h.erp.createShipment({
      orderNo: order.orderNo,
      warehouseCode: warehouse,
    });
    await h.erp.pick({ shipmentNo: shipment.shipmentNo });
    const packed = await h.erp.pack({ shipmentNo: shipment.shipmentNo });
    await h.erp.ship({ shipmentNo: shipment.shipmentNo, carrier: 'DHL', trackingNumber: tag });
    await h.erp.deliver({ shipmentNo: shipment.shipmentNo });
    const invoice = await h.erp.createInvoice({ shipmentNo: shipment.shipmentNo });
    const serials = packed.lines[0].serialNumbers;
    await crm.registerAssets({
      customerNo,
      shipmentNo: shipment.shipmentNo,
      processId: `${processId}/shipment/${warehouse}-1`,
      items: serials.map((serialNo) => ({
        serialNo,
        sku,
        itemName: `Test item ${sku}`,
        deliveredOn: new Date().toISOString().slice(0, 10),
        warrantyMonths: 24,
      })),
    });
    const payment = await h.erp.recordPayment({
      externalRef: `bank-${tag}`,
      customerNo,
      amountMinor: invoice.grossMinor,
    });
    return {
      customerNo,
      leadNo: lead.leadNo,
      opportunityNo: converted.opportunity.opportunityNo,
      quoteNo: quote.quoteNo,
      orderNo: order.orderNo,
      shipmentNo: shipment.shipmentNo,
      invoiceNo: invoice.invoiceNo,
      paymentNo: payment.paymentNo,
      serials,
    };
  }

  /** Copies the checked tables into this suite's schemas (no constraints, so drift can be written). */
  async function copyIntoOwnSchemas(): Promise<void> {
    for (const system of ['crm', 'erp'] as const) {
      await db.query(`create schema ${schemas[system]}`);
      for (const table of tables[system]) {
        await db.query(
          `create table ${schemas[system]}.${table} (like ${system}.${table} including defaults)`,
        );
        await db.query(`insert into ${schemas[system]}.${table} select * from ${system}.${table}`);
      }
    }
  }

  /** Writes drift into the copy, checks inside the same transaction, and rolls back. */
  async function afterDrift(
    sql: string[],
    settleMs = 0,
  ): Promise<{ invariants: string[]; details: string[] }> {
    await db.query('begin');
    let found: CrossSystemViolation[];
    try {
      for (const statement of sql) {
        await db.query(
          statement.replaceAll('crm.', `${schemas.crm}.`).replaceAll('erp.', `${schemas.erp}.`),
        );
      }
      found = await checkCrossSystemInvariants(db, {
        schemas,
        customerNos: [pair.customerNo],
        settleMs,
      });
    } finally {
      await db.query('rollback');
    }
    return {
      invariants: [...new Set(found.map((v) => v.invariant))].sort(),
      details: found.map((v) => v.detail),
    };
  }

  it('finds nothing wrong with a customer taken from lead to paid invoice through both systems', async () => {
    pair = await cleanPair();
    // On the shared schemas, only this suite's customer (other suites' rows are theirs to judge).
    expect(
      await checkCrossSystemInvariants(process.env.DATABASE_URL!, {
        customerNos: [pair.customerNo],
      }),
    ).toEqual([]);
    await copyIntoOwnSchemas();
    expect(await afterDrift([])).toEqual({ invariants: [], details: [] });
  });

  it('reports a cent of drift between a quote line and its order line', async () => {
    const found = await afterDrift([
      `update erp.sales_order_line set net_minor = net_minor + 1
        where order_id = (select id from erp.sales_order where order_no = '${pair.orderNo}')`,
      `update erp.sales_order set net_minor = net_minor + 1, gross_minor = gross_minor + 1
        where order_no = '${pair.orderNo}'`,
    ]);
    expect(found.invariants).toEqual([quoteEqualsOrder]);
    expect(found.details).toEqual([
      expect.stringMatching(
        new RegExp(`^quote ${pair.quoteNo} / order ${pair.orderNo}: net \\d+ vs \\d+; total`),
      ),
      expect.stringMatching(
        new RegExp(
          `^quote ${pair.quoteNo} / order ${pair.orderNo} line 1: net \\d+ vs \\d+; total`,
        ),
      ),
    ]);
    // The other line fields: sku, quantity, unit price and discount.
    const fields = await afterDrift([
      `update erp.sales_order_line set sku = 'OTHER', quantity = quantity + 1,
              unit_price_minor = unit_price_minor - 1, discount_bp = 0
        where order_id = (select id from erp.sales_order where order_no = '${pair.orderNo}')`,
    ]);
    expect(fields.details).toContainEqual(
      expect.stringMatching(
        /line 1: sku .* vs OTHER; quantity 3 vs 4; unit price 10000 vs 9999; discount 500 vs 0 bp/,
      ),
    );
  });

  it('reports a second order for one quote, and an order from a quote that is not accepted', async () => {
    const second = await afterDrift([
      `insert into erp.sales_order
       select (jsonb_populate_record(null::erp.sales_order, to_jsonb(o) || jsonb_build_object(
                 'id', gen_random_uuid(), 'order_no', 'SO-DUP-${tag}', 'order_key', 'dup:${tag}', 'status', 'cancelled'))).*
         from erp.sales_order o where order_no = '${pair.orderNo}'`,
    ]);
    expect(second.invariants).toContain(oneOrderPerQuote);
    expect(second.details).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^quote ${pair.quoteNo} has 2 orders: .*${pair.orderNo} \\(\\w+\\).*SO-DUP-${tag} \\(cancelled\\)`,
        ),
      ),
    );
    const notAccepted = await afterDrift([
      `update crm.quote set status = 'rejected' where quote_no = '${pair.quoteNo}'`,
    ]);
    expect(notAccepted.invariants).toEqual([orderFromAcceptedQuote]);
  });

  it('reports a quote or order that a second process worked on', async () => {
    const found = await afterDrift([
      `insert into crm.timeline_entry (id, account_id, position, source_key, kind, summary, occurred_at, recorded_at, process_id, details)
       select gen_random_uuid(), account_id, 1000, 'intruder:${tag}', 'quote-sent', 'sent again', now(), now(),
              'lead-to-cash:intruder-${tag}', jsonb_build_object('quoteNo', '${pair.quoteNo}', 'orderNo', '${pair.orderNo}')
         from crm.timeline_entry where details->>'quoteNo' = '${pair.quoteNo}' limit 1`,
    ]);
    expect(found.invariants).toEqual([oneProcessPerDocument]);
    expect(found.details).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`quote ${pair.quoteNo} belongs to processes`),
        expect.stringContaining(`order ${pair.orderNo} belongs to processes`),
      ]),
    );
    expect(found.details.join('\n')).toContain(`lead-to-cash:intruder-${tag}`);
    // A lead captured by one process whose opportunity another process won.
    const owner = await afterDrift([
      `update crm.lead set owner_process_id = 'lead-to-cash:other-${tag}' where lead_no = '${pair.leadNo}'`,
    ]);
    expect(owner.invariants).toEqual([oneProcessPerDocument]);
    expect(owner.details.join('\n')).toContain(
      `opportunity ${pair.opportunityNo} belongs to processes`,
    );
  });

  it('reports an account and its ERP customer that disagree, once the difference has settled', async () => {
    const drift = [
      `update erp.customer set legal_name = 'Someone Else', credit_hold = true, updated_at = now()
        where customer_no = '${pair.customerNo}'`,
    ];
    const found = await afterDrift(drift);
    expect(found.invariants).toEqual([accountEqualsCustomer]);
    expect(found.details).toEqual([
      expect.stringMatching(
        new RegExp(
          `^account ${pair.customerNo} / ERP customer ${pair.customerNo}: name ".*" vs "Someone Else"; credit hold false vs true$`,
        ),
      ),
    ]);
    // A change of a moment ago is a process between two steps (ERP set the hold, CRM mirrors it next).
    expect((await afterDrift(drift, 60_000)).invariants).toEqual([]);
    const renumbered = await afterDrift([
      `update erp.customer set customer_no = 'C-XCHECK' where customer_no = '${pair.customerNo}'`,
    ]);
    expect(renumbered.details).toContainEqual(
      expect.stringContaining(`customerNo ${pair.customerNo} vs C-XCHECK`),
    );
  });

  it('reports a won opportunity whose ERP order is cancelled or missing', async () => {
    const cancelled = await afterDrift([
      `update erp.sales_order set status = 'cancelled', updated_at = now() - interval '1 hour'
        where order_no = '${pair.orderNo}'`,
      `update crm.opportunity set updated_at = now() - interval '1 hour' where opportunity_no = '${pair.opportunityNo}'`,
    ]);
    expect(cancelled.invariants).toEqual([wonHasLiveOrder]);
    expect(cancelled.details).toEqual([
      `won opportunity ${pair.opportunityNo}: order ${pair.orderNo} is cancelled`,
    ]);
    const missing = await afterDrift([
      `update crm.opportunity set erp_order_no = 'SO-NONE-${tag}' where opportunity_no = '${pair.opportunityNo}'`,
    ]);
    expect(missing.details).toContain(
      `won opportunity ${pair.opportunityNo}: names order SO-NONE-${tag}, which the ERP does not have`,
    );
  });

  it('reports delivered serials without an asset, and assets without a delivered serial', async () => {
    const [first, second] = pair.serials;
    const found = await afterDrift([
      `delete from crm.asset where serial_no = '${first}'`,
      `update crm.asset set serial_no = 'NOT-SHIPPED-${tag}' where serial_no = '${second}'`,
    ]);
    expect(found.invariants).toEqual([assetsEqualSerials]);
    expect(found.details.sort()).toEqual(
      [
        `serial ${first}: delivered on ${pair.shipmentNo} to ${pair.customerNo} but no CRM asset`,
        `serial ${second}: delivered on ${pair.shipmentNo} to ${pair.customerNo} but no CRM asset`,
        `serial NOT-SHIPPED-${tag}: CRM asset of ${pair.customerNo} (shipment ${pair.shipmentNo}) on no delivered ERP shipment`,
      ].sort(),
    );
  });

  it('reports an ERP invoice whose header no longer equals its lines', async () => {
    const found = await afterDrift([
      `update erp.invoice set net_minor = net_minor + 1, tax_minor = tax_minor - 1 where invoice_no = '${pair.invoiceNo}'`,
    ]);
    expect(found.invariants).toEqual([erpTotalsEqualLines]);
    expect(found.details).toEqual([
      expect.stringMatching(new RegExp(`^invoice ${pair.invoiceNo}: `)),
    ]);
  });

  it('reports an order line invoiced beyond what was shipped, or shipped beyond what was ordered', async () => {
    const invoiced = await afterDrift([
      `update erp.invoice_line set quantity = quantity + 1
        where invoice_id = (select id from erp.invoice where invoice_no = '${pair.invoiceNo}')`,
    ]);
    expect(invoiced.invariants).toEqual([invoicedShippedOrdered]);
    expect(invoiced.details).toEqual([
      expect.stringMatching(
        new RegExp(`^order ${pair.orderNo} line 1 .*: ordered 3, shipped 3, invoiced 4$`),
      ),
    ]);
    const shipped = await afterDrift([
      `update erp.shipment_line set quantity = quantity + 2
        where shipment_id = (select id from erp.shipment where shipment_no = '${pair.shipmentNo}')`,
    ]);
    expect(shipped.details).toContainEqual(
      expect.stringMatching(/ordered 3, shipped 5, invoiced 3$/),
    );
  });

  it("reports a customer's AR in the ledger that differs from its invoices less payments", async () => {
    const found = await afterDrift([
      `update erp.payment_allocation set amount_minor = amount_minor - 100
        where invoice_id = (select id from erp.invoice where invoice_no = '${pair.invoiceNo}')`,
    ]);
    expect(found.invariants).toEqual([arPerCustomer]);
    expect(found.details).toEqual([
      `customer ${pair.customerNo}: ledger AR 0, open invoices less allocated payments 100, invoice balances 0`,
    ]);
  });
});
