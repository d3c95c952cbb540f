import {
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
  type SignalDefinition,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import type { ErpActivities } from '@throughline/activities/erp';
import {
  type CarrierDelivered,
  collectionEscalatedSignal,
  type GoodsReceived,
  LEAD_TO_CASH,
  type LeadToCashDetails,
  ErpErrorCodes,
  LeadToCashEvents,
  type LeadToCashOutcome,
  type LeadToCashResult,
  type LeadToCashStage,
  type LeadToCashWorkflowInput,
  type PaymentReceived,
  ProcessRuntime,
  purchaseOrderPlacedSignal,
  refuseEvent,
  shipmentShippedSignal,
  TaskQueues,
  goodsReceivedSignal,
  paymentAppliedSignal,
  shipmentDeliveredSignal,
} from '@throughline/contracts';
import { collectionWorkflow } from './collection.workflow';
import { fulfillmentWorkflow } from './fulfillment.workflow';
import { procureToPayWorkflow } from './procure-to-pay.workflow';
import { Compensations } from '../shared/compensations';
import { billingAddressOf } from '../shared/erp-customer';
import { refusalOf, systems } from '../shared/systems';
import { daysBetween, dayOf } from './helpers';

type OrderReservations = Awaited<ReturnType<ErpActivities['reserveStock']>>;

const { quoteAccepted, quoteRejected, goodsReceived, carrierDelivered, paymentReceived } =
  LeadToCashEvents;
/** Events that may arrive at any time while documents are open; routed to the children. */
const documentEvents = [goodsReceived, carrierDelivered, paymentReceived];

/**
 * Lead to cash, DOMAIN.md "Process 1", as one durable process across CRM and ERP: capture and
 * qualify the lead, convert it (account, opportunity, ERP customer), quote from ERP prices,
 * approve, wait for the customer, check credit, order, reserve (backorder through
 * procure-to-pay), fulfil each shipment, invoice it, hand serialized items over as assets, and
 * collect every invoice. Until the first shipment it can be cancelled, and then undoes what it
 * did in reverse (a saga); after that, cancellation is refused.
 */
export async function leadToCashWorkflow(
  input: LeadToCashWorkflowInput,
): Promise<LeadToCashResult> {
  const { request, policy } = input;
  const { crm, erp } = systems(policy.activityTimeoutMs);
  const processId = workflowInfo().workflowId;
  const who = request.lead.company ?? request.lead.contactName;
  const runtime = new ProcessRuntime<LeadToCashResult>({
    type: LEAD_TO_CASH,
    businessKey: request.leadRef ?? request.lead.email,
    startedBy: input.startedBy,
    summary: `Lead to cash for ${who} <${request.lead.email}>`,
  });
  const result: LeadToCashResult = {
    outcome: 'paid',
    leadNo: '',
    shipmentNos: [],
    invoiceNos: [],
    purchaseOrderNos: [],
    paymentNos: [],
    assetSerials: [],
  };
  const details: LeadToCashDetails = { purchaseOrders: [], shipments: [], invoices: [] };
  runtime.state.details = details as unknown as Record<string, unknown>;
  const saga = new Compensations();
  let customerNo: string | undefined;
  let opportunityId: string | undefined;

  const memo = (): void =>
    runtime.memo({
      customer: who,
      customerNo,
      quoteNo: result.quoteNo,
      orderNo: result.orderNo,
      invoices: result.invoiceNos.join(', ') || undefined,
      stage: runtime.state.stage,
    });
  const stage = (name: LeadToCashStage): void => {
    runtime.stage(name);
    memo();
  };
  const timeline = async (
    kind: string,
    sourceKey: string,
    summary: string,
    details?: Record<string, unknown>,
  ): Promise<void> => {
    if (!customerNo) return;
    await crm.appendTimeline({ customerNo, sourceKey, kind, summary, processId, details });
  };
  const close = async (outcome: LeadToCashOutcome, reason: string): Promise<LeadToCashResult> => {
    if (opportunityId) await crm.markOpportunityLost({ opportunityId, reason, processId });
    result.outcome = outcome;
    runtime.step('closed', `${outcome}: ${reason}`);
    stage('closed-lost');
    runtime.state.result = result;
    return result;
  };

  // --- documents in flight, and the events that may name them --------------------------------
  const purchaseOrders = new Map<string, { workflowId: string; open: boolean }>();
  const shipments = new Map<string, { workflowId: string; inTransit: boolean }>();
  /** Open invoices by number, known once their collection child runs. */
  const invoices = new Map<string, { balanceMinor: number; workflowId: string }>();
  const paymentRefs = new Set<string>();
  /** Payments being recorded in ERP right now, by external reference. */
  const recording = new Map<string, PaymentReceived>();

  /**
   * The first failure of a branch that runs beside the main flow (a shipment, the event router,
   * a finance task). Branches never leave a rejection unhandled (that would fail workflow tasks
   * for ever); the main flow rethrows it at its next wait.
   */
  let branchFailure: unknown;
  const guard = (branch: Promise<unknown>): Promise<void> =>
    branch.then(
      () => undefined,
      (error: unknown) => {
        branchFailure ??= error;
      },
    );
  /** Awaits `work`, unless a branch fails first. */
  const unlessBranchFails = async <T>(work: Promise<T>): Promise<T> => {
    const outcome = await Promise.race([
      work.then((value) => ({ value })),
      condition(() => branchFailure !== undefined).then(() => undefined),
    ]);
    if (!outcome) throw branchFailure;
    return outcome.value;
  };
  /** Signals a child; one that already finished (its timer beat the event) is noted, not fatal. */
  const tell = async <Args extends unknown[]>(
    workflowId: string,
    signal: SignalDefinition<Args>,
    ...args: Args
  ): Promise<void> => {
    try {
      await getExternalWorkflowHandle(workflowId).signal(signal, ...args);
    } catch (error) {
      if (isCancellation(error)) throw error;
      runtime.step('event-too-late', `${workflowId}: ${(error as Error).message}`);
    }
  };
  const refreshEvents = (): void => {
    const accepted: string[] = [];
    if ([...purchaseOrders.values()].some((po) => po.open)) accepted.push(goodsReceived);
    if ([...shipments.values()].some((s) => s.inTransit)) accepted.push(carrierDelivered);
    if ([...invoices.values()].some((i) => i.balanceMinor > 0)) accepted.push(paymentReceived);
    runtime.acceptEvents(...accepted);
  };
  setHandler(purchaseOrderPlacedSignal, ({ poNo, workflowId, expectedOn }) => {
    purchaseOrders.set(poNo, { workflowId, open: true });
    details.purchaseOrders.push({ poNo, expectedOn, status: 'open' });
    result.purchaseOrderNos.push(poNo);
    runtime.document('purchaseOrder', poNo);
    refreshEvents();
  });
  setHandler(shipmentShippedSignal, ({ shipmentNo, workflowId, trackingNumber }) => {
    shipments.set(shipmentNo, { workflowId, inTransit: true });
    details.shipments.push({
      shipmentNo,
      ...(trackingNumber ? { trackingNumber } : {}),
      status: 'in-transit',
    });
    runtime.document('shipment', shipmentNo);
    runtime.step('shipped', shipmentNo);
    refreshEvents();
  });
  const escalations: { invoiceNo: string; daysOverdue: number; balanceMinor: number }[] = [];
  setHandler(collectionEscalatedSignal, (escalation) => {
    escalations.push(escalation);
  });

  runtime.checkEvent(goodsReceived, (payload) => {
    const { poNo } = payload as GoodsReceived;
    if (!purchaseOrders.get(poNo)?.open) {
      refuseEvent(`${poNo} is not an open purchase order of this process.`);
    }
  });
  runtime.checkEvent(carrierDelivered, (payload) => {
    const { shipmentNo } = payload as CarrierDelivered;
    if (!shipments.get(shipmentNo)?.inTransit) {
      refuseEvent(`${shipmentNo} is not a shipment of this process in transit.`);
    }
  });
  runtime.checkEvent(paymentReceived, (payload) => {
    const payment = payload as PaymentReceived;
    // Payments taken but not yet subtracted from the balances: queued, or being recorded.
    const unsettled = new Map<string, PaymentReceived>(recording);
    for (const event of runtime.pendingEvents(paymentReceived)) {
      const queued = event.payload as PaymentReceived;
      if (!paymentRefs.has(queued.externalRef)) unsettled.set(queued.externalRef, queued);
    }
    // The same payment again (a retry, the bank reporting twice) is taken, once.
    if (paymentRefs.has(payment.externalRef) || unsettled.has(payment.externalRef)) return;
    const pending = (invoiceNo?: string): number =>
      [...unsettled.values()]
        .filter((q) => !invoiceNo || !q.invoiceNo || q.invoiceNo === invoiceNo)
        .reduce((sum, q) => sum + q.amountMinor, 0);
    if (payment.invoiceNo) {
      const invoice = invoices.get(payment.invoiceNo);
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
      [...invoices.values()].reduce((sum, i) => sum + Math.max(0, i.balanceMinor), 0) - pending();
    if (payment.amountMinor > open) {
      refuseEvent(`Over-payment: ${payment.amountMinor} is more than the ${open} open.`);
    }
  });

  /** Records a payment in ERP and tells each invoice's collection what it received. */
  const applyPayment = async (payment: PaymentReceived, by: string): Promise<void> => {
    if (paymentRefs.has(payment.externalRef) || !customerNo) return;
    paymentRefs.add(payment.externalRef);
    let rest = payment.amountMinor;
    const allocations: { invoiceNo: string; amountMinor: number }[] = [];
    for (const [invoiceNo, invoice] of invoices) {
      if (payment.invoiceNo && invoiceNo !== payment.invoiceNo) continue;
      const amountMinor = Math.min(rest, invoice.balanceMinor);
      if (amountMinor <= 0) continue;
      allocations.push({ invoiceNo, amountMinor });
      rest -= amountMinor;
    }
    let recorded;
    recording.set(payment.externalRef, payment);
    try {
      recorded = await erp.recordPayment({
        externalRef: payment.externalRef,
        customerNo,
        amountMinor: payment.amountMinor,
        method: payment.method,
        ...(payment.receivedOn ? { receivedOn: payment.receivedOn } : {}),
        allocations,
      });
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      // The ERP refused it (e.g. the reference belongs to another payment): nothing was posted.
      paymentRefs.delete(payment.externalRef);
      runtime.step('payment-refused', `${payment.externalRef}: ${refusal.message}`);
      return;
    } finally {
      recording.delete(payment.externalRef);
    }
    // Balances first, in this same activation, so no validator sees the payment neither
    // recording nor subtracted; then the collections hear of it.
    result.paymentNos.push(recorded.paymentNo);
    runtime.document('payment', recorded.paymentNo);
    runtime.step('payment-received', `${recorded.paymentNo} ${recorded.amountMinor} by ${by}`);
    const applied = recorded.allocations.filter((a) => invoices.has(a.invoiceNo));
    for (const allocation of applied) {
      const invoice = invoices.get(allocation.invoiceNo)!;
      invoice.balanceMinor -= allocation.amountMinor;
      const shown = details.invoices.find((i) => i.invoiceNo === allocation.invoiceNo);
      if (shown) shown.balanceMinor = invoice.balanceMinor;
    }
    for (const allocation of applied) {
      await tell(invoices.get(allocation.invoiceNo)!.workflowId, paymentAppliedSignal, {
        paymentNo: recorded.paymentNo,
        amountMinor: allocation.amountMinor,
        at: new Date().toISOString(),
      });
    }
    await timeline(
      'payment-received',
      `payment:${recorded.paymentNo}`,
      `Payment ${recorded.paymentNo} of ${recorded.amountMinor} ${recorded.currency} minor units received (${recorded.allocations.map((a) => a.invoiceNo).join(', ')})`,
      { paymentNo: recorded.paymentNo, externalRef: payment.externalRef },
    );
  };

  /** Routes document events to the children until `done`; returns when done or cancelled. */
  let documentsClosed = false;
  const routeEvents = async (): Promise<void> => {
    for (;;) {
      await condition(() => documentsClosed || runtime.hasEvent(documentEvents));
      if (documentsClosed) return;
      const event = (await runtime.nextEvent(documentEvents))!;
      if (event.event === goodsReceived) {
        const { poNo, deliveryNote } = event.payload as GoodsReceived;
        const po = purchaseOrders.get(poNo);
        if (!po?.open) continue;
        po.open = false;
        await tell(po.workflowId, goodsReceivedSignal, { deliveryNote });
      } else if (event.event === carrierDelivered) {
        const { shipmentNo, deliveredAt } = event.payload as CarrierDelivered;
        const shipment = shipments.get(shipmentNo);
        if (!shipment?.inTransit) continue;
        shipment.inTransit = false;
        await tell(shipment.workflowId, shipmentDeliveredSignal, { deliveredAt });
      } else {
        await applyPayment(event.payload as PaymentReceived, event.by);
      }
      refreshEvents();
    }
  };

  /** Finance's task per invoice the customer went on credit hold for; moot once it is paid. */
  const financeTasks = new Map<string, CancellationScope>();
  const escalate = async (): Promise<void> => {
    for (;;) {
      await condition(() => escalations.length > 0);
      const { invoiceNo, daysOverdue, balanceMinor } = escalations.shift()!;
      const scope = new CancellationScope();
      financeTasks.set(invoiceNo, scope);
      void scope
        .run(() =>
          runtime.ask({
            kind: 'overdue-invoice',
            role: 'finance',
            summary: `Invoice ${invoiceNo} is ${daysOverdue} days overdue (${balanceMinor} open); ${customerNo} is on credit hold`,
            decisions: ['acknowledge'],
            dueInMs: policy.dayMs,
            context: { invoiceNo, customerNo, daysOverdue, balanceMinor },
          }),
        )
        .catch((error: unknown) => {
          if (!isCancellation(error)) branchFailure ??= error;
        });
    }
  };

  runtime.setCancellable(true);
  try {
    // --- capture and qualify ------------------------------------------------------------------
    stage('capturing-lead');
    let lead = await crm.captureLead({
      source: request.lead.source,
      company: request.lead.company,
      contactName: request.lead.contactName,
      email: request.lead.email,
      phone: request.lead.phone,
      itemsOfInterest: [...new Set(request.lines.map((line) => line.sku))],
      estimatedValueMinor: request.lead.estimatedValueMinor,
    });
    result.leadNo = lead.leadNo;
    runtime.documentAttribute('lead', lead.leadNo, 'leadId');
    runtime.step('lead-captured', lead.leadNo);

    stage('qualifying');
    if (lead.status === 'new') {
      const scored = await crm.scoreLead({ leadId: lead.id });
      lead = scored.lead;
      runtime.step('lead-scored', `${scored.score} → ${scored.outcome}`);
      if (scored.outcome === 'needs-review') {
        const task = await runtime.ask({
          kind: 'qualify-lead',
          role: 'sales',
          escalateTo: 'sales-manager',
          dueInMs: policy.qualifySlaMs,
          decisions: ['qualify', 'disqualify'],
          summary: `Qualify lead ${lead.leadNo} from ${who} (score ${scored.score})`,
          context: { leadNo: lead.leadNo, score: scored.score, reasons: scored.reasons },
        });
        lead = await crm.decideLead({
          leadId: lead.id,
          decision: task.completion!.decision as 'qualify' | 'disqualify',
          reason: task.completion!.comment ?? `decided by ${task.completion!.by}`,
        });
        runtime.step('lead-decided', `${task.completion!.decision} by ${task.completion!.by}`);
      }
    }
    if (lead.status === 'disqualified') {
      return await close('disqualified', lead.disqualifiedReason ?? 'disqualified');
    }

    // --- convert: account, contact, opportunity, ERP customer --------------------------------
    stage('converting');
    saga.add('opportunity lost', async (reason) => {
      if (opportunityId) await crm.markOpportunityLost({ opportunityId, reason, processId });
    });
    const converted = await crm.convertLead({
      leadId: lead.id,
      address: request.address,
      opportunityTitle: `${who}: ${request.lines.length} line(s)`,
    });
    customerNo = converted.account.customerNo;
    opportunityId = converted.opportunity.id;
    result.customerNo = customerNo;
    result.opportunityNo = converted.opportunity.opportunityNo;
    runtime.customer(customerNo);
    runtime.document('opportunity', converted.opportunity.opportunityNo);
    const erpCustomer = await erp.upsertCustomer({
      customerNo,
      legalName: converted.account.name,
      email: request.lead.email,
      ...billingAddressOf(request.address),
    });
    await crm.linkErpCustomer({ customerNo, erpCustomerId: erpCustomer.id });
    runtime.step('converted', `${customerNo} ${converted.opportunity.opportunityNo}`);

    // --- quote from ERP prices -----------------------------------------------------------------
    stage('quoting');
    const priced = await erp.priceLines({
      customerNo,
      lines: request.lines.map(({ sku, quantity }) => ({ sku, quantity })),
    });
    const validUntil = Date.now() + policy.quoteValidityMs;
    // A quote the customer may still hold (not accepted, rejected or expired) is withdrawn.
    let openQuote: string | undefined;
    saga.add('quote withdrawn', async (reason) => {
      if (!openQuote) return;
      await crm.setQuoteStatus({
        quoteId: openQuote,
        status: 'expired',
        reason: `withdrawn: ${reason}`.slice(0, 200),
        processId,
      });
    });
    let quote = await crm.createQuote({
      quoteKey: `quote:${converted.opportunity.opportunityNo}:1`,
      opportunityId,
      currency: priced.currency,
      taxRatePercent: priced.taxRateBp / 100,
      validUntil: new Date(validUntil).toISOString(),
      lines: priced.lines.map((line, index) => ({
        sku: line.sku,
        description: line.name,
        quantity: line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        discountPercent: request.lines[index].discountPercent ?? 0,
      })),
    });
    result.quoteNo = quote.quoteNo;
    openQuote = quote.quoteNo;
    runtime.documentAttribute('quote', quote.quoteNo, 'quoteNo');
    runtime.step('quoted', `${quote.quoteNo} ${quote.totalMinor} ${quote.currency}`);

    // --- approval ------------------------------------------------------------------------------
    const maxDiscount = Math.max(...quote.lines.map((line) => line.discountBasisPoints)) / 100;
    const approvalReasons = [
      ...(maxDiscount > policy.approvalMaxDiscountPercent
        ? [`discount ${maxDiscount} % above ${policy.approvalMaxDiscountPercent} %`]
        : []),
      ...(quote.totalMinor > policy.approvalMaxTotalMinor
        ? [`total ${quote.totalMinor} above ${policy.approvalMaxTotalMinor}`]
        : []),
    ];
    if (approvalReasons.length > 0) {
      stage('approving-quote');
      quote = await crm.setQuoteStatus({
        quoteId: quote.id,
        status: 'pending-approval',
        processId,
      });
      const task = await runtime.ask({
        kind: 'approve-quote',
        role: 'sales-manager',
        escalateTo: 'sales-director',
        dueInMs: policy.approvalSlaMs,
        expireInMs: Math.max(0, validUntil - Date.now()),
        decisions: ['approve', 'reject'],
        summary: `Approve quote ${quote.quoteNo} for ${who}: ${approvalReasons.join('; ')}`,
        context: {
          quoteNo: quote.quoteNo,
          totalMinor: quote.totalMinor,
          currency: quote.currency,
          reasons: approvalReasons,
        },
      });
      if (task.status === 'expired') {
        openQuote = undefined;
        await crm.setQuoteStatus({ quoteId: quote.id, status: 'expired', processId });
        return await close('quote-expired', 'expired before it was approved');
      }
      const { decision, by, comment } = task.completion!;
      if (decision === 'reject') {
        openQuote = undefined;
        await crm.setQuoteStatus({
          quoteId: quote.id,
          status: 'rejected',
          by,
          reason: comment ?? `rejected by ${by}`,
          processId,
        });
        return await close('approval-rejected', `quote rejected by ${by}`);
      }
      quote = await crm.setQuoteStatus({
        quoteId: quote.id,
        status: 'approved',
        by,
        comment,
        processId,
      });
      runtime.step('quote-approved', `by ${by}${task.escalation ? ' (escalated)' : ''}`);
    } else {
      quote = await crm.setQuoteStatus({
        quoteId: quote.id,
        status: 'approved',
        by: 'rules',
        comment: 'within the approval thresholds',
        processId,
      });
    }

    // --- the customer's answer -------------------------------------------------------------------
    stage('awaiting-customer');
    quote = await crm.setQuoteStatus({ quoteId: quote.id, status: 'sent', processId });
    runtime.step('quote-sent', `valid until ${new Date(validUntil).toISOString()}`);
    runtime.acceptEvents(quoteAccepted, quoteRejected);
    const answer = await runtime.nextEvent(
      [quoteAccepted, quoteRejected],
      Math.max(0, validUntil - Date.now()),
    );
    runtime.acceptEvents();
    const expire = async (): Promise<LeadToCashResult> => {
      openQuote = undefined;
      await crm.setQuoteStatus({ quoteId: quote.id, status: 'expired', processId });
      return close('quote-expired', 'expired');
    };
    if (!answer) return await expire();
    if (answer.event === quoteRejected) {
      const reason = String(answer.payload.reason ?? answer.payload.comment ?? 'customer declined');
      openQuote = undefined;
      await crm.setQuoteStatus({ quoteId: quote.id, status: 'rejected', reason, processId });
      return await close('quote-rejected', reason);
    }
    try {
      quote = await crm.setQuoteStatus({
        quoteId: quote.id,
        status: 'accepted',
        by: answer.by,
        processId,
      });
      openQuote = undefined;
      runtime.step('quote-accepted', `reported by ${answer.by}`);
    } catch (error) {
      // Accepted a moment after valid-until: the quote has expired.
      if (refusalOf(error)?.code === 'quote-past-valid-until') return await expire();
      throw error;
    }

    // --- credit and order ------------------------------------------------------------------------
    stage('checking-credit');
    const credit = await erp.checkCredit({ customerNo, amountMinor: quote.totalMinor });
    runtime.step(
      'credit-checked',
      credit.approved ? 'within limit' : `${credit.reason}: exposure ${credit.exposureMinor}`,
    );
    stage('ordering');
    // Registered before the order exists; the undo reads the number once there is one.
    saga.add('order cancelled', async (reason) => {
      if (result.orderNo) await erp.cancelSalesOrder({ orderNo: result.orderNo, reason });
    });
    const partial = request.allowPartialShipments ?? policy.partialShipments;
    const order = await erp.createSalesOrder({
      orderKey: `quote:${quote.quoteNo}`,
      customerNo,
      lines: quote.lines.map((line) => ({
        sku: line.sku,
        quantity: line.quantity,
        unitPriceMinor: line.unitPriceMinor,
        discountPercent: line.discountBasisPoints / 100,
        ...(line.description ? { description: line.description } : {}),
      })),
      quoteRef: quote.quoteNo,
      opportunityRef: converted.opportunity.opportunityNo,
      ...(request.customerReference ? { customerReference: request.customerReference } : {}),
      ...(request.address ? { shipTo: request.address } : {}),
      allowPartialShipments: partial,
      onCreditRefused: 'block',
    });
    const { orderNo } = order;
    result.orderNo = orderNo;
    runtime.documentAttribute('order', orderNo, 'orderNo');
    await crm.linkErpDocuments({ opportunityId, orderNo });

    stage('reserving');
    // Registered before the reservation (and so undone after it, as DOMAIN.md orders the undo)
    // and before the first purchase order; each one still open is cancelled (the
    // procure-to-pay child cancels its own too; cancelling twice changes nothing).
    saga.add('purchase orders cancelled', async (reason) => {
      for (const poNo of result.purchaseOrderNos) {
        try {
          await erp.cancelPurchaseOrder({ poNo, reason });
        } catch (error) {
          // Received already: the goods are in stock, nothing to undo.
          if (refusalOf(error)?.code !== ErpErrorCodes.invalidTransition) throw error;
        }
      }
    });
    saga.add('reservations released', async () => {
      await erp.releaseReservations({ orderNo });
    });
    let reservation = await erp.reserveStock({ orderNo });
    runtime.step(
      'reserved',
      reservation.fullyReserved ? 'all lines' : `short ${describeShortfall(reservation)}`,
    );

    if (order.status === 'credit-blocked') {
      stage('awaiting-credit-release');
      const task = await runtime.ask({
        kind: 'release-credit',
        role: 'finance',
        dueInMs: policy.creditReleaseMs,
        expireInMs: policy.creditReleaseMs,
        decisions: ['release', 'refuse'],
        summary: `Release order ${orderNo} of ${who} (${customerNo}): ${order.creditBlockReason ?? credit.reason}, exposure ${credit.exposureMinor} against ${credit.creditLimitMinor}`,
        context: { ...credit, orderNo },
      });
      if (task.status === 'expired' || task.completion?.decision === 'refuse') {
        const reason =
          task.status === 'expired'
            ? 'credit not released in time'
            : `credit refused by ${task.completion!.by}`;
        await erp.cancelSalesOrder({ orderNo, reason });
        await timeline(
          'order-cancelled',
          `order-cancelled:${orderNo}`,
          `Order ${orderNo} cancelled: ${reason}`,
          {
            orderNo,
          },
        );
        return await close('credit-refused', reason);
      }
      await erp.releaseCreditBlock({ orderNo, approvedBy: task.completion!.by });
      runtime.step('credit-released', `by ${task.completion!.by}`);
    }
    await crm.markOpportunityWon({ opportunityId, orderNo, processId });
    runtime.step('order-confirmed', orderNo);

    // --- fulfil, invoice, hand over, collect -----------------------------------------------------
    const events = guard(routeEvents());
    void guard(escalate());
    const context = {
      processId,
      customerNo,
      orderNo,
      activityTimeoutMs: policy.activityTimeoutMs,
    };
    const branches: Promise<void>[] = [];
    let round = 0;
    let firstShipment = true;

    /** One shipment from a warehouse, its invoice, its assets and its collection. */
    const deliverAndBill = async (warehouseCode: string, shipmentRound: number): Promise<void> => {
      const shipmentWorkflowId = `${processId}/shipment/${warehouseCode}-${shipmentRound}`;
      const shipment = await startChild(fulfillmentWorkflow, {
        workflowId: shipmentWorkflowId,
        taskQueue: TaskQueues.processes,
        args: [
          {
            ...context,
            shipmentKey: `${orderNo}:${warehouseCode}:${shipmentRound}`,
            warehouseCode,
            deliveryTimeoutMs: policy.deliveryTimeoutMs,
          },
        ],
      });
      const fulfilled = await shipment.result();
      result.shipmentNos.push(fulfilled.shipmentNo);
      shipments.set(fulfilled.shipmentNo, { workflowId: shipmentWorkflowId, inTransit: false });
      const shownShipment = details.shipments.find((x) => x.shipmentNo === fulfilled.shipmentNo);
      if (shownShipment) shownShipment.status = 'delivered';
      runtime.document('shipment', fulfilled.shipmentNo);
      runtime.step('delivered', `${fulfilled.shipmentNo} (${fulfilled.deliveredBy})`);
      await crm.linkErpDocuments({
        opportunityId: opportunityId!,
        shipmentNos: [fulfilled.shipmentNo],
      });

      const invoice = await erp.createInvoice({ shipmentNo: fulfilled.shipmentNo });
      result.invoiceNos.push(invoice.invoiceNo);
      runtime.documentAttribute('invoice', invoice.invoiceNo, 'invoiceNos');
      await crm.linkErpDocuments({
        opportunityId: opportunityId!,
        invoiceNos: [invoice.invoiceNo],
      });
      await timeline(
        'invoiced',
        `invoiced:${invoice.invoiceNo}`,
        `Invoice ${invoice.invoiceNo} for shipment ${fulfilled.shipmentNo}: ${invoice.grossMinor} ${invoice.currency} minor units, due ${invoice.dueDate}`,
        {
          invoiceNo: invoice.invoiceNo,
          shipmentNo: fulfilled.shipmentNo,
          dueDate: invoice.dueDate,
        },
      );
      runtime.step('invoiced', invoice.invoiceNo);
      memo();

      const serialized = fulfilled.lines.filter((line) => line.serialNumbers.length > 0);
      if (serialized.length > 0) {
        const items = await erp.describeItems({ skus: serialized.map((line) => line.sku) });
        const bySku = new Map(items.map((item) => [item.sku, item]));
        const assets = await crm.registerAssets({
          customerNo: customerNo!,
          shipmentNo: fulfilled.shipmentNo,
          processId,
          items: serialized.flatMap((line) =>
            line.serialNumbers.map((serialNo) => ({
              serialNo,
              sku: line.sku,
              itemName: bySku.get(line.sku)?.name ?? line.sku,
              deliveredOn: dayOf(fulfilled.deliveredAt),
              warrantyMonths: bySku.get(line.sku)?.warrantyMonths ?? 0,
              maintenanceIntervalMonths: policy.maintenanceIntervalMonths,
            })),
          ),
        });
        result.assetSerials.push(...assets.map((asset) => asset.serialNo));
        runtime.step('handed-over', `${assets.length} asset(s)`);
      }

      const collectionWorkflowId = `${processId}/invoice/${invoice.invoiceNo}`;
      const collection = await startChild(collectionWorkflow, {
        workflowId: collectionWorkflowId,
        taskQueue: TaskQueues.processes,
        args: [
          {
            ...context,
            invoiceNo: invoice.invoiceNo,
            grossMinor: invoice.balanceMinor,
            currency: invoice.currency,
            termsDays: daysBetween(invoice.issueDate, invoice.dueDate),
            dayMs: policy.dayMs,
            reminderDays: policy.reminderDays,
            creditHoldDays: policy.creditHoldDays,
          },
        ],
      });
      // Payments are taken for the invoice only now that its collection can hear of them.
      invoices.set(invoice.invoiceNo, {
        balanceMinor: invoice.balanceMinor,
        workflowId: collectionWorkflowId,
      });
      details.invoices.push({
        invoiceNo: invoice.invoiceNo,
        currency: invoice.currency,
        grossMinor: invoice.grossMinor,
        balanceMinor: invoice.balanceMinor,
        dueDate: invoice.dueDate,
      });
      stage('collecting');
      refreshEvents();
      const collected = await collection.result();
      financeTasks.get(invoice.invoiceNo)?.cancel();
      runtime.step('paid', `${collected.invoiceNo} (${collected.remindersSent} reminder(s))`);
    };

    /** Ships what is reserved and on no shipment yet, one shipment per warehouse. */
    const shipReserved = (held: OrderReservations): void => {
      const warehouses = [
        ...new Set(
          held.reservations
            .filter((r) => r.status === 'active' && !r.shipmentNo)
            .map((r) => r.warehouseCode),
        ),
      ].sort();
      if (warehouses.length === 0) return;
      if (firstShipment) {
        firstShipment = false;
        runtime.setCancellable(
          false,
          `Order ${orderNo} is being shipped; cancelling after shipment is a return, a separate process.`,
        );
        stage('fulfilling');
      }
      round += 1;
      for (const warehouseCode of warehouses) {
        branches.push(guard(deliverAndBill(warehouseCode, round)));
      }
    };

    /** Gates the first shipment: a cancellation already accepted must win. */
    const beforeShipping = async (): Promise<void> => {
      if (runtime.cancellationRequested) await condition(() => false);
    };

    let backorder = 0;
    if (!reservation.fullyReserved && partial) {
      await beforeShipping();
      shipReserved(reservation);
    }
    while (!reservation.fullyReserved) {
      backorder += 1;
      if (firstShipment) stage('backordered');
      await timeline(
        'backordered',
        `backordered:${orderNo}:${backorder}`,
        `Order ${orderNo}: ${describeShortfall(reservation)} backordered`,
        { orderNo, shortfall: reservation.shortfall },
      );
      const poWorkflowId = `${processId}/backorder/${backorder}`;
      const procurement = await startChild(procureToPayWorkflow, {
        workflowId: poWorkflowId,
        taskQueue: TaskQueues.processes,
        args: [
          {
            ...context,
            poKey: `backorder:${orderNo}:${backorder}`,
            // Into the warehouse the order already ships from, so it ships together; the ERP
            // picks the one nearest the customer when nothing is held yet.
            warehouseCode: reservation.reservations.find((r) => r.status === 'active')
              ?.warehouseCode,
            lines: reservation.shortfall.map(({ sku, quantity }) => ({ sku, quantity })),
          },
        ],
      });
      const received = await unlessBranchFails(procurement.result());
      const shownPo = details.purchaseOrders.find((po) => po.poNo === received.poNo);
      if (shownPo) shownPo.status = 'received';
      runtime.step('goods-received', `${received.poNo} ${received.receiptNo}`);
      reservation = await erp.reserveStock({ orderNo });
    }
    await beforeShipping();
    shipReserved(reservation);

    await unlessBranchFails(Promise.all(branches));
    if (branchFailure !== undefined) throw branchFailure;
    documentsClosed = true;
    await events;
    if (branchFailure !== undefined) throw branchFailure;

    await timeline(
      'order-paid',
      `order-paid:${orderNo}`,
      `Order ${orderNo} delivered, invoiced and paid in full (${result.invoiceNos.join(', ')})`,
      { orderNo, invoiceNos: result.invoiceNos },
    );
    stage('completed');
    runtime.state.result = result;
    return result;
  } catch (error) {
    if (!isCancellation(error)) throw error;
    await CancellationScope.nonCancellable(async () => {
      stage('cancelled');
      if (!runtime.state.cancellation) {
        // Cancelled in Temporal itself (UI, CLI), not through the API: after the first shipment
        // nothing is undone, since goods are with the customer (returns are their own process).
        if (
          result.shipmentNos.length > 0 ||
          runtime.state.steps.some((s) => s.step === 'shipped')
        ) {
          runtime.step('cancelled-after-shipment', 'nothing undone');
          return;
        }
      }
      const reason = `process cancelled by ${runtime.state.cancellation?.by ?? 'ops'}: ${runtime.state.cancellation?.reason ?? 'no reason given'}`;
      const undone = await saga.run(reason);
      for (const step of undone) runtime.step('undone', step);
      await timeline(
        'process-cancelled',
        `process-cancelled:${processId}`,
        `Lead to cash cancelled: ${reason}`,
        {
          undone,
        },
      );
    });
    throw error;
  }
}

function describeShortfall(reservation: OrderReservations): string {
  return reservation.shortfall.map((s) => `${s.quantity} × ${s.sku}`).join(', ');
}
