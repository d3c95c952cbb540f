import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '@throughline/common';
import type { Item } from '../catalog/item.entity';
import { SalesOrder } from '../sales/sales-order.entity';
import type { SalesOrderLine } from '../sales/sales-order-line.entity';
import type { WorkOrderPart } from '../service/work-order-part.entity';
import { InvalidTransitionError } from '../shared/erp.errors';
import { type GeoPoint, pointOf } from '../shared/geo.rule';
import { planAllocation } from './allocation.rule';
import type { ReservationView } from './inventory.views';
import { Reservation } from './reservation.entity';
import {
  ReservationRepository,
  type OrderLineRow,
  type OrderReservationRow,
  type OrderRow,
} from './reservation.repository';
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

/**
 * Holds stock for order lines and work order parts: nearest warehouse with stock first, split
 * across warehouses when one has too little, partial when all have too little (the rest is the
 * shortfall). The stock levels are locked first, so concurrent callers never hold more than on
 * hand: two orders that want the last unit queue on the same row and the second sees what the
 * first left.
 */
@Injectable()
export class ReservationService {
  constructor(
    private readonly em: EntityManager,
    private readonly stock: StockService,
    private readonly repository: ReservationRepository,
  ) {}

  /**
   * Reserves every open line of an order up to what it still needs. Calling it again reserves
   * nothing new unless stock has arrived since (a backorder being filled). The hot path of
   * order confirmation, so it runs on the repository's SQL rather than on entities.
   */
  async reserveForOrder(orderNo: string): Promise<OrderReservations> {
    return this.em.transactional(async (tx) => {
      const order = await this.repository.lockOrder(tx, orderNo);
      if (!order) throw new NotFoundError('sales-order', orderNo);
      if (order.status === 'cancelled') {
        throw new InvalidTransitionError('sales order', orderNo, order.status, 'reserved');
      }
      const lines = await this.repository.lines(tx, order.id);
      const held = await this.repository.reservations(tx, order.id);
      const demands = lines
        .filter((line) => line.kind === 'stock')
        .map((line) => ({
          key: line,
          itemId: line.itemId,
          quantity:
            line.quantity -
            held
              .filter((r) => r.lineId === line.id && r.status !== 'released')
              .reduce((sum, r) => sum + r.quantity, 0),
        }))
        .filter((demand) => demand.quantity > 0);
      if (demands.length === 0) return summarize(order, lines, held);

      const levels = await this.repository.lockLevels(
        tx,
        demands.map((d) => d.itemId),
      );
      const plan = planAllocation(demands, levels, pointOf(order));
      const created = plan.flatMap(({ key: line, takes }) =>
        takes.map((take) => ({
          salesOrderLineId: line.id,
          itemId: line.itemId,
          warehouseId: take.warehouseId,
          levelId: take.levelId,
          quantity: take.quantity,
        })),
      );
      await this.repository.insert(tx, created);
      return summarize(order, lines, await this.repository.reservations(tx, order.id));
    });
  }

  /** What an order holds and still needs, line by line. */
  async forOrder(orderNo: string): Promise<OrderReservations> {
    const order = await this.repository.findOrder(this.em, orderNo);
    if (!order) throw new NotFoundError('sales-order', orderNo);
    return summarize(
      order,
      await this.repository.lines(this.em, order.id),
      await this.repository.reservations(this.em, order.id),
    );
  }

  /** Reserves what each demand still needs with entities, inside the caller's transaction. */
  async allocate(
    tx: EntityManager,
    demands: Demand[],
    origin: GeoPoint | undefined,
  ): Promise<Allocation[]> {
    const open = demands.filter((d) => d.quantity > 0 && d.item.kind === 'stock');
    if (open.length === 0) {
      return demands.map((demand) => ({ demand, reservations: [], shortfall: 0 }));
    }
    // Warehouses first: the stock level rows stay locked for as few round trips as possible.
    await tx.find(Warehouse, {});
    const levels = await this.stock.lockLevelsOfItems(
      tx,
      open.map((d) => d.item.id),
    );
    const plan = planAllocation(
      open.map((demand) => ({ key: demand, itemId: demand.item.id, quantity: demand.quantity })),
      levels.map((level) => ({
        id: level.id,
        itemId: level.item.id,
        warehouseId: level.warehouse.id,
        warehouseCode: level.warehouse.code,
        warehouseActive: level.warehouse.active,
        point: pointOf(level.warehouse.location),
        available: level.available,
      })),
      origin,
    );
    return demands.map((demand) => {
      const planned = plan.find((p) => p.key === demand);
      if (!planned) return { demand, reservations: [], shortfall: 0 };
      const reservations = planned.takes.map((take) => {
        const level = levels.find((l) => l.id === take.levelId)!;
        level.reserved += take.quantity;
        return tx.create(Reservation, {
          item: demand.item,
          warehouse: level.warehouse,
          quantity: take.quantity,
          salesOrderLine: demand.salesOrderLine,
          workOrderPart: demand.workOrderPart,
        });
      });
      return { demand, reservations, shortfall: planned.shortfall };
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

  /** Releases an order's active reservations that no shipment has taken yet. */
  async releaseForOrder(orderNo: string): Promise<OrderReservations> {
    await this.em.transactional(async (tx) => {
      const order = await tx.findOne(
        SalesOrder,
        { orderNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!order) throw new NotFoundError('sales-order', orderNo);
      await this.releaseOrderIn(tx, order, false);
    });
    return this.forOrder(orderNo);
  }

  /** Releases an order's active reservations (with `includeAllocated`, also those on shipments). */
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
}

/** The reservation summary of an order from its lines and reservations. */
function summarize(
  order: OrderRow,
  lines: OrderLineRow[],
  reservations: OrderReservationRow[],
): OrderReservations {
  const lineViews = lines.map((line): LineReservation => {
    const active = reservations.filter((r) => r.lineId === line.id && r.status === 'active');
    const reserved = active.reduce((sum, r) => sum + r.quantity, 0);
    const byWarehouse = new Map<string, number>();
    for (const r of active) {
      byWarehouse.set(r.warehouseCode, (byWarehouse.get(r.warehouseCode) ?? 0) + r.quantity);
    }
    const outstanding = line.quantity - line.quantityShipped - reserved;
    return {
      lineNo: line.lineNo,
      sku: line.sku,
      quantity: line.quantity,
      shipped: line.quantityShipped,
      reserved,
      shortfall:
        line.kind === 'stock' && order.status !== 'cancelled' ? Math.max(0, outstanding) : 0,
      allocations: [...byWarehouse].map(([warehouseCode, quantity]) => ({
        warehouseCode,
        quantity,
      })),
    };
  });
  const shortfall = lineViews
    .filter((l) => l.shortfall > 0)
    .map((l) => ({ lineNo: l.lineNo, sku: l.sku, quantity: l.shortfall }));
  const lineOf = new Map(lines.map((line) => [line.id, line]));
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
        sku: lineOf.get(r.lineId)!.sku,
        warehouseCode: r.warehouseCode,
        quantity: r.quantity,
        status: r.status,
        orderLineNo: lineOf.get(r.lineId)!.lineNo,
        ...(r.shipmentNo ? { shipmentNo: r.shipmentNo } : {}),
        createdAt: r.createdAt,
      })),
  };
}
