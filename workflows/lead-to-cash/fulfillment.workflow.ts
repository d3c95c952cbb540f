import {
  condition,
  getExternalWorkflowHandle,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import {
  type FulfillmentInput,
  type FulfillmentResult,
  shipmentDeliveredSignal,
  shipmentShippedSignal,
} from '@throughline/contracts';
import { systems } from '../shared/systems';
import { childAttributes } from './helpers';

/**
 * One shipment of a lead-to-cash order: pick, pack (serial numbers), ship with a tracking
 * number, then delivered when the carrier says so or, without word from the carrier, when the
 * delivery timer runs out. Each ERP step is idempotent by the shipment key or number.
 */
export async function fulfillmentWorkflow(input: FulfillmentInput): Promise<FulfillmentResult> {
  const { crm, erp } = systems(input.activityTimeoutMs);
  let delivered: { deliveredAt?: string } | undefined;
  setHandler(shipmentDeliveredSignal, (report) => {
    delivered ??= report;
  });
  const stage = childAttributes(input);

  stage('picking');
  const created = await erp.createShipment({
    orderNo: input.orderNo,
    warehouseCode: input.warehouseCode,
    shipmentKey: input.shipmentKey,
  });
  const { shipmentNo } = created;
  // Each step done before (a retry, a replay after a crash) returns the shipment unchanged.
  await erp.pick({ shipmentNo });
  stage('packing');
  await erp.pack({ shipmentNo });
  stage('shipping');
  // The carrier's number; drawn from the workflow's deterministic random source.
  const trackingNumber = `TL${uuid4().replace(/-/g, '').slice(0, 14).toUpperCase()}`;
  const shipped = await erp.ship({ shipmentNo, carrier: 'Throughline Freight', trackingNumber });
  await getExternalWorkflowHandle(input.processId).signal(shipmentShippedSignal, {
    shipmentNo,
    workflowId: workflowInfo().workflowId,
    trackingNumber: shipped.trackingNumber,
  });
  await crm.appendTimeline({
    customerNo: input.customerNo,
    sourceKey: `shipped:${shipmentNo}`,
    kind: 'shipped',
    summary: `Shipment ${shipmentNo} of order ${input.orderNo} shipped from ${input.warehouseCode}, tracking ${shipped.trackingNumber}`,
    processId: input.processId,
    details: { shipmentNo, orderNo: input.orderNo, trackingNumber: shipped.trackingNumber },
  });

  stage('in-transit');
  const byCarrier = await condition(() => delivered !== undefined, input.deliveryTimeoutMs);
  const deliveredAt = delivered?.deliveredAt ?? new Date().toISOString();
  const done = await erp.deliver({ shipmentNo, deliveredAt });
  await crm.appendTimeline({
    customerNo: input.customerNo,
    sourceKey: `delivered:${shipmentNo}`,
    kind: 'delivered',
    summary: `Shipment ${shipmentNo} delivered${byCarrier ? ' (carrier report)' : ''}`,
    occurredAt: deliveredAt,
    processId: input.processId,
    details: { shipmentNo, orderNo: input.orderNo },
  });
  stage('delivered');
  return {
    shipmentNo,
    warehouseCode: input.warehouseCode,
    ...(done.trackingNumber ? { trackingNumber: done.trackingNumber } : {}),
    deliveredAt,
    deliveredBy: byCarrier ? 'carrier' : 'timer',
    lines: done.lines.map((line) => ({
      sku: line.sku,
      quantity: line.quantity,
      serialNumbers: line.serialNumbers,
    })),
  };
}
