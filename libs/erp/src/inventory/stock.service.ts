import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { Item } from '../catalog/item.entity';
import { Accounts } from '../ledger/chart-of-accounts';
import { PostingService } from '../ledger/posting.service';
import { proportion } from '../shared/money.rule';
import {
  BadQuantityError,
  InsufficientStockError,
  UnknownSkuError,
  UnknownWarehouseError,
  ErpErrorCodes,
} from '../shared/erp.errors';
import { StockLedgerEntry, type MovementType } from './stock-ledger-entry.entity';
import { StockLevel } from './stock-level.entity';
import { Warehouse } from './warehouse.entity';

export interface Movement {
  /** Makes the movement happen once, e.g. `shipment:SH-000001:1`. */
  movementKey: string;
  type: MovementType;
  sourceType: string;
  sourceNo: string;
  note?: string;
}

export interface StockAdjustmentInput {
  /** Idempotency key of the adjustment (a stock count id, `seed:opening:…`). */
  adjustmentKey: string;
  sku: string;
  warehouseCode: string;
  /** Units in (+) or out (−). */
  quantity: number;
  /** Value per unit of stock coming in; the item's standard cost when unset. */
  unitCostMinor?: number;
  reason: string;
  /** Opening stock is booked against Opening Balance Equity instead of Inventory Adjustments. */
  opening?: boolean;
}

export interface StockFilter {
  sku?: string;
  warehouseCode?: string;
  limit: number;
  offset: number;
}

/**
 * The only writer of stock levels and the stock ledger. Every change happens in the caller's
 * transaction under a row lock on the stock level and writes one ledger entry with its value, so
 * on hand and stock value always equal the ledger's sums.
 */
@Injectable()
export class StockService {
  constructor(
    private readonly em: EntityManager,
    private readonly posting: PostingService,
  ) {}

  /**
   * Locks (SELECT … FOR UPDATE) every stock level of these items, in id order so that two
   * transactions never wait for each other in a cycle. Two orders that want the last unit both
   * queue on the same row: the second sees what the first left.
   */
  async lockLevelsOfItems(tx: EntityManager, itemIds: string[]): Promise<StockLevel[]> {
    if (itemIds.length === 0) return [];
    return tx.find(
      StockLevel,
      { item: { $in: [...new Set(itemIds)] } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, refresh: true },
    );
  }

  /** Locks the stock levels of (item, warehouse) pairs, creating the missing ones first. */
  async lockLevels(
    tx: EntityManager,
    pairs: { item: Item; warehouse: Warehouse }[],
  ): Promise<Map<string, StockLevel>> {
    for (const { item, warehouse } of pairs) {
      await tx
        .createQueryBuilder(StockLevel)
        .insert({ id: randomUUID(), item: item.id, warehouse: warehouse.id, updatedAt: new Date() })
        .onConflict(['item', 'warehouse'])
        .ignore()
        .execute();
    }
    const levels = await this.lockLevelsOfItems(
      tx,
      pairs.map((p) => p.item.id),
    );
    return new Map(levels.map((level) => [levelKey(level.item.id, level.warehouse.id), level]));
  }

  /** Units in: on hand and value go up by what arrived. */
  moveIn(
    tx: EntityManager,
    level: StockLevel,
    quantity: number,
    valueMinor: number,
    movement: Movement,
  ): StockLedgerEntry {
    level.onHand += quantity;
    level.valueMinor += valueMinor;
    return this.record(tx, level, quantity, valueMinor, movement);
  }

  /**
   * Units out at moving average cost; `reservedQuantity` of them were held by reservations,
   * the rest must be available. Returns the ledger entry, whose value is negative.
   */
  moveOut(
    tx: EntityManager,
    level: StockLevel,
    quantity: number,
    movement: Movement,
    reservedQuantity = 0,
  ): StockLedgerEntry {
    const free = quantity - reservedQuantity;
    if (reservedQuantity > level.reserved || free > level.available) {
      throw new InsufficientStockError(
        level.item.sku,
        quantity,
        level.available + reservedQuantity,
      );
    }
    const valueMinor = proportion(level.valueMinor, quantity, level.onHand);
    level.onHand -= quantity;
    level.valueMinor -= valueMinor;
    level.reserved -= reservedQuantity;
    return this.record(tx, level, -quantity, -valueMinor, movement);
  }

  private record(
    tx: EntityManager,
    level: StockLevel,
    quantity: number,
    valueMinor: number,
    movement: Movement,
  ): StockLedgerEntry {
    return tx.create(StockLedgerEntry, {
      movementKey: movement.movementKey,
      item: level.item,
      warehouse: level.warehouse,
      movementType: movement.type,
      quantity,
      valueMinor,
      balanceQuantity: level.onHand,
      balanceValueMinor: level.valueMinor,
      sourceType: movement.sourceType,
      sourceNo: movement.sourceNo,
      note: movement.note,
    });
  }

  /**
   * A stock adjustment (count correction, damage, opening stock): one ledger entry and its
   * posting, Dr Inventory / Cr Inventory Adjustments (or Opening Balance Equity) for stock in,
   * the reverse for stock out. Stock held by reservations cannot be adjusted away.
   */
  async adjust(input: StockAdjustmentInput): Promise<StockLedgerEntry> {
    return (await this.adjustOnce(input)).entry;
  }

  /** adjust, saying whether this call moved the stock or found the adjustment made before. */
  async adjustOnce(
    input: StockAdjustmentInput,
  ): Promise<{ entry: StockLedgerEntry; created: boolean }> {
    if (!Number.isSafeInteger(input.quantity) || input.quantity === 0) {
      throw new BadQuantityError('stock adjustment (non-zero units in or out)', input.quantity);
    }
    const movementKey = `adjustment:${input.adjustmentKey}`;
    // A retry that overlapped the first attempt finds the movement made: that moved nothing.
    let moved = false;
    const { entity, created } = await createOnce(
      this.em,
      (em) => em.findOne(StockLedgerEntry, { movementKey }, { populate: ['item', 'warehouse'] }),
      async (tx) => {
        const item = await tx.findOne(Item, { sku: input.sku });
        if (!item) throw new UnknownSkuError([input.sku]);
        if (item.kind !== 'stock') {
          throw new DomainError(
            'validation',
            ErpErrorCodes.notAStockItem,
            `${input.sku} is a service and has no stock`,
            { sku: input.sku },
          );
        }
        const warehouse = await tx.findOne(Warehouse, { code: input.warehouseCode });
        if (!warehouse) throw new UnknownWarehouseError(input.warehouseCode);
        const levels = await this.lockLevels(tx, [{ item, warehouse }]);
        // A retry that overlapped the first attempt finds its movement once it holds the lock.
        const existing = await tx.findOne(StockLedgerEntry, { movementKey });
        if (existing) return existing;
        const level = levels.get(levelKey(item.id, warehouse.id))!;
        const movement: Movement = {
          movementKey,
          type: 'adjustment',
          sourceType: 'stock-adjustment',
          sourceNo: input.adjustmentKey.slice(0, 40),
          note: input.reason,
        };
        const entry =
          input.quantity > 0
            ? this.moveIn(
                tx,
                level,
                input.quantity,
                input.quantity * (input.unitCostMinor ?? item.standardCostMinor),
                movement,
              )
            : this.moveOut(tx, level, -input.quantity, movement);
        const offset = input.opening
          ? Accounts.openingBalanceEquity
          : Accounts.inventoryAdjustments;
        const value = Math.abs(entry.valueMinor);
        await this.posting.post(tx, {
          entryKey: movementKey,
          description: `Stock adjustment ${input.sku} in ${warehouse.code}: ${input.reason}`,
          sourceType: 'stock-adjustment',
          sourceNo: input.adjustmentKey.slice(0, 40),
          lines:
            entry.quantity > 0
              ? [
                  { account: Accounts.inventory, debitMinor: value },
                  { account: offset, creditMinor: value },
                ]
              : [
                  { account: offset, debitMinor: value },
                  { account: Accounts.inventory, creditMinor: value },
                ],
        });
        await tx.flush();
        moved = true;
        return entry;
      },
    );
    return { entry: entity, created: created && moved };
  }

  async levels(filter: StockFilter): Promise<{ items: StockLevel[]; total: number }> {
    const [items, total] = await this.em.findAndCount(
      StockLevel,
      {
        ...(filter.sku ? { item: { sku: filter.sku } } : {}),
        ...(filter.warehouseCode ? { warehouse: { code: filter.warehouseCode } } : {}),
      },
      {
        populate: ['item', 'warehouse'],
        orderBy: { item: { sku: 'asc' }, warehouse: { code: 'asc' } },
        limit: filter.limit,
        offset: filter.offset,
      },
    );
    return { items, total };
  }

  async ledger(
    filter: StockFilter & { movementType?: MovementType; sourceNo?: string },
  ): Promise<{ items: StockLedgerEntry[]; total: number }> {
    const [items, total] = await this.em.findAndCount(
      StockLedgerEntry,
      {
        ...(filter.sku ? { item: { sku: filter.sku } } : {}),
        ...(filter.warehouseCode ? { warehouse: { code: filter.warehouseCode } } : {}),
        ...(filter.movementType ? { movementType: filter.movementType } : {}),
        ...(filter.sourceNo ? { sourceNo: filter.sourceNo } : {}),
      },
      {
        populate: ['item', 'warehouse'],
        orderBy: { postedAt: 'desc', id: 'asc' },
        limit: filter.limit,
        offset: filter.offset,
      },
    );
    return { items, total };
  }
}

export function levelKey(itemId: string, warehouseId: string): string {
  return `${itemId}/${warehouseId}`;
}
