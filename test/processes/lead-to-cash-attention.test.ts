import { randomUUID } from 'node:crypto';
import type { HumanTask } from '@throughline/contracts';
import { cancelProcessUpdate } from '@throughline/contracts';
import { closeSql, sql } from '../support/db';
import {
  closeTemporalClient,
  temporalClient,
  terminateRunningProcesses,
} from '../support/temporal';
import { LeadToCashHarness } from './lead-to-cash.harness';

/**
 * Every process ends in a known state: a step that fails for a reason nobody foresaw parks the
 * process for ops (retry, skip, compensate), a cancellation reaches a parked process and needs
 * one call, two processes for one person never share a document, and a payment the ERP refuses
 * reaches finance. Faults are injected by the workers (FAULT_ACTIVITY_FAILURES): an activity
 * fails unexpectedly in the processes whose id names it (`fault-<activity>`).
 */
describe('lead to cash: failures and cancellations end in a known state', () => {
  let h: LeadToCashHarness;

  beforeAll(async () => {
    h = await LeadToCashHarness.start(undefined, {
      FAULT_ACTIVITY_FAILURES: '2',
      ACTIVITY_UNEXPECTED_ATTEMPTS: '2',
      LTC_CANCEL_CONFIRMATION_MS: '3000',
    });
  });

  afterEach(async () => {
    expect(await h.violations()).toEqual({ erp: [], crm: [], cross: [] });
  });

  afterAll(async () => {
    await terminateRunningProcesses('lead-to-cash attention suite finished');
    await h?.close();
    await closeSql();
    await closeTemporalClient();
  });

  /** A process whose workers fail each of `activities` unexpectedly, twice. */
  const startFaulty = async (...activities: string[]): Promise<{ id: string; sku: string }> => {
    const { sku } = await h.stockedItem(10);
    const leadRef = `${activities.map((a) => `fault-${a}`).join('-')}-${randomUUID().slice(0, 8)}`;
    const { id } = await h.start(h.request([{ sku, quantity: 2 }], { leadRef }));
    return { id, sku };
  };

  const attentionTask = (id: string, step: string): Promise<HumanTask> =>
    h.openTask(id, 'needs-attention', 60_000, (task) => task.context?.step === step);

  const ordersOf = async (customerNo: string): Promise<{ order_no: string; status: string }[]> =>
    sql(`select order_no, status from erp.sales_order where customer_no = $1`, [customerNo]);

  it('parks a step that keeps failing unexpectedly; ops retry it, skip a bookkeeping step, and the process completes', async () => {
    const { id } = await startFaulty('createSalesOrder', 'linkErpDocuments');
    await h.accept(id);

    const parked = await h.atStage(id, 'needs-attention');
    const task = await attentionTask(id, 'erp.createSalesOrder');
    expect(task.roles).toEqual(['ops']);
    expect(task.decisions).toEqual(['retry', 'compensate']);
    expect(task.summary).toContain('unexpected-error');
    expect(task.context?.done).toEqual(expect.arrayContaining(['converted', 'quote-accepted']));
    expect(parked.steps.map((s) => s.step)).toContain('failed');
    // Ops find it in the Temporal UI (and the API) by stage and open task role.
    const listed = await h.call<{ items: { id: string }[] }>(
      'ops',
      'GET',
      '/processes?type=lead-to-cash&stage=needs-attention&taskRole=ops',
    );
    expect(listed.body.items.map((p) => p.id)).toContain(id);
    // Sales cannot decide for ops.
    const wrongRole = await h.call('sales', 'POST', `/tasks/${task.id}/complete`, {
      decision: 'retry',
    });
    expect(wrongRole.status).toBe(403);
    await h.complete(task, 'ops', 'retry', 'database fixed');

    // The order went through on the retry; its bookkeeping step fails next and may be skipped.
    const bookkeeping = await attentionTask(id, 'crm.linkErpDocuments');
    expect(bookkeeping.decisions).toEqual(['retry', 'skip', 'compensate']);
    await h.complete(bookkeeping, 'ops', 'skip', 'links are repaired by hand');

    expect(await h.deliverInTransit(id)).toHaveLength(1);
    await h.payAll(id);
    const done = await h.closed(id);
    expect(done).toMatchObject({ status: 'completed', stage: 'completed' });
    expect(done.result?.outcome).toBe('paid');
    expect(await ordersOf(done.customerNo!)).toHaveLength(1);
    expect(done.steps.filter((s) => s.step === 'attention').map((s) => s.detail)).toEqual([
      'erp.createSalesOrder: retry by otto.ops',
      'crm.linkErpDocuments: skip by otto.ops',
    ]);
  });

  it('compensates on ops decision: the saga undoes the order and the process closes as failed', async () => {
    const { id } = await startFaulty('reserveStock');
    await h.accept(id);
    const task = await attentionTask(id, 'erp.reserveStock');
    const parked = await h.process(id);
    expect(parked.stage).toBe('needs-attention');
    const orderNo = parked.documents.order[0];
    await h.complete(task, 'ops', 'compensate', 'give up on this one');

    const done = await h.closed(id);
    expect(done).toMatchObject({ status: 'failed', stage: 'failed' });
    expect(done.failure?.message).toContain('erp.reserveStock');
    expect(done.steps.filter((s) => s.step === 'undone').map((s) => s.detail)).toEqual([
      'reservations released',
      'order cancelled',
      'opportunity lost',
    ]);
    expect(await ordersOf(done.customerNo!)).toEqual([{ order_no: orderNo, status: 'cancelled' }]);
    const [opportunity] = await sql<{ stage: string }>(
      `select o.stage from crm.opportunity o join crm.account a on a.id = o.account_id
        where a.customer_no = $1`,
      [done.customerNo],
    );
    expect(opportunity.stage).toBe('lost');
  });

  it('takes a cancellation while parked: the ops task closes and the saga runs', async () => {
    const { id } = await startFaulty('checkCredit');
    await h.accept(id);
    await attentionTask(id, 'erp.checkCredit');
    const cancel = await h.call('ops', 'POST', `/processes/${encodeURIComponent(id)}/cancel`, {
      reason: 'customer withdrew',
    });
    expect(cancel.status).toBe(202);
    const done = await h.closed(id);
    expect(done).toMatchObject({ status: 'cancelled', stage: 'cancelled' });
    expect(done.tasks.find((t) => t.kind === 'needs-attention')?.status).toBe('cancelled');
    expect(done.steps.filter((s) => s.step === 'undone').map((s) => s.detail)).toEqual([
      'opportunity lost',
    ]);
    expect(await ordersOf(done.customerNo!)).toEqual([]);
  });

  it('cancels in one call: the cancel Update alone undoes and closes the process when the Temporal cancel is lost', async () => {
    const { sku } = await h.stockedItem(5);
    const { id } = await h.start(h.request([{ sku, quantity: 1 }]));
    const waiting = await h.atStage(id, 'awaiting-customer');
    const quoteNo = waiting.documents.quote[0];
    // Only the first half of what the API does: the Update, never the workflow cancellation.
    const client = await temporalClient();
    await client.workflow.getHandle(id).executeUpdate(cancelProcessUpdate, {
      args: [{ reason: 'second call lost', actor: { userId: 'otto.ops', roles: ['ops'] } }],
    });
    const done = await h.closed(id);
    expect(done).toMatchObject({ status: 'completed', stage: 'cancelled' });
    expect(done.result?.outcome).toBe('cancelled');
    expect(done.steps.filter((s) => s.step === 'undone').map((s) => s.detail)).toEqual([
      'quote withdrawn',
      'opportunity lost',
    ]);
    const [quote] = await sql<{ status: string }>(
      `select status from crm.quote where quote_no = $1`,
      [quoteNo],
    );
    expect(quote.status).toBe('expired');
  });

  it('gives two processes started at once for one person a lead, quote and order each', async () => {
    const { sku } = await h.stockedItem(10);
    const input = h.request([{ sku, quantity: 1 }]);
    const tag = randomUUID().slice(0, 8);
    const [first, second] = await Promise.all([
      h.start({ ...input, leadRef: `web-${tag}-1` }),
      h.start({ ...input, leadRef: `web-${tag}-2` }),
    ]);
    expect(first.id).not.toEqual(second.id);
    const [a, b] = await Promise.all([
      h.atStage(first.id, 'awaiting-customer'),
      h.atStage(second.id, 'awaiting-customer'),
    ]);
    expect(a.documents.lead).toHaveLength(1);
    expect(a.documents.lead).not.toEqual(b.documents.lead);
    expect(a.documents.opportunity).not.toEqual(b.documents.opportunity);
    expect(a.documents.quote).not.toEqual(b.documents.quote);
    await Promise.all([h.accept(first.id), h.accept(second.id)]);
    const [ordered1, ordered2] = await Promise.all([
      h.accepting(first.id, 'carrier-delivered'),
      h.accepting(second.id, 'carrier-delivered'),
    ]);
    expect(ordered1.documents.order).not.toEqual(ordered2.documents.order);
    for (const id of [first.id, second.id]) {
      expect(await h.deliverInTransit(id)).toHaveLength(1);
      await h.payAll(id);
      const done = await h.closed(id);
      expect(done.result).toMatchObject({ outcome: 'paid', shipmentNos: [expect.any(String)] });
    }
  });

  it('refuses a used payment reference for another amount up front, and gives finance a task when ERP refuses a reference another process used', async () => {
    const { sku } = await h.stockedItem(10);
    const [one, two] = await Promise.all([
      h.start(h.request([{ sku, quantity: 1 }])),
      h.start(h.request([{ sku, quantity: 1 }])),
    ]);
    for (const { id } of [one, two]) {
      await h.accept(id);
      expect(await h.deliverInTransit(id)).toHaveLength(1);
    }
    const [invoiceOne] = await h.invoices(one.id, 1);
    const [invoiceTwo] = await h.invoices(two.id, 1);
    const ref = `bank-${randomUUID()}`;
    const pay = (id: string, amountMinor: number, externalRef = ref) =>
      h.event(id, 'payment-received', { externalRef, amountMinor }, 'finance');

    expect((await pay(one.id, 100)).status).toBe(202);
    // The same reference for another amount is another payment: refused before it is taken.
    const other = await pay(one.id, 200);
    expect(other.status).toBe(422);
    expect(JSON.stringify(other.body)).toContain('already reported');
    // The same payment again is the same payment.
    expect((await pay(one.id, 100)).status).toBe(202);
    expect((await pay(one.id, invoiceOne.balanceMinor - 100, `bank-${randomUUID()}`)).status).toBe(
      202,
    );
    expect((await h.closed(one.id)).result?.paymentNos).toHaveLength(2);

    // The process cannot know another process used the reference; the ERP refuses it, and
    // finance hears of it instead of silence.
    expect((await pay(two.id, 100)).status).toBe(202);
    const refused = await h.openTask(two.id, 'payment-refused');
    expect(refused.roles).toEqual(['finance']);
    expect(refused.context).toMatchObject({ externalRef: ref, amountMinor: 100 });
    expect((await pay(two.id, invoiceTwo.balanceMinor, `bank-${randomUUID()}`)).status).toBe(202);
    // Paid in full, but the refused payment is still finance's to settle.
    await h.atStage(two.id, 'collecting');
    await h.complete(refused, 'finance', 'acknowledge', 'returned to the sender');
    const done = await h.closed(two.id);
    expect(done.result).toMatchObject({ outcome: 'paid' });
    expect(done.result?.paymentNos).toHaveLength(1);
    expect(done.steps.map((s) => s.step)).toContain('payment-refused');
  });
});
