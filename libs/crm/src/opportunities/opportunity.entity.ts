import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Account } from '../accounts/account.entity';

export const opportunityStages = [
  'qualification',
  'proposal',
  'negotiation',
  'won',
  'lost',
] as const;
export type OpportunityStage = (typeof opportunityStages)[number];

/** What the customer is interested in; priced later by the ERP in a quote. */
export interface OpportunityLine {
  sku: string;
  quantity: number;
}

/** A chance to sell to an account, and the ERP documents it led to. */
@Entity({ tableName: 'opportunity' })
export class Opportunity {
  [OptionalProps]?:
    | 'stage'
    | 'lines'
    | 'amountMinor'
    | 'currency'
    | 'erpShipmentNos'
    | 'erpInvoiceNos'
    | 'createdAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  opportunityNo!: string;

  @ManyToOne({ entity: () => Account })
  account!: Account;

  /** The lead it was converted from: convert creates at most one opportunity per lead. */
  @Property({ type: 'uuid', nullable: true, unique: true })
  sourceLeadId?: string;

  @Property({ type: 'string', length: 200 })
  title!: string;

  @Enum({ items: () => [...opportunityStages] })
  stage: OpportunityStage = 'qualification';

  @Property({ type: 'string', length: 200, nullable: true })
  lostReason?: string;

  @Property({ type: new BigIntType('number'), defaultRaw: '0' })
  amountMinor = 0;

  @Property({ type: 'string', length: 3 })
  currency = 'EUR';

  @Property({ type: 'json' })
  lines: OpportunityLine[] = [];

  @Property({ type: 'string', length: 30, nullable: true })
  erpOrderNo?: string;

  @Property({ type: 'json' })
  erpShipmentNos: string[] = [];

  @Property({ type: 'json' })
  erpInvoiceNos: string[] = [];

  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
