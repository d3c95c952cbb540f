import { randomUUID } from 'node:crypto';
import { BigIntType, Collection, OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Entity,
  Enum,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  Property,
} from '@mikro-orm/decorators/legacy';
import { Warehouse } from '../inventory/warehouse.entity';
import { PurchaseOrderLine } from './purchase-order-line.entity';

export const purchaseOrderStatuses = [
  'open',
  'partially-received',
  'received',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof purchaseOrderStatuses)[number];

/** An order to a supplier, e.g. for a sales order's shortfall (backorder). */
@Entity({ tableName: 'purchase_order' })
export class PurchaseOrder {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  poNo!: string;

  @Property({ type: 'string', length: 120, unique: true })
  poKey!: string;

  @Property({ type: 'string', length: 200 })
  supplier!: string;

  @ManyToOne(() => Warehouse)
  warehouse!: Rel<Warehouse>;

  /** The sales order this backorder is for, if any. */
  @Property({ type: 'string', length: 20, nullable: true, index: true })
  salesOrderNo?: string;

  @Enum({ items: () => [...purchaseOrderStatuses] })
  status: PurchaseOrderStatus = 'open';

  @Property({ type: 'string', length: 3, columnType: 'char(3)' })
  currency!: string;

  @Property({ type: 'date' })
  expectedOn!: string;

  @Property({ type: new BigIntType('number') })
  totalMinor!: number;

  @Property({ type: 'string', length: 300, nullable: true })
  cancelReason?: string;

  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @OneToMany(() => PurchaseOrderLine, (line) => line.purchaseOrder, { orderBy: { lineNo: 'asc' } })
  lines = new Collection<PurchaseOrderLine>(this);
}
