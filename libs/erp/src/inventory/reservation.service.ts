import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '@throughline/common';
import type { Item } from '../catalog/item.entity';
import { SalesOrder } from '../sales/sales-order.entity';
import { SalesOrderLine } from '../sales/sales-order-line.entity';
import type { WorkOrderPart } from '../service/work-order-part.entity';
import { InvalidTransitionError } from '../shared/erp.errors';
import { nearestFirst, type GeoPoint } from '../shared/geo.rule';
import type { Location } from '../shared/location.embeddable';
import type { ReservationView } from './inventory.views';
import { Reservation } from './reservation.entity';
import { StockService } from './stock.service';
import { Warehouse } from './warehouse.entity';

/** Units one document line still needs held, and the line to hold them for. */
export interface Demand {
  item: Item;
  quantity: number;
  salesOrderLine?: SalesOrderLine;
  workOrderPart?: WorkOrderPart;
}

export interface Allocation {
  demand: Demand;
  reservations: Reservation[];
  shortfall: number;
}

export interface LineReservation {
  lineNo: number;
  sku: string;
  quantity: number;
  shipped: number;
  /** Units held now (active reservations). */
  reserved: number;
  /** Units neither shipped nor held: what a backorder must bring in. */
  shortfall: number;
  allocations: { warehouseCode: string; quantity: number }[];
}

export interface OrderReservations {
  orderNo: string;
  status: string;
  fullyReserved: boolean;
  lines: LineReservation[];
  shortfall: { lineNo: number; sku: string; quantity: number }[];
  reservations: ReservationView[];
}

export function pointOf(location: Location | undefined | null): GeoPoint | undefined {
  if (location?.latitude == null || location.longitude == null) return undefined;
  return { latitude: location.latitude, longitude: location.longitude };
}

/**
 * Holds stock for order lines and work order parts: nearest warehouse with stock first, split
 * across warehouses when one has too little, partial when all have too little (the rest is the
 * shortfall). The stock levels are locked first, so concurrent callers never hold more than on hand.
 */
@Injectable()
export class ReservationService {
  constructor(
    private readonly em: EntityManager,
    private readonly stock: StockService,
  ) {}

  /** Reserves what each demand still needs, inside the caller's transaction. */
  async allocate(
    tx: EntityManager,
    demands: Demand[],
    origin: GeoPoint | undefined,
  ): Promise<Allocation[]> {
    const open = demands.filter((d) => d.quantity > 0 && d.item.kind === 'stock');
    if (open.length === 0)
      return demands.map((demand) => ({ demand, reservations: [], shortfall: 0 }));
    // Warehouses first: the stock level rows stay locked for as few round trips as possible.
    await tx.find(Warehouse, {});
    const levels = await this.stock.lockLevelsOfItems(
      tx,
      open.map((d) => d.item.id),
    );
    return demands.map((demand) => {
      if (!open.includes(demand)) return { demand, reservations: [], shortfall: 0 };
      const candidates = nearestFirst(
        levels.filter((l) => l.item.id === demand.item.id && l.warehouse.active && l.available > 0),
        origin,
        (l) => pointOf(l.warehouse.location),
        (l) => l.warehouse.code,
      );
      const reservations: Reservation[] = [];
      let remaining = demand.quantity;
      for (const level of candidates) {
        if (remaining === 0) break;
        const take = Math.min(level.available, remaining);
        level.reserved += take;
        remaining -= take;
        reservations.push(
          tx.create(Reservation, {
            item: demand.item,
            warehouse: level.warehouse,
            quantity: take,
            salesOrderLine: demand.salesOrderLine,
            workOrderPart: demand.workOrderPart,
          }),
        );
      }
      return { demand, reservations, shortfall: remaining };
    });
  }

  /** Gives held stock back to available, inside the caller's transaction. */
  async release(tx: EntityManager, reservations: Reservation[]): Promise<void> {
    const active = reservations.filter((r) => r.status === 'active');
    if (active.length === 0) return;
    const levels = await this.stock.lockLevelsOfItems(
      tx,
      active.map((r) => r.item.id),
    );
    for (const reservation of active) {
      const level = levels.find(
        (l) => l.item.id === reservation.item.id && l.warehouse.id === reservation.warehouse.id,
      )!;
      level.reserved -= reservation.quantity;
      reservation.status = 'released';
    }
  }

  /**
   * Reserves every open line of an order up to what it still needs. Calling it again reserves
   * nothing new unless stock has arrived since (a backorder being filled).
   */
  async reserveForOrder(orderNo: string): Promise<OrderReservations> {
    return this.em.transactional(async (tx) => {
      const order = await this.lockOrder(tx, orderNo);
      if (order.status === 'cancelled') {
        throw new InvalidTransitionError('sales order', orderNo, order.status, 'reserved');
      }
      const lines = await tx.find(
        SalesOrderLine,
        { order },
        { populate: ['item'], orderBy: { lineNo: 'asc' } },
      );
      const reservations = await this.reservationsOf(tx, order);
      const demands = lines.map((line) => ({
        item: line.item,
        salesOrderLine: line,
        quantity:
          line.quantity -
          reservations
            .filter((r) => r.salesOrderLine?.id === line.id && r.status !== 'released')
            .reduce((sum, r) => sum + r.quantity, 0),
      }));
      const allocations = await this.allocate(tx, demands, pointOf(order.shipTo));
      await tx.flush();
      return summarize(order, lines, [
        ...reservations,
        ...allocations.flatMap((a) => a.reservations),
      ]);
    });
  }

  /**
   * Releases an order's active reservations that no shipment has taken yet (all of them with
   * `includeAllocated`, when the shipments are cancelled too).
   */
  async releaseForOrder(orderNo: string): Promise<OrderReservations> {
    await this.em.transactional(async (tx) => {
      const order = await this.lockOrder(tx, orderNo);
      await this.releaseOrderIn(tx, order, false);
    });
    return this.forOrder(orderNo);
  }

  async releaseOrderIn(
    tx: EntityManager,
    order: SalesOrder,
    includeAllocated: boolean,
  ): Promise<void> {
    const reservations = await tx.find(Reservation, {
      salesOrderLine: { order },
      status: 'active',
      ...(includeAllocated ? {} : { shipment: null }),
    });
    await this.release(tx, reservations);
    await tx.flush();
  }

  /** What an order holds and still needs, line by line. */
  async forOrder(orderNo: string): Promise<OrderReservations> {
    const order = await this.em.findOne(SalesOrder, { orderNo }, { refresh: true });
    if (!order) throw new NotFoundError('sales-order', orderNo);
    const lines = await this.em.find(
      SalesOrderLine,
      { order },
      { populate: ['item'], orderBy: { lineNo: 'asc' }, refresh: true },
    );
    return summarize(order, lines, await this.reservationsOf(this.em, order));
  }

  private reservationsOf(em: EntityManager, order: SalesOrder): Promise<Reservation[]> {
    return em.find(
      Reservation,
      { salesOrderLine: { order } },
      {
        populate: ['warehouse', 'shipment'],
        orderBy: { createdAt: 'asc', id: 'asc' },
        refresh: true,
      },
    );
  }

  async list(filter: {
    orderNo?: string;
    sku?: string;
    warehouseCode?: string;
    status?: Reservation['status'];
    limit: number;
    offset: number;
  }): Promise<{ items: Reservation[]; total: number }> {
    const [items, total] = await this.em.findAndCount(
      Reservation,
      {
        ...(filter.orderNo ? { salesOrderLine: { order: { orderNo: filter.orderNo } } } : {}),
        ...(filter.sku ? { item: { sku: filter.sku } } : {}),
        ...(filter.warehouseCode ? { warehouse: { code: filter.warehouseCode } } : {}),
        ...(filter.status ? { status: filter.status } : {}),
      },
      {
        populate: ['item', 'warehouse', 'salesOrderLine', 'shipment'],
        orderBy: { createdAt: 'desc', id: 'asc' },
        limit: filter.limit,
        offset: filter.offset,
      },
    );
    return { items, total };
  }

  private async lockOrder(tx: EntityManager, orderNo: string): Promise<SalesOrder> {
    const order = await tx.findOne(
      SalesOrder,
      { orderNo },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    if (!order) throw new NotFoundError('sales-order', orderNo);
    return order;
  }
}

/** The reservation summary of an order from its lines and reservations (with warehouses). */
function summarize(
  order: SalesOrder,
  lines: SalesOrderLine[],
  reservations: Reservation[],
): OrderReservations {
  const lineViews = lines.map((line): LineReservation => {
    const active = reservations.filter(
      (r) => r.salesOrderLine?.id === line.id && r.status === 'active',
    );
    const reserved = active.reduce((sum, r) => sum + r.quantity, 0);
    const byWarehouse = new Map<string, number>();
    for (const r of active) {
      byWarehouse.set(r.warehouse.code, (byWarehouse.get(r.warehouse.code) ?? 0) + r.quantity);
    }
    const outstanding = line.quantity - line.quantityShipped - reserved;
    return {
      lineNo: line.lineNo,
      sku: line.sku,
      quantity: line.quantity,
      shipped: line.quantityShipped,
      reserved,
      shortfall:
        line.item.kind === 'stock' && order.status !== 'cancelled' ? Math.max(0, outstanding) : 0,
      allocations: [...byWarehouse].map(([warehouseCode, quantity]) => ({
        warehouseCode,
        quantity,
      })),
    };
  });
  const shortfall = lineViews
    .filter((l) => l.shortfall > 0)
    .map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.shortfall }));
  const lineNoOf = new Map(lines.map((line) => [line.id, line.lineNo]));
  return {
    orderNo: order.orderNo,
    status: order.status,
    fullyReserved: shortfall.length === 0,
    lines: lineViews,
    shortfall,
    reservations: reservations
      .filter((r) => r.status === 'active')
      .map((r) => ({
        id: r.id,
        sku: lines.find((l) => l.id === r.salesOrderLine?.id)?.sku ?? '',
        warehouseCode: r.warehouse.code,
        quantity: r.quantity,
        status: r.status,
        orderLineNo: lineNoOf.get(r.salesOrderLine!.id),
        ...(r.shipment ? { shipmentNo: r.shipment.shipmentNo } : {}),
        createdAt: r.createdAt.toISOString(),
      })),
  };
}
