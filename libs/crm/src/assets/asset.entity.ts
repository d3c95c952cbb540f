import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Account } from '../accounts/account.entity';

/** A delivered serialized item at a customer; the serial number (or VIN) identifies it. */
@Entity({ tableName: 'asset' })
export class Asset {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 64, unique: true })
  serialNo!: string;

  @ManyToOne({ entity: () => Account })
  account!: Account;

  @Property({ type: 'string', length: 64 })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  itemName!: string;

  /** The ERP delivery it came with, e.g. SH-000012. */
  @Property({ type: 'string', length: 30, nullable: true })
  shipmentNo?: string;

  @Property({ type: 'date' })
  deliveredOn!: string;

  @Property({ type: 'date' })
  warrantyEndsOn!: string;

  @Property({ type: 'date', nullable: true })
  nextMaintenanceOn?: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
