import { randomUUID } from 'node:crypto';
import { Collection, OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Entity,
  Enum,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  Property,
} from '@mikro-orm/decorators/legacy';
import { Warehouse } from '../inventory/warehouse.entity';
import { SalesOrder } from '../sales/sales-order.entity';
import { ShipmentLine } from './shipment-line.entity';

export const shipmentStatuses = [
  'open',
  'picked',
  'packed',
  'shipped',
  'delivered',
  'cancelled',
] as const;
export type ShipmentStatus = (typeof shipmentStatuses)[number];

/**
 * A delivery note from one warehouse: `open → picked → packed → shipped → delivered`, or
 * `cancelled` with its order before it shipped. Shipping takes the stock out and posts
 * Dr COGS / Cr Inventory.
 */
@Entity({ tableName: 'shipment' })
export class Shipment {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  shipmentNo!: string;

  @Property({ type: 'string', length: 120, unique: true })
  shipmentKey!: string;

  @ManyToOne(() => SalesOrder, { index: true })
  order!: Rel<SalesOrder>;

  @Property({ type: 'string', length: 20 })
  customerNo!: string;

  @ManyToOne(() => Warehouse)
  warehouse!: Rel<Warehouse>;

  @Enum({ items: () => [...shipmentStatuses] })
  status: ShipmentStatus = 'open';

  @Property({ type: 'string', length: 60, nullable: true })
  carrier?: string;

  @Property({ type: 'string', length: 100, nullable: true })
  trackingNumber?: string;

  @Property({ type: 'integer', nullable: true })
  packageCount?: number;

  @Property({ type: 'datetime', nullable: true })
  pickedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  packedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  shippedAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  deliveredAt?: Date;

  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @OneToMany(() => ShipmentLine, (line) => line.shipment, { orderBy: { lineNo: 'asc' } })
  lines = new Collection<ShipmentLine>(this);
}
