import { randomUUID } from 'node:crypto';
import { OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Enum,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
} from '@mikro-orm/decorators/legacy';
import { Item } from '../catalog/item.entity';
import { Warehouse } from './warehouse.entity';
import { SalesOrderLine } from '../sales/sales-order-line.entity';
import { WorkOrderPart } from '../service/work-order-part.entity';
import { Shipment } from '../fulfilment/shipment.entity';

export const reservationStatuses = ['active', 'consumed', 'released'] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];

/**
 * Stock held in one warehouse for a sales order line or a work order part:
 * `active → consumed` (it left the warehouse) or `active → released`.
 */
@Entity({ tableName: 'reservation' })
@Index({
  name: 'reservation_item_warehouse_status_index',
  properties: ['item', 'warehouse', 'status'],
})
@Check({ name: 'reservation_quantity_check', expression: 'quantity > 0' })
@Check({
  name: 'reservation_demand_check',
  expression: '(sales_order_line_id is null) <> (work_order_part_id is null)',
})
export class Reservation {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => SalesOrderLine, { nullable: true, index: true })
  salesOrderLine?: Rel<SalesOrderLine>;

  @ManyToOne(() => WorkOrderPart, { nullable: true, index: true })
  workOrderPart?: Rel<WorkOrderPart>;

  @ManyToOne(() => Item)
  item!: Rel<Item>;

  @ManyToOne(() => Warehouse)
  warehouse!: Rel<Warehouse>;

  @Property({ type: 'integer' })
  quantity!: number;

  @Enum({ items: () => [...reservationStatuses] })
  status: ReservationStatus = 'active';

  /** The shipment this stock is allocated to, once one is created for it. */
  @ManyToOne(() => Shipment, { nullable: true, index: true })
  shipment?: Rel<Shipment>;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
