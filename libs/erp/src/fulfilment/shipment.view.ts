import type { Shipment } from './shipment.entity';

export interface ShipmentView {
  shipmentNo: string;
  shipmentKey: string;
  orderNo: string;
  customerNo: string;
  warehouseCode: string;
  status: string;
  carrier?: string;
  trackingNumber?: string;
  packageCount?: number;
  pickedAt?: string;
  packedAt?: string;
  shippedAt?: string;
  deliveredAt?: string;
  cancelledAt?: string;
  createdAt: string;
  costMinor: number;
  lines: {
    lineNo: number;
    orderLineNo: number;
    sku: string;
    quantity: number;
    serialNumbers: string[];
    costMinor: number;
  }[];
}

const iso = (at?: Date): string | undefined => at?.toISOString();

/** Needs lines, lines.orderLine, order and warehouse loaded. */
export function toShipmentView(shipment: Shipment): ShipmentView {
  const lines = shipment.lines.getItems().map((line) => ({
    lineNo: line.lineNo,
    orderLineNo: line.orderLine.lineNo,
    sku: line.sku,
    quantity: line.quantity,
    serialNumbers: line.serialNumbers,
    costMinor: line.costMinor,
  }));
  const optional = {
    carrier: shipment.carrier,
    trackingNumber: shipment.trackingNumber,
    packageCount: shipment.packageCount,
    pickedAt: iso(shipment.pickedAt),
    packedAt: iso(shipment.packedAt),
    shippedAt: iso(shipment.shippedAt),
    deliveredAt: iso(shipment.deliveredAt),
    cancelledAt: iso(shipment.cancelledAt),
  };
  return {
    shipmentNo: shipment.shipmentNo,
    shipmentKey: shipment.shipmentKey,
    orderNo: shipment.order.orderNo,
    customerNo: shipment.customerNo,
    warehouseCode: shipment.warehouse.code,
    status: shipment.status,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v != null)),
    createdAt: shipment.createdAt.toISOString(),
    costMinor: lines.reduce((sum, l) => sum + l.costMinor, 0),
    lines,
  };
}
