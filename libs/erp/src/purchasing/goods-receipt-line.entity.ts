import { randomUUID } from 'node:crypto';
import { BigIntType, type Rel } from '@mikro-orm/core';
import {
  Check,
  Entity,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';
import { Item } from '../catalog/item.entity';
import { GoodsReceipt } from './goods-receipt.entity';
import { PurchaseOrderLine } from './purchase-order-line.entity';

@Entity({ tableName: 'goods_receipt_line' })
@Unique({ name: 'goods_receipt_line_receipt_line_unique', properties: ['receipt', 'lineNo'] })
@Check({ name: 'goods_receipt_line_quantity_check', expression: 'quantity > 0' })
export class GoodsReceiptLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => GoodsReceipt)
  receipt!: Rel<GoodsReceipt>;

  @Property({ type: 'integer' })
  lineNo!: number;

  @ManyToOne(() => PurchaseOrderLine)
  purchaseOrderLine!: Rel<PurchaseOrderLine>;

  @ManyToOne(() => Item)
  item!: Rel<Item>;

  @Property({ type: 'string', length: 40 })
  sku!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: new BigIntType('number') })
  unitCostMinor!: number;

  @Property({ type: new BigIntType('number') })
  valueMinor!: number;
}
