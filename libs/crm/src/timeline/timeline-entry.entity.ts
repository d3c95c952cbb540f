import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Account } from '../accounts/account.entity';

/**
 * One step of a process that touched the customer. `sourceKey` makes appending idempotent
 * (`invoice-sent:INV-000045`); `position` orders an account's entries 1, 2, 3 … without gaps.
 */
@Entity({ tableName: 'timeline_entry' })
@Unique({ properties: ['account', 'position'] })
export class TimelineEntry {
  [OptionalProps]?: 'recordedAt' | 'details';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Account })
  account!: Account;

  @Property({ type: 'integer' })
  position!: number;

  @Property({ type: 'string', length: 200, unique: true })
  sourceKey!: string;

  /** e.g. quote-sent, order-confirmed, shipped, invoiced, paid, reminder, case-assigned. */
  @Property({ type: 'string', length: 50 })
  kind!: string;

  @Property({ type: 'string', length: 500 })
  summary!: string;

  /** When it happened in the process (may precede recordedAt). */
  @Property({ type: 'datetime' })
  occurredAt!: Date;

  @Property({ type: 'datetime' })
  recordedAt: Date = new Date();

  /** The workflow or document that produced it, e.g. `lead-to-cash:…`. */
  @Property({ type: 'string', length: 200, nullable: true })
  processId?: string;

  @Property({ type: 'json' })
  details: Record<string, unknown> = {};
}
