import { Migration } from '@mikro-orm/migrations';

/**
 * API schema: the first answer to each Idempotency-Key, per caller and operation, for a day.
 * `status` stays null until the request has a final answer (a 503 leaves it null, so a retry
 * runs again, bound to the same request hash).
 */
export class Migration20261201120000ApiIdempotency extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "api"."idempotency_record" ("id" varchar(64) not null, "user_id" varchar(100) not null, "request_hash" varchar(64) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "status" smallint null, "location" text null, "body" text null, constraint "idempotency_record_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "idempotency_record_expires_at_index" on "api"."idempotency_record" ("expires_at");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api"."idempotency_record" cascade;`);
  }
}
