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
import { Shipment } from './shipment.entity';

@Entity({ tableName: 'shipment_line' })
@Unique({ name: 'shipment_line_shipment_line_unique', properties: ['shipment', 'lineNo'] })
@Check({ name: 'shipment_line_quantity_check', expression: 'quantity > 0' })
export class ShipmentLine {
  [OptionalProps]?: 'serialNumbers' | 'costMinor';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Shipment)
  shipment!: Rel<Shipment>;

  @Property({ type: 'integer' })
  lineNo!: number;

  @ManyToOne(() => SalesOrderLine, { index: true })
  orderLine!: Rel<SalesOrderLine>;

  @ManyToOne(() => Item)
  item!: Rel<Item>;

  @Property({ type: 'string', length: 40 })
  sku!: string;

  @Property({ type: 'integer' })
  quantity!: number;

  /** Serial numbers (VINs) of the units, for serialized items; recorded at packing. */
  @Property({ type: 'json' })
  serialNumbers: string[] = [];

  /** Cost of the units at the moment they left the warehouse (moving average). */
  @Property({ type: new BigIntType('number'), defaultRaw: '0' })
  costMinor = 0;
}
