import { Migration } from '@mikro-orm/migrations';

/** CRM schema: accounts, and the sequence behind the shared customer number. */
export class Migration20261126000000CrmInit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "crm";`);
    this.addSql(`create sequence if not exists "crm"."customer_no_seq" start with 1;`);
    this.addSql(
      `create table "crm"."account" ("id" uuid not null, "customer_no" varchar(20) not null, "name" varchar(200) not null, "kind" text check ("kind" in ('business', 'consumer')) not null default 'business', "email" varchar(254) not null, "phone" varchar(40) null, "billing_line1" varchar(200) null, "billing_city" varchar(100) null, "billing_postal_code" varchar(20) null, "billing_country" varchar(2) null, "billing_latitude" double precision null, "billing_longitude" double precision null, "service_level" text check ("service_level" in ('standard', 'gold', 'platinum')) not null default 'standard', "erp_customer_id" uuid null, "erp_linked_at" timestamptz null, "credit_hold" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "account_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "crm"."account" add constraint "account_customer_no_unique" unique ("customer_no");`,
    );
    this.addSql(
      `alter table "crm"."account" add constraint "account_email_unique" unique ("email");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "crm"."account" cascade;`);
    this.addSql(`drop sequence if exists "crm"."customer_no_seq";`);
  }
}
