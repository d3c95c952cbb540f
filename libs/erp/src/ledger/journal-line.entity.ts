import { randomUUID } from 'node:crypto';
import { BigIntType, type Rel } from '@mikro-orm/core';
import {
  Check,
  Entity,
  ManyToOne,
  PrimaryKey,
  Property,
  Unique,
} from '@mikro-orm/decorators/legacy';
import { GlAccount } from './gl-account.entity';
import { JournalEntry } from './journal-entry.entity';

/** One debit or credit of an entry: exactly one of the two is positive. */
@Entity({ tableName: 'journal_line' })
@Unique({ name: 'journal_line_entry_line_unique', properties: ['entry', 'lineNo'] })
@Check({
  name: 'journal_line_side_check',
  expression:
    'debit_minor >= 0 and credit_minor >= 0 and ((debit_minor > 0) <> (credit_minor > 0))',
})
export class JournalLine {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => JournalEntry)
  entry!: Rel<JournalEntry>;

  @Property({ type: 'integer' })
  lineNo!: number;

  @ManyToOne(() => GlAccount, { index: true })
  account!: Rel<GlAccount>;

  @Property({ type: new BigIntType('number') })
  debitMinor!: number;

  @Property({ type: new BigIntType('number') })
  creditMinor!: number;
}
