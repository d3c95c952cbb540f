import { Inject, Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { ItemService } from '../catalog/item.service';
import { ERP_POLICY, type ErpPolicy } from '../erp.policy';
import { levelKey, StockService } from '../inventory/stock.service';
import { Warehouse } from '../inventory/warehouse.entity';
import { SalesOrder } from '../sales/sales-order.entity';
import { nearestFirst, pointOf } from '../shared/geo.rule';
import { Accounts } from '../ledger/chart-of-accounts';
import { PostingService } from '../ledger/posting.service';
import { addDays, isoDate } from '../shared/dates.rule';
import { nextDocumentNo } from '../shared/document-number';
import {
  ErpErrorCodes,
  InvalidInputError,
  InvalidTransitionError,
  UnknownWarehouseError,
} from '../shared/erp.errors';
import { GoodsReceipt } from './goods-receipt.entity';
import { GoodsReceiptLine } from './goods-receipt-line.entity';
import { PurchaseOrder } from './purchase-order.entity';
import { PurchaseOrderLine } from './purchase-order-line.entity';
import type {
  CreatePurchaseOrderInput,
  GoodsReceiptQuery,
  PurchaseOrderQuery,
  ReceiveGoodsInput,
} from './purchasing.schemas';

/**
 * Procure to pay, the ERP half: purchase orders (e.g. for a backorder) and goods receipts,
 * which bring stock in at the purchase price and post Dr Inventory / Cr GRNI.
 */
@Injectable()
export class PurchasingService {
  constructor(
    private readonly em: EntityManager,
    private readonly items: ItemService,
    private readonly stock: StockService,
    private readonly posting: PostingService,
    @Inject(ERP_POLICY) private readonly policy: ErpPolicy,
  ) {}

  async createPurchaseOrder(input: CreatePurchaseOrderInput): Promise<PurchaseOrder> {
    const { entity } = await createOnce(
      this.em,
      (em) => em.findOne(PurchaseOrder, { poKey: input.poKey }),
      async (tx) => {
        const warehouse = input.warehouseCode
          ? await tx.findOne(Warehouse, { code: input.warehouseCode })
          : await this.receivingWarehouse(tx, input.salesOrderNo);
        if (!warehouse) throw new UnknownWarehouseError(input.warehouseCode ?? '(none active)');
        const items = await this.items.requireAll(
          tx,
          input.lines.map((l) => l.sku),
        );
        const services = [...items.values()].filter((i) => i.kind !== 'stock');
        if (services.length > 0) {
          throw new DomainError(
            'validation',
            ErpErrorCodes.notAStockItem,
            `only stock items are purchased: ${services.map((i) => i.sku).join(', ')}`,
            { skus: services.map((i) => i.sku) },
          );
        }
        const lines = input.lines.map((line, index) => {
          const item = items.get(line.sku)!;
          return {
            lineNo: index + 1,
            item,
            sku: item.sku,
            quantity: line.quantity,
            unitCostMinor: line.unitCostMinor ?? item.standardCostMinor,
          };
        });
        const leadTime = Math.max(...lines.map((l) => l.item.leadTimeDays));
        const supplier =
          input.supplier ??
          lines.find((l) => l.item.supplier)?.item.supplier ??
          'Unassigned supplier';
        const po = tx.create(PurchaseOrder, {
          poNo: await nextDocumentNo(tx, 'PO'),
          poKey: input.poKey,
          supplier,
          warehouse,
          salesOrderNo: input.salesOrderNo,
          currency: this.policy.ERP_CURRENCY,
          expectedOn: input.expectedOn ?? addDays(isoDate(new Date()), leadTime),
          totalMinor: lines.reduce((sum, l) => sum + l.quantity * l.unitCostMinor, 0),
        });
        for (const line of lines) tx.create(PurchaseOrderLine, { ...line, purchaseOrder: po });
        await tx.flush();
        return po;
      },
    );
    return this.load(entity.poNo);
  }

  /** The active warehouse nearest the sales order's ship-to (by code without one). */
  private async receivingWarehouse(
    tx: EntityManager,
    salesOrderNo?: string,
  ): Promise<Warehouse | undefined> {
    const warehouses = await tx.find(Warehouse, { active: true });
    const order = salesOrderNo ? await tx.findOne(SalesOrder, { orderNo: salesOrderNo }) : null;
    return nearestFirst(
      warehouses,
      pointOf(order?.shipTo),
      (warehouse) => pointOf(warehouse.location),
      (warehouse) => warehouse.code,
    )[0];
  }

  /** Cancels an order nothing has been received on; cancelling twice changes nothing. */
  async cancelPurchaseOrder(poNo: string, reason: string): Promise<PurchaseOrder> {
    await this.em.transactional(async (tx) => {
      const po = await this.lock(tx, poNo);
      if (po.status === 'cancelled') return;
      if (po.status !== 'open') {
        throw new InvalidTransitionError('purchase order', poNo, po.status, 'cancelled');
      }
      po.status = 'cancelled';
      po.cancelReason = reason;
      po.cancelledAt = new Date();
    });
    return this.load(poNo);
  }

  /**
   * Receives goods against a purchase order, once per receipt key: stock in at the purchase
   * price (stock ledger), Dr Inventory / Cr GRNI, and the order partially or fully received.
   */
  async receiveGoods(input: ReceiveGoodsInput): Promise<GoodsReceipt> {
    const receiptKey = input.receiptKey ?? input.poNo;
    const { entity } = await createOnce(
      this.em,
      (em) => em.findOne(GoodsReceipt, { receiptKey }),
      async (tx) => {
        const po = await this.lock(tx, input.poNo);
        // A retry that overlapped the first attempt finds its receipt once it holds the lock.
        const created = await tx.findOne(GoodsReceipt, { receiptKey });
        if (created) return created;
        if (po.status === 'cancelled' || po.status === 'received') {
          throw new InvalidTransitionError('purchase order', po.poNo, po.status, 'received');
        }
        const poLines = await tx.find(
          PurchaseOrderLine,
          { purchaseOrder: po },
          { populate: ['item'], orderBy: { lineNo: 'asc' } },
        );
        const receiving = this.receivingQuantities(input, poLines);
        const warehouse = await tx.findOneOrFail(Warehouse, { id: po.warehouse.id });
        const levels = await this.stock.lockLevels(
          tx,
          receiving.map(({ line }) => ({ item: line.item, warehouse })),
        );
        const receipt = tx.create(GoodsReceipt, {
          receiptNo: await nextDocumentNo(tx, 'GR'),
          receiptKey,
          purchaseOrder: po,
          warehouse,
          valueMinor: 0,
        });
        receiving.forEach(({ line, quantity }, index) => {
          const valueMinor = quantity * line.unitCostMinor;
          this.stock.moveIn(
            tx,
            levels.get(levelKey(line.item.id, warehouse.id))!,
            quantity,
            valueMinor,
            {
              movementKey: `goods-receipt:${receipt.receiptNo}:${index + 1}`,
              type: 'receipt',
              sourceType: 'goods-receipt',
              sourceNo: receipt.receiptNo,
            },
          );
          tx.create(GoodsReceiptLine, {
            receipt,
            lineNo: index + 1,
            purchaseOrderLine: line,
            item: line.item,
            sku: line.sku,
            quantity,
            unitCostMinor: line.unitCostMinor,
            valueMinor,
          });
          line.quantityReceived += quantity;
          receipt.valueMinor += valueMinor;
        });
        po.status = poLines.every((l) => l.quantityReceived === l.quantity)
          ? 'received'
          : 'partially-received';
        await this.posting.post(tx, {
          entryKey: `goods-receipt:${receipt.receiptNo}`,
          description: `Goods received on ${receipt.receiptNo} for ${po.poNo} from ${po.supplier}`,
          sourceType: 'goods-receipt',
          sourceNo: receipt.receiptNo,
          lines: [
            { account: Accounts.inventory, debitMinor: receipt.valueMinor },
            { account: Accounts.grni, creditMinor: receipt.valueMinor },
          ],
        });
        await tx.flush();
        return receipt;
      },
    );
    return this.loadReceipt(entity.receiptNo);
  }

  private receivingQuantities(
    input: ReceiveGoodsInput,
    poLines: PurchaseOrderLine[],
  ): { line: PurchaseOrderLine; quantity: number }[] {
    // The same line twice counts once with both quantities, so the outstanding check sees it all.
    const summed = new Map<number, number>();
    for (const r of input.lines ?? [])
      summed.set(r.lineNo, (summed.get(r.lineNo) ?? 0) + r.quantity);
    const requested = input.lines
      ? [...summed].map(([lineNo, quantity]) => {
          const line = poLines.find((l) => l.lineNo === lineNo);
          if (!line) {
            throw new InvalidInputError(`purchase order ${input.poNo} has no line ${lineNo}`, [
              { field: 'lines', message: `unknown line ${lineNo}` },
            ]);
          }
          return { line, quantity };
        })
      : poLines
          .map((line) => ({ line, quantity: line.quantity - line.quantityReceived }))
          .filter((r) => r.quantity > 0);
    for (const { line, quantity } of requested) {
      const outstanding = line.quantity - line.quantityReceived;
      if (quantity > outstanding) {
        throw new DomainError(
          'business-rule',
          ErpErrorCodes.overReceipt,
          `purchase order line ${line.lineNo} (${line.sku}) has ${outstanding} outstanding, ${quantity} received`,
          { lineNo: line.lineNo, outstanding, quantity },
        );
      }
    }
    return requested;
  }

  private async lock(tx: EntityManager, poNo: string): Promise<PurchaseOrder> {
    const po = await tx.findOne(
      PurchaseOrder,
      { poNo },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    if (!po) throw new NotFoundError('purchase-order', poNo);
    return po;
  }

  async load(poNo: string): Promise<PurchaseOrder> {
    const po = await this.em.findOne(
      PurchaseOrder,
      { poNo },
      { populate: ['lines', 'warehouse'], refresh: true },
    );
    if (!po) throw new NotFoundError('purchase-order', poNo);
    return po;
  }

  async loadReceipt(receiptNo: string): Promise<GoodsReceipt> {
    const receipt = await this.em.findOne(
      GoodsReceipt,
      { receiptNo },
      {
        populate: ['lines', 'lines.purchaseOrderLine', 'purchaseOrder', 'warehouse'],
        refresh: true,
      },
    );
    if (!receipt) throw new NotFoundError('goods-receipt', receiptNo);
    return receipt;
  }

  async list(query: PurchaseOrderQuery): Promise<{ items: PurchaseOrder[]; total: number }> {
    const where: FilterQuery<PurchaseOrder> = {};
    if (query.status) where.status = query.status;
    if (query.salesOrderNo) where.salesOrderNo = query.salesOrderNo;
    if (query.warehouseCode) where.warehouse = { code: query.warehouseCode };
    const [items, total] = await this.em.findAndCount(PurchaseOrder, where, {
      populate: ['lines', 'warehouse'],
      orderBy: { createdAt: 'desc', poNo: 'desc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total };
  }

  async listReceipts(query: GoodsReceiptQuery): Promise<{ items: GoodsReceipt[]; total: number }> {
    const [items, total] = await this.em.findAndCount(
      GoodsReceipt,
      query.poNo ? { purchaseOrder: { poNo: query.poNo } } : {},
      {
        populate: ['lines', 'lines.purchaseOrderLine', 'purchaseOrder', 'warehouse'],
        orderBy: { receivedAt: 'desc', receiptNo: 'desc' },
        limit: query.limit,
        offset: query.offset,
      },
    );
    return { items, total };
  }
}
