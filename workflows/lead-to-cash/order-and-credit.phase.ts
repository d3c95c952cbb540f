import { ErpErrorCodes, type LeadToCashResult } from '@throughline/contracts';
import { refusalOf } from '../shared/systems';
import { describeShortfall, type LeadToCash } from './lead-to-cash.process';

/**
 * Credit check, the ERP sales order for the accepted quote, the stock reserved for it (the
 * shortfall is backordered later), and, when the order is over the customer's credit, finance's
 * release within a deadline. Returns the closed result when credit is refused or not released.
 */
export async function orderWithCredit(p: LeadToCash): Promise<LeadToCashResult | undefined> {
  const { crm, erp, runtime, request, policy, processId, result } = p;
  const customerNo = p.customerNo!;
  const opportunityId = p.opportunityId!;
  const quote = p.quote!;

  p.stage('checking-credit');
  const credit = await erp.checkCredit({ customerNo, amountMinor: quote.totalMinor });
  p.credit = credit;
  runtime.step(
    'credit-checked',
    credit.approved ? 'within limit' : `${credit.reason}: exposure ${credit.exposureMinor}`,
  );
  p.stage('ordering');
  // Registered before the order exists; the undo reads the number once there is one.
  p.saga.add('order cancelled', async (reason) => {
    if (!result.orderNo) return false;
    await erp.cancelSalesOrder({ orderNo: result.orderNo, reason });
    return true;
  });
  const partial = request.allowPartialShipments ?? policy.partialShipments;
  p.partialShipments = partial;
  const order = await erp.createSalesOrder({
    orderKey: `quote:${quote.quoteNo}`,
    customerNo,
    lines: quote.lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      discountBasisPoints: line.discountBasisPoints,
      ...(line.description ? { description: line.description } : {}),
    })),
    quoteRef: quote.quoteNo,
    opportunityRef: p.opportunityNo!,
    ...(request.customerReference ? { customerReference: request.customerReference } : {}),
    ...(request.address ? { shipTo: request.address } : {}),
    allowPartialShipments: partial,
    onCreditRefused: 'block',
  });
  p.order = order;
  const { orderNo } = order;
  result.orderNo = orderNo;
  runtime.documentAttribute('order', orderNo, 'orderNo');
  await crm.linkErpDocuments({ opportunityId, orderNo });

  p.stage('reserving');
  // Registered before the reservation (and so undone after it, as DOMAIN.md orders the undo)
  // and before the first purchase order; each one still open is cancelled (the procure-to-pay
  // child cancels its own too; cancelling twice changes nothing).
  p.saga.add('purchase orders cancelled', async (reason) => {
    if (result.purchaseOrderNos.length === 0) return false;
    for (const poNo of result.purchaseOrderNos) {
      const shown = p.details.purchaseOrders.find((po) => po.poNo === poNo);
      try {
        await erp.cancelPurchaseOrder({ poNo, reason });
        if (shown && shown.status === 'open') shown.status = 'cancelled';
      } catch (error) {
        // Received already: the goods are in stock, nothing to undo.
        if (refusalOf(error)?.code !== ErpErrorCodes.invalidTransition) throw error;
      }
    }
    return true;
  });
  p.saga.add('reservations released', async () => {
    await erp.releaseReservations({ orderNo });
  });
  p.reservation = await erp.reserveStock({ orderNo });
  runtime.step(
    'reserved',
    p.reservation.fullyReserved ? 'all lines' : `short ${describeShortfall(p.reservation)}`,
  );

  if (order.status === 'credit-blocked') {
    p.stage('awaiting-credit-release');
    const task = await runtime.ask({
      kind: 'release-credit',
      role: 'finance',
      dueInMs: policy.creditReleaseMs,
      expireInMs: policy.creditReleaseMs,
      decisions: ['release', 'refuse'],
      summary: `Release order ${orderNo} of ${p.who} (${customerNo}): ${order.creditBlockReason ?? credit.reason}, exposure ${credit.exposureMinor} against ${credit.creditLimitMinor}`,
      context: { ...credit, orderNo },
    });
    if (task.status === 'expired' || task.completion?.decision === 'refuse') {
      const reason =
        task.status === 'expired'
          ? 'credit not released in time'
          : `credit refused by ${task.completion!.by}`;
      await erp.cancelSalesOrder({ orderNo, reason });
      await p.timeline(
        'order-cancelled',
        `order-cancelled:${orderNo}`,
        `Order ${orderNo} cancelled: ${reason}`,
        { orderNo },
      );
      return p.close('credit-refused', reason);
    }
    await erp.releaseCreditBlock({ orderNo, approvedBy: task.completion!.by });
    runtime.step('credit-released', `by ${task.completion!.by}`);
  }
  await crm.markOpportunityWon({ opportunityId, orderNo, processId });
  runtime.step('order-confirmed', orderNo);
  return undefined;
}
