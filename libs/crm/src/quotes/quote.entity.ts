import { randomUUID } from 'node:crypto';
import { BigIntType, Cascade, Collection, OptionalProps } from '@mikro-orm/core';
import {
  Entity,
  Enum,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  Property,
} from '@mikro-orm/decorators/legacy';
import { Account } from '../accounts/account.entity';
import { Opportunity } from '../opportunities/opportunity.entity';
import { QuoteLine } from './quote-line.entity';

export const quoteStatuses = [
  'draft',
  'pending-approval',
  'approved',
  'sent',
  'accepted',
  'rejected',
  'expired',
] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

/**
 * An offer to an account, lines priced by the ERP. Totals are the sums of the lines, each line
 * rounded once. `quoteKey` is the caller's business key: the same key twice is the same quote.
 */
@Entity({ tableName: 'quote' })
export class Quote {
  [OptionalProps]?: 'status' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  quoteNo!: string;

  @Property({ type: 'string', length: 200, unique: true })
  quoteKey!: string;

  @ManyToOne({ entity: () => Opportunity })
  opportunity!: Opportunity;

  @ManyToOne({ entity: () => Account })
  account!: Account;

  @Property({ type: 'string', length: 3 })
  currency!: string;

  /** Tax rate in basis points (19 % = 1900). */
  @Property({ type: 'integer' })
  taxRateBasisPoints!: number;

  /** Sum of quantity × unit price, before discounts. */
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

  @Property({ type: 'datetime' })
  validUntil!: Date;

  @Enum({ items: () => [...quoteStatuses] })
  status: QuoteStatus = 'draft';

  @Property({ type: 'string', length: 200, nullable: true })
  approvedBy?: string;

  @Property({ type: 'datetime', nullable: true })
  approvedAt?: Date;

  @Property({ type: 'string', length: 1000, nullable: true })
  approvalComment?: string;

  /** Why it was rejected or expired. */
  @Property({ type: 'string', length: 200, nullable: true })
  statusReason?: string;

  @OneToMany({
    entity: () => QuoteLine,
    mappedBy: 'quote',
    cascade: [Cascade.PERSIST],
    orderBy: { lineNo: 'asc' },
  })
  lines = new Collection<QuoteLine>(this);

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
