import { isDeepStrictEqual } from 'node:util';
import type { FilterQuery, FindOptions } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/** A record's state as an audit row keeps it: plain JSON, only what the change may touch. */
export type ChangeSnapshot = Record<string, unknown>;

/** What an administrator did to which record. */
export interface AdminChangeSubject {
  /** e.g. `customer`, `item`, `dealer`. */
  entityType: string;
  /** The record's business key: customerNo, sku, dealer code … */
  entityId: string;
  /** e.g. `create`, `update`, `set-price`, `adjust-stock`. */
  action: string;
  /** The user of the API key that made the change. */
  actor: string;
}

/**
 * One row of the `admin_change` table every system of record keeps in its own schema: a change
 * made over REST that bypasses a process's controls, with the record before and after it.
 */
export interface AdminChangeRecord extends AdminChangeSubject {
  id: string;
  at: Date;
  /** null: the change created the record. */
  before: ChangeSnapshot | null;
  after: ChangeSnapshot | null;
}

export interface AdminChangeView extends AdminChangeSubject {
  id: string;
  at: string;
  before: ChangeSnapshot | null;
  after: ChangeSnapshot | null;
}

export interface AdminChangeFilter {
  entityType?: string;
  entityId?: string;
  actor?: string;
  limit: number;
  offset: number;
}

/**
 * The audit trail of one schema's administrative changes. Each system (CRM, ERP) gives it its
 * own `AdminChange` entity; rows are written in the transaction of the change they describe.
 */
export class AdminChangeLog<E extends AdminChangeRecord> {
  constructor(
    private readonly em: EntityManager,
    private readonly entity: new () => E,
  ) {}

  /**
   * Applies a change and records who made it, when, and the record before and after, in one
   * transaction: both are written or neither. `read` gives the record's state (null while it does
   * not exist) and runs inside the transaction, before and after `apply`; it may lock the row. A
   * change that leaves the record as it was (the same value again) records nothing.
   */
  async audited<R>(
    subject: AdminChangeSubject,
    read: () => Promise<ChangeSnapshot | null>,
    apply: () => Promise<R>,
  ): Promise<R> {
    return this.em.transactional(async () => {
      const before = await read();
      const result = await apply();
      const after = await read();
      await this.record(subject, before, after);
      return result;
    });
  }

  /**
   * Records a change whose before and after the caller knows, in the transaction the caller has
   * open (`em.transactional`); nothing when they are equal.
   */
  async record(
    subject: AdminChangeSubject,
    before: ChangeSnapshot | null,
    after: ChangeSnapshot | null,
  ): Promise<void> {
    if (isDeepStrictEqual(before, after)) return;
    const row = Object.assign(new this.entity(), { ...subject, at: new Date(), before, after });
    await this.em.persist(row).flush();
  }

  /** The changes that match, newest first. */
  async list(filter: AdminChangeFilter): Promise<{ items: AdminChangeView[]; total: number }> {
    const where = {
      ...(filter.entityType ? { entityType: filter.entityType } : {}),
      ...(filter.entityId ? { entityId: filter.entityId } : {}),
      ...(filter.actor ? { actor: filter.actor } : {}),
    } as FilterQuery<E>;
    const [rows, total] = await this.em.findAndCount(this.entity, where, {
      orderBy: { at: 'desc', id: 'desc' } as FindOptions<E>['orderBy'],
      limit: filter.limit,
      offset: filter.offset,
    });
    return { items: rows.map(toAdminChangeView), total };
  }
}

export function toAdminChangeView(change: AdminChangeRecord): AdminChangeView {
  return {
    id: change.id,
    entityType: change.entityType,
    entityId: change.entityId,
    action: change.action,
    actor: change.actor,
    at: change.at.toISOString(),
    before: change.before,
    after: change.after,
  };
}
