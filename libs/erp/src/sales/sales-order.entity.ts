import { randomUUID } from 'node:crypto';
import { BigIntType, Collection, OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Check,
  Embedded,
  Entity,
  Enum,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  Property,
} from '@mikro-orm/decorators/legacy';
import { Customer } from '../customers/customer.entity';
import { Location } from '../shared/location.embeddable';
import { SalesOrderLine } from './sales-order-line.entity';

export const salesOrderStatuses = [
  'credit-blocked',
  'confirmed',
  'partially-shipped',
  'shipped',
  'invoiced',
  'closed',
  'cancelled',
] as const;
export type SalesOrderStatus = (typeof salesOrderStatuses)[number];

/** Why an order failed the credit check and waits for finance (`credit-blocked`). */
export const creditBlockReasons = ['over-limit', 'credit-hold'] as const;
export type CreditBlockReason = (typeof creditBlockReasons)[number];

/**
 * Open orders count towards the customer's credit exposure and the open orders of the account
 * summary. All but `credit-blocked` can ship; a credit-blocked order may hold stock but ships
 * only once finance released it.
 */
export const openOrderStatuses: SalesOrderStatus[] = [
  'credit-blocked',
  'confirmed',
  'partially-shipped',
  'shipped',
];

/**
 * A sales order: `confirmed → partially-shipped → shipped → invoiced → closed`, or `cancelled`
 * before anything shipped. An order created with `onCreditRefused: 'block'` that fails the
 * credit check starts as `credit-blocked` (with its `creditBlockReason`) and becomes `confirmed`
 * when finance releases it, or `cancelled`. `orderKey` (e.g. `quote:Q-000123`) makes it exist
 * once.
 */
@Entity({ tableName: 'sales_order' })
@Check({
  name: 'sales_order_credit_block_check',
  expression: "status <> 'credit-blocked' or credit_block_reason is not null",
})
export class SalesOrder {
  [OptionalProps]?: 'status' | 'allowPartialShipments' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  orderNo!: string;

  @Property({ type: 'string', length: 120, unique: true })
  orderKey!: string;

  @ManyToOne(() => Customer)
  customer!: Rel<Customer>;

  @Property({ type: 'string', length: 20, index: true })
  customerNo!: string;

  @Property({ type: 'string', length: 3, columnType: 'char(3)' })
  currency!: string;

  @Property({ type: 'string', length: 60, nullable: true })
  quoteRef?: string;

  @Property({ type: 'string', length: 60, nullable: true })
  opportunityRef?: string;

  /** The customer's own purchase order number. */
  @Property({ type: 'string', length: 60, nullable: true })
  customerReference?: string;

  @Embedded(() => Location, { prefix: 'ship_to_', nullable: true })
  shipTo?: Location;

  @Property({ type: 'boolean' })
  allowPartialShipments = true;

  @Enum({ items: () => [...salesOrderStatuses] })
  status: SalesOrderStatus = 'confirmed';

  @Property({ type: 'integer' })
  taxRateBp!: number;

  @Property({ type: new BigIntType('number') })
  netMinor!: number;

  @Property({ type: new BigIntType('number') })
  taxMinor!: number;

  @Property({ type: new BigIntType('number') })
  grossMinor!: number;

  /** Who approved the order over the credit limit, when finance released it. */
  @Property({ type: 'string', length: 100, nullable: true })
  creditApprovedBy?: string;

  /**
   * Why the credit check blocked the order (`credit-blocked`); kept after finance released it,
   * as the record of what was approved.
   */
  @Enum({ items: () => [...creditBlockReasons], nullable: true })
  creditBlockReason?: CreditBlockReason;

  @Property({ type: 'string', length: 300, nullable: true })
  cancelReason?: string;

  @Property({ type: 'datetime', nullable: true })
  cancelledAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @OneToMany(() => SalesOrderLine, (line) => line.order, { orderBy: { lineNo: 'asc' } })
  lines = new Collection<SalesOrderLine>(this);
}
