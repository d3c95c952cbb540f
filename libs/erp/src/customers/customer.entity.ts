import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps, type Rel } from '@mikro-orm/core';
import type { ErpErasureResult } from '@throughline/contracts';
import { Embedded, Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { BillingAddress } from '../shared/billing-address.embeddable';
import { PriceList } from '../catalog/price-list.entity';

/** Customer master data in the back office; customerNo is shared with the CRM account. */
@Entity({ tableName: 'customer' })
export class Customer {
  [OptionalProps]?: 'creditHold' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  customerNo!: string;

  @Property({ type: 'string', length: 200 })
  legalName!: string;

  @Property({ type: 'string', length: 254 })
  email!: string;

  @Embedded(() => BillingAddress, { prefix: 'billing_', nullable: true })
  billingAddress?: BillingAddress;

  /** Days from invoice date to due date (net 30 → 30). */
  @Property({ type: 'integer' })
  paymentTermsDays!: number;

  /** Credit limit in minor units of `currency`. */
  @Property({ type: new BigIntType('number') })
  creditLimitMinor!: number;

  @Property({ type: 'string', length: 3, columnType: 'char(3)' })
  currency!: string;

  @Property({ type: 'boolean' })
  creditHold = false;

  @Property({ type: 'string', length: 300, nullable: true })
  creditHoldReason?: string;

  @Property({ type: 'datetime', nullable: true })
  creditHoldSince?: Date;

  /** When the customer was anonymized (right to be forgotten); unset otherwise. */
  @Property({ type: 'datetime', nullable: true })
  erasedAt?: Date;

  /** The erasure that did it, e.g. the erasure process's business key. */
  @Property({ type: 'string', length: 200, nullable: true })
  erasureRef?: string;

  /** What the anonymization did, in counts: a repeat returns it and changes nothing. */
  @Property({ type: 'json', nullable: true })
  erasureSummary?: ErpErasureResult;

  /** The price list this customer buys from; the default list when unset. */
  @ManyToOne(() => PriceList, { nullable: true })
  priceList?: Rel<PriceList>;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
