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
import { Invoice } from './invoice.entity';
import { Payment } from './payment.entity';

@Entity({ tableName: 'payment_allocation' })
@Unique({ name: 'payment_allocation_payment_invoice_unique', properties: ['payment', 'invoice'] })
@Check({ name: 'payment_allocation_amount_check', expression: 'amount_minor > 0' })
export class PaymentAllocation {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Payment)
  payment!: Rel<Payment>;

  @ManyToOne(() => Invoice, { index: true })
  invoice!: Rel<Invoice>;

  @Property({ type: new BigIntType('number') })
  amountMinor!: number;
}
