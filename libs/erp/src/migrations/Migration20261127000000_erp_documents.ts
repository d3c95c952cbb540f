import { Migration } from '@mikro-orm/migrations';
import { chartOfAccounts } from '../ledger/chart-of-accounts';
import { documentSequences } from '../shared/document-number';

/**
 * ERP documents: catalog and price lists, warehouses, stock levels, stock ledger, reservations,
 * sales orders, shipments, invoices, credit notes, payments, purchasing, work orders and the
 * general ledger. The tables are what the entities describe (the migration test compares them);
 * below them, what the entities cannot say: document number sequences, the chart of accounts,
 * and the triggers that make posted journal entries and stock movements immutable and balanced.
 */
export class Migration20261127000000ErpDocuments extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "erp"."gl_account" ("code" varchar(10) not null, "name" varchar(100) not null, "type" text check ("type" in ('asset', 'liability', 'equity', 'revenue', 'expense')) not null, constraint "gl_account_pkey" primary key ("code"));`,
    );
    this.addSql(
      `create table "erp"."item" ("id" uuid not null, "sku" varchar(40) not null, "name" varchar(200) not null, "unit" varchar(10) not null default 'pcs', "kind" text check ("kind" in ('stock', 'service')) not null default 'stock', "standard_cost_minor" bigint not null, "list_price_minor" bigint not null, "currency" char(3) not null, "warranty_months" int not null default 0, "serialized" boolean not null default false, "supplier" varchar(200) null, "lead_time_days" int not null default 0, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "item_pkey" primary key ("id"), constraint item_months_check check (warranty_months >= 0 and lead_time_days >= 0), constraint item_costs_check check (standard_cost_minor >= 0 and list_price_minor >= 0));`,
    );
    this.addSql(`alter table "erp"."item" add constraint "item_sku_unique" unique ("sku");`);
    this.addSql(
      `create table "erp"."journal_entry" ("id" uuid not null, "entry_no" varchar(20) not null, "entry_key" varchar(120) not null, "entry_date" date not null, "description" varchar(300) not null, "source_type" varchar(30) not null, "source_no" varchar(40) not null, "currency" char(3) not null, "reversal_of_id" uuid null, "posted_at" timestamptz not null, constraint "journal_entry_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "erp"."journal_entry" add constraint "journal_entry_entry_no_unique" unique ("entry_no");`,
    );
    this.addSql(
      `alter table "erp"."journal_entry" add constraint "journal_entry_entry_key_unique" unique ("entry_key");`,
    );
    this.addSql(
      `alter table "erp"."journal_entry" add constraint "journal_entry_reversal_of_id_unique" unique ("reversal_of_id");`,
    );
    this.addSql(
      `create index "journal_entry_source_index" on "erp"."journal_entry" ("source_type", "source_no");`,
    );
    this.addSql(
      `create table "erp"."journal_line" ("id" uuid not null, "entry_id" uuid not null, "line_no" int not null, "account_code" varchar(10) not null, "debit_minor" bigint not null, "credit_minor" bigint not null, constraint "journal_line_pkey" primary key ("id"), constraint journal_line_side_check check (debit_minor >= 0 and credit_minor >= 0 and ((debit_minor > 0) <> (credit_minor > 0))));`,
    );
    this.addSql(
      `create index "journal_line_account_code_index" on "erp"."journal_line" ("account_code");`,
    );
    this.addSql(
      `alter table "erp"."journal_line" add constraint "journal_line_entry_line_unique" unique ("entry_id", "line_no");`,
    );
    this.addSql(
      `create table "erp"."price_list" ("id" uuid not null, "code" varchar(30) not null, "name" varchar(200) not null, "currency" char(3) not null, "is_default" boolean not null default false, "created_at" timestamptz not null, constraint "price_list_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "erp"."price_list" add constraint "price_list_code_unique" unique ("code");`,
    );
    this.addSql(
      `create unique index "price_list_one_default" on "erp"."price_list" ("is_default") where "is_default";`,
    );
    this.addSql(
      `create table "erp"."payment" ("id" uuid not null, "payment_no" varchar(20) not null, "external_ref" varchar(100) not null, "customer_id" uuid not null, "customer_no" varchar(20) not null, "amount_minor" bigint not null, "currency" char(3) not null, "method" text check ("method" in ('bank-transfer', 'card', 'direct-debit', 'cash', 'cheque')) not null, "received_on" date not null, "created_at" timestamptz not null, constraint "payment_pkey" primary key ("id"), constraint payment_amount_check check (amount_minor > 0));`,
    );
    this.addSql(
      `alter table "erp"."payment" add constraint "payment_payment_no_unique" unique ("payment_no");`,
    );
    this.addSql(
      `alter table "erp"."payment" add constraint "payment_external_ref_unique" unique ("external_ref");`,
    );
    this.addSql(`create index "payment_customer_no_index" on "erp"."payment" ("customer_no");`);
    this.addSql(
      `create table "erp"."price_list_entry" ("id" uuid not null, "price_list_id" uuid not null, "item_id" uuid not null, "customer_no" varchar(20) null, "min_quantity" int not null default 1, "unit_price_minor" bigint not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "price_list_entry_pkey" primary key ("id"), constraint price_list_entry_price_check check (unit_price_minor >= 0), constraint price_list_entry_min_quantity_check check (min_quantity >= 1));`,
    );
    this.addSql(
      `create unique index "price_list_entry_scope_unique" on "erp"."price_list_entry" ("price_list_id", "item_id", coalesce("customer_no", ''), "min_quantity");`,
    );
    this.addSql(
      `create table "erp"."sales_order" ("id" uuid not null, "order_no" varchar(20) not null, "order_key" varchar(120) not null, "customer_id" uuid not null, "customer_no" varchar(20) not null, "currency" char(3) not null, "quote_ref" varchar(60) null, "opportunity_ref" varchar(60) null, "customer_reference" varchar(60) null, "ship_to_line1" varchar(200) null, "ship_to_city" varchar(100) null, "ship_to_postal_code" varchar(20) null, "ship_to_country" varchar(2) null, "ship_to_latitude" double precision null, "ship_to_longitude" double precision null, "allow_partial_shipments" boolean not null default true, "status" text check ("status" in ('confirmed', 'partially-shipped', 'shipped', 'invoiced', 'closed', 'cancelled')) not null default 'confirmed', "tax_rate_bp" int not null, "net_minor" bigint not null, "tax_minor" bigint not null, "gross_minor" bigint not null, "credit_approved_by" varchar(100) null, "cancel_reason" varchar(300) null, "cancelled_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "sales_order_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "erp"."sales_order" add constraint "sales_order_order_no_unique" unique ("order_no");`,
    );
    this.addSql(
      `alter table "erp"."sales_order" add constraint "sales_order_order_key_unique" unique ("order_key");`,
    );
    this.addSql(
      `create index "sales_order_customer_no_index" on "erp"."sales_order" ("customer_no");`,
    );
    this.addSql(
      `create table "erp"."sales_order_line" ("id" uuid not null, "order_id" uuid not null, "line_no" int not null, "item_id" uuid not null, "sku" varchar(40) not null, "description" varchar(200) not null, "quantity" int not null, "unit_price_minor" bigint not null, "price_source" text check ("price_source" in ('list', 'customer-price', 'quantity-break', 'quote')) not null, "discount_bp" int not null default 0, "net_minor" bigint not null, "tax_minor" bigint not null, "quantity_shipped" int not null default 0, "quantity_invoiced" int not null default 0, constraint "sales_order_line_pkey" primary key ("id"), constraint sales_order_line_discount_check check (discount_bp >= 0 and discount_bp <= 10000), constraint sales_order_line_quantities_check check (quantity > 0 and quantity_shipped >= 0 and quantity_shipped <= quantity and quantity_invoiced >= 0 and quantity_invoiced <= quantity_shipped));`,
    );
    this.addSql(
      `alter table "erp"."sales_order_line" add constraint "sales_order_line_order_line_unique" unique ("order_id", "line_no");`,
    );
    this.addSql(
      `create table "erp"."warehouse" ("id" uuid not null, "code" varchar(20) not null, "name" varchar(200) not null, "location_line1" varchar(200) not null, "location_city" varchar(100) not null, "location_postal_code" varchar(20) not null, "location_country" varchar(2) not null, "location_latitude" double precision null, "location_longitude" double precision null, "active" boolean not null default true, "created_at" timestamptz not null, constraint "warehouse_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "erp"."warehouse" add constraint "warehouse_code_unique" unique ("code");`,
    );
    this.addSql(
      `create table "erp"."stock_level" ("id" uuid not null, "item_id" uuid not null, "warehouse_id" uuid not null, "on_hand" int not null default 0, "reserved" int not null default 0, "value_minor" bigint not null default 0, "updated_at" timestamptz not null, constraint "stock_level_pkey" primary key ("id"), constraint stock_level_value_check check (value_minor >= 0), constraint stock_level_reserved_check check (reserved >= 0 and reserved <= on_hand), constraint stock_level_on_hand_check check (on_hand >= 0));`,
    );
    this.addSql(
      `alter table "erp"."stock_level" add constraint "stock_level_item_warehouse_unique" unique ("item_id", "warehouse_id");`,
    );
    this.addSql(
      `create table "erp"."stock_ledger_entry" ("id" uuid not null, "movement_key" varchar(120) not null, "item_id" uuid not null, "warehouse_id" uuid not null, "movement_type" text check ("movement_type" in ('receipt', 'shipment', 'adjustment', 'work-order-issue')) not null, "quantity" int not null, "value_minor" bigint not null, "balance_quantity" int not null, "balance_value_minor" bigint not null, "source_type" varchar(30) not null, "source_no" varchar(40) not null, "note" varchar(300) null, "posted_at" timestamptz not null, constraint "stock_ledger_entry_pkey" primary key ("id"), constraint stock_ledger_entry_quantity_check check (quantity <> 0));`,
    );
    this.addSql(
      `alter table "erp"."stock_ledger_entry" add constraint "stock_ledger_entry_movement_key_unique" unique ("movement_key");`,
    );
    this.addSql(
      `create index "stock_ledger_entry_item_warehouse_index" on "erp"."stock_ledger_entry" ("item_id", "warehouse_id");`,
    );
    this.addSql(
      `create table "erp"."shipment" ("id" uuid not null, "shipment_no" varchar(20) not null, "shipment_key" varchar(120) not null, "order_id" uuid not null, "customer_no" varchar(20) not null, "warehouse_id" uuid not null, "status" text check ("status" in ('open', 'picked', 'packed', 'shipped', 'delivered', 'cancelled')) not null default 'open', "carrier" varchar(60) null, "tracking_number" varchar(100) null, "package_count" int null, "picked_at" timestamptz null, "packed_at" timestamptz null, "shipped_at" timestamptz null, "delivered_at" timestamptz null, "cancelled_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "shipment_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "erp"."shipment" add constraint "shipment_shipment_no_unique" unique ("shipment_no");`,
    );
    this.addSql(
      `alter table "erp"."shipment" add constraint "shipment_shipment_key_unique" unique ("shipment_key");`,
    );
    this.addSql(`create index "shipment_order_id_index" on "erp"."shipment" ("order_id");`);
    this.addSql(
      `create table "erp"."shipment_line" ("id" uuid not null, "shipment_id" uuid not null, "line_no" int not null, "order_line_id" uuid not null, "item_id" uuid not null, "sku" varchar(40) not null, "quantity" int not null, "serial_numbers" jsonb not null, "cost_minor" bigint not null default 0, constraint "shipment_line_pkey" primary key ("id"), constraint shipment_line_quantity_check check (quantity > 0));`,
    );
    this.addSql(
      `create index "shipment_line_order_line_id_index" on "erp"."shipment_line" ("order_line_id");`,
    );
    this.addSql(
      `alter table "erp"."shipment_line" add constraint "shipment_line_shipment_line_unique" unique ("shipment_id", "line_no");`,
    );
    this.addSql(
      `create table "erp"."purchase_order" ("id" uuid not null, "po_no" varchar(20) not null, "po_key" varchar(120) not null, "supplier" varchar(200) not null, "warehouse_id" uuid not null, "sales_order_no" varchar(20) null, "status" text check ("status" in ('open', 'partially-received', 'received', 'cancelled')) not null default 'open', "currency" char(3) not null, "expected_on" date not null, "total_minor" bigint not null, "cancel_reason" varchar(300) null, "cancelled_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "purchase_order_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "erp"."purchase_order" add constraint "purchase_order_po_no_unique" unique ("po_no");`,
    );
    this.addSql(
      `alter table "erp"."purchase_order" add constraint "purchase_order_po_key_unique" unique ("po_key");`,
    );
    this.addSql(
      `create index "purchase_order_sales_order_no_index" on "erp"."purchase_order" ("sales_order_no");`,
    );
    this.addSql(
      `create table "erp"."purchase_order_line" ("id" uuid not null, "purchase_order_id" uuid not null, "line_no" int not null, "item_id" uuid not null, "sku" varchar(40) not null, "quantity" int not null, "unit_cost_minor" bigint not null, "quantity_received" int not null default 0, constraint "purchase_order_line_pkey" primary key ("id"), constraint purchase_order_line_cost_check check (unit_cost_minor >= 0), constraint purchase_order_line_quantities_check check (quantity > 0 and quantity_received >= 0 and quantity_received <= quantity));`,
    );
    this.addSql(
      `alter table "erp"."purchase_order_line" add constraint "purchase_order_line_po_line_unique" unique ("purchase_order_id", "line_no");`,
    );
    this.addSql(
      `create table "erp"."goods_receipt" ("id" uuid not null, "receipt_no" varchar(20) not null, "receipt_key" varchar(120) not null, "purchase_order_id" uuid not null, "warehouse_id" uuid not null, "value_minor" bigint not null, "received_at" timestamptz not null, constraint "goods_receipt_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "erp"."goods_receipt" add constraint "goods_receipt_receipt_no_unique" unique ("receipt_no");`,
    );
    this.addSql(
      `alter table "erp"."goods_receipt" add constraint "goods_receipt_receipt_key_unique" unique ("receipt_key");`,
    );
    this.addSql(
      `create index "goods_receipt_purchase_order_id_index" on "erp"."goods_receipt" ("purchase_order_id");`,
    );
    this.addSql(
      `create table "erp"."goods_receipt_line" ("id" uuid not null, "receipt_id" uuid not null, "line_no" int not null, "purchase_order_line_id" uuid not null, "item_id" uuid not null, "sku" varchar(40) not null, "quantity" int not null, "unit_cost_minor" bigint not null, "value_minor" bigint not null, constraint "goods_receipt_line_pkey" primary key ("id"), constraint goods_receipt_line_quantity_check check (quantity > 0));`,
    );
    this.addSql(
      `alter table "erp"."goods_receipt_line" add constraint "goods_receipt_line_receipt_line_unique" unique ("receipt_id", "line_no");`,
    );
    this.addSql(
      `create table "erp"."work_order" ("id" uuid not null, "work_order_no" varchar(20) not null, "work_order_key" varchar(120) not null, "case_ref" varchar(60) not null, "customer_id" uuid not null, "customer_no" varchar(20) not null, "dealer_ref" varchar(60) null, "asset_serial" varchar(60) null, "warranty" boolean not null, "description" varchar(500) null, "site_line1" varchar(200) null, "site_city" varchar(100) null, "site_postal_code" varchar(20) null, "site_country" varchar(2) null, "site_latitude" double precision null, "site_longitude" double precision null, "status" text check ("status" in ('open', 'completed', 'cancelled')) not null default 'open', "labour_minutes" int not null default 0, "labour_rate_minor" bigint not null, "parts_cost_minor" bigint not null default 0, "completed_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "work_order_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "erp"."work_order" add constraint "work_order_work_order_no_unique" unique ("work_order_no");`,
    );
    this.addSql(
      `alter table "erp"."work_order" add constraint "work_order_work_order_key_unique" unique ("work_order_key");`,
    );
    this.addSql(`create index "work_order_case_ref_index" on "erp"."work_order" ("case_ref");`);
    this.addSql(
      `create index "work_order_customer_no_index" on "erp"."work_order" ("customer_no");`,
    );
    this.addSql(
      `create table "erp"."invoice" ("id" uuid not null, "invoice_no" varchar(20) not null, "invoice_key" varchar(120) not null, "kind" text check ("kind" in ('sales', 'service')) not null, "customer_id" uuid not null, "customer_no" varchar(20) not null, "order_id" uuid null, "shipment_id" uuid null, "work_order_id" uuid null, "currency" char(3) not null, "issue_date" date not null, "due_date" date not null, "tax_rate_bp" int not null, "net_minor" bigint not null, "tax_minor" bigint not null, "gross_minor" bigint not null, "paid_minor" bigint not null default 0, "credited_minor" bigint not null default 0, "status" text check ("status" in ('open', 'partially-paid', 'paid', 'void')) not null default 'open', "voided_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "invoice_pkey" primary key ("id"), constraint invoice_source_check check ((shipment_id is null) <> (work_order_id is null)), constraint invoice_amounts_check check (net_minor >= 0 and tax_minor >= 0 and gross_minor = net_minor + tax_minor and paid_minor >= 0 and credited_minor >= 0 and paid_minor + credited_minor <= gross_minor));`,
    );
    this.addSql(
      `alter table "erp"."invoice" add constraint "invoice_invoice_no_unique" unique ("invoice_no");`,
    );
    this.addSql(
      `alter table "erp"."invoice" add constraint "invoice_invoice_key_unique" unique ("invoice_key");`,
    );
    this.addSql(`create index "invoice_customer_no_index" on "erp"."invoice" ("customer_no");`);
    this.addSql(`create index "invoice_order_id_index" on "erp"."invoice" ("order_id");`);
    this.addSql(
      `alter table "erp"."invoice" add constraint "invoice_shipment_id_unique" unique ("shipment_id");`,
    );
    this.addSql(
      `alter table "erp"."invoice" add constraint "invoice_work_order_id_unique" unique ("work_order_id");`,
    );
    this.addSql(`create index "invoice_due_date_index" on "erp"."invoice" ("due_date");`);
    this.addSql(
      `create table "erp"."payment_allocation" ("id" uuid not null, "payment_id" uuid not null, "invoice_id" uuid not null, "amount_minor" bigint not null, constraint "payment_allocation_pkey" primary key ("id"), constraint payment_allocation_amount_check check (amount_minor > 0));`,
    );
    this.addSql(
      `create index "payment_allocation_invoice_id_index" on "erp"."payment_allocation" ("invoice_id");`,
    );
    this.addSql(
      `alter table "erp"."payment_allocation" add constraint "payment_allocation_payment_invoice_unique" unique ("payment_id", "invoice_id");`,
    );
    this.addSql(
      `create table "erp"."invoice_line" ("id" uuid not null, "invoice_id" uuid not null, "line_no" int not null, "item_id" uuid null, "sku" varchar(40) null, "order_line_id" uuid null, "description" varchar(200) not null, "quantity" int not null, "unit_price_minor" bigint not null, "discount_bp" int not null default 0, "net_minor" bigint not null, "tax_minor" bigint not null, constraint "invoice_line_pkey" primary key ("id"), constraint invoice_line_quantity_check check (quantity > 0));`,
    );
    this.addSql(
      `alter table "erp"."invoice_line" add constraint "invoice_line_invoice_line_unique" unique ("invoice_id", "line_no");`,
    );
    this.addSql(
      `create table "erp"."credit_note" ("id" uuid not null, "credit_note_no" varchar(20) not null, "invoice_id" uuid not null, "customer_id" uuid not null, "customer_no" varchar(20) not null, "reason" varchar(300) not null, "currency" char(3) not null, "issue_date" date not null, "net_minor" bigint not null, "tax_minor" bigint not null, "gross_minor" bigint not null, "created_at" timestamptz not null, constraint "credit_note_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "erp"."credit_note" add constraint "credit_note_credit_note_no_unique" unique ("credit_note_no");`,
    );
    this.addSql(
      `alter table "erp"."credit_note" add constraint "credit_note_invoice_id_unique" unique ("invoice_id");`,
    );
    this.addSql(
      `create index "credit_note_customer_no_index" on "erp"."credit_note" ("customer_no");`,
    );
    this.addSql(
      `create table "erp"."work_order_part" ("id" uuid not null, "work_order_id" uuid not null, "line_no" int not null, "item_id" uuid not null, "sku" varchar(40) not null, "quantity" int not null, "quantity_used" int not null default 0, constraint "work_order_part_pkey" primary key ("id"), constraint work_order_part_quantities_check check (quantity >= 0 and quantity_used >= 0));`,
    );
    this.addSql(
      `alter table "erp"."work_order_part" add constraint "work_order_part_work_order_line_unique" unique ("work_order_id", "line_no");`,
    );
    this.addSql(
      `create table "erp"."reservation" ("id" uuid not null, "sales_order_line_id" uuid null, "work_order_part_id" uuid null, "item_id" uuid not null, "warehouse_id" uuid not null, "quantity" int not null, "status" text check ("status" in ('active', 'consumed', 'released')) not null default 'active', "shipment_id" uuid null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "reservation_pkey" primary key ("id"), constraint reservation_demand_check check ((sales_order_line_id is null) <> (work_order_part_id is null)), constraint reservation_quantity_check check (quantity > 0));`,
    );
    this.addSql(
      `create index "reservation_sales_order_line_id_index" on "erp"."reservation" ("sales_order_line_id");`,
    );
    this.addSql(
      `create index "reservation_work_order_part_id_index" on "erp"."reservation" ("work_order_part_id");`,
    );
    this.addSql(
      `create index "reservation_shipment_id_index" on "erp"."reservation" ("shipment_id");`,
    );
    this.addSql(
      `create index "reservation_item_warehouse_status_index" on "erp"."reservation" ("item_id", "warehouse_id", "status");`,
    );
    this.addSql(
      `alter table "erp"."journal_entry" add constraint "journal_entry_reversal_of_id_foreign" foreign key ("reversal_of_id") references "erp"."journal_entry" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "erp"."journal_line" add constraint "journal_line_entry_id_foreign" foreign key ("entry_id") references "erp"."journal_entry" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."journal_line" add constraint "journal_line_account_code_foreign" foreign key ("account_code") references "erp"."gl_account" ("code") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."payment" add constraint "payment_customer_id_foreign" foreign key ("customer_id") references "erp"."customer" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."price_list_entry" add constraint "price_list_entry_price_list_id_foreign" foreign key ("price_list_id") references "erp"."price_list" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."price_list_entry" add constraint "price_list_entry_item_id_foreign" foreign key ("item_id") references "erp"."item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."sales_order" add constraint "sales_order_customer_id_foreign" foreign key ("customer_id") references "erp"."customer" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."sales_order_line" add constraint "sales_order_line_order_id_foreign" foreign key ("order_id") references "erp"."sales_order" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."sales_order_line" add constraint "sales_order_line_item_id_foreign" foreign key ("item_id") references "erp"."item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."stock_level" add constraint "stock_level_item_id_foreign" foreign key ("item_id") references "erp"."item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."stock_level" add constraint "stock_level_warehouse_id_foreign" foreign key ("warehouse_id") references "erp"."warehouse" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."stock_ledger_entry" add constraint "stock_ledger_entry_item_id_foreign" foreign key ("item_id") references "erp"."item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."stock_ledger_entry" add constraint "stock_ledger_entry_warehouse_id_foreign" foreign key ("warehouse_id") references "erp"."warehouse" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."shipment" add constraint "shipment_order_id_foreign" foreign key ("order_id") references "erp"."sales_order" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."shipment" add constraint "shipment_warehouse_id_foreign" foreign key ("warehouse_id") references "erp"."warehouse" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."shipment_line" add constraint "shipment_line_shipment_id_foreign" foreign key ("shipment_id") references "erp"."shipment" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."shipment_line" add constraint "shipment_line_order_line_id_foreign" foreign key ("order_line_id") references "erp"."sales_order_line" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."shipment_line" add constraint "shipment_line_item_id_foreign" foreign key ("item_id") references "erp"."item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."purchase_order" add constraint "purchase_order_warehouse_id_foreign" foreign key ("warehouse_id") references "erp"."warehouse" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."purchase_order_line" add constraint "purchase_order_line_purchase_order_id_foreign" foreign key ("purchase_order_id") references "erp"."purchase_order" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."purchase_order_line" add constraint "purchase_order_line_item_id_foreign" foreign key ("item_id") references "erp"."item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."goods_receipt" add constraint "goods_receipt_purchase_order_id_foreign" foreign key ("purchase_order_id") references "erp"."purchase_order" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."goods_receipt" add constraint "goods_receipt_warehouse_id_foreign" foreign key ("warehouse_id") references "erp"."warehouse" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."goods_receipt_line" add constraint "goods_receipt_line_receipt_id_foreign" foreign key ("receipt_id") references "erp"."goods_receipt" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."goods_receipt_line" add constraint "goods_receipt_line_purchase_order_line_id_foreign" foreign key ("purchase_order_line_id") references "erp"."purchase_order_line" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."goods_receipt_line" add constraint "goods_receipt_line_item_id_foreign" foreign key ("item_id") references "erp"."item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."work_order" add constraint "work_order_customer_id_foreign" foreign key ("customer_id") references "erp"."customer" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."invoice" add constraint "invoice_customer_id_foreign" foreign key ("customer_id") references "erp"."customer" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."invoice" add constraint "invoice_order_id_foreign" foreign key ("order_id") references "erp"."sales_order" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "erp"."invoice" add constraint "invoice_shipment_id_foreign" foreign key ("shipment_id") references "erp"."shipment" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "erp"."invoice" add constraint "invoice_work_order_id_foreign" foreign key ("work_order_id") references "erp"."work_order" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "erp"."payment_allocation" add constraint "payment_allocation_payment_id_foreign" foreign key ("payment_id") references "erp"."payment" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."payment_allocation" add constraint "payment_allocation_invoice_id_foreign" foreign key ("invoice_id") references "erp"."invoice" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."invoice_line" add constraint "invoice_line_invoice_id_foreign" foreign key ("invoice_id") references "erp"."invoice" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."invoice_line" add constraint "invoice_line_item_id_foreign" foreign key ("item_id") references "erp"."item" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "erp"."invoice_line" add constraint "invoice_line_order_line_id_foreign" foreign key ("order_line_id") references "erp"."sales_order_line" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "erp"."credit_note" add constraint "credit_note_invoice_id_foreign" foreign key ("invoice_id") references "erp"."invoice" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."credit_note" add constraint "credit_note_customer_id_foreign" foreign key ("customer_id") references "erp"."customer" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."work_order_part" add constraint "work_order_part_work_order_id_foreign" foreign key ("work_order_id") references "erp"."work_order" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."work_order_part" add constraint "work_order_part_item_id_foreign" foreign key ("item_id") references "erp"."item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."reservation" add constraint "reservation_sales_order_line_id_foreign" foreign key ("sales_order_line_id") references "erp"."sales_order_line" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "erp"."reservation" add constraint "reservation_work_order_part_id_foreign" foreign key ("work_order_part_id") references "erp"."work_order_part" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "erp"."reservation" add constraint "reservation_item_id_foreign" foreign key ("item_id") references "erp"."item" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."reservation" add constraint "reservation_warehouse_id_foreign" foreign key ("warehouse_id") references "erp"."warehouse" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "erp"."reservation" add constraint "reservation_shipment_id_foreign" foreign key ("shipment_id") references "erp"."shipment" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "erp"."customer" add column "credit_hold_reason" varchar(300) null, add column "credit_hold_since" timestamptz null, add column "price_list_id" uuid null;`,
    );
    this.addSql(
      `alter table "erp"."customer" add constraint "customer_price_list_id_foreign" foreign key ("price_list_id") references "erp"."price_list" ("id") on update cascade on delete set null;`,
    );

    for (const sequence of Object.values(documentSequences)) {
      this.addSql(`create sequence if not exists "erp"."${sequence}";`);
    }
    for (const account of chartOfAccounts) {
      this.addSql(
        `insert into "erp"."gl_account" ("code", "name", "type") values ('${account.code}', '${account.name}', '${account.type}');`,
      );
    }
    // Posted means final: no UPDATE, DELETE or TRUNCATE of journal entries, their lines, or
    // stock movements. Corrections are new entries.
    this
      .addSql(`create function "erp"."refuse_change_to_posted"() returns trigger language plpgsql as $$
begin
  raise exception '% is posted and immutable: % refused', tg_table_name, tg_op using errcode = 'P0001';
end $$;`);
    for (const table of ['journal_entry', 'journal_line', 'stock_ledger_entry']) {
      this.addSql(
        `create trigger "${table}_immutable" before update or delete on "erp"."${table}" for each row execute function "erp"."refuse_change_to_posted"();`,
      );
      this.addSql(
        `create trigger "${table}_no_truncate" before truncate on "erp"."${table}" for each statement execute function "erp"."refuse_change_to_posted"();`,
      );
    }
    // Checked at commit, after all lines of the entry are in: debits = credits, two lines at least.
    this
      .addSql(`create function "erp"."check_journal_entry_balanced"() returns trigger language plpgsql as $$
declare
  debits bigint;
  credits bigint;
  line_count int;
begin
  select coalesce(sum(debit_minor), 0), coalesce(sum(credit_minor), 0), count(*)
    into debits, credits, line_count
    from "erp"."journal_line" where entry_id = new.id;
  if debits <> credits or line_count < 2 then
    raise exception 'journal entry % does not balance: debits %, credits %, % lines', new.entry_no, debits, credits, line_count
      using errcode = 'P0001';
  end if;
  return null;
end $$;`);
    this.addSql(
      `create constraint trigger "journal_entry_balanced" after insert on "erp"."journal_entry" deferrable initially deferred for each row execute function "erp"."check_journal_entry_balanced"();`,
    );
  }

  override async down(): Promise<void> {
    for (const table of [
      'reservation',
      'work_order_part',
      'credit_note',
      'invoice_line',
      'payment_allocation',
      'invoice',
      'work_order',
      'goods_receipt_line',
      'goods_receipt',
      'purchase_order_line',
      'purchase_order',
      'shipment_line',
      'shipment',
      'stock_ledger_entry',
      'stock_level',
      'warehouse',
      'sales_order_line',
      'sales_order',
      'price_list_entry',
      'payment',
      'journal_line',
      'journal_entry',
      'item',
      'gl_account',
    ]) {
      this.addSql(`drop table if exists "erp"."${table}" cascade;`);
    }
    this.addSql(
      'alter table "erp"."customer" drop column "credit_hold_reason", drop column "credit_hold_since", drop column "price_list_id";',
    );
    this.addSql('drop table if exists "erp"."price_list" cascade;');
    for (const sequence of Object.values(documentSequences)) {
      this.addSql(`drop sequence if exists "erp"."${sequence}";`);
    }
    this.addSql('drop function if exists "erp"."refuse_change_to_posted"() cascade;');
    this.addSql('drop function if exists "erp"."check_journal_entry_balanced"() cascade;');
  }
}
