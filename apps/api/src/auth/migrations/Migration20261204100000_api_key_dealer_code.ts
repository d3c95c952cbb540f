import { Migration } from '@mikro-orm/migrations';

/**
 * API schema: an admin-created key with the role `dealer` names its dealer (issue 13). The
 * database holds the same binding rule as the API: a dealer key has a dealer code and no other
 * role, and no other key has one.
 */
export class Migration20261204100000ApiKeyDealerCode extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "api"."api_key" add column "dealer_code" varchar(30) null;`);
    this.addSql(
      `alter table "api"."api_key" add constraint "api_key_dealer_code_check" check (("dealer_code" is not null) = ('dealer' = any("roles")) and ("dealer_code" is null or cardinality("roles") = 1));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table "api"."api_key" drop constraint if exists "api_key_dealer_code_check";`,
    );
    this.addSql(`alter table "api"."api_key" drop column if exists "dealer_code";`);
  }
}
