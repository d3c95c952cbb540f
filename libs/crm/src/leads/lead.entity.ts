import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { Entity, Enum, Index, Unique, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export const leadSources = ['web', 'call-center', 'dealer', 'partner'] as const;
export type LeadSource = (typeof leadSources)[number];

export const leadStatuses = ['new', 'qualified', 'converted', 'disqualified'] as const;
export type LeadStatus = (typeof leadStatuses)[number];

/**
 * Statuses in which a lead is still open: one open lead per email among the leads no process
 * owns, and one per email per owning process (partial unique indexes).
 */
export const openLeadStatuses: readonly LeadStatus[] = ['new', 'qualified'];

/**
 * A prospect before it becomes a customer. A lead is owned by the process that captured it
 * (`ownerProcessId`); a capture without an owner (web form, REST) with the email of an open lead
 * is the same lead. Migration20261201000000_crm_lead_owner adds the partial unique indexes: one
 * open unowned lead per email, one open lead per email per owning process.
 */
@Entity({ tableName: 'lead' })
@Index({ properties: ['email'] })
@Unique({
  name: 'lead_open_email_unowned_unique',
  expression: `create unique index "lead_open_email_unowned_unique" on "crm"."lead" ("email") where "status" in ('new', 'qualified') and "owner_process_id" is null`,
})
@Unique({
  name: 'lead_open_email_owner_unique',
  expression: `create unique index "lead_open_email_owner_unique" on "crm"."lead" ("email", "owner_process_id") where "status" in ('new', 'qualified') and "owner_process_id" is not null`,
})
@Index({
  name: 'lead_owner_process_id_index',
  expression: `create index "lead_owner_process_id_index" on "crm"."lead" ("owner_process_id") where "owner_process_id" is not null`,
})
export class Lead {
  [OptionalProps]?:
    'status' | 'itemsOfInterest' | 'estimatedValueMinor' | 'currency' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  leadNo!: string;

  @Enum({ items: () => [...leadSources] })
  source!: LeadSource;

  @Property({ type: 'string', length: 200, nullable: true })
  company?: string;

  @Property({ type: 'string', length: 200 })
  contactName!: string;

  /** Lower case. */
  @Property({ type: 'string', length: 254 })
  email!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  phone?: string;

  /** SKUs or free-text interests from the form. */
  @Property({ type: 'json' })
  itemsOfInterest: string[] = [];

  @Property({ type: new BigIntType('number'), defaultRaw: '0' })
  estimatedValueMinor = 0;

  @Property({ type: 'string', length: 3 })
  currency = 'EUR';

  @Enum({ items: () => [...leadStatuses] })
  status: LeadStatus = 'new';

  @Property({ type: 'integer', nullable: true })
  score?: number;

  /**
   * The process that captured (or claimed) the lead and works it, e.g. a lead-to-cash workflow id;
   * unset for leads from the web form or REST that no process has taken yet.
   */
  @Property({ type: 'string', length: 200, nullable: true })
  ownerProcessId?: string;

  @Property({ type: 'string', length: 200, nullable: true })
  disqualifiedReason?: string;

  /** What convert created, recorded once so converting again returns the same records. */
  @Property({ type: 'uuid', nullable: true })
  accountId?: string;

  @Property({ type: 'uuid', nullable: true })
  contactId?: string;

  @Property({ type: 'uuid', nullable: true })
  opportunityId?: string;

  @Property({ type: 'datetime', nullable: true })
  convertedAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
