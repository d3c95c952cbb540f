import { Migration } from '@mikro-orm/migrations';

/** ERP schema: the customer master. */
export class Migration20261126000000ErpInit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create schema if not exists "erp";`);
    this.addSql(
      `create table "erp"."customer" ("id" uuid not null, "customer_no" varchar(20) not null, "legal_name" varchar(200) not null, "email" varchar(254) not null, "billing_line1" varchar(200) null, "billing_city" varchar(100) null, "billing_postal_code" varchar(20) null, "billing_country" varchar(2) null, "payment_terms_days" int not null, "credit_limit_minor" bigint not null, "currency" char(3) not null, "credit_hold" boolean not null default false, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "customer_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "erp"."customer" add constraint "customer_customer_no_unique" unique ("customer_no");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "erp"."customer" cascade;`);
  }
}
