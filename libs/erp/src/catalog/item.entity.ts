import { randomUUID } from 'node:crypto';
import { BigIntType, OptionalProps } from '@mikro-orm/core';
import { Check, Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export const itemKinds = ['stock', 'service'] as const;
export type ItemKind = (typeof itemKinds)[number];

/** Something the company sells, buys or uses: a stocked product or a service. */
@Entity({ tableName: 'item' })
@Check({
  name: 'item_costs_check',
  expression: 'standard_cost_minor >= 0 and list_price_minor >= 0',
})
@Check({ name: 'item_months_check', expression: 'warranty_months >= 0 and lead_time_days >= 0' })
export class Item {
  [OptionalProps]?:
    | 'unit'
    | 'kind'
    | 'warrantyMonths'
    | 'serialized'
    | 'leadTimeDays'
    | 'active'
    | 'createdAt'
    | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 40, unique: true })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** Unit of measure; quantities are whole numbers of it. */
  @Property({ type: 'string', length: 10 })
  unit = 'pcs';

  @Enum({ items: () => [...itemKinds] })
  kind: ItemKind = 'stock';

  /** Cost used to value stock received without a purchase price (adjustments, opening stock). */
  @Property({ type: new BigIntType('number') })
  standardCostMinor!: number;

  /** The list price, before customer prices and quantity breaks. */
  @Property({ type: new BigIntType('number') })
  listPriceMinor!: number;

  @Property({ type: 'string', length: 3, columnType: 'char(3)' })
  currency!: string;

  @Property({ type: 'integer' })
  warrantyMonths = 0;

  /** Each unit carries a serial number (VIN); delivered units become CRM assets. */
  @Property({ type: 'boolean' })
  serialized = false;

  @Property({ type: 'string', length: 200, nullable: true })
  supplier?: string;

  @Property({ type: 'integer' })
  leadTimeDays = 0;

  @Property({ type: 'boolean' })
  active = true;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
