import { Migration } from '@mikro-orm/migrations';

/**
 * The audit trail of administrative changes made over REST (issue 12): `admin_change` holds who
 * changed which record when, with the record before and after (jsonb; null before a creation).
 * Append-only: the database refuses UPDATE, DELETE and TRUNCATE, as it does for posted entries.
 */
export class Migration20261202000000ErpAdminChange extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "erp"."admin_change" ("id" uuid not null, "entity_type" varchar(30) not null, "entity_id" varchar(100) not null, "action" varchar(30) not null, "actor" varchar(100) not null, "at" timestamptz not null, "before" jsonb null, "after" jsonb null, constraint "admin_change_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "admin_change_entity_index" on "erp"."admin_change" ("entity_type", "entity_id", "at");`,
    );
    this
      .addSql(`create function "erp"."refuse_change_to_audit"() returns trigger language plpgsql as $$
begin
  raise exception '% is an audit trail: % refused', tg_table_name, tg_op using errcode = 'P0001';
end $$;`);
    this.addSql(
      `create trigger "admin_change_append_only" before update or delete on "erp"."admin_change" for each row execute function "erp"."refuse_change_to_audit"();`,
    );
    this.addSql(
      `create trigger "admin_change_no_truncate" before truncate on "erp"."admin_change" for each statement execute function "erp"."refuse_change_to_audit"();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "erp"."admin_change";`);
    this.addSql(`drop function if exists "erp"."refuse_change_to_audit"();`);
  }
}
