import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Check, Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Account } from '../accounts/account.entity';
import { Asset } from '../assets/asset.entity';
import { Dealer } from '../dealers/dealer.entity';

export const caseKinds = ['repair', 'maintenance', 'warranty-claim', 'complaint'] as const;
export type CaseKind = (typeof caseKinds)[number];

export const casePriorities = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof casePriorities)[number];

export const caseStatuses = ['open', 'assigned', 'in-progress', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** A customer's service request, routed to a dealer, due by its SLA. */
@Entity({ tableName: 'service_case' })
@Check({
  name: 'service_case_satisfaction_check',
  expression: '"satisfaction" >= 1 and "satisfaction" <= 5',
})
export class ServiceCase {
  [OptionalProps]?: 'status' | 'priority' | 'openedAt' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  caseNo!: string;

  /** The caller's business key (e.g. the call id): opening the same key twice is one case. */
  @Property({ type: 'string', length: 200, unique: true })
  intakeKey!: string;

  @ManyToOne({ entity: () => Account })
  account!: Account;

  @ManyToOne({ entity: () => Asset, nullable: true })
  asset?: Asset;

  @Enum({ items: () => [...caseKinds] })
  kind!: CaseKind;

  @Enum({ items: () => [...casePriorities] })
  priority: CasePriority = 'normal';

  @Property({ type: 'string', length: 2000 })
  symptom!: string;

  @Property({ type: 'boolean' })
  inWarranty!: boolean;

  @Property({ type: 'datetime' })
  openedAt: Date = new Date();

  @Property({ type: 'datetime' })
  slaDueAt!: Date;

  @Enum({ items: () => [...caseStatuses] })
  status: CaseStatus = 'open';

  @ManyToOne({ entity: () => Dealer, nullable: true })
  dealer?: Dealer;

  @Property({ type: 'datetime', nullable: true })
  assignedAt?: Date;

  @Property({ type: 'string', length: 2000, nullable: true })
  resolution?: string;

  @Property({ type: 'datetime', nullable: true })
  resolvedAt?: Date;

  /** 1 (bad) to 5 (excellent); none when the survey timed out. */
  @Property({ type: 'integer', nullable: true })
  satisfaction?: number;

  @Property({ type: 'datetime', nullable: true })
  closedAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
