import { randomUUID } from 'node:crypto';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { AdminChangeRecord, ChangeSnapshot } from '@throughline/database';

/** The records an administrator changes over REST, bypassing the processes' controls. */
export const erpAdminEntityTypes = [
  'customer',
  'item',
  'warehouse',
  'price-list',
  'stock-level',
] as const;
export type ErpAdminEntityType = (typeof erpAdminEntityTypes)[number];

/**
 * One administrative change in the ERP (terms and credit limit, items, warehouses, prices, stock
 * adjustments): who, when, and the record before and after. Written in the change's own
 * transaction; the database refuses to change or delete a row (append-only).
 */
@Entity({ tableName: 'admin_change' })
@Index({
  name: 'admin_change_entity_index',
  properties: ['entityType', 'entityId', 'at'],
})
export class ErpAdminChange implements AdminChangeRecord {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 30 })
  entityType!: ErpAdminEntityType;

  /** customerNo, sku, warehouse or price list code, `<sku>@<warehouse>` for stock. */
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
