import { randomUUID } from 'node:crypto';
import { closeSql, sql } from '../support/db';
import { closeTemporalClient, terminateRunningProcesses } from '../support/temporal';
import { eventually } from '../support/apps';
import { LeadToCashHarness } from './lead-to-cash.harness';

/**
 * The human steps and the waits of lead to cash: qualification, quote approval (with
 * escalation), the customer's answer or its expiry, credit release or its deadline, and dunning.
 * New customers get a credit limit of 10 000.00 here, so a 100-unit order needs finance.
 */
describe('lead to cash: decisions, deadlines and dunning', () => {
  let h: LeadToCashHarness;

  beforeAll(async () => {
    h = await LeadToCashHarness.start(undefined, { ERP_DEFAULT_CREDIT_LIMIT_MINOR: '1000000' });
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

  const quoteOf = async (
    quoteNo: string,
  ): Promise<{ status: string; approved_by: string | null; status_reason: string | null }> => {
    const [quote] = await sql<{
      status: string;
      approved_by: string | null;
      status_reason: string | null;
    }>(`select status, approved_by, status_reason from crm.quote where quote_no = $1`, [quoteNo]);
    return quote;
  };
  const opportunityOf = async (
    customerNo: string,
  ): Promise<{ stage: string; lost_reason: string }> => {
    const [opportunity] = await sql<{ stage: string; lost_reason: string }>(
      `select o.stage, o.lost_reason from crm.opportunity o join crm.account a on a.id = o.account_id
        where a.customer_no = $1`,
      [customerNo],
    );
    return opportunity;
  };
  const cancel = async (id: string): Promise<void> => {
    const cancelled = await h.call('ops', 'POST', `/processes/${encodeURIComponent(id)}/cancel`, {
      reason: 'test done',
    });
    expect(cancelled.status).toBe(202);
    expect((await h.closed(id)).status).toBe('cancelled');
  };

  it('sends a lead the rules cannot judge to sales, who qualify it', async () => {
    const { sku } = await h.stockedItem(5);
    const input = h.request([{ sku, quantity: 1 }]);
    // web (10) + company (15) + phone (10) + one item (10) = 45: a person decides.
    input.lead = { ...input.lead, source: 'web', estimatedValueMinor: undefined };
    const { id } = await h.start(input);
    const task = await h.openTask(id, 'qualify-lead');
    expect(task.roles).toEqual(['sales']);
    await h.complete(task, 'sales', 'qualify', 'spoke to them, real project');
    const quoting = await h.atStage(id, 'awaiting-customer');
    expect(quoting.steps.map((s) => s.step)).toContain('converted');
    await cancel(id);
  });

  it('has a sales manager approve a discount above the threshold', async () => {
    const { sku } = await h.stockedItem(5);
    const { id } = await h.start(h.request([{ sku, quantity: 2, discountPercent: 20 }]));
    const task = await h.openTask(id, 'approve-quote');
    expect(task.summary).toContain('discount 20 % above 15 %');
    const wrongRole = await h.call('sales', 'POST', `/tasks/${task.id}/complete`, {
      decision: 'approve',
    });
    expect(wrongRole.status).toBe(403);
    await h.complete(task, 'sales-manager', 'approve', 'strategic customer');
    const waiting = await h.atStage(id, 'awaiting-customer');
    expect(await quoteOf(waiting.documents.quote[0])).toMatchObject({
      status: 'sent',
      approved_by: 'maria.manager',
    });
    await cancel(id);
  });

  it('closes the opportunity when the sales manager rejects the discount', async () => {
    const { sku } = await h.stockedItem(5);
    const { id } = await h.start(h.request([{ sku, quantity: 2, discountPercent: 40 }]));
    const task = await h.openTask(id, 'approve-quote');
    await h.complete(task, 'sales-manager', 'reject', 'margin too thin');
    const done = await h.closed(id);
    expect(done).toMatchObject({ status: 'completed', stage: 'closed-lost' });
    expect(done.result).toMatchObject({ outcome: 'approval-rejected' });
    expect(await quoteOf(done.result!.quoteNo!)).toMatchObject({ status: 'rejected' });
    expect((await opportunityOf(done.customerNo!)).stage).toBe('lost');
  });

  it('escalates an overdue approval to the sales director, who decides', async () => {
    const { sku } = await h.stockedItem(5);
    const { id } = await h.start(h.request([{ sku, quantity: 2, discountPercent: 25 }]), 'timers');
    const escalated = await h.openTask(
      id,
      'approve-quote',
      30_000,
      (task) => task.escalation !== undefined,
    );
    expect(escalated.roles).toEqual(['sales-manager', 'sales-director']);
    await h.complete(escalated, 'sales-director', 'approve');
    const quoteNo = (await h.process(id)).documents.quote[0];
    await eventually('the approval in CRM', async () =>
      (await quoteOf(quoteNo)).approved_by === 'dora.director' ? true : undefined,
    );
    // The quote stays valid for minutes under this policy: it goes out, and nothing expires it.
    await h.atStage(id, 'awaiting-customer');
    await cancel(id);
  });

  it('expires an unanswered quote at its valid-until and loses the opportunity', async () => {
    const { sku } = await h.stockedItem(5);
    const { id } = await h.start(h.request([{ sku, quantity: 1 }]), 'expiry');
    const done = await h.closed(id);
    expect(done.result).toMatchObject({ outcome: 'quote-expired' });
    expect((await quoteOf(done.result!.quoteNo!)).status).toBe('expired');
    expect(await opportunityOf(done.customerNo!)).toEqual({
      stage: 'lost',
      lost_reason: 'expired',
    });
    // Too late now: the process is closed.
    const late = await h.event(id, 'quote-accepted', {});
    expect(late.status).toBe(409);
  });

  it('loses the opportunity when the customer rejects the quote', async () => {
    const { sku } = await h.stockedItem(5);
    const { id } = await h.start(h.request([{ sku, quantity: 1 }]));
    await h.accepting(id, 'quote-rejected');
    const answer = await h.event(id, 'quote-rejected', { reason: 'too expensive' }, 'sales');
    expect(answer.status).toBe(202);
    const done = await h.closed(id);
    expect(done.result).toMatchObject({ outcome: 'quote-rejected' });
    expect((await quoteOf(done.result!.quoteNo!)).status).toBe('rejected');
    expect(await opportunityOf(done.customerNo!)).toEqual({
      stage: 'lost',
      lost_reason: 'too expensive',
    });
  });

  it('holds an order over the credit limit until finance releases it', async () => {
    const { sku } = await h.stockedItem(150);
    const { id } = await h.start(h.request([{ sku, quantity: 100 }]));
    await h.accept(id);
    const task = await h.openTask(id, 'release-credit');
    expect(task.roles).toEqual(['finance']);
    const blocked = await h.process(id);
    const orderNo = blocked.documents.order[0];
    const [order] = await sql<{ status: string }>(
      `select status from erp.sales_order where order_no = $1`,
      [orderNo],
    );
    expect(order.status).toBe('credit-blocked');
    await h.complete(task, 'finance', 'release', 'paid up front last time');
    expect(await h.deliverInTransit(id)).toHaveLength(1);
    await h.payAll(id);
    const done = await h.closed(id);
    expect(done).toMatchObject({ status: 'completed' });
    const [released] = await sql<{ status: string; credit_approved_by: string }>(
      `select status, credit_approved_by from erp.sales_order where order_no = $1`,
      [orderNo],
    );
    expect(released.credit_approved_by).toBe('fiona.finance');
  });

  it('cancels the order and releases its reservations when finance does not release it in time', async () => {
    const { sku } = await h.stockedItem(150);
    const { id } = await h.start(h.request([{ sku, quantity: 100 }]), 'timers');
    await h.accept(id);
    const done = await h.closed(id);
    expect(done.result).toMatchObject({ outcome: 'credit-refused' });
    expect(done.tasks.find((t) => t.kind === 'release-credit')?.status).toBe('expired');
    const orderNo = done.result!.orderNo!;
    const [order] = await sql<{ status: string; cancel_reason: string }>(
      `select status, cancel_reason from erp.sales_order where order_no = $1`,
      [orderNo],
    );
    expect(order).toEqual({ status: 'cancelled', cancel_reason: 'credit not released in time' });
    const active = await sql(
      `select r.id from erp.reservation r join erp.sales_order_line l on l.id = r.sales_order_line_id
         join erp.sales_order o on o.id = l.order_id where o.order_no = $1 and r.status = 'active'`,
      [orderNo],
    );
    expect(active).toEqual([]);
    expect((await opportunityOf(done.customerNo!)).stage).toBe('lost');
  });

  it('stops dunning when the invoice is paid in ERP directly, without the process', async () => {
    const { sku } = await h.stockedItem(5);
    // Due 30 short days after the invoice, first reminder 200 days later: the payment below has
    // half a minute to land before a reminder could go out, whatever the load.
    const { id } = await h.start(h.request([{ sku, quantity: 1 }]), 'late-dunning');
    await h.accept(id);
    const [invoice] = await h.invoices(id, 1);
    const customerNo = (await h.process(id)).customerNo!;
    // Bank reconciliation in ERP books the payment; the process hears nothing of it.
    await h.erp.erp.recordPayment({
      externalRef: `erp-bank-${randomUUID()}`,
      customerNo,
      amountMinor: invoice.balanceMinor,
      allocations: [{ invoiceNo: invoice.invoiceNo, amountMinor: invoice.balanceMinor }],
    });
    // At the due date the collection reads ERP, finds it settled, and the process completes.
    const done = await h.closed(id);
    expect(done.status).toBe('completed');
    expect(done.steps.find((s) => s.step === 'paid')?.detail).toBe(
      `${invoice.invoiceNo} (0 reminder(s))`,
    );
    const reminders = await sql(
      `select t.id from crm.timeline_entry t join crm.account a on a.id = t.account_id
        where a.customer_no = $1 and t.kind = 'payment-reminder'`,
      [customerNo],
    );
    expect(reminders).toEqual([]);
  });

  it('dunns an unpaid invoice: reminders, then credit hold in ERP and CRM and a task for finance', async () => {
    const { sku } = await h.stockedItem(5);
    const { id } = await h.start(h.request([{ sku, quantity: 1 }]), 'timers');
    await h.accept(id);
    const task = await h.openTask(id, 'overdue-invoice', 60_000);
    expect(task.roles).toEqual(['finance']);
    const customerNo = (await h.process(id)).customerNo!;
    const [erpCustomer] = await sql<{ credit_hold: boolean }>(
      `select credit_hold from erp.customer where customer_no = $1`,
      [customerNo],
    );
    expect(erpCustomer.credit_hold).toBe(true);
    const [account] = await sql<{ credit_hold: boolean }>(
      `select credit_hold from crm.account where customer_no = $1`,
      [customerNo],
    );
    expect(account.credit_hold).toBe(true);
    const reminders = await sql(
      `select t.id from crm.timeline_entry t join crm.account a on a.id = t.account_id
        where a.customer_no = $1 and t.kind = 'payment-reminder'`,
      [customerNo],
    );
    expect(reminders).toHaveLength(2);

    // Paid at last: the process completes, the hold it caused is lifted, the task is moot.
    const [invoice] = await h.openInvoices(id);
    const half = Math.floor(invoice.balanceMinor / 2);
    for (const amountMinor of [half, invoice.balanceMinor - half]) {
      const paid = await h.event(
        id,
        'payment-received',
        { externalRef: `bank-${randomUUID()}`, amountMinor },
        'finance',
      );
      expect(paid.status).toBe(202);
    }
    const done = await h.closed(id);
    expect(done.status).toBe('completed');
    expect(done.tasks.find((t) => t.kind === 'overdue-invoice')?.status).toBe('cancelled');
    const [lifted] = await sql<{ credit_hold: boolean }>(
      `select credit_hold from erp.customer where customer_no = $1`,
      [customerNo],
    );
    expect(lifted.credit_hold).toBe(false);
  });
});
