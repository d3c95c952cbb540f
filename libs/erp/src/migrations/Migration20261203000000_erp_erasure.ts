import { Migration } from '@mikro-orm/migrations';

/**
 * The right to be forgotten (issue 12): an anonymized customer master records when
 * (`erased_at`), by which erasure (`erasure_ref`, e.g. the erasure process's business key), and
 * what the anonymization did in counts (`erasure_summary`), so a repeat returns the same result
 * and changes nothing.
 */
export class Migration20261203000000ErpErasure extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "erp"."customer" add column "erased_at" timestamptz null, add column "erasure_ref" varchar(200) null, add column "erasure_summary" jsonb null;`,
    );
  }

  /** The anonymized customers stay anonymous (their data is gone); only the record of it is dropped. */
  override async down(): Promise<void> {
    this.addSql(
      `alter table "erp"."customer" drop column "erased_at", drop column "erasure_ref", drop column "erasure_summary";`,
    );
  }
}
