import { pointOf } from '../shared/geo.rule';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { LevelSnapshot } from './allocation.rule';

export interface OrderRow {
  id: string;
  orderNo: string;
  status: string;
  latitude: number | null;
  longitude: number | null;
}

export interface OrderLineRow {
  id: string;
  lineNo: number;
  sku: string;
  itemId: string;
  kind: string;
  quantity: number;
  quantityShipped: number;
}

export interface OrderReservationRow {
  id: string;
  lineId: string;
  warehouseCode: string;
  quantity: number;
  status: string;
  shipmentNo: string | null;
  /** ISO 8601, UTC. */
  createdAt: string;
}

export interface NewReservation {
  salesOrderLineId: string;
  itemId: string;
  warehouseId: string;
  levelId: string;
  quantity: number;
}

/**
 * The SQL of the reservation hot path (reserving an order's lines), written by hand: every
 * order confirmation passes here and the stock level rows stay locked for as few round trips
 * as possible. Everything runs in the caller's transaction (`tx`).
 */
@Injectable()
export class ReservationRepository {
  async lockOrder(tx: EntityManager, orderNo: string): Promise<OrderRow | undefined> {
    const [row] = await tx.execute<OrderRow[]>(
      `select id, order_no as "orderNo", status, ship_to_latitude as latitude, ship_to_longitude as longitude
         from erp.sales_order where order_no = ? for update`,
      [orderNo],
    );
    return row;
  }

  async findOrder(em: EntityManager, orderNo: string): Promise<OrderRow | undefined> {
    const [row] = await em.execute<OrderRow[]>(
      `select id, order_no as "orderNo", status, ship_to_latitude as latitude, ship_to_longitude as longitude
         from erp.sales_order where order_no = ?`,
      [orderNo],
    );
    return row;
  }

  async lines(em: EntityManager, orderId: string): Promise<OrderLineRow[]> {
    return em.execute<OrderLineRow[]>(
      `select l.id, l.line_no as "lineNo", l.sku, l.item_id as "itemId", i.kind, l.quantity,
              l.quantity_shipped as "quantityShipped"
         from erp.sales_order_line l join erp.item i on i.id = l.item_id
        where l.order_id = ? order by l.line_no`,
      [orderId],
    );
  }

  async reservations(em: EntityManager, orderId: string): Promise<OrderReservationRow[]> {
    return em.execute<OrderReservationRow[]>(
      `select r.id, r.sales_order_line_id as "lineId", w.code as "warehouseCode", r.quantity, r.status,
              s.shipment_no as "shipmentNo",
              to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt"
         from erp.reservation r
         join erp.sales_order_line l on l.id = r.sales_order_line_id
         join erp.warehouse w on w.id = r.warehouse_id
         left join erp.shipment s on s.id = r.shipment_id
        where l.order_id = ? order by r.created_at, r.id`,
      [orderId],
    );
  }

  /**
   * Locks (SELECT … FOR UPDATE) every stock level of these items in id order, so two
   * transactions never wait for each other in a cycle, and returns what is available in each.
   */
  async lockLevels(tx: EntityManager, itemIds: string[]): Promise<LevelSnapshot[]> {
    const warehouses = await tx.execute<
      {
        id: string;
        code: string;
        active: boolean;
        latitude: number | null;
        longitude: number | null;
      }[]
    >(
      `select id, code, active, location_latitude as latitude, location_longitude as longitude from erp.warehouse`,
    );
    const levels = await tx.execute<
      { id: string; itemId: string; warehouseId: string; available: number }[]
    >(
      `select id, item_id as "itemId", warehouse_id as "warehouseId", on_hand - reserved as available
         from erp.stock_level where item_id in (?) order by id for update`,
      [[...new Set(itemIds)]],
    );
    const byId = new Map(warehouses.map((w) => [w.id, w]));
    return levels.map((level) => {
      const warehouse = byId.get(level.warehouseId)!;
      return {
        ...level,
        warehouseCode: warehouse.code,
        warehouseActive: warehouse.active,
        point: pointOf(warehouse),
      };
    });
  }

  /** Holds the units: stock levels' reserved up, one active reservation per take. */
  async insert(tx: EntityManager, reservations: NewReservation[]): Promise<void> {
    if (reservations.length === 0) return;
    const perLevel = new Map<string, number>();
    for (const r of reservations)
      perLevel.set(r.levelId, (perLevel.get(r.levelId) ?? 0) + r.quantity);
    await tx.execute(
      `update erp.stock_level s set reserved = s.reserved + v.quantity, updated_at = now()
         from (values ${[...perLevel].map(() => '(?::uuid, ?::int)').join(', ')}) as v(id, quantity)
        where s.id = v.id`,
      [...perLevel].flat(),
    );
    await tx.execute(
      `insert into erp.reservation (id, sales_order_line_id, item_id, warehouse_id, quantity, status, created_at, updated_at)
       values ${reservations.map(() => `(?, ?, ?, ?, ?, 'active', now(), now())`).join(', ')}`,
      reservations.flatMap((r) => [
        randomUUID(),
        r.salesOrderLineId,
        r.itemId,
        r.warehouseId,
        r.quantity,
      ]),
    );
  }
}
