import { randomUUID } from 'node:crypto';
import { eventually, processIdFor } from '../support/apps';
import { closeSql, sql } from '../support/db';
import {
  closeTemporalClient,
  temporalClient,
  terminateRunningProcesses,
} from '../support/temporal';
import { documentCounts, LeadToCashHarness, oneOfEach } from './lead-to-cash.harness';

/** Lead to cash end to end: real Temporal, real CRM/ERP/orchestrator workers, real PostgreSQL. */
describe('lead to cash', () => {
  let h: LeadToCashHarness;

  beforeAll(async () => {
    h = await LeadToCashHarness.start();
  });

  afterEach(async () => {
    expect(await h.violations()).toEqual({ erp: [], crm: [], cross: [] });
  });

  afterAll(async () => {
    await terminateRunningProcesses('lead-to-cash suite finished');
    await h?.close();
    await closeSql();
    await closeTemporalClient();
  });

  const timelineKinds = async (customerNo: string): Promise<string[]> =>
    (
      await sql<{ kind: string }>(
        `select t.kind from crm.timeline_entry t join crm.account a on a.id = t.account_id
          where a.customer_no = $1 order by t.position`,
        [customerNo],
      )
    ).map((r) => r.kind);

  it('runs the happy path, all in stock, with no human step: lead to paid invoice', async () => {
    const { sku } = await h.stockedItem(10);
    const input = h.request([{ sku, quantity: 3 }]);
    const started = await h.start(input);
    expect(started.id).toBe(processIdFor('lead-to-cash', input.lead.email));

    // The customer's yes, the carrier's report and the bank's payment are the outside events.
    await h.accept(started.id);
    expect(await h.deliverInTransit(started.id)).toHaveLength(1);
    await h.payAll(started.id);
    const done = await h.closed(started.id);
    expect(done).toMatchObject({ status: 'completed', stage: 'completed' });
    const result = done.result!;
    expect(result).toMatchObject({ outcome: 'paid' });
    expect(result.shipmentNos).toHaveLength(1);
    expect(result.invoiceNos).toHaveLength(1);
    expect(result.paymentNos).toHaveLength(1);
    expect(result.purchaseOrderNos).toEqual([]);
    expect(done.tasks).toEqual([]);
    expect(done.cancellable).toBe(false);

    const customerNo = result.customerNo!;
    expect(await documentCounts(customerNo, input.lead.email)).toEqual(oneOfEach);
    const [order] = await sql<{ status: string; quote_ref: string }>(
      `select status, quote_ref from erp.sales_order where order_no = $1`,
      [result.orderNo],
    );
    expect(order.quote_ref).toBe(result.quoteNo);
    const [invoice] = await sql<{ status: string }>(
      `select status from erp.invoice where invoice_no = $1`,
      [result.invoiceNos[0]],
    );
    expect(invoice.status).toBe('paid');

    // The opportunity carries the ERP document numbers; the timeline tells the whole story.
    const [opportunity] = await sql<{
      stage: string;
      erp_order_no: string;
      erp_shipment_nos: string[];
      erp_invoice_nos: string[];
    }>(
      `select stage, erp_order_no, erp_shipment_nos, erp_invoice_nos from crm.opportunity
        where opportunity_no = $1`,
      [result.opportunityNo],
    );
    expect(opportunity).toEqual({
      stage: 'won',
      erp_order_no: result.orderNo,
      erp_shipment_nos: result.shipmentNos,
      erp_invoice_nos: result.invoiceNos,
    });
    expect(await timelineKinds(customerNo)).toEqual(
      expect.arrayContaining([
        'lead-converted',
        'quote-sent',
        'quote-accepted',
        'order-confirmed',
        'shipped',
        'delivered',
        'invoiced',
        'payment-received',
        'invoice-paid',
        'order-paid',
      ]),
    );

    // Ops find it by customer, and the process lists its documents.
    const listed = await h.call<{ items: { id: string }[] }>(
      'ops',
      'GET',
      `/processes?customerNo=${customerNo}&type=lead-to-cash`,
    );
    expect(listed.body.items.map((p) => p.id)).toContain(started.id);
    // In the Temporal UI: by order and invoice number too, with a readable memo.
    const client = await temporalClient();
    const found = async (query: string): Promise<string[]> => {
      const ids: string[] = [];
      for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
      return ids;
    };
    // Visibility is updated asynchronously; give it a moment.
    await eventually(
      'the order in visibility',
      async () =>
        (await found(`OrderNo = "${result.orderNo}" AND ProcessStage = "completed"`)).includes(
          started.id,
        ) || undefined,
    );
    expect(await found(`InvoiceNos = "${result.invoiceNos[0]}"`)).toContain(started.id);
    expect(await found(`QuoteNo = "${result.quoteNo}"`)).toEqual([started.id]);
    expect(await found(`LeadId = "${result.leadNo}"`)).toEqual([started.id]);
    const { memo } = await client.workflow.getHandle(started.id).describe();
    expect(memo).toMatchObject({
      title: 'Lead to cash',
      customerNo,
      orderNo: result.orderNo,
      invoices: result.invoiceNos[0],
      stage: 'completed',
    });
    // Nothing personal where Temporal keeps it in clear: the id, the memo, the search attributes.
    const described = await client.workflow.getHandle(started.id).describe();
    const inClear = JSON.stringify([
      started.id,
      described.memo,
      described.typedSearchAttributes.getAll(),
    ]);
    const { lead } = input;
    for (const personal of [lead.email, lead.company, lead.contactName, lead.phone]) {
      if (personal) expect(inClear).not.toContain(personal);
    }
    // The person's processes are still found by the address (its keyed hash, SubjectKey).
    await eventually('the process by e-mail', async () => {
      const byEmail = await h.call<{ items: { id: string }[] }>(
        'ops',
        'GET',
        `/processes?email=${encodeURIComponent(lead.email.toUpperCase())}`,
      );
      return byEmail.body.items.some((p) => p.id === started.id) || undefined;
    });
    expect(done.documents).toMatchObject({
      lead: [result.leadNo],
      quote: [result.quoteNo],
      order: [result.orderNo],
      invoice: result.invoiceNos,
    });
  });

  it('starts the same lead twice as one process, and cancels it while the quote is out', async () => {
    const { sku } = await h.stockedItem(5);
    const input = h.request([{ sku, quantity: 1 }]);
    const [first, second] = await Promise.all([
      h.call('sales', 'POST', '/processes/lead-to-cash', input),
      h.call('sales', 'POST', '/processes/lead-to-cash', input),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.body.id).toBe(second.body.id);
    const id = first.body.id;
    await h.atStage(id, 'awaiting-customer');
    const leads = await sql(`select id from crm.lead where email = $1`, [input.lead.email]);
    expect(leads).toHaveLength(1);

    const cancel = await h.call(
      'sales-manager',
      'POST',
      `/processes/${encodeURIComponent(id)}/cancel`,
      {
        reason: 'customer went with a competitor',
      },
    );
    expect(cancel.status).toBe(202);
    const done = await h.closed(id);
    expect(done.status).toBe('cancelled');
    const [opportunity] = await sql<{ stage: string; lost_reason: string }>(
      `select o.stage, o.lost_reason from crm.opportunity o join crm.account a on a.id = o.account_id
        where a.email = $1`,
      [input.lead.email],
    );
    expect(opportunity.stage).toBe('lost');
    expect(opportunity.lost_reason).toContain('customer went with a competitor');
    // The quote the customer holds is withdrawn.
    const [quote] = await sql<{ status: string; status_reason: string }>(
      `select q.status, q.status_reason from crm.quote q join crm.account a on a.id = q.account_id
        where a.email = $1`,
      [input.lead.email],
    );
    expect(quote.status).toBe('expired');
    expect(quote.status_reason).toMatch(/^withdrawn: process cancelled by maria\.manager/);
  });

  it('ships partially, backorders the rest through procure-to-pay, and collects two invoices paid in parts', async () => {
    const { sku, warehouseCode } = await h.stockedItem(2);
    const input = h.request([{ sku, quantity: 5 }]);
    const { id } = await h.start(input);
    await h.accept(id);

    // The backorder: a purchase order for the 3 missing, while the 2 in stock ship.
    const backordered = await h.accepting(id, 'goods-received');
    const [poNo] = backordered.documents.purchaseOrder;
    const [po] = await sql<{ status: string; warehouse_code: string; quantity: number }>(
      `select po.status, w.code as warehouse_code, l.quantity from erp.purchase_order po
         join erp.warehouse w on w.id = po.warehouse_id
         join erp.purchase_order_line l on l.purchase_order_id = po.id where po.po_no = $1`,
      [poNo],
    );
    expect(po).toEqual({ status: 'open', warehouse_code: warehouseCode, quantity: 3 });

    // The first shipment is on its way: cancellation is refused now, with the reason.
    const inTransit = await h.accepting(id, 'carrier-delivered');
    const refused = await h.call<{ code: string; detail: string }>(
      'sales-manager',
      'POST',
      `/processes/${encodeURIComponent(id)}/cancel`,
      { reason: 'too late' },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('not-cancellable');
    expect(refused.body.detail).toContain('being shipped');
    expect(inTransit.documents.shipment).toHaveLength(1);

    // A carrier report for a shipment that is not ours is refused; ours is taken.
    const foreign = await h.event(id, 'carrier-delivered', { shipmentNo: 'SH-999999' });
    expect(foreign.status).toBe(422);
    expect(await h.deliverInTransit(id)).toHaveLength(1);

    // The supplier delivers: goods receipt, reservation, second shipment.
    const receipt = await h.event(id, 'goods-received', { poNo, deliveryNote: 'DN-1' });
    expect(receipt.status).toBe(202);
    await h.documents(id, 'shipment', 2);
    // Received: with no purchase order open the process takes no goods-received at all.
    const again = await h.event(id, 'goods-received', { poNo, deliveryNote: 'DN-2' });
    expect(again.status).toBe(409);
    expect(await h.deliverInTransit(id)).toHaveLength(1);

    // Two invoices. The first is paid in two parts; an over-payment is refused and changes nothing.
    await h.invoices(id, 2);
    const [firstInvoice, secondInvoice] = await h.openInvoices(id);
    const over = await h.event(
      id,
      'payment-received',
      {
        externalRef: `bank-${randomUUID()}`,
        amountMinor: firstInvoice.balanceMinor + 1,
        invoiceNo: firstInvoice.invoiceNo,
      },
      'finance',
    );
    expect(over.status).toBe(422);
    const part = {
      externalRef: `bank-${randomUUID()}`,
      amountMinor: 1_000,
      invoiceNo: firstInvoice.invoiceNo,
    };
    expect((await h.event(id, 'payment-received', part, 'finance')).status).toBe(202);
    // The bank reports the same payment again: still one payment.
    expect((await h.event(id, 'payment-received', part, 'finance')).status).toBe(202);
    // A payment to an invoice that is not this process's is refused.
    const foreignInvoice = await h.event(
      id,
      'payment-received',
      { externalRef: `bank-${randomUUID()}`, amountMinor: 100, invoiceNo: 'INV-999999' },
      'finance',
    );
    expect(foreignInvoice.status).toBe(422);
    // The rest of the first invoice reported twice at once under two references: the second
    // counts against what the first left open and is refused, never taken and then dropped.
    const rest = firstInvoice.balanceMinor - 1_000;
    const twice = await Promise.all(
      [1, 2].map(() =>
        h.event(
          id,
          'payment-received',
          {
            externalRef: `bank-${randomUUID()}`,
            amountMinor: rest,
            invoiceNo: firstInvoice.invoiceNo,
          },
          'finance',
        ),
      ),
    );
    expect(twice.map((a) => a.status).sort()).toEqual([202, 422]);
    const second = {
      externalRef: `bank-${randomUUID()}`,
      amountMinor: secondInvoice.balanceMinor,
    };
    expect((await h.event(id, 'payment-received', second, 'finance')).status).toBe(202);

    const done = await h.closed(id);
    expect(done).toMatchObject({ status: 'completed', stage: 'completed' });
    const result = done.result!;
    expect(result.shipmentNos).toHaveLength(2);
    expect(result.invoiceNos).toHaveLength(2);
    expect(result.purchaseOrderNos).toEqual([poNo]);
    expect(result.paymentNos).toHaveLength(3);
    const counts = await documentCounts(result.customerNo!, input.lead.email);
    expect(counts).toMatchObject({ orders: 1, shipments: 2, invoices: 2, payments: 3 });
    const invoices = await sql<{ status: string }>(
      `select status from erp.invoice where invoice_no = any($1::text[])`,
      [result.invoiceNos],
    );
    expect(invoices.map((i) => i.status)).toEqual(['paid', 'paid']);
    const [received] = await sql<{ status: string }>(
      `select status from erp.purchase_order where po_no = $1`,
      [poNo],
    );
    expect(received.status).toBe('received');
  });

  it('cancels after reservation: reservations released, order and purchase order cancelled, opportunity lost, timeline written', async () => {
    const { sku } = await h.stockedItem(1);
    const input = h.request([{ sku, quantity: 3 }], { allowPartialShipments: false });
    const { id } = await h.start(input);
    await h.accept(id);
    const waiting = await h.accepting(id, 'goods-received');
    expect(waiting.stage).toBe('backordered');
    expect(waiting.cancellable).toBe(true);
    const orderNo = waiting.documents.order[0];
    const [poNo] = waiting.documents.purchaseOrder;
    const active = () =>
      sql(
        `select r.id from erp.reservation r join erp.sales_order_line l on l.id = r.sales_order_line_id
           join erp.sales_order o on o.id = l.order_id where o.order_no = $1 and r.status = 'active'`,
        [orderNo],
      );
    expect(await active()).toHaveLength(1);

    const cancel = await h.call('sales', 'POST', `/processes/${encodeURIComponent(id)}/cancel`, {
      reason: 'customer cancelled the order',
    });
    expect(cancel.status).toBe(202);
    const done = await h.closed(id);
    expect(done).toMatchObject({ status: 'cancelled', stage: 'cancelled' });
    expect(done.steps.filter((s) => s.step === 'undone').map((s) => s.detail)).toEqual([
      'reservations released',
      'purchase orders cancelled',
      'order cancelled',
      // The customer accepted the quote: there is no live quote to withdraw.
      'opportunity lost',
    ]);
    expect(done.details?.purchaseOrders).toEqual([
      expect.objectContaining({ poNo, status: 'cancelled' }),
    ]);

    expect(await active()).toEqual([]);
    const [order] = await sql<{ status: string }>(
      `select status from erp.sales_order where order_no = $1`,
      [orderNo],
    );
    expect(order.status).toBe('cancelled');
    const [po] = await sql<{ status: string }>(
      `select status from erp.purchase_order where po_no = $1`,
      [poNo],
    );
    expect(po.status).toBe('cancelled');
    const customerNo = done.customerNo!;
    const [opportunity] = await sql<{ stage: string }>(
      `select o.stage from crm.opportunity o join crm.account a on a.id = o.account_id
        where a.customer_no = $1`,
      [customerNo],
    );
    expect(opportunity.stage).toBe('lost');
    expect(await timelineKinds(customerNo)).toEqual(
      expect.arrayContaining([
        'order-confirmed',
        'backordered',
        'opportunity-lost',
        'process-cancelled',
      ]),
    );
  });

  it('refuses a lead reference that could not be a process id with 400', async () => {
    const { sku } = await h.stockedItem(1);
    for (const leadRef of ['web 4711', 'x/invoice/INV-000001']) {
      const input = h.request([{ sku, quantity: 1 }], { leadRef });
      const refused = await h.call<{ errors: { field: string }[] }>(
        'sales',
        'POST',
        '/processes/lead-to-cash',
        input,
      );
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((e) => e.field)).toEqual(['leadRef']);
      expect(await sql(`select id from crm.lead where email = $1`, [input.lead.email])).toEqual([]);
    }
  });

  it('refuses unknown and service items with 400 before anything starts', async () => {
    const { sku } = await h.stockedItem(5);
    const service = await h.erp.item({ kind: 'service' });
    const input = h.request([
      { sku, quantity: 1 },
      { sku: 'NO-SUCH-SKU', quantity: 1 },
      { sku: service, quantity: 1 },
    ]);
    const refused = await h.call<{ code: string; errors: { field: string; message: string }[] }>(
      'sales',
      'POST',
      '/processes/lead-to-cash',
      input,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e) => e.field)).toEqual(['lines.1.sku', 'lines.2.sku']);
    const listed = await h.call(
      'ops',
      'GET',
      `/processes/${encodeURIComponent(processIdFor('lead-to-cash', input.lead.email))}`,
    );
    expect(listed.status).toBe(404);
    expect(await sql(`select id from crm.lead where email = $1`, [input.lead.email])).toEqual([]);
  });

  it('hands delivered serialized items over as CRM assets with warranty end and next maintenance', async () => {
    // The same serialized item on two lines: each unit gets its own serial number and asset.
    const { sku } = await h.stockedItem(4, { serialized: true, warrantyMonths: 24 });
    const input = h.request([
      { sku, quantity: 2 },
      { sku, quantity: 1 },
    ]);
    const { id } = await h.start(input, 'timers');
    await h.accept(id);
    await h.payAll(id);
    const done = await h.closed(id);
    expect(done.status).toBe('completed');
    const assets = await sql<{
      serial_no: string;
      delivered_on: string;
      warranty_ends_on: string;
      next_maintenance_on: string;
    }>(
      `select a.serial_no, to_char(a.delivered_on, 'YYYY-MM-DD') as delivered_on,
              to_char(a.warranty_ends_on, 'YYYY-MM-DD') as warranty_ends_on,
              to_char(a.next_maintenance_on, 'YYYY-MM-DD') as next_maintenance_on
         from crm.asset a join crm.account c on c.id = a.account_id
        where c.customer_no = $1 and a.sku = $2 order by a.serial_no`,
      [done.customerNo, sku],
    );
    expect(assets).toHaveLength(3);
    expect(assets.map((a) => a.serial_no).sort()).toEqual([...done.result!.assetSerials].sort());
    const plusMonths = (day: string, months: number): string => {
      const date = new Date(`${day}T00:00:00Z`);
      date.setUTCMonth(date.getUTCMonth() + months);
      return date.toISOString().slice(0, 10);
    };
    for (const asset of assets) {
      expect(asset.warranty_ends_on).toBe(plusMonths(asset.delivered_on, 24));
      expect(asset.next_maintenance_on).toBe(plusMonths(asset.delivered_on, 12));
    }
    expect(await timelineKinds(done.customerNo!)).toContain('assets-handed-over');
  });
});
