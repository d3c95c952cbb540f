import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps, type Rel } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Customer } from '../customers/customer.entity';
import { Invoice } from './invoice.entity';

/** Reverses a voided invoice in full; posts Dr Revenue, Dr Tax Payable / Cr Accounts Receivable. */
@Entity({ tableName: 'credit_note' })
export class CreditNote {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  creditNoteNo!: string;

  /** One credit note per invoice: voiding twice is one void. */
  @ManyToOne(() => Invoice, { unique: true })
  invoice!: Rel<Invoice>;

  @ManyToOne(() => Customer)
  customer!: Rel<Customer>;

  @Property({ type: 'string', length: 20, index: true })
  customerNo!: string;

  @Property({ type: 'string', length: 300 })
  reason!: string;

  @Property({ type: 'string', length: 3, columnType: 'char(3)' })
  currency!: string;

  @Property({ type: 'date' })
  issueDate!: string;

  @Property({ type: new BigIntType('number') })
  netMinor!: number;

  @Property({ type: new BigIntType('number') })
  taxMinor!: number;

  @Property({ type: new BigIntType('number') })
  grossMinor!: number;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
