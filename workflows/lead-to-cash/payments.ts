import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  patched,
  setHandler,
  type SignalDefinition,
} from '@temporalio/workflow';
import {
  type CarrierDelivered,
  collectionEscalatedSignal,
  type GoodsReceived,
  goodsReceivedSignal,
  LeadToCashEvents,
  type PaymentReceived,
  paymentAppliedSignal,
  purchaseOrderPlacedSignal,
  shipmentDeliveredSignal,
  shipmentShippedSignal,
} from '@throughline/contracts';
import { refuseEvent } from '../shared/process-runtime';
import { refusalOf } from '../shared/systems';
import type { LeadToCash } from './lead-to-cash.process';

const { goodsReceived, carrierDelivered, paymentReceived } = LeadToCashEvents;
/** Events that may arrive at any time while documents are open; routed to the children. */
const documentEvents = [goodsReceived, carrierDelivered, paymentReceived];

/**
 * The documents of a lead to cash in flight (purchase orders, shipments, invoices) and the
 * external events that name them: goods received and carrier deliveries go to the child that
 * waits for them, payments are recorded in ERP and allocated to the invoices' collections.
 * Every event the process takes is checked in the Update's validator first, so a 202 means it
 * will be applied; a payment the ERP still refuses becomes a task for finance.
 */
export class DocumentsInFlight {
  readonly purchaseOrders = new Map<string, { workflowId: string; open: boolean }>();
  readonly shipments = new Map<string, { workflowId: string; inTransit: boolean }>();
  /** Open invoices by number, known once their collection child runs. */
  readonly invoices = new Map<string, { balanceMinor: number; workflowId: string }>();
  /** Payments recorded or refused, by external reference, with the amount they were taken for. */
  private readonly payments = new Map<string, number>();
  /** Payments being recorded in ERP right now, by external reference. */
  private readonly recording = new Map<string, PaymentReceived>();
  private readonly escalations: { invoiceNo: string; daysOverdue: number; balanceMinor: number }[] =
    [];
  /** Finance's task per invoice the customer went on credit hold for; moot once it is paid. */
  readonly financeTasks = new Map<string, CancellationScope>();
  /** Finance's tasks for payments the ERP refused; the process ends only once they are closed. */
  private readonly refusedPayments: Promise<void>[] = [];
  closed = false;

  constructor(private readonly p: LeadToCash) {
    const { runtime, details, result } = p;
    setHandler(purchaseOrderPlacedSignal, ({ poNo, workflowId, expectedOn }) => {
      this.purchaseOrders.set(poNo, { workflowId, open: true });
      details.purchaseOrders.push({ poNo, expectedOn, status: 'open' });
      result.purchaseOrderNos.push(poNo);
      runtime.document('purchaseOrder', poNo);
      this.refresh();
    });
    setHandler(shipmentShippedSignal, ({ shipmentNo, workflowId, trackingNumber }) => {
      this.shipments.set(shipmentNo, { workflowId, inTransit: true });
      details.shipments.push({
        shipmentNo,
        ...(trackingNumber ? { trackingNumber } : {}),
        status: 'in-transit',
      });
      runtime.document('shipment', shipmentNo);
      runtime.step('shipped', shipmentNo);
      this.refresh();
    });
    setHandler(collectionEscalatedSignal, (escalation) => {
      this.escalations.push(escalation);
    });

    runtime.checkEvent(goodsReceived, (payload) => {
      const { poNo } = payload as GoodsReceived;
      if (!this.purchaseOrders.get(poNo)?.open) {
        refuseEvent(`${poNo} is not an open purchase order of this process.`);
      }
    });
    runtime.checkEvent(carrierDelivered, (payload) => {
      const { shipmentNo } = payload as CarrierDelivered;
      if (!this.shipments.get(shipmentNo)?.inTransit) {
        refuseEvent(`${shipmentNo} is not a shipment of this process in transit.`);
      }
    });
    runtime.checkEvent(paymentReceived, (payload) => this.checkPayment(payload as PaymentReceived));
  }

  /** The events the process takes now, from the documents still open. */
  refresh(): void {
    const accepted: string[] = [];
    if ([...this.purchaseOrders.values()].some((po) => po.open)) accepted.push(goodsReceived);
    if ([...this.shipments.values()].some((s) => s.inTransit)) accepted.push(carrierDelivered);
    if ([...this.invoices.values()].some((i) => i.balanceMinor > 0)) accepted.push(paymentReceived);
    this.p.runtime.acceptEvents(...accepted);
  }

  /** Runs in the Update validator: a payment the process will not apply is refused up front. */
  private checkPayment(payment: PaymentReceived): void {
    // Payments taken but not yet subtracted from the balances: queued, or being recorded.
    const unsettled = new Map<string, PaymentReceived>(this.recording);
    for (const event of this.p.runtime.pendingEvents(paymentReceived)) {
      const queued = event.payload as PaymentReceived;
      if (!this.payments.has(queued.externalRef)) unsettled.set(queued.externalRef, queued);
    }
    // The same payment again (a retry, the bank reporting twice) is taken, once; the same
    // reference for another amount is another payment under a used reference.
    const known =
      this.payments.get(payment.externalRef) ?? unsettled.get(payment.externalRef)?.amountMinor;
    if (known !== undefined) {
      if (known !== payment.amountMinor) {
        refuseEvent(
          `${payment.externalRef} was already reported for ${known}, not ${payment.amountMinor}.`,
        );
      }
      return;
    }
    const pending = (invoiceNo?: string): number =>
      [...unsettled.values()]
        .filter((q) => !invoiceNo || !q.invoiceNo || q.invoiceNo === invoiceNo)
        .reduce((sum, q) => sum + q.amountMinor, 0);
    if (payment.invoiceNo) {
      const invoice = this.invoices.get(payment.invoiceNo);
      if (!invoice || invoice.balanceMinor <= 0) {
        refuseEvent(`${payment.invoiceNo} is not an open invoice of this process.`);
      }
      const open = invoice.balanceMinor - pending(payment.invoiceNo);
      if (payment.amountMinor > open) {
        refuseEvent(
          `Over-payment: ${payment.amountMinor} is more than the ${open} open on ${payment.invoiceNo}.`,
        );
      }
      return;
    }
    const open =
      [...this.invoices.values()].reduce((sum, i) => sum + Math.max(0, i.balanceMinor), 0) -
      pending();
    if (payment.amountMinor > open) {
      refuseEvent(`Over-payment: ${payment.amountMinor} is more than the ${open} open.`);
    }
  }

  /** Signals a child; one that already finished (its timer beat the event) is noted, not fatal. */
  private async tell<Args extends unknown[]>(
    workflowId: string,
    signal: SignalDefinition<Args>,
    ...args: Args
  ): Promise<void> {
    try {
      await getExternalWorkflowHandle(workflowId).signal(signal, ...args);
    } catch (error) {
      if (isCancellation(error)) throw error;
      this.p.runtime.step('event-too-late', `${workflowId}: ${(error as Error).message}`);
    }
  }

  /** Records a payment in ERP and tells each invoice's collection what it received. */
  private async applyPayment(payment: PaymentReceived, by: string): Promise<void> {
    const { p } = this;
    if (this.payments.has(payment.externalRef) || !p.customerNo) return;
    this.payments.set(payment.externalRef, payment.amountMinor);
    let rest = payment.amountMinor;
    const allocations: { invoiceNo: string; amountMinor: number }[] = [];
    for (const [invoiceNo, invoice] of this.invoices) {
      if (payment.invoiceNo && invoiceNo !== payment.invoiceNo) continue;
      const amountMinor = Math.min(rest, invoice.balanceMinor);
      if (amountMinor <= 0) continue;
      allocations.push({ invoiceNo, amountMinor });
      rest -= amountMinor;
    }
    let recorded;
    this.recording.set(payment.externalRef, payment);
    try {
      recorded = await p.erp.recordPayment({
        externalRef: payment.externalRef,
        customerNo: p.customerNo,
        amountMinor: payment.amountMinor,
        method: payment.method,
        ...(payment.receivedOn ? { receivedOn: payment.receivedOn } : {}),
        allocations,
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      // The ERP refused it (e.g. the reference belongs to another payment): nothing was posted,
      // and finance decides what happens to the money.
      p.runtime.step('payment-refused', `${payment.externalRef}: ${refusal.message}`);
      if (patched('payment-refused-task')) {
        this.refusedPayments.push(this.askFinance(payment, by, refusal.message));
      }
      return;
    } finally {
      this.recording.delete(payment.externalRef);
    }
    // Balances first, in this same activation, so no validator sees the payment neither
    // recording nor subtracted; then the collections hear of it.
    p.result.paymentNos.push(recorded.paymentNo);
    p.runtime.document('payment', recorded.paymentNo);
    p.runtime.step('payment-received', `${recorded.paymentNo} ${recorded.amountMinor} by ${by}`);
    const applied = recorded.allocations.filter((a) => this.invoices.has(a.invoiceNo));
    for (const allocation of applied) {
      const invoice = this.invoices.get(allocation.invoiceNo)!;
      invoice.balanceMinor -= allocation.amountMinor;
      const shown = p.details.invoices.find((i) => i.invoiceNo === allocation.invoiceNo);
      if (shown) shown.balanceMinor = invoice.balanceMinor;
    }
    for (const allocation of applied) {
      await this.tell(this.invoices.get(allocation.invoiceNo)!.workflowId, paymentAppliedSignal, {
        paymentNo: recorded.paymentNo,
        amountMinor: allocation.amountMinor,
        at: new Date().toISOString(),
      });
    }
    await p.timeline(
      'payment-received',
      `payment:${recorded.paymentNo}`,
      `Payment ${recorded.paymentNo} of ${recorded.amountMinor} ${recorded.currency} minor units received (${recorded.allocations.map((a) => a.invoiceNo).join(', ')})`,
      { paymentNo: recorded.paymentNo, externalRef: payment.externalRef },
    );
  }

  /** A payment the ERP refused: finance finds it in its inbox and acknowledges what it did. */
  private askFinance(payment: PaymentReceived, by: string, reason: string): Promise<void> {
    const { p } = this;
    return p.guard(
      p.runtime.ask({
        kind: 'payment-refused',
        role: 'finance',
        summary: `Payment ${payment.externalRef} of ${payment.amountMinor} from ${p.customerNo} was refused by ERP: ${reason}`,
        decisions: ['acknowledge'],
        dueInMs: p.policy.dayMs,
        context: {
          externalRef: payment.externalRef,
          amountMinor: payment.amountMinor,
          customerNo: p.customerNo,
          reportedBy: by,
          reason,
        },
      }),
    );
  }

  /** Routes document events to the children until `closed`; returns when closed or cancelled. */
  async route(): Promise<void> {
    const { runtime } = this.p;
    for (;;) {
      await condition(() => this.closed || runtime.hasEvent(documentEvents));
      if (this.closed) return;
      const event = (await runtime.nextEvent(documentEvents))!;
      if (event.event === goodsReceived) {
        const { poNo, deliveryNote } = event.payload as GoodsReceived;
        const po = this.purchaseOrders.get(poNo);
        if (!po?.open) continue;
        po.open = false;
        await this.tell(po.workflowId, goodsReceivedSignal, { deliveryNote });
      } else if (event.event === carrierDelivered) {
        const { shipmentNo, deliveredAt } = event.payload as CarrierDelivered;
        const shipment = this.shipments.get(shipmentNo);
        if (!shipment?.inTransit) continue;
        shipment.inTransit = false;
        await this.tell(shipment.workflowId, shipmentDeliveredSignal, { deliveredAt });
      } else {
        await this.applyPayment(event.payload as PaymentReceived, event.by);
      }
      this.refresh();
    }
  }

  /** Gives finance a task for each invoice whose customer went on credit hold. */
  async escalate(): Promise<void> {
    const { p } = this;
    for (;;) {
      await condition(() => this.escalations.length > 0);
      const { invoiceNo, daysOverdue, balanceMinor } = this.escalations.shift()!;
      const scope = new CancellationScope();
      this.financeTasks.set(invoiceNo, scope);
      void scope
        .run(() =>
          p.runtime.ask({
            kind: 'overdue-invoice',
            role: 'finance',
            summary: `Invoice ${invoiceNo} is ${daysOverdue} days overdue (${balanceMinor} open); ${p.customerNo} is on credit hold`,
            decisions: ['acknowledge'],
            dueInMs: p.policy.dayMs,
            context: { invoiceNo, customerNo: p.customerNo, daysOverdue, balanceMinor },
          }),
        )
        .catch((error: unknown) => {
          if (!isCancellation(error)) p.branchFailure ??= error;
        });
    }
  }

  /** Waits until finance has closed every task about a refused payment. */
  async refusalsSettled(): Promise<void> {
    await Promise.all(this.refusedPayments);
  }
}
