import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Account } from '../accounts/account.entity';

/** A person at an account; one contact per email within an account. */
@Entity({ tableName: 'contact' })
@Unique({ properties: ['account', 'email'] })
export class Contact {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne({ entity: () => Account })
  account!: Account;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** Lower case. */
  @Property({ type: 'string', length: 254 })
  email!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  phone?: string;

  @Property({ type: 'string', length: 100, nullable: true })
  role?: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();
}
