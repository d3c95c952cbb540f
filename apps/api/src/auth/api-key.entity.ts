import { randomUUID } from 'node:crypto';
import { OptionalProps } from '@mikro-orm/core';
import { Check, Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import type { Role } from '@throughline/contracts';

/** An API key managed through the admin endpoint. Only its SHA-256 hash is stored. */
@Entity({ tableName: 'api_key' })
// A dealer's key names its dealer and holds no other role; no other key names one.
@Check({
  name: 'api_key_dealer_code_check',
  expression:
    '("dealer_code" is not null) = (\'dealer\' = any("roles")) and ("dealer_code" is null or cardinality("roles") = 1)',
})
export class ApiKey {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 100 })
  userId!: string;

  @Property({ type: 'string[]', columnType: 'text[]' })
  roles!: Role[];

  /** The dealer a key with the role `dealer` acts for; null for every other key. */
  @Property({ type: 'string', length: 30, nullable: true })
  dealerCode?: string;

  /** SHA-256 of the key, hex. */
  @Property({ type: 'string', length: 64, unique: true })
  keyHash!: string;

  /** The first characters of the key, to recognise it in lists. */
  @Property({ type: 'string', length: 12 })
  keyPrefix!: string;

  @Property({ type: 'string', length: 100 })
  createdBy!: string;

  @Property({ type: 'datetime' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', nullable: true })
  revokedAt?: Date;
}
