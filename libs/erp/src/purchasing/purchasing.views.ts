import type { GoodsReceipt } from './goods-receipt.entity';
import type { PurchaseOrder } from './purchase-order.entity';

export interface PurchaseOrderView {
  poNo: string;
  poKey: string;
  supplier: string;
  warehouseCode: string;
  salesOrderNo?: string;
  status: string;
  currency: string;
  expectedOn: string;
  totalMinor: number;
  cancelReason?: string;
  createdAt: string;
  lines: {
    lineNo: number;
    sku: string;
    quantity: number;
    unitCostMinor: number;
    quantityReceived: number;
  }[];
}

export interface GoodsReceiptView {
  receiptNo: string;
  receiptKey: string;
  poNo: string;
  warehouseCode: string;
  valueMinor: number;
  receivedAt: string;
  lines: {
    lineNo: number;
    poLineNo: number;
    sku: string;
    quantity: number;
    unitCostMinor: number;
    valueMinor: number;
  }[];
}

/** Needs lines and warehouse loaded. */
export function toPurchaseOrderView(po: PurchaseOrder): PurchaseOrderView {
  return {
    poNo: po.poNo,
    poKey: po.poKey,
    supplier: po.supplier,
    warehouseCode: po.warehouse.code,
    ...(po.salesOrderNo ? { salesOrderNo: po.salesOrderNo } : {}),
    status: po.status,
    currency: po.currency,
    expectedOn: po.expectedOn,
    totalMinor: po.totalMinor,
    ...(po.cancelReason ? { cancelReason: po.cancelReason } : {}),
    createdAt: po.createdAt.toISOString(),
    lines: po.lines.getItems().map((line) => ({
      lineNo: line.lineNo,
      sku: line.sku,
      quantity: line.quantity,
      unitCostMinor: line.unitCostMinor,
      quantityReceived: line.quantityReceived,
    })),
  };
}

/** Needs lines (with their purchase order lines), purchaseOrder and warehouse loaded. */
export function toGoodsReceiptView(receipt: GoodsReceipt): GoodsReceiptView {
  return {
    receiptNo: receipt.receiptNo,
    receiptKey: receipt.receiptKey,
    poNo: receipt.purchaseOrder.poNo,
    warehouseCode: receipt.warehouse.code,
    valueMinor: receipt.valueMinor,
    receivedAt: receipt.receivedAt.toISOString(),
    lines: receipt.lines.getItems().map((line) => ({
      lineNo: line.lineNo,
      poLineNo: line.purchaseOrderLine.lineNo,
      sku: line.sku,
      quantity: line.quantity,
      unitCostMinor: line.unitCostMinor,
      valueMinor: line.valueMinor,
    })),
  };
}
