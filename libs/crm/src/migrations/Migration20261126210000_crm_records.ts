import { Migration } from '@mikro-orm/migrations';

/**
 * The CRM records beyond accounts: leads, contacts, opportunities, quotes, assets, dealers,
 * service cases and the customer timeline. Table DDL comes from MikroORM's schema generator; the
 * extras at the end (sequences, the partial unique index on open leads, checks) are hand-written.
 */
export class Migration20261126210000CrmRecords extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "crm"."asset" ("id" uuid not null, "serial_no" varchar(64) not null, "account_id" uuid not null, "sku" varchar(64) not null, "item_name" varchar(200) not null, "shipment_no" varchar(30) null, "delivered_on" date not null, "warranty_ends_on" date not null, "next_maintenance_on" date null, "created_at" timestamptz not null, constraint "asset_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "crm"."asset" add constraint "asset_serial_no_unique" unique ("serial_no");`,
    );
    this.addSql(
      `create table "crm"."contact" ("id" uuid not null, "account_id" uuid not null, "name" varchar(200) not null, "email" varchar(254) not null, "phone" varchar(40) null, "role" varchar(100) null, "created_at" timestamptz not null, constraint "contact_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "crm"."contact" add constraint "contact_account_id_email_unique" unique ("account_id", "email");`,
    );
    this.addSql(
      `create table "crm"."dealer" ("id" uuid not null, "code" varchar(30) not null, "name" varchar(200) not null, "city" varchar(100) not null, "latitude" double precision not null, "longitude" double precision not null, "capabilities" jsonb not null, "service_levels" jsonb not null, "open_capacity" int not null, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "dealer_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "crm"."dealer" add constraint "dealer_code_unique" unique ("code");`);
    this.addSql(
      `create table "crm"."lead" ("id" uuid not null, "lead_no" varchar(20) not null, "source" text check ("source" in ('web', 'call-center', 'dealer', 'partner')) not null, "company" varchar(200) null, "contact_name" varchar(200) not null, "email" varchar(254) not null, "phone" varchar(40) null, "items_of_interest" jsonb not null, "estimated_value_minor" bigint not null default 0, "currency" varchar(3) not null default 'EUR', "status" text check ("status" in ('new', 'qualified', 'converted', 'disqualified')) not null default 'new', "score" int null, "disqualified_reason" varchar(200) null, "account_id" uuid null, "contact_id" uuid null, "opportunity_id" uuid null, "converted_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "lead_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "crm"."lead" add constraint "lead_lead_no_unique" unique ("lead_no");`,
    );
    this.addSql(`create index "lead_email_index" on "crm"."lead" ("email");`);
    this.addSql(
      `create table "crm"."opportunity" ("id" uuid not null, "opportunity_no" varchar(20) not null, "account_id" uuid not null, "source_lead_id" uuid null, "title" varchar(200) not null, "stage" text check ("stage" in ('qualification', 'proposal', 'negotiation', 'won', 'lost')) not null default 'qualification', "lost_reason" varchar(200) null, "amount_minor" bigint not null default 0, "currency" varchar(3) not null default 'EUR', "lines" jsonb not null, "erp_order_no" varchar(30) null, "erp_shipment_nos" jsonb not null, "erp_invoice_nos" jsonb not null, "closed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "opportunity_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "crm"."opportunity" add constraint "opportunity_opportunity_no_unique" unique ("opportunity_no");`,
    );
    this.addSql(
      `alter table "crm"."opportunity" add constraint "opportunity_source_lead_id_unique" unique ("source_lead_id");`,
    );
    this.addSql(
      `create table "crm"."quote" ("id" uuid not null, "quote_no" varchar(20) not null, "quote_key" varchar(200) not null, "opportunity_id" uuid not null, "account_id" uuid not null, "currency" varchar(3) not null, "tax_rate_basis_points" int not null, "gross_minor" bigint not null, "discount_minor" bigint not null, "net_minor" bigint not null, "tax_minor" bigint not null, "total_minor" bigint not null, "valid_until" timestamptz not null, "status" text check ("status" in ('draft', 'pending-approval', 'approved', 'sent', 'accepted', 'rejected', 'expired')) not null default 'draft', "approved_by" varchar(200) null, "approved_at" timestamptz null, "approval_comment" varchar(1000) null, "status_reason" varchar(200) null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "quote_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "crm"."quote" add constraint "quote_quote_no_unique" unique ("quote_no");`,
    );
    this.addSql(
      `alter table "crm"."quote" add constraint "quote_quote_key_unique" unique ("quote_key");`,
    );
    this.addSql(
      `create table "crm"."quote_line" ("id" uuid not null, "quote_id" uuid not null, "line_no" int not null, "sku" varchar(64) not null, "description" varchar(200) null, "quantity" int not null, "unit_price_minor" bigint not null, "discount_basis_points" int not null, "gross_minor" bigint not null, "discount_minor" bigint not null, "net_minor" bigint not null, "tax_minor" bigint not null, "total_minor" bigint not null, constraint "quote_line_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "crm"."quote_line" add constraint "quote_line_quote_id_line_no_unique" unique ("quote_id", "line_no");`,
    );
    this.addSql(
      `create table "crm"."service_case" ("id" uuid not null, "case_no" varchar(20) not null, "intake_key" varchar(200) not null, "account_id" uuid not null, "asset_id" uuid null, "kind" text check ("kind" in ('repair', 'maintenance', 'warranty-claim', 'complaint')) not null, "priority" text check ("priority" in ('low', 'normal', 'high', 'urgent')) not null default 'normal', "symptom" varchar(2000) not null, "in_warranty" boolean not null, "opened_at" timestamptz not null, "sla_due_at" timestamptz not null, "status" text check ("status" in ('open', 'assigned', 'in-progress', 'resolved', 'closed')) not null default 'open', "dealer_id" uuid null, "assigned_at" timestamptz null, "resolution" varchar(2000) null, "resolved_at" timestamptz null, "satisfaction" int null, "closed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "service_case_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "crm"."service_case" add constraint "service_case_case_no_unique" unique ("case_no");`,
    );
    this.addSql(
      `alter table "crm"."service_case" add constraint "service_case_intake_key_unique" unique ("intake_key");`,
    );
    this.addSql(
      `create table "crm"."timeline_entry" ("id" uuid not null, "account_id" uuid not null, "position" int not null, "source_key" varchar(200) not null, "kind" varchar(50) not null, "summary" varchar(500) not null, "occurred_at" timestamptz not null, "recorded_at" timestamptz not null, "process_id" varchar(200) null, "details" jsonb not null, constraint "timeline_entry_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "crm"."timeline_entry" add constraint "timeline_entry_source_key_unique" unique ("source_key");`,
    );
    this.addSql(
      `alter table "crm"."timeline_entry" add constraint "timeline_entry_account_id_position_unique" unique ("account_id", "position");`,
    );
    this.addSql(
      `alter table "crm"."asset" add constraint "asset_account_id_foreign" foreign key ("account_id") references "crm"."account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "crm"."contact" add constraint "contact_account_id_foreign" foreign key ("account_id") references "crm"."account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "crm"."opportunity" add constraint "opportunity_account_id_foreign" foreign key ("account_id") references "crm"."account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "crm"."quote" add constraint "quote_opportunity_id_foreign" foreign key ("opportunity_id") references "crm"."opportunity" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "crm"."quote" add constraint "quote_account_id_foreign" foreign key ("account_id") references "crm"."account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "crm"."quote_line" add constraint "quote_line_quote_id_foreign" foreign key ("quote_id") references "crm"."quote" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "crm"."service_case" add constraint "service_case_account_id_foreign" foreign key ("account_id") references "crm"."account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "crm"."service_case" add constraint "service_case_asset_id_foreign" foreign key ("asset_id") references "crm"."asset" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "crm"."service_case" add constraint "service_case_dealer_id_foreign" foreign key ("dealer_id") references "crm"."dealer" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "crm"."timeline_entry" add constraint "timeline_entry_account_id_foreign" foreign key ("account_id") references "crm"."account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "crm"."account" add column "shipping_line1" varchar(200) null, add column "shipping_city" varchar(100) null, add column "shipping_postal_code" varchar(20) null, add column "shipping_country" varchar(2) null, add column "shipping_latitude" double precision null, add column "shipping_longitude" double precision null, add column "owner" varchar(100) null;`,
    );
    // Human document numbers.
    for (const sequence of ['lead_no_seq', 'opportunity_no_seq', 'quote_no_seq', 'case_no_seq']) {
      this.addSql(`create sequence if not exists "crm"."${sequence}" start with 1;`);
    }
    // A second open lead with the same email is the same lead, also under concurrent captures.
    this.addSql(
      `create unique index "lead_open_email_unique" on "crm"."lead" ("email") where "status" in ('new', 'qualified');`,
    );
    this.addSql(
      `alter table "crm"."dealer" add constraint "dealer_open_capacity_check" check ("open_capacity" >= 0);`,
    );
    this.addSql(
      `alter table "crm"."service_case" add constraint "service_case_satisfaction_check" check ("satisfaction" >= 1 and "satisfaction" <= 5);`,
    );
    this.addSql(
      `alter table "crm"."quote_line" add constraint "quote_line_quantity_check" check ("quantity" > 0);`,
    );
  }

  override async down(): Promise<void> {
    for (const table of [
      'timeline_entry',
      'service_case',
      'dealer',
      'asset',
      'quote_line',
      'quote',
      'opportunity',
      'contact',
      'lead',
    ]) {
      this.addSql(`drop table if exists "crm"."${table}" cascade;`);
    }
    for (const sequence of ['lead_no_seq', 'opportunity_no_seq', 'quote_no_seq', 'case_no_seq']) {
      this.addSql(`drop sequence if exists "crm"."${sequence}";`);
    }
    this.addSql(
      `alter table "crm"."account" drop column "shipping_line1", drop column "shipping_city", drop column "shipping_postal_code", drop column "shipping_country", drop column "shipping_latitude", drop column "shipping_longitude", drop column "owner";`,
    );
  }
}
