import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A named list of prices in one currency; exactly one is the default. */
@Entity({ tableName: 'price_list' })
@Index({
  name: 'price_list_one_default',
  expression:
    'create unique index "price_list_one_default" on "erp"."price_list" ("is_default") where "is_default"',
})
export class PriceList {
  [OptionalProps]?: 'isDefault' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 30, unique: true })
  code!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  @Property({ type: 'string', length: 3, columnType: 'char(3)' })
  currency!: string;

  @Property({ type: 'boolean' })
  isDefault = false;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
