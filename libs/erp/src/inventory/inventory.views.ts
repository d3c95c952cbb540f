import type { Reservation } from './reservation.entity';
import type { StockLedgerEntry } from './stock-ledger-entry.entity';
import type { StockLevel } from './stock-level.entity';
import type { Warehouse } from './warehouse.entity';

export interface WarehouseView {
  code: string;
  name: string;
  location: {
    line1: string;
    city: string;
    postalCode: string;
    country: string;
    latitude?: number;
    longitude?: number;
  };
  active: boolean;
}

export interface StockLevelView {
  sku: string;
  warehouseCode: string;
  onHand: number;
  reserved: number;
  available: number;
  valueMinor: number;
}

export interface StockLedgerEntryView {
  movementKey: string;
  sku: string;
  warehouseCode: string;
  movementType: string;
  quantity: number;
  valueMinor: number;
  balanceQuantity: number;
  balanceValueMinor: number;
  sourceType: string;
  sourceNo: string;
  note?: string;
  postedAt: string;
}

export interface ReservationView {
  id: string;
  sku: string;
  warehouseCode: string;
  quantity: number;
  status: string;
  orderLineNo?: number;
  shipmentNo?: string;
  createdAt: string;
}

export function toWarehouseView(warehouse: Warehouse): WarehouseView {
  const { location } = warehouse;
  return {
    code: warehouse.code,
    name: warehouse.name,
    location: {
      line1: location.line1,
      city: location.city,
      postalCode: location.postalCode,
      country: location.country,
      ...(location.latitude != null ? { latitude: location.latitude } : {}),
      ...(location.longitude != null ? { longitude: location.longitude } : {}),
    },
    active: warehouse.active,
  };
}

export function toStockLevelView(level: StockLevel): StockLevelView {
  return {
    sku: level.item.sku,
    warehouseCode: level.warehouse.code,
    onHand: level.onHand,
    reserved: level.reserved,
    available: level.available,
    valueMinor: level.valueMinor,
  };
}

export function toStockLedgerEntryView(entry: StockLedgerEntry): StockLedgerEntryView {
  return {
    movementKey: entry.movementKey,
    sku: entry.item.sku,
    warehouseCode: entry.warehouse.code,
    movementType: entry.movementType,
    quantity: entry.quantity,
    valueMinor: entry.valueMinor,
    balanceQuantity: entry.balanceQuantity,
    balanceValueMinor: entry.balanceValueMinor,
    sourceType: entry.sourceType,
    sourceNo: entry.sourceNo,
    ...(entry.note ? { note: entry.note } : {}),
    postedAt: entry.postedAt.toISOString(),
  };
}

/** Needs item, warehouse, and (when set) the order line and shipment loaded. */
export function toReservationView(reservation: Reservation): ReservationView {
  return {
    id: reservation.id,
    sku: reservation.item.sku,
    warehouseCode: reservation.warehouse.code,
    quantity: reservation.quantity,
    status: reservation.status,
    ...(reservation.salesOrderLine ? { orderLineNo: reservation.salesOrderLine.lineNo } : {}),
    ...(reservation.shipment ? { shipmentNo: reservation.shipment.shipmentNo } : {}),
    createdAt: reservation.createdAt.toISOString(),
  };
}
