import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Embedded, Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Location } from '../shared/location.embeddable';

/** A stock location with an address and coordinates (reservations prefer the nearest). */
@Entity({ tableName: 'warehouse' })
export class Warehouse {
  [OptionalProps]?: 'active' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  code!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Embedded(() => Location, { prefix: 'location_' })
  location!: Location;

  @Property({ type: 'boolean' })
  active = true;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
