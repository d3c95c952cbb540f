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
import { PurchaseOrder } from './purchase-order.entity';

@Entity({ tableName: 'purchase_order_line' })
@Unique({ name: 'purchase_order_line_po_line_unique', properties: ['purchaseOrder', 'lineNo'] })
@Check({
  name: 'purchase_order_line_quantities_check',
  expression: 'quantity > 0 and quantity_received >= 0 and quantity_received <= quantity',
})
@Check({ name: 'purchase_order_line_cost_check', expression: 'unit_cost_minor >= 0' })
export class PurchaseOrderLine {
  [OptionalProps]?: 'quantityReceived';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => PurchaseOrder)
  purchaseOrder!: Rel<PurchaseOrder>;

  @Property({ type: 'integer' })
  lineNo!: number;

  @ManyToOne(() => Item)
  item!: Rel<Item>;

  @Property({ type: 'string', length: 40 })
  sku!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: new BigIntType('number') })
  unitCostMinor!: number;

  @Property({ type: 'integer' })
  quantityReceived = 0;
}
