import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { FilterQuery } from '@mikro-orm/core';
import { NotFoundError } from '@throughline/common';
import { GlAccount, type AccountType } from './gl-account.entity';
import { JournalEntry } from './journal-entry.entity';

export interface AccountBalance {
  code: string;
  name: string;
  type: AccountType;
  debitMinor: number;
  creditMinor: number;
  /** Debits − credits: positive for assets and expenses, negative for liabilities and revenue. */
  balanceMinor: number;
}

export interface JournalEntryFilter {
  sourceType?: string;
  sourceNo?: string;
  account?: string;
  limit: number;
  offset: number;
}

/** Reads of the general ledger: entries and account balances. */
@Injectable()
export class LedgerService {
  constructor(private readonly em: EntityManager) {}

  async balances(): Promise<AccountBalance[]> {
    const accounts = await this.em.find(GlAccount, {}, { orderBy: { code: 'asc' } });
    const rows = await this.em.execute<{ account_code: string; debit: string; credit: string }[]>(
      `select account_code, coalesce(sum(debit_minor), 0) as debit, coalesce(sum(credit_minor), 0) as credit
         from erp.journal_line group by account_code`,
    );
    const byCode = new Map(rows.map((r) => [r.account_code, r]));
    return accounts.map((account) => {
      const row = byCode.get(account.code);
      const debitMinor = Number(row?.debit ?? 0);
      const creditMinor = Number(row?.credit ?? 0);
      return {
        code: account.code,
        name: account.name,
        type: account.type,
        debitMinor,
        creditMinor,
        balanceMinor: debitMinor - creditMinor,
      };
    });
  }

  async list(filter: JournalEntryFilter): Promise<{ items: JournalEntry[]; total: number }> {
    const where: FilterQuery<JournalEntry> = {};
    if (filter.sourceType) where.sourceType = filter.sourceType;
    if (filter.sourceNo) where.sourceNo = filter.sourceNo;
    if (filter.account) where.lines = { account: filter.account };
    const [items, total] = await this.em.findAndCount(JournalEntry, where, {
      populate: ['lines', 'reversalOf'],
      orderBy: { postedAt: 'desc', entryNo: 'desc' },
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items, total };
  }

  async get(entryNo: string): Promise<JournalEntry> {
    const entry = await this.em.findOne(
      JournalEntry,
      { entryNo },
      { populate: ['lines', 'reversalOf'] },
    );
    if (!entry) throw new NotFoundError('journal-entry', entryNo);
    return entry;
  }

  /** The entries posted for one document, e.g. every entry of shipment SH-000001. */
  async entriesOf(sourceType: string, sourceNo: string): Promise<JournalEntry[]> {
    return this.em.find(
      JournalEntry,
      { sourceType, sourceNo },
      { populate: ['lines', 'reversalOf'], orderBy: { entryNo: 'asc' } },
    );
  }
}
