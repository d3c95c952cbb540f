import { Inject, Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NotFoundError } from '@throughline/common';
import { ERP_POLICY, type ErpPolicy } from '../erp.policy';
import { isoDate } from '../shared/dates.rule';
import { nextDocumentNo } from '../shared/document-number';
import { ErpErrorCodes } from '../shared/erp.errors';
import { Accounts, type AccountCode } from './chart-of-accounts';

/**
 * Accounts kept equal to a subledger (AR = open invoices − payments, Inventory = stock ledger):
 * only their documents post to them, so the invariants hold.
 */
const controlAccounts: AccountCode[] = [Accounts.accountsReceivable, Accounts.inventory];
import { GlAccount } from './gl-account.entity';
import { JournalEntry } from './journal-entry.entity';
import { JournalLine } from './journal-line.entity';

export interface PostingLine {
  account: AccountCode;
  debitMinor?: number;
  creditMinor?: number;
}

export interface PostingInput {
  /** The business event, e.g. `invoice:INV-000045`; an event is posted once. */
  entryKey: string;
  description: string;
  sourceType: string;
  sourceNo: string;
  entryDate?: string;
  lines: PostingLine[];
}

/** A journal entry that does not balance: a bug in the caller, refused before it is written. */
export class UnbalancedEntryError extends DomainError {
  constructor(entryKey: string, debits: number, credits: number) {
    super(
      'business-rule',
      ErpErrorCodes.unbalancedEntry,
      `journal entry ${entryKey} does not balance: debits ${debits}, credits ${credits}`,
      { entryKey, debits, credits },
    );
  }
}

/**
 * Writes journal entries: balanced, one per business event, never changed afterwards (the
 * database refuses UPDATE and DELETE). Posting runs inside the caller's transaction, so the
 * document and its entry commit together or not at all.
 */
@Injectable()
export class PostingService {
  constructor(
    private readonly em: EntityManager,
    @Inject(ERP_POLICY) private readonly policy: ErpPolicy,
  ) {}

  /** Posts an entry in `tx`; zero lines are dropped and nothing is posted when all are zero. */
  async post(tx: EntityManager, input: PostingInput): Promise<JournalEntry | undefined> {
    const lines = input.lines.filter(
      (l) => (l.debitMinor ?? 0) !== 0 || (l.creditMinor ?? 0) !== 0,
    );
    if (lines.length === 0) return undefined;
    let debits = 0;
    let credits = 0;
    for (const line of lines) {
      const debit = line.debitMinor ?? 0;
      const credit = line.creditMinor ?? 0;
      const valid =
        Number.isSafeInteger(debit) &&
        Number.isSafeInteger(credit) &&
        debit >= 0 &&
        credit >= 0 &&
        debit > 0 !== credit > 0;
      if (!valid) throw new UnbalancedEntryError(input.entryKey, debit, credit);
      debits += debit;
      credits += credit;
    }
    if (debits !== credits || lines.length < 2) {
      throw new UnbalancedEntryError(input.entryKey, debits, credits);
    }
    const existing = await tx.findOne(JournalEntry, { entryKey: input.entryKey });
    if (existing) return existing;
    const entry = tx.create(JournalEntry, {
      entryNo: await nextDocumentNo(tx, 'JE'),
      entryKey: input.entryKey,
      entryDate: input.entryDate ?? isoDate(new Date()),
      description: input.description.slice(0, 300),
      sourceType: input.sourceType,
      sourceNo: input.sourceNo,
      currency: this.policy.ERP_CURRENCY,
    });
    lines.forEach((line, index) =>
      tx.create(JournalLine, {
        entry,
        lineNo: index + 1,
        account: tx.getReference(GlAccount, line.account),
        debitMinor: line.debitMinor ?? 0,
        creditMinor: line.creditMinor ?? 0,
      }),
    );
    return entry;
  }

  /**
   * Reverses a posted entry with a new entry whose debits and credits are swapped; the original
   * stays as it was. Reversing twice returns the first reversal. Entries on control accounts are
   * reversed through their documents (a credit note voids an invoice), never directly.
   */
  async reverse(entryNo: string, reason: string): Promise<JournalEntry> {
    const reversalNo = await this.em.transactional(async (tx) => {
      const original = await tx.findOne(
        JournalEntry,
        { entryNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!original) throw new NotFoundError('journal-entry', entryNo);
      const existing = await tx.findOne(JournalEntry, { reversalOf: original });
      if (existing) return existing.entryNo;
      const lines = await tx.find(JournalLine, { entry: original }, { orderBy: { lineNo: 'asc' } });
      const controlled = lines.filter((l) =>
        controlAccounts.includes(l.account.code as AccountCode),
      );
      if (controlled.length > 0) {
        throw new DomainError(
          'business-rule',
          ErpErrorCodes.controlAccount,
          `${entryNo} posts to ${controlled.map((l) => l.account.code).join(', ')}, which only their documents may change: reverse the document instead (credit note, stock adjustment)`,
          { entryNo },
        );
      }
      const reversal = await this.post(tx, {
        entryKey: `reversal:${original.entryNo}`,
        description: `Reversal of ${original.entryNo}: ${reason}`,
        sourceType: original.sourceType,
        sourceNo: original.sourceNo,
        lines: lines.map((line) => ({
          account: line.account.code as AccountCode,
          debitMinor: line.creditMinor,
          creditMinor: line.debitMinor,
        })),
      });
      reversal!.reversalOf = original;
      return reversal!.entryNo;
    });
    return this.em.findOneOrFail(
      JournalEntry,
      { entryNo: reversalNo },
      { populate: ['lines'], refresh: true },
    );
  }
}
