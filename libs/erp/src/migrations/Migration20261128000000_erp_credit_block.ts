import { Migration } from '@mikro-orm/migrations';

const statusesBefore = [
  'confirmed',
  'partially-shipped',
  'shipped',
  'invoiced',
  'closed',
  'cancelled',
];
const statusesAfter = ['credit-blocked', ...statusesBefore];

const statusCheck = (statuses: string[]) =>
  `alter table "erp"."sales_order" add constraint "sales_order_status_check" check("status" in (${statuses.map((s) => `'${s}'`).join(', ')}));`;

/**
 * Credit-blocked sales orders: an order that fails the credit check can be created as
 * `credit-blocked` (waiting for finance) instead of being refused. The status check admits the
 * new status, `credit_block_reason` records why (`over-limit`, `credit-hold`), and a blocked
 * order without a reason is refused by the database.
 */
export class Migration20261128000000ErpCreditBlock extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "erp"."sales_order" drop constraint if exists "sales_order_status_check";`,
    );
    this.addSql(statusCheck(statusesAfter));
    this.addSql(
      `alter table "erp"."sales_order" add column "credit_block_reason" text check ("credit_block_reason" in ('over-limit', 'credit-hold')) null;`,
    );
    this.addSql(
      `alter table "erp"."sales_order" add constraint sales_order_credit_block_check check(status <> 'credit-blocked' or credit_block_reason is not null);`,
    );
  }

  /** Fails (and changes nothing) while an order is still credit-blocked: release or cancel it first. */
  override async down(): Promise<void> {
    this.addSql(
      `alter table "erp"."sales_order" drop constraint if exists "sales_order_credit_block_check";`,
    );
    this.addSql(`alter table "erp"."sales_order" drop column "credit_block_reason";`);
    this.addSql(
      `alter table "erp"."sales_order" drop constraint if exists "sales_order_status_check";`,
    );
    this.addSql(statusCheck(statusesBefore));
  }
}
