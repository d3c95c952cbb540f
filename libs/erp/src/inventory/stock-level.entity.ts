import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Check,
  Entity,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';
import { Item } from '../catalog/item.entity';
import { Warehouse } from './warehouse.entity';

/**
 * Stock of one item in one warehouse. Changed only under a row lock (SELECT … FOR UPDATE) by the
 * stock and reservation services, and the database refuses any row where available < 0.
 */
@Entity({ tableName: 'stock_level' })
@Unique({ name: 'stock_level_item_warehouse_unique', properties: ['item', 'warehouse'] })
@Check({ name: 'stock_level_on_hand_check', expression: 'on_hand >= 0' })
@Check({ name: 'stock_level_reserved_check', expression: 'reserved >= 0 and reserved <= on_hand' })
@Check({ name: 'stock_level_value_check', expression: 'value_minor >= 0' })
export class StockLevel {
  [OptionalProps]?: 'onHand' | 'reserved' | 'valueMinor' | 'updatedAt' | 'available';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Item)
  item!: Rel<Item>;

  @ManyToOne(() => Warehouse)
  warehouse!: Rel<Warehouse>;

  @Property({ type: 'integer' })
  onHand = 0;

  @Property({ type: 'integer' })
  reserved = 0;

  /** Value of the units on hand (moving average cost), equal to the stock ledger's value. */
  @Property({ type: new BigIntType('number'), defaultRaw: '0' })
  valueMinor = 0;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  get available(): number {
    return this.onHand - this.reserved;
  }
}
