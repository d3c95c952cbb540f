import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Index,
  ManyToOne,
  PrimaryKey,
  Property,
} from '@mikro-orm/decorators/legacy';
import { Item } from './item.entity';
import { PriceList } from './price-list.entity';

/**
 * One price on a price list: for everyone (`customerNo` unset) from `minQuantity` units, or for
 * one customer. An entry for everyone from 1 unit is the list's own list price; from more units
 * it is a quantity break. A customer's entry is a customer price (optionally with its own break).
 */
@Entity({ tableName: 'price_list_entry' })
@Check({ name: 'price_list_entry_min_quantity_check', expression: 'min_quantity >= 1' })
@Check({ name: 'price_list_entry_price_check', expression: 'unit_price_minor >= 0' })
@Index({
  name: 'price_list_entry_scope_unique',
  expression:
    'create unique index "price_list_entry_scope_unique" on "erp"."price_list_entry" ("price_list_id", "item_id", coalesce("customer_no", \'\'), "min_quantity")',
})
export class PriceListEntry {
  [OptionalProps]?: 'minQuantity' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => PriceList)
  priceList!: Rel<PriceList>;

  @ManyToOne(() => Item)
  item!: Rel<Item>;

  /** Unset: the price applies to every customer. Not a foreign key: agreements may predate the master. */
  @Property({ type: 'string', length: 20, nullable: true })
  customerNo?: string;

  @Property({ type: 'integer' })
  minQuantity = 1;

  @Property({ type: new BigIntType('number') })
  unitPriceMinor!: number;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
