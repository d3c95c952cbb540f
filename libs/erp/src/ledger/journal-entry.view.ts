import type { JournalEntry } from './journal-entry.entity';

export interface JournalEntryView {
  entryNo: string;
  entryKey: string;
  entryDate: string;
  description: string;
  sourceType: string;
  sourceNo: string;
  currency: string;
  reversalOf?: string;
  postedAt: string;
  lines: { lineNo: number; account: string; debitMinor: number; creditMinor: number }[];
  totalMinor: number;
}

export function toJournalEntryView(entry: JournalEntry): JournalEntryView {
  const lines = entry.lines.getItems().map((line) => ({
    lineNo: line.lineNo,
    account: line.account.code,
    debitMinor: line.debitMinor,
    creditMinor: line.creditMinor,
  }));
  return {
    entryNo: entry.entryNo,
    entryKey: entry.entryKey,
    entryDate: entry.entryDate,
    description: entry.description,
    sourceType: entry.sourceType,
    sourceNo: entry.sourceNo,
    currency: entry.currency,
    ...(entry.reversalOf ? { reversalOf: entry.reversalOf.entryNo } : {}),
    postedAt: entry.postedAt.toISOString(),
    lines,
    totalMinor: lines.reduce((sum, line) => sum + line.debitMinor, 0),
  };
}
