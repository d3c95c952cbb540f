import { Injectable } from '@nestjs/common';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { DomainError, NotFoundError } from '@throughline/common';
import { Account } from '../accounts/account.entity';
import { TimelineEntry } from './timeline-entry.entity';

export interface TimelineInput {
  /** Business key of the step, e.g. `invoice-sent:INV-000045`; the same key twice is one entry. */
  sourceKey: string;
  kind: string;
  summary: string;
  occurredAt?: Date;
  processId?: string;
  details?: Record<string, unknown>;
}

@Injectable()
export class TimelineService {
  constructor(private readonly em: EntityManager) {}

  /** Appends an entry to a customer's timeline once per sourceKey. */
  async append(
    customerNo: string,
    input: TimelineInput,
  ): Promise<{ entry: TimelineEntry; created: boolean }> {
    const existing = await this.em.findOne(
      TimelineEntry,
      { sourceKey: input.sourceKey },
      { populate: ['account'] },
    );
    if (existing) return { entry: this.sameAccount(existing, customerNo), created: false };
    try {
      return await this.em.transactional(async (tx) => {
        const account = await tx.findOne(Account, { customerNo });
        if (!account) throw new NotFoundError('account', customerNo);
        return appendTimelineIn(tx, account, input);
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      this.em.clear();
      const winner = await this.em.findOne(
        TimelineEntry,
        { sourceKey: input.sourceKey },
        { populate: ['account'] },
      );
      if (!winner) throw error;
      return { entry: this.sameAccount(winner, customerNo), created: false };
    }
  }

  /** The newest entries first. */
  async recent(accountId: string, limit = 20): Promise<TimelineEntry[]> {
    return this.em.find(
      TimelineEntry,
      { account: accountId },
      { orderBy: { position: 'desc' }, limit },
    );
  }

  private sameAccount(entry: TimelineEntry, customerNo: string): TimelineEntry {
    if (entry.account.customerNo !== customerNo) {
      throw new DomainError(
        'conflict',
        'timeline-source-key-taken',
        `timeline source key ${entry.sourceKey} belongs to account ${entry.account.customerNo}`,
        { sourceKey: entry.sourceKey },
      );
    }
    return entry;
  }
}

/**
 * Appends inside the caller's transaction (every query on `tx`: see the embedded PostgreSQL
 * caveat). The account row lock serializes appends per account, so positions are 1, 2, 3 …
 * in the order the entries were recorded.
 */
export async function appendTimelineIn(
  tx: EntityManager,
  account: Account,
  input: TimelineInput,
): Promise<{ entry: TimelineEntry; created: boolean }> {
  await tx.flush();
  // A raw row lock: em.lock() leaves out the entity's schema.
  await tx.execute(`select 1 from "crm"."account" where "id" = ? for update`, [account.id]);
  const existing = await tx.findOne(TimelineEntry, { sourceKey: input.sourceKey });
  if (existing) return { entry: existing, created: false };
  const [{ last }] = await tx.execute<{ last: number }[]>(
    `select coalesce(max("position"), 0)::int as last from "crm"."timeline_entry" where "account_id" = ?`,
    [account.id],
  );
  const entry = tx.create(TimelineEntry, {
    account,
    position: Number(last) + 1,
    sourceKey: input.sourceKey,
    kind: input.kind,
    summary: input.summary,
    occurredAt: input.occurredAt ?? new Date(),
    processId: input.processId,
    details: input.details ?? {},
  });
  await tx.flush();
  return { entry, created: true };
}
