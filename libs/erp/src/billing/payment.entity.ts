import { randomUUID } from 'node:crypto';
import { BigIntType, Collection, OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Check,
  Entity,
  Enum,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  Property,
} from '@mikro-orm/decorators/legacy';
import { Customer } from '../customers/customer.entity';
import { PaymentAllocation } from './payment-allocation.entity';

export const paymentMethods = ['bank-transfer', 'card', 'direct-debit', 'cash', 'cheque'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/**
 * Money received, allocated in full to open invoices (an over-payment is refused). The external
 * reference (bank transaction id) is unique: the same payment reported twice is one payment.
 */
@Entity({ tableName: 'payment' })
@Check({ name: 'payment_amount_check', expression: 'amount_minor > 0' })
export class Payment {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  paymentNo!: string;

  @Property({ type: 'string', length: 100, unique: true })
  externalRef!: string;

  @ManyToOne(() => Customer)
  customer!: Rel<Customer>;

  @Property({ type: 'string', length: 20, index: true })
  customerNo!: string;

  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  @Property({ type: 'string', length: 3, columnType: 'char(3)' })
  currency!: string;

  @Enum({ items: () => [...paymentMethods] })
  method!: PaymentMethod;

  @Property({ type: 'date' })
  receivedOn!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @OneToMany(() => PaymentAllocation, (allocation) => allocation.payment)
  allocations = new Collection<PaymentAllocation>(this);
}
