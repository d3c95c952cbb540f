import { Migration } from '@mikro-orm/migrations';

/** API schema: managed API keys (hashes only). */
export class Migration20261126100000ApiInit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "api";`);
    this.addSql(
      `create table "api"."api_key" ("id" uuid not null, "user_id" varchar(100) not null, "roles" text[] not null, "key_hash" varchar(64) not null, "key_prefix" varchar(12) not null, "created_by" varchar(100) not null, "created_at" timestamptz not null, "revoked_at" timestamptz null, constraint "api_key_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "api"."api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api"."api_key" cascade;`);
  }
}
