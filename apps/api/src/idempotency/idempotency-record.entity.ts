import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The first answer to an Idempotency-Key, per caller and operation, for a day
 * (Migration20261201120000_api_idempotency). IdempotencyService reads and writes it with plain
 * SQL; the entity describes the table so the schema check knows it.
 */
@Entity({ tableName: 'idempotency_record' })
export class IdempotencyRecord {
  /** sha256 of caller, method, route, parameters and key. */
  @PrimaryKey({ type: 'string', length: 64 })
  id!: string;

  @Property({ type: 'string', length: 100 })
  userId!: string;

  /** sha256 of the request body the key was first used with. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Index()
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  /** Null until the request has a final answer (a 503 leaves it null). */
  @Property({ type: 'smallint', nullable: true })
  status?: number;

  @Property({ type: 'text', nullable: true })
  location?: string;

  @Property({ type: 'text', nullable: true })
  body?: string;
}
