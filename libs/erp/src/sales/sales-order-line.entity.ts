import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Enum,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';
import { Item } from '../catalog/item.entity';
import { SalesOrder } from './sales-order.entity';

export const priceSources = ['list', 'customer-price', 'quantity-break', 'quote'] as const;
export type PriceSource = (typeof priceSources)[number];

@Entity({ tableName: 'sales_order_line' })
@Unique({ name: 'sales_order_line_order_line_unique', properties: ['order', 'lineNo'] })
@Check({
  name: 'sales_order_line_quantities_check',
  expression:
    'quantity > 0 and quantity_shipped >= 0 and quantity_shipped <= quantity and quantity_invoiced >= 0 and quantity_invoiced <= quantity_shipped',
})
@Check({
  name: 'sales_order_line_discount_check',
  expression: 'discount_bp >= 0 and discount_bp <= 10000',
})
export class SalesOrderLine {
  [OptionalProps]?: 'discountBp' | 'quantityShipped' | 'quantityInvoiced';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => SalesOrder)
  order!: Rel<SalesOrder>;

  @Property({ type: 'integer' })
  lineNo!: number;

  @ManyToOne(() => Item)
  item!: Rel<Item>;

  @Property({ type: 'string', length: 40 })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  description!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: new BigIntType('number') })
  unitPriceMinor!: number;

  @Enum({ items: () => [...priceSources] })
  priceSource!: PriceSource;

  /** Discount in basis points (12.5 % = 1250). */
  @Property({ type: 'integer' })
  discountBp = 0;

  @Property({ type: new BigIntType('number') })
  netMinor!: number;

  @Property({ type: new BigIntType('number') })
  taxMinor!: number;

  @Property({ type: 'integer' })
  quantityShipped = 0;

  @Property({ type: 'integer' })
  quantityInvoiced = 0;
}
