import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Check, Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { ServiceLevel } from '../accounts/account.entity';

export const dealerCapabilities = ['repair', 'maintenance', 'warranty-claim', 'complaint'] as const;
export type DealerCapability = (typeof dealerCapabilities)[number];

/** A service partner: where it is, what work it does, for which service levels, how much it can take. */
@Entity({ tableName: 'dealer' })
@Check({ name: 'dealer_open_capacity_check', expression: '"open_capacity" >= 0' })
export class Dealer {
  [OptionalProps]?: 'active' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** Business key, e.g. `D-BER-01`. */
  @Property({ type: 'string', length: 30, unique: true })
  code!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 100 })
  city!: string;

  @Property({ type: 'double' })
  latitude!: number;

  @Property({ type: 'double' })
  longitude!: number;

  @Property({ type: 'json' })
  capabilities!: DealerCapability[];

  @Property({ type: 'json' })
  serviceLevels!: ServiceLevel[];

  /** Cases it can still take; an assignment takes one, a resolved or reassigned case gives it back. */
  @Property({ type: 'integer' })
  openCapacity!: number;

  @Property({ type: 'boolean' })
  active = true;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
