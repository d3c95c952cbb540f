import { randomUUID } from 'node:crypto';
import { BigIntType, Collection, OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Embedded,
  Entity,
  Enum,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  Property,
} from '@mikro-orm/decorators/legacy';
import { Customer } from '../customers/customer.entity';
import { Location } from '../shared/location.embeddable';
import { WorkOrderPart } from './work-order-part.entity';

export const workOrderStatuses = ['open', 'completed', 'cancelled'] as const;
export type WorkOrderStatus = (typeof workOrderStatuses)[number];

/**
 * Service work for a case, done by a dealer: parts reserved from the nearest warehouse, labour.
 * Warranty work posts Dr Warranty Expense / Cr Inventory; billable work gets a service invoice.
 */
@Entity({ tableName: 'work_order' })
export class WorkOrder {
  [OptionalProps]?: 'status' | 'labourMinutes' | 'partsCostMinor' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  workOrderNo!: string;

  @Property({ type: 'string', length: 120, unique: true })
  workOrderKey!: string;

  @Property({ type: 'string', length: 60, index: true })
  caseRef!: string;

  @ManyToOne(() => Customer)
  customer!: Rel<Customer>;

  @Property({ type: 'string', length: 20, index: true })
  customerNo!: string;

  @Property({ type: 'string', length: 60, nullable: true })
  dealerRef?: string;

  @Property({ type: 'string', length: 60, nullable: true })
  assetSerial?: string;

  @Property({ type: 'boolean' })
  warranty!: boolean;

  @Property({ type: 'string', length: 500, nullable: true })
  description?: string;

  /** Where the work happens: the nearest warehouse with stock supplies the parts. */
  @Embedded(() => Location, { prefix: 'site_', nullable: true })
  site?: Location;

  @Enum({ items: () => [...workOrderStatuses] })
  status: WorkOrderStatus = 'open';

  @Property({ type: 'integer' })
  labourMinutes = 0;

  /** Hourly labour rate for billable work. */
  @Property({ type: new BigIntType('number') })
  labourRateMinor!: number;

  /** Cost of the parts used, at the moment they left the warehouse. */
  @Property({ type: new BigIntType('number'), defaultRaw: '0' })
  partsCostMinor = 0;

  @Property({ type: 'datetime', nullable: true })
  completedAt?: Date;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @OneToMany(() => WorkOrderPart, (part) => part.workOrder, { orderBy: { lineNo: 'asc' } })
  parts = new Collection<WorkOrderPart>(this);
}
