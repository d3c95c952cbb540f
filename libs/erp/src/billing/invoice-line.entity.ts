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
import { SalesOrderLine } from '../sales/sales-order-line.entity';
import { Invoice } from './invoice.entity';

@Entity({ tableName: 'invoice_line' })
@Unique({ name: 'invoice_line_invoice_line_unique', properties: ['invoice', 'lineNo'] })
@Check({ name: 'invoice_line_quantity_check', expression: 'quantity > 0' })
export class InvoiceLine {
  [OptionalProps]?: 'discountBp';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Invoice)
  invoice!: Rel<Invoice>;

  @Property({ type: 'integer' })
  lineNo!: number;

  /** Unset for labour on a service invoice. */
  @ManyToOne(() => Item, { nullable: true })
  item?: Rel<Item>;

  @Property({ type: 'string', length: 40, nullable: true })
  sku?: string;

  @ManyToOne(() => SalesOrderLine, { nullable: true })
  orderLine?: Rel<SalesOrderLine>;

  @Property({ type: 'string', length: 200 })
  description!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  @Property({ type: new BigIntType('number') })
  unitPriceMinor!: number;

  @Property({ type: 'integer' })
  discountBp = 0;

  @Property({ type: new BigIntType('number') })
  netMinor!: number;

  @Property({ type: new BigIntType('number') })
  taxMinor!: number;
}
