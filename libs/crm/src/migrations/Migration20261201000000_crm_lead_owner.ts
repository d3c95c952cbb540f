import { Migration } from '@mikro-orm/migrations';

const open = `"status" in ('new', 'qualified')`;

/**
 * A lead is owned by the process that captured it (`owner_process_id`, e.g. the lead-to-cash
 * workflow id). Two processes that start at once for one email each get their own lead, so they
 * never share an opportunity, quote or order; captures without an owner (web form, REST) keep
 * one open lead per email among the unowned ones. The single partial unique index on open leads
 * becomes two:
 * - `lead_open_email_unowned_unique`: one open lead per email that no process owns, which a
 *   process may claim (a conditional update, so exactly one claimant wins);
 * - `lead_open_email_owner_unique`: one open lead per email per owning process, so the same
 *   process capturing again (an activity retry) gets the same lead.
 */
export class Migration20261201000000CrmLeadOwner extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "crm"."lead" add column "owner_process_id" varchar(200) null;`);
    this.addSql(`drop index if exists "crm"."lead_open_email_unique";`);
    this.addSql(
      `create unique index "lead_open_email_unowned_unique" on "crm"."lead" ("email") where ${open} and "owner_process_id" is null;`,
    );
    this.addSql(
      `create unique index "lead_open_email_owner_unique" on "crm"."lead" ("email", "owner_process_id") where ${open} and "owner_process_id" is not null;`,
    );
    this.addSql(
      `create index "lead_owner_process_id_index" on "crm"."lead" ("owner_process_id") where "owner_process_id" is not null;`,
    );
  }

  /** Fails (and changes nothing) while two open leads share an email: close one of them first. */
  override async down(): Promise<void> {
    this.addSql(`drop index if exists "crm"."lead_owner_process_id_index";`);
    this.addSql(`drop index if exists "crm"."lead_open_email_owner_unique";`);
    this.addSql(`drop index if exists "crm"."lead_open_email_unowned_unique";`);
    this.addSql(
      `create unique index "lead_open_email_unique" on "crm"."lead" ("email") where ${open};`,
    );
    this.addSql(`alter table "crm"."lead" drop column "owner_process_id";`);
  }
}
