import {
  ChildWorkflowCancellationType,
  type ChildWorkflowOptions,
  condition,
  ParentClosePolicy,
  patched,
  startChild,
} from '@temporalio/workflow';
import { type LeadToCashResult, TaskQueues } from '@throughline/contracts';
import { collectionWorkflow } from './collection.workflow';
import { fulfillmentWorkflow } from './fulfillment.workflow';
import { daysBetween, dayOf } from './helpers';
import { describeShortfall, type LeadToCash, type OrderReservations } from './lead-to-cash.process';
import type { DocumentsInFlight } from './payments';
import { procureToPayWorkflow } from './procure-to-pay.workflow';

/**
 * What happens to a child when the process is cancelled or closes. A shipment under way and an
 * invoice's collection outlive it (goods are with the carrier, the money is still owed: a cancel
 * from the Temporal UI after shipping must not stop them); a backorder is cancelled with it (the
 * purchase order is undone with the order).
 */
function outlivesProcess(): Pick<ChildWorkflowOptions, 'cancellationType' | 'parentClosePolicy'> {
  if (!patched('children-outlive-cancel')) return {};
  return {
    cancellationType: ChildWorkflowCancellationType.ABANDON,
    parentClosePolicy: ParentClosePolicy.ABANDON,
  };
}

/**
 * Fulfil, invoice, hand over and collect: one fulfillment child per warehouse and shipment
 * round, one invoice per shipment, delivered serialized items registered as CRM assets, one
 * collection child per invoice; a shortfall is bought through procure-to-pay first (and, when
 * the order allows partial shipments, what is in stock ships meanwhile). The first shipment
 * ends cancellation.
 */
export async function deliverAndBill(
  p: LeadToCash,
  documents: DocumentsInFlight,
): Promise<LeadToCashResult> {
  const { crm, erp, runtime, policy, processId, result, details } = p;
  const customerNo = p.customerNo!;
  const opportunityId = p.opportunityId!;
  const orderNo = p.result.orderNo!;
  const partial = p.partialShipments;
  let reservation = p.reservation!;

  const events = p.guard(documents.route());
  void p.guard(documents.escalate());
  const context = { processId, customerNo, orderNo, activityTimeoutMs: policy.activityTimeoutMs };
  const branches: Promise<void>[] = [];
  let round = 0;
  let firstShipment = true;

  /** One shipment from a warehouse, its invoice, its assets and its collection. */
  const shipAndBill = async (warehouseCode: string, shipmentRound: number): Promise<void> => {
    const shipmentWorkflowId = `${processId}/shipment/${warehouseCode}-${shipmentRound}`;
    // A failed child parks the process; "retry" runs it again under the same id (its steps are
    // idempotent by the shipment key).
    const fulfilled = (await p.attention.attempt(
      `shipment ${warehouseCode}-${shipmentRound}`,
      async () => {
        const shipment = await startChild(fulfillmentWorkflow, {
          workflowId: shipmentWorkflowId,
          ...outlivesProcess(),
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
        return shipment.result();
      },
    ))!;
    result.shipmentNos.push(fulfilled.shipmentNo);
    documents.shipments.set(fulfilled.shipmentNo, {
      workflowId: shipmentWorkflowId,
      inTransit: false,
    });
    const shownShipment = details.shipments.find((x) => x.shipmentNo === fulfilled.shipmentNo);
    if (shownShipment) shownShipment.status = 'delivered';
    runtime.document('shipment', fulfilled.shipmentNo);
    runtime.step('delivered', `${fulfilled.shipmentNo} (${fulfilled.deliveredBy})`);
    await crm.linkErpDocuments({ opportunityId, shipmentNos: [fulfilled.shipmentNo] });

    const invoice = await erp.createInvoice({ shipmentNo: fulfilled.shipmentNo });
    result.invoiceNos.push(invoice.invoiceNo);
    runtime.documentAttribute('invoice', invoice.invoiceNo, 'invoiceNos');
    await crm.linkErpDocuments({ opportunityId, invoiceNos: [invoice.invoiceNo] });
    await p.timeline(
      'invoiced',
      `invoiced:${invoice.invoiceNo}`,
      `Invoice ${invoice.invoiceNo} for shipment ${fulfilled.shipmentNo}: ${invoice.grossMinor} ${invoice.currency} minor units, due ${invoice.dueDate}`,
      { invoiceNo: invoice.invoiceNo, shipmentNo: fulfilled.shipmentNo, dueDate: invoice.dueDate },
    );
    runtime.step('invoiced', invoice.invoiceNo);
    p.memo();

    const serialized = fulfilled.lines.filter((line) => line.serialNumbers.length > 0);
    if (serialized.length > 0) {
      const items = await erp.describeItems({ skus: serialized.map((line) => line.sku) });
      const bySku = new Map(items.map((item) => [item.sku, item]));
      const assets = await crm.registerAssets({
        customerNo,
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
    const collected = (await p.attention.attempt(`collection of ${invoice.invoiceNo}`, async () => {
      const collection = await startChild(collectionWorkflow, {
        workflowId: collectionWorkflowId,
        ...outlivesProcess(),
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
      if (!documents.invoices.has(invoice.invoiceNo)) {
        // Payments are taken for the invoice only now that its collection can hear of them.
        documents.invoices.set(invoice.invoiceNo, {
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
        p.stage('collecting');
        documents.refresh();
      }
      return collection.result();
    }))!;
    documents.financeTasks.get(invoice.invoiceNo)?.cancel();
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
      p.stage('fulfilling');
    }
    round += 1;
    for (const warehouseCode of warehouses) {
      branches.push(p.guard(shipAndBill(warehouseCode, round)));
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
    if (firstShipment) p.stage('backordered');
    await p.timeline(
      'backordered',
      `backordered:${orderNo}:${backorder}`,
      `Order ${orderNo}: ${describeShortfall(reservation)} backordered`,
      { orderNo, shortfall: reservation.shortfall },
    );
    const poWorkflowId = `${processId}/backorder/${backorder}`;
    const received = (await p.attention.attempt(
      `backorder ${backorder}`,
      async () => {
        const procurement = await startChild(procureToPayWorkflow, {
          workflowId: poWorkflowId,
          // Cancelled with the process: its purchase order is undone with the order.
          parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
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
        return p.unlessBranchFails(procurement.result());
      },
      // A failing branch is its own failure, not the purchase's.
      { handled: (error) => error === p.branchFailure },
    ))!;
    const shownPo = details.purchaseOrders.find((po) => po.poNo === received.poNo);
    if (shownPo) shownPo.status = 'received';
    runtime.step('goods-received', `${received.poNo} ${received.receiptNo}`);
    reservation = await erp.reserveStock({ orderNo });
    p.reservation = reservation;
  }
  await beforeShipping();
  shipReserved(reservation);

  await p.unlessBranchFails(Promise.all(branches));
  if (p.branchFailure !== undefined) throw p.branchFailure;
  documents.closed = true;
  await events;
  if (p.branchFailure !== undefined) throw p.branchFailure;
  // A payment the ERP refused stays finance's to decide before the process ends.
  await documents.refusalsSettled();

  await p.timeline(
    'order-paid',
    `order-paid:${orderNo}`,
    `Order ${orderNo} delivered, invoiced and paid in full (${result.invoiceNos.join(', ')})`,
    { orderNo, invoiceNos: result.invoiceNos },
  );
  p.stage('completed');
  runtime.state.result = result;
  return result;
}
