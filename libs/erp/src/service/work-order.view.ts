import { toReservationView, type ReservationView } from '../inventory/inventory.views';
import type { Reservation } from '../inventory/reservation.entity';
import type { WorkOrder } from './work-order.entity';

export interface WorkOrderView {
  workOrderNo: string;
  workOrderKey: string;
  caseRef: string;
  customerNo: string;
  dealerRef?: string;
  assetSerial?: string;
  warranty: boolean;
  description?: string;
  status: string;
  labourMinutes: number;
  labourRateMinor: number;
  partsCostMinor: number;
  completedAt?: string;
  createdAt: string;
  parts: { lineNo: number; sku: string; quantity: number; quantityUsed: number }[];
  /** Parts still held, and what could not be reserved at creation. */
  reservations?: ReservationView[];
  shortfall?: { sku: string; quantity: number }[];
  invoiceNo?: string;
}

/** Needs parts loaded; reservations (with item and warehouse) for the detail. */
export function toWorkOrderView(
  workOrder: WorkOrder,
  detail?: { reservations: Reservation[]; invoiceNo?: string },
): WorkOrderView {
  const parts = workOrder.parts.getItems().map((part) => ({
    lineNo: part.lineNo,
    sku: part.sku,
    quantity: part.quantity,
    quantityUsed: part.quantityUsed,
  }));
  const view: WorkOrderView = {
    workOrderNo: workOrder.workOrderNo,
    workOrderKey: workOrder.workOrderKey,
    caseRef: workOrder.caseRef,
    customerNo: workOrder.customerNo,
    ...(workOrder.dealerRef ? { dealerRef: workOrder.dealerRef } : {}),
    ...(workOrder.assetSerial ? { assetSerial: workOrder.assetSerial } : {}),
    warranty: workOrder.warranty,
    ...(workOrder.description ? { description: workOrder.description } : {}),
    status: workOrder.status,
    labourMinutes: workOrder.labourMinutes,
    labourRateMinor: workOrder.labourRateMinor,
    partsCostMinor: workOrder.partsCostMinor,
    ...(workOrder.completedAt ? { completedAt: workOrder.completedAt.toISOString() } : {}),
    createdAt: workOrder.createdAt.toISOString(),
    parts,
  };
  if (!detail) return view;
  const held = (lineNo: number): number =>
    detail.reservations
      .filter((r) => r.workOrderPart && r.status !== 'released')
      .filter(
        (r) =>
          workOrder.parts.getItems().find((p) => p.id === r.workOrderPart!.id)?.lineNo === lineNo,
      )
      .reduce((sum, r) => sum + r.quantity, 0);
  return {
    ...view,
    reservations: detail.reservations.filter((r) => r.status === 'active').map(toReservationView),
    shortfall:
      workOrder.status === 'open'
        ? parts
            .map((p) => ({ sku: p.sku, quantity: p.quantity - held(p.lineNo) }))
            .filter((s) => s.quantity > 0)
        : [],
    ...(detail.invoiceNo ? { invoiceNo: detail.invoiceNo } : {}),
  };
}
