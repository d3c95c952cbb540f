import { PrimaryKeyProp } from '@mikro-orm/core';
import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

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
