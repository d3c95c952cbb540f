import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps, type Rel } from '@mikro-orm/core';
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

export const movementTypes = ['receipt', 'shipment', 'adjustment', 'work-order-issue'] as const;
export type MovementType = (typeof movementTypes)[number];

/**
 * One stock movement, never changed: quantity in (+) or out (−) and its value. On hand and stock
 * value are the sums of these; `movementKey` makes each movement happen once.
 */
@Entity({ tableName: 'stock_ledger_entry' })
@Index({ name: 'stock_ledger_entry_item_warehouse_index', properties: ['item', 'warehouse'] })
@Check({ name: 'stock_ledger_entry_quantity_check', expression: 'quantity <> 0' })
export class StockLedgerEntry {
  [OptionalProps]?: 'postedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 120, unique: true })
  movementKey!: string;

  @ManyToOne(() => Item)
  item!: Rel<Item>;

  @ManyToOne(() => Warehouse)
  warehouse!: Rel<Warehouse>;

  @Enum({ items: () => [...movementTypes] })
  movementType!: MovementType;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: new BigIntType('number') })
  valueMinor!: number;

  /** On hand and value of the stock level right after this movement. */
  @Property({ type: 'integer' })
  balanceQuantity!: number;

  @Property({ type: new BigIntType('number') })
  balanceValueMinor!: number;

  @Property({ type: 'string', length: 30 })
  sourceType!: string;

  @Property({ type: 'string', length: 40 })
  sourceNo!: string;

  @Property({ type: 'string', length: 300, nullable: true })
  note?: string;

  @Property({ type: 'datetime' })
  postedAt: Date = new Date();
}
