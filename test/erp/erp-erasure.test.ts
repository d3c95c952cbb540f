import { randomUUID } from 'node:crypto';
import { checkCrossSystemInvariants } from '@throughline/cross-system';
import { closeSql, sql } from '../support/db';
import { occurrences } from '../support/personal-data';
import { failureOf } from './activity-boundary';
import { ErpHarness, footprint, places, unique } from './erp-fixtures';

/** The legally kept records of a customer: numbers, dates and amounts, as they were. */
async function retainedRecords(customerNo: string): Promise<Record<string, unknown[]>> {
  const of = (query: string) => sql(query, [customerNo]);
  return {
    orders: await of(
      `select order_no, order_key, status, currency, quote_ref, tax_rate_bp, net_minor, tax_minor,
              gross_minor, cancelled_at, created_at
         from erp.sales_order where customer_no = $1 order by order_no`,
    ),
    orderLines: await of(
      `select o.order_no, l.line_no, l.sku, l.description, l.quantity, l.unit_price_minor,
              l.discount_bp, l.net_minor, l.tax_minor, l.quantity_shipped, l.quantity_invoiced
         from erp.sales_order_line l join erp.sales_order o on o.id = l.order_id
        where o.customer_no = $1 order by o.order_no, l.line_no`,
    ),
    shipments: await of(
      `select shipment_no, status, carrier, tracking_number, shipped_at
         from erp.shipment where customer_no = $1 order by shipment_no`,
    ),
    invoices: await of(
      `select invoice_no, kind, issue_date, due_date, tax_rate_bp, net_minor, tax_minor, gross_minor,
              paid_minor, credited_minor, status
         from erp.invoice where customer_no = $1 order by invoice_no`,
    ),
    invoiceLines: await of(
      `select i.invoice_no, l.line_no, l.sku, l.description, l.quantity, l.unit_price_minor,
              l.net_minor, l.tax_minor
         from erp.invoice_line l join erp.invoice i on i.id = l.invoice_id
        where i.customer_no = $1 order by i.invoice_no, l.line_no`,
    ),
    creditNotes: await of(
      `select credit_note_no, reason, issue_date, net_minor, tax_minor, gross_minor
         from erp.credit_note where customer_no = $1 order by credit_note_no`,
    ),
    payments: await of(
      `select p.payment_no, p.external_ref, p.amount_minor, p.method, p.received_on,
              coalesce(json_agg(json_build_object('invoiceId', a.invoice_id, 'amountMinor', a.amount_minor)
                       order by a.invoice_id) filter (where a.id is not null), '[]') as allocations
         from erp.payment p left join erp.payment_allocation a on a.payment_id = p.id
        where p.customer_no = $1 group by p.id order by p.payment_no`,
    ),
    workOrders: await of(
      `select work_order_no, case_ref, status, warranty, labour_minutes, labour_rate_minor,
              parts_cost_minor, completed_at
         from erp.work_order where customer_no = $1 order by work_order_no`,
    ),
    journal: await of(
      `select e.entry_no, e.entry_date, e.description, e.source_type, e.source_no, l.line_no,
              l.account_code, l.debit_minor, l.credit_minor
         from erp.journal_entry e join erp.journal_line l on l.entry_id = e.id
        where e.source_no in (
          select order_no from erp.sales_order where customer_no = $1
          union select s.shipment_no from erp.shipment s where s.customer_no = $1
          union select invoice_no from erp.invoice where customer_no = $1
          union select credit_note_no from erp.credit_note where customer_no = $1
          union select payment_no from erp.payment where customer_no = $1
          union select work_order_no from erp.work_order where customer_no = $1)
        order by e.entry_no, l.line_no`,
    ),
  };
}

/** The customer's own rows as stored (updated_at included). */
async function storedRows(customerNo: string): Promise<unknown[]> {
  return sql(
    `select 'customer' as t, to_jsonb(c) as row from erp.customer c where c.customer_no = $1
     union all select 'order', to_jsonb(o) from erp.sales_order o where o.customer_no = $1
     union all select 'work-order', to_jsonb(w) from erp.work_order w where w.customer_no = $1
     union all select 'invoice', to_jsonb(i) from erp.invoice i where i.customer_no = $1
     order by 1, 2`,
    [customerNo],
  );
}

describe('ERP anonymizeCustomer (right to be forgotten)', () => {
  let h: ErpHarness;

  beforeAll(async () => {
    h = await ErpHarness.start();
  });

  afterAll(async () => {
    try {
      expect(await h?.invariants()).toEqual([]);
    } finally {
      await h?.close();
      await closeSql();
    }
  });

  it('replaces the name, e-mail and addresses, keeps invoices, payments and ledger as they were, and holds the customer; a second run changes nothing', async () => {
    const tag = randomUUID().replace(/-/g, '').slice(0, 10);
    const person = {
      name: `Grace Erasable${tag}`,
      email: `grace.${tag}@example.com`,
      phone: `+49 89 ${Math.floor(1_000_000 + Math.random() * 8_999_999)}`,
      street: `Vergessenweg ${tag}`,
    };
    const home = { ...places.augsburg, line1: person.street };
    const { latitude: _latitude, longitude: _longitude, ...billingAddress } = home;

    const warehouse = await h.warehouse(places.munich);
    const sku = await h.item({ listPriceMinor: 10_000 });
    await h.stock(sku, warehouse, 20);
    const customerNo = await h.customer();
    // The contact data CRM owns, as lead to cash brings it to the customer master.
    await h.erp.upsertCustomer({
      customerNo,
      legalName: person.name,
      email: person.email,
      billingAddress,
    });

    // An order shipped, invoiced and partly paid.
    const order = await h.erp.createSalesOrder({
      orderKey: unique('quote'),
      customerNo,
      customerReference: `for ${person.name}`,
      shipTo: home,
      lines: [{ sku, quantity: 2 }],
    });
    await h.erp.reserveStock({ orderNo: order.orderNo });
    const shipment = await h.erp.createShipment({
      orderNo: order.orderNo,
      warehouseCode: warehouse,
    });
    await h.erp.pick({ shipmentNo: shipment.shipmentNo });
    await h.erp.pack({ shipmentNo: shipment.shipmentNo });
    await h.erp.ship({
      shipmentNo: shipment.shipmentNo,
      carrier: 'DHL',
      trackingNumber: unique('JJD'),
    });
    await h.erp.deliver({ shipmentNo: shipment.shipmentNo });
    const invoice = await h.erp.createInvoice({ shipmentNo: shipment.shipmentNo });
    await h.erp.recordPayment({
      externalRef: unique('bank'),
      customerNo,
      amountMinor: 5_000,
    });
    // An order the customer cancelled, with a reason that quotes her.
    const cancelled = await h.erp.createSalesOrder({
      orderKey: unique('quote'),
      customerNo,
      customerReference: 'PO-4711',
      shipTo: home,
      lines: [{ sku, quantity: 1 }],
    });
    await h.erp.cancelSalesOrder({
      orderNo: cancelled.orderNo,
      reason: `${person.name} called from ${person.phone}: no longer needed`,
    });
    // Billable service at her home, invoiced, and the invoice voided with a credit note.
    const workOrder = await h.erp.createWorkOrder({
      caseRef: unique('CS'),
      customerNo,
      warranty: false,
      description: `${person.name} (${person.phone}): brakes squeal`,
      site: home,
      parts: [{ sku, quantity: 1 }],
    });
    const completed = await h.erp.completeWorkOrder({
      workOrderNo: workOrder.workOrderNo,
      labourMinutes: 30,
    });
    expect(completed.invoiceNo).toBeDefined();
    await h.erp.voidInvoice({ invoiceNo: completed.invoiceNo!, reason: 'duplicate' });

    const needles = [
      person.name,
      `Erasable${tag}`,
      person.email,
      person.phone,
      person.phone.replace(/\D/g, ''),
      person.street,
    ];
    const seeded = await occurrences('erp', needles);
    for (const table of ['customer', 'sales_order', 'work_order']) {
      expect(seeded.filter((hit) => hit.startsWith(`${table}: `))).not.toEqual([]);
    }
    const before = await retainedRecords(customerNo);
    expect(before.invoices).toHaveLength(2);
    expect(before.journal.length).toBeGreaterThan(0);
    const counts = await footprint({ customerNos: [customerNo], skus: [sku] });

    const erasureRef = `customer-erasure:${customerNo}`;
    const result = await h.erp.anonymizeCustomer({ customerNo, erasureRef });
    expect(result).toEqual({
      customerNo,
      erasureRef,
      erasedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      customers: 1,
      salesOrders: 2,
      workOrders: 1,
      invoicesRetained: 2,
      creditNotesRetained: 1,
      paymentsRetained: 1,
    });

    // Nowhere in the ERP any more, in no table.
    expect(await occurrences('erp', needles)).toEqual([]);
    // Invoices, credit notes, payments, orders and the ledger: numbers and amounts unchanged.
    expect(await retainedRecords(customerNo)).toEqual(before);
    expect(await footprint({ customerNos: [customerNo], skus: [sku] })).toEqual(counts);
    expect(await h.invariants()).toEqual([]);
    expect(
      await checkCrossSystemInvariants(process.env.DATABASE_URL!, { customerNos: [customerNo] }),
    ).toEqual([]);

    const [customer] = await sql<Record<string, unknown>>(
      `select legal_name, email, billing_line1, billing_city, billing_postal_code, billing_country,
              credit_hold, credit_hold_reason, erasure_ref from erp.customer where customer_no = $1`,
      [customerNo],
    );
    expect(customer).toEqual({
      legal_name: `Erased customer ${customerNo}`,
      email: `erased.customer.${customerNo.toLowerCase()}@erased.invalid`,
      billing_line1: null,
      billing_city: null,
      billing_postal_code: null,
      billing_country: null,
      credit_hold: true,
      credit_hold_reason: 'personal-data-erased',
      erasure_ref: erasureRef,
    });
    expect(
      await sql(
        `select order_no, customer_reference, cancel_reason, ship_to_line1, ship_to_latitude
           from erp.sales_order where customer_no = $1 order by order_no`,
        [customerNo],
      ),
    ).toEqual([
      {
        order_no: order.orderNo,
        customer_reference: null,
        cancel_reason: null,
        ship_to_line1: null,
        ship_to_latitude: null,
      },
      {
        order_no: cancelled.orderNo,
        customer_reference: 'PO-4711',
        cancel_reason: '(erased)',
        ship_to_line1: null,
        ship_to_latitude: null,
      },
    ]);
    expect(
      await sql(
        `select description, site_line1, site_latitude from erp.work_order where customer_no = $1`,
        [customerNo],
      ),
    ).toEqual([{ description: '(erased)', site_line1: null, site_latitude: null }]);
    expect((await h.erp.getInvoice({ invoiceNo: invoice.invoiceNo })).grossMinor).toBe(
      invoice.grossMinor,
    );

    // Again: the same result, not one row or timestamp changed.
    const rows = await storedRows(customerNo);
    expect(await h.erp.anonymizeCustomer({ customerNo, erasureRef })).toEqual(result);
    expect(await h.erp.anonymizeCustomer({ customerNo, erasureRef: 'another-request-1' })).toEqual(
      result,
    );
    expect(await storedRows(customerNo)).toEqual(rows);

    // Nothing new is sold to an erased customer, and nothing brings the person back.
    const refused = await failureOf('createSalesOrder', () =>
      h.erp.createSalesOrder({
        orderKey: unique('quote'),
        customerNo,
        lines: [{ sku, quantity: 1 }],
      }),
    );
    expect(refused).toMatchObject({ type: 'customer-on-credit-hold', nonRetryable: true });
    expect((await h.erp.releaseCreditHold({ customerNo, reason: 'invoice paid' })).creditHold).toBe(
      true,
    );
    expect(
      (
        await h.erp.upsertCustomer({
          customerNo,
          legalName: person.name,
          email: person.email,
          billingAddress,
        })
      ).legalName,
    ).toBe(`Erased customer ${customerNo}`);
    expect(await storedRows(customerNo)).toEqual(rows);
    expect(await occurrences('erp', needles)).toEqual([]);
  });

  it('keeps a customer that was on hold on its hold, with its reason', async () => {
    const customerNo = await h.customer();
    await h.erp.placeCreditHold({ customerNo, reason: 'invoice INV-000001 30 days overdue' });
    const result = await h.erp.anonymizeCustomer({ customerNo, erasureRef: unique('DSR') });
    expect(result).toMatchObject({ customers: 1, salesOrders: 0, invoicesRetained: 0 });
    expect(
      await sql(`select credit_hold, credit_hold_reason from erp.customer where customer_no = $1`, [
        customerNo,
      ]),
    ).toEqual([{ credit_hold: true, credit_hold_reason: 'invoice INV-000001 30 days overdue' }]);
  });

  it('refuses an unknown customer as not found and a malformed request as invalid input, non-retryable', async () => {
    expect(
      await failureOf('anonymizeCustomer', () =>
        h.erp.anonymizeCustomer({ customerNo: unique('T'), erasureRef: unique('DSR') }),
      ),
    ).toMatchObject({ type: 'customer-not-found', nonRetryable: true });
    const customerNo = await h.customer();
    const rows = await storedRows(customerNo);
    for (const request of [
      { customerNo },
      { customerNo, erasureRef: 'grace@example.com' },
      { customerNo, erasureRef: 'x', extra: true },
    ]) {
      expect(
        await failureOf('anonymizeCustomer', () => h.erp.anonymizeCustomer(request as never)),
      ).toMatchObject({ type: 'invalid-input', nonRetryable: true });
    }
    expect(await storedRows(customerNo)).toEqual(rows);
  });
});
