import { randomUUID } from 'node:crypto';
import { BigIntType } from '@mikro-orm/core';
import {
  Check,
  Entity,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';
import { Quote } from './quote.entity';

/** One priced line of a quote; its amounts are rounded once, here, and the quote sums them. */
@Entity({ tableName: 'quote_line' })
@Check({ name: 'quote_line_quantity_check', expression: '"quantity" > 0' })
@Unique({ properties: ['quote', 'lineNo'] })
export class QuoteLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Quote })
  quote!: Quote;

  @Property({ type: 'integer' })
  lineNo!: number;

  @Property({ type: 'string', length: 64 })
  sku!: string;

  @Property({ type: 'string', length: 200, nullable: true })
  description?: string;

  @Property({ type: 'integer' })
  quantity!: number;

  /** Unit price the ERP quoted, minor units. */
  @Property({ type: new BigIntType('number') })
  unitPriceMinor!: number;

  /** Discount in basis points (12.5 % = 1250). */
  @Property({ type: 'integer' })
  discountBasisPoints!: number;

  @Property({ type: new BigIntType('number') })
  grossMinor!: number;

  @Property({ type: new BigIntType('number') })
  discountMinor!: number;

  @Property({ type: new BigIntType('number') })
  netMinor!: number;

  @Property({ type: new BigIntType('number') })
  taxMinor!: number;

  @Property({ type: new BigIntType('number') })
  totalMinor!: number;
}
