import { randomUUID } from 'node:crypto';
import { Collection, OptionalProps, type Rel } from '@mikro-orm/core';
import {
  Entity,
  Index,
  ManyToOne,
  OneToMany,
  PrimaryKey,
  Property,
} from '@mikro-orm/decorators/legacy';
import { JournalLine } from './journal-line.entity';

/**
 * A posted, balanced journal entry. The database refuses UPDATE and DELETE on entries and lines
 * and an entry whose lines do not balance at commit; a correction is a new reversing entry.
 */
@Entity({ tableName: 'journal_entry' })
@Index({ name: 'journal_entry_source_index', properties: ['sourceType', 'sourceNo'] })
export class JournalEntry {
  [OptionalProps]?: 'postedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 20, unique: true })
  entryNo!: string;

  /** The business event posted, e.g. `invoice:INV-000045`; each is posted once. */
  @Property({ type: 'string', length: 120, unique: true })
  entryKey!: string;

  @Property({ type: 'date' })
  entryDate!: string;

  @Property({ type: 'string', length: 300 })
  description!: string;

  @Property({ type: 'string', length: 30 })
  sourceType!: string;

  @Property({ type: 'string', length: 40 })
  sourceNo!: string;

  @Property({ type: 'string', length: 3, columnType: 'char(3)' })
  currency!: string;

  @ManyToOne(() => JournalEntry, { nullable: true, unique: true })
  reversalOf?: Rel<JournalEntry>;

  @Property({ type: 'datetime' })
  postedAt: Date = new Date();

  @OneToMany(() => JournalLine, (line) => line.entry, { orderBy: { lineNo: 'asc' } })
  lines = new Collection<JournalLine>(this);
}
