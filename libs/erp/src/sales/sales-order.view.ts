import type { SalesOrder } from './sales-order.entity';

export interface SalesOrderLineView {
  lineNo: number;
  sku: string;
  description: string;
  quantity: number;
  unitPriceMinor: number;
  priceSource: string;
  discountPercent: number;
  netMinor: number;
  taxMinor: number;
  quantityShipped: number;
  quantityInvoiced: number;
}

export interface SalesOrderView {
  orderNo: string;
  orderKey: string;
  customerNo: string;
  status: string;
  currency: string;
  quoteRef?: string;
  opportunityRef?: string;
  customerReference?: string;
  shipTo?: {
    line1: string;
    city: string;
    postalCode: string;
    country: string;
    latitude?: number;
    longitude?: number;
  };
  allowPartialShipments: boolean;
  taxRateBp: number;
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
  creditApprovedBy?: string;
  /** Why the credit check blocked the order (`over-limit`, `credit-hold`); kept after release. */
  creditBlockReason?: string;
  cancelReason?: string;
  cancelledAt?: string;
  createdAt: string;
  lines: SalesOrderLineView[];
  shipmentNos?: string[];
  invoiceNos?: string[];
}

/** Needs the lines loaded. */
export function toSalesOrderView(
  order: SalesOrder,
  related?: { shipmentNos: string[]; invoiceNos: string[] },
): SalesOrderView {
  const shipTo = order.shipTo?.line1
    ? Object.fromEntries(Object.entries(order.shipTo).filter(([, v]) => v != null))
    : undefined;
  return {
    orderNo: order.orderNo,
    orderKey: order.orderKey,
    customerNo: order.customerNo,
    status: order.status,
    currency: order.currency,
    ...(order.quoteRef ? { quoteRef: order.quoteRef } : {}),
    ...(order.opportunityRef ? { opportunityRef: order.opportunityRef } : {}),
    ...(order.customerReference ? { customerReference: order.customerReference } : {}),
    ...(shipTo ? { shipTo: shipTo as SalesOrderView['shipTo'] } : {}),
    allowPartialShipments: order.allowPartialShipments,
    taxRateBp: order.taxRateBp,
    netMinor: order.netMinor,
    taxMinor: order.taxMinor,
    grossMinor: order.grossMinor,
    ...(order.creditApprovedBy ? { creditApprovedBy: order.creditApprovedBy } : {}),
    ...(order.creditBlockReason ? { creditBlockReason: order.creditBlockReason } : {}),
    ...(order.cancelReason ? { cancelReason: order.cancelReason } : {}),
    ...(order.cancelledAt ? { cancelledAt: order.cancelledAt.toISOString() } : {}),
    createdAt: order.createdAt.toISOString(),
    lines: order.lines.getItems().map((line) => ({
      lineNo: line.lineNo,
      sku: line.sku,
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      priceSource: line.priceSource,
      discountPercent: line.discountBp / 100,
      netMinor: line.netMinor,
      taxMinor: line.taxMinor,
      quantityShipped: line.quantityShipped,
      quantityInvoiced: line.quantityInvoiced,
    })),
    ...(related ?? {}),
  };
}
