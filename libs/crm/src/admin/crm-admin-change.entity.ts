import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { AdminChangeRecord, ChangeSnapshot } from '@throughline/database';

/** The records an administrator changes over REST, bypassing the processes' controls. */
export const crmAdminEntityTypes = ['dealer'] as const;
export type CrmAdminEntityType = (typeof crmAdminEntityTypes)[number];

/**
 * One administrative change in the CRM (the dealer network): who, when, and the record before
 * and after. Written in the change's own transaction; the database refuses to change or delete a
 * row (append-only).
 */
@Entity({ tableName: 'admin_change' })
@Index({
  name: 'admin_change_entity_index',
  properties: ['entityType', 'entityId', 'at'],
})
export class CrmAdminChange implements AdminChangeRecord {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 30 })
  entityType!: CrmAdminEntityType;

  /** The dealer code. */
  @Property({ type: 'string', length: 100 })
  entityId!: string;

  @Property({ type: 'string', length: 30 })
  action!: string;

  /** The user of the API key. */
  @Property({ type: 'string', length: 100 })
  actor!: string;

  @Property({ type: 'datetime' })
  at: Date = new Date();

  @Property({ type: 'json', nullable: true })
  before: ChangeSnapshot | null = null;

  @Property({ type: 'json', nullable: true })
  after: ChangeSnapshot | null = null;
}
