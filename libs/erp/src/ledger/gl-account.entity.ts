import { Entity, Enum, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';

export const accountTypes = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;
export type AccountType = (typeof accountTypes)[number];

/** An account of the chart of accounts; the chart is loaded by the migrations. */
@Entity({ tableName: 'gl_account' })
export class GlAccount {
  [PrimaryKeyProp]?: 'code';

  @PrimaryKey({ type: 'string', length: 10 })
  code!: string;

  @Property({ type: 'string', length: 100 })
  name!: string;

  @Enum({ items: () => [...accountTypes] })
  type!: AccountType;
}
