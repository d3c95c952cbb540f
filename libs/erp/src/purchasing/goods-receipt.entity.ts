import { randomUUID } from 'node:crypto';
import { BigIntType, Collection, OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, OneToMany, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Warehouse } from '../inventory/warehouse.entity';
import { GoodsReceiptLine } from './goods-receipt-line.entity';
import { PurchaseOrder } from './purchase-order.entity';

/** Goods received against a purchase order: stock in, Dr Inventory / Cr GRNI. */
@Entity({ tableName: 'goods_receipt' })
export class GoodsReceipt {
  [OptionalProps]?: 'receivedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  receiptNo!: string;

  @Property({ type: 'string', length: 120, unique: true })
  receiptKey!: string;

  @ManyToOne(() => PurchaseOrder, { index: true })
  purchaseOrder!: Rel<PurchaseOrder>;

  @ManyToOne(() => Warehouse)
  warehouse!: Rel<Warehouse>;

  @Property({ type: new BigIntType('number') })
  valueMinor!: number;

  @Property({ type: 'datetime' })
  receivedAt: Date = new Date();

  @OneToMany(() => GoodsReceiptLine, (line) => line.receipt, { orderBy: { lineNo: 'asc' } })
  lines = new Collection<GoodsReceiptLine>(this);
}
