import { Inject, Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { Invoice } from '../billing/invoice.entity';
import { InvoiceService, type ServiceInvoiceLine } from '../billing/invoice.service';
import type { Item } from '../catalog/item.entity';
import { ItemService } from '../catalog/item.service';
import { PricingService } from '../catalog/pricing.service';
import { Customer } from '../customers/customer.entity';
import { ERP_POLICY, type ErpPolicy } from '../erp.policy';
import { Reservation } from '../inventory/reservation.entity';
import { ReservationService } from '../inventory/reservation.service';
import type { StockLevel } from '../inventory/stock-level.entity';
import { StockService } from '../inventory/stock.service';
import { Warehouse } from '../inventory/warehouse.entity';
import { Accounts } from '../ledger/chart-of-accounts';
import { PostingService } from '../ledger/posting.service';
import { nextDocumentNo } from '../shared/document-number';
import { nearestFirst, pointOf } from '../shared/geo.rule';
import {
  InsufficientStockError,
  InvalidTransitionError,
  ErpErrorCodes,
} from '../shared/erp.errors';
import { roundDiv } from '@throughline/common';
import type {
  CancelWorkOrderInput,
  CompleteWorkOrderInput,
  CreateWorkOrderInput,
  EstimateServiceWorkInput,
  ServiceWorkEstimate,
  WorkOrderQuery,
} from './service.schemas';
import { WorkOrder } from './work-order.entity';
import { WorkOrderPart } from './work-order-part.entity';

export interface WorkOrderDetail {
  workOrder: WorkOrder;
  reservations: Reservation[];
  invoiceNo?: string;
}

/**
 * Service work orders: parts reserved from the nearest warehouse at creation; at completion the
 * used parts leave stock (work-order issue), leftovers are released, and the cost posts to
 * Warranty Expense (warranty work) or COGS plus a service invoice (billable work).
 */
@Injectable()
export class WorkOrderService {
  constructor(
    private readonly em: EntityManager,
    private readonly items: ItemService,
    private readonly pricing: PricingService,
    private readonly stock: StockService,
    private readonly reservations: ReservationService,
    private readonly invoices: InvoiceService,
    private readonly posting: PostingService,
    @Inject(ERP_POLICY) private readonly policy: ErpPolicy,
  ) {}

  async create(input: CreateWorkOrderInput): Promise<WorkOrderDetail> {
    const workOrderKey = input.workOrderKey ?? `case:${input.caseRef}`;
    const { entity } = await createOnce(
      this.em,
      (em) => em.findOne(WorkOrder, { workOrderKey }),
      async (tx) => {
        const customer = await tx.findOne(Customer, { customerNo: input.customerNo });
        if (!customer) throw new NotFoundError('customer', input.customerNo);
        const items = await this.stockItems(
          tx,
          input.parts.map((p) => p.sku),
        );
        const workOrder = tx.create(WorkOrder, {
          workOrderNo: await nextDocumentNo(tx, 'WO'),
          workOrderKey,
          caseRef: input.caseRef,
          customer,
          customerNo: customer.customerNo,
          dealerRef: input.dealerRef,
          assetSerial: input.assetSerial,
          warranty: input.warranty,
          description: input.description,
          site: input.site && {
            line1: input.site.line1 ?? '',
            postalCode: input.site.postalCode ?? '',
            country: input.site.country ?? '',
            ...input.site,
          },
          labourRateMinor: input.labourRateMinor ?? this.policy.ERP_LABOUR_RATE_MINOR,
        });
        // One part per item: the same sku twice is one part of the summed quantity (completion
        // merges what was used by sku, so two parts of one item would be issued and billed twice).
        const parts = [...this.mergeBySku(input.parts)].map(([sku, quantity], index) =>
          tx.create(WorkOrderPart, {
            workOrder,
            lineNo: index + 1,
            item: items.get(sku)!,
            sku,
            quantity,
          }),
        );
        await this.reservations.allocate(
          tx,
          parts.map((part) => ({ item: part.item, quantity: part.quantity, workOrderPart: part })),
          pointOf(input.site),
        );
        await tx.flush();
        return workOrder;
      },
    );
    return this.get(entity.workOrderNo);
  }

  /**
   * The price of billable work before it is done: the parts at the customer's prices and the
   * labour at the standard rate, rounded as the service invoice will be (billableLines).
   */
  async estimate(input: EstimateServiceWorkInput): Promise<ServiceWorkEstimate> {
    const em = this.em.fork();
    const customer = await em.findOne(Customer, { customerNo: input.customerNo });
    if (!customer) throw new NotFoundError('customer', input.customerNo);
    const merged = [...this.mergeBySku(input.parts)];
    const items = await this.stockItems(
      em,
      merged.map(([sku]) => sku),
    );
    const prices = await this.pricing.price(
      em,
      customer.priceList,
      customer.customerNo,
      merged.map(([sku, quantity]) => ({ item: items.get(sku)!, quantity })),
    );
    const partsMinor = merged.reduce(
      (sum, [, quantity], index) => sum + prices[index].unitPriceMinor * quantity,
      0,
    );
    const labourRateMinor = this.policy.ERP_LABOUR_RATE_MINOR;
    const labourMinor =
      input.labourMinutes > 0
        ? roundDiv(BigInt(labourRateMinor) * BigInt(input.labourMinutes), 60n)
        : 0;
    return {
      customerNo: customer.customerNo,
      currency: customer.currency,
      partsMinor,
      labourMinor,
      netMinor: partsMinor + labourMinor,
      labourRateMinor,
    };
  }

  /**
   * The open work order, locked for a move to `target`; undefined when it is there already (a
   * repeat), refused from any other status.
   */
  private async lockOpen(
    tx: EntityManager,
    workOrderNo: string,
    target: 'completed' | 'cancelled',
  ): Promise<WorkOrder | undefined> {
    const workOrder = await tx.findOne(
      WorkOrder,
      { workOrderNo },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    if (!workOrder) throw new NotFoundError('work-order', workOrderNo);
    if (workOrder.status === target) return undefined;
    if (workOrder.status !== 'open') {
      throw new InvalidTransitionError('work order', workOrderNo, workOrder.status, target);
    }
    return workOrder;
  }

  /**
   * Cancels an open work order (the case was cancelled before the work was done): its parts'
   * reservations go back to available stock. A cancelled one is returned as is; a completed one
   * cannot be cancelled (its parts were used and billed or posted).
   */
  async cancel(input: CancelWorkOrderInput): Promise<WorkOrderDetail> {
    await this.em.transactional(async (tx) => {
      const workOrder = await this.lockOpen(tx, input.workOrderNo, 'cancelled');
      if (!workOrder) return;
      const held = await tx.find(
        Reservation,
        { workOrderPart: { workOrder }, status: 'active' },
        { populate: ['item', 'warehouse'] },
      );
      await this.reservations.release(tx, held);
      workOrder.status = 'cancelled';
      await tx.flush();
    });
    return this.get(input.workOrderNo);
  }

  async complete(input: CompleteWorkOrderInput): Promise<WorkOrderDetail> {
    await this.em.transactional(async (tx) => {
      const workOrder = await this.lockOpen(tx, input.workOrderNo, 'completed');
      if (!workOrder) return;
      const customer = await tx.findOneOrFail(
        Customer,
        { id: workOrder.customer.id },
        { populate: ['priceList'] },
      );
      const parts = await tx.find(
        WorkOrderPart,
        { workOrder },
        { populate: ['item'], orderBy: { lineNo: 'asc' } },
      );
      const used = this.mergeBySku(
        input.partsUsed ??
          parts.filter((p) => p.quantity > 0).map((p) => ({ sku: p.sku, quantity: p.quantity })),
      );
      const items = await this.stockItems(tx, [...used.keys()]);
      for (const [sku] of used) {
        if (!parts.some((p) => p.sku === sku)) {
          parts.push(
            tx.create(WorkOrderPart, {
              workOrder,
              lineNo: parts.length + 1,
              item: items.get(sku)!,
              sku,
              quantity: 0,
            }),
          );
        }
      }
      const held = await tx.find(Reservation, {
        workOrderPart: { $in: parts.filter((p) => p.quantity > 0).map((p) => p.id) },
        status: 'active',
      });
      const levels = await this.stock.lockLevelsOfItems(
        tx,
        parts.map((p) => p.item.id),
      );
      await tx.find(Warehouse, { id: { $in: levels.map((l) => l.warehouse.id) } });

      let partsCostMinor = 0;
      for (const part of parts) {
        const quantity = used.get(part.sku) ?? 0;
        partsCostMinor += this.issuePart(
          tx,
          workOrder,
          part,
          quantity,
          held.filter((r) => r.workOrderPart?.id === part.id),
          levels.filter((l) => l.item.id === part.item.id),
        );
        part.quantityUsed = quantity;
      }

      workOrder.status = 'completed';
      workOrder.completedAt = new Date();
      workOrder.labourMinutes = input.labourMinutes;
      workOrder.partsCostMinor = partsCostMinor;
      await this.posting.post(tx, {
        entryKey: `work-order:${workOrder.workOrderNo}`,
        description: `${workOrder.warranty ? 'Warranty' : 'Billable'} parts used on ${workOrder.workOrderNo} (${workOrder.caseRef})`,
        sourceType: 'work-order',
        sourceNo: workOrder.workOrderNo,
        lines: [
          {
            account: workOrder.warranty ? Accounts.warrantyExpense : Accounts.cogs,
            debitMinor: partsCostMinor,
          },
          { account: Accounts.inventory, creditMinor: partsCostMinor },
        ],
      });
      if (!workOrder.warranty) {
        const lines = await this.billableLines(tx, workOrder, customer, parts, used);
        if (lines.length > 0) {
          await this.invoices.createForWorkOrder(
            tx,
            workOrder,
            customer,
            this.policy.ERP_TAX_RATE_BP,
            lines,
          );
        }
      }
      await tx.flush();
    });
    return this.get(input.workOrderNo);
  }

  /**
   * Takes `quantity` of a part out of stock: first what its reservations hold (the rest of them
   * is released), then free stock from the nearest warehouse. Returns the cost of what left.
   */
  private issuePart(
    tx: EntityManager,
    workOrder: WorkOrder,
    part: WorkOrderPart,
    quantity: number,
    held: Reservation[],
    levels: StockLevel[],
  ): number {
    const levelOf = (warehouseId: string): StockLevel =>
      levels.find((l) => l.warehouse.id === warehouseId)!;
    const plan = new Map<StockLevel, { reserved: number; free: number }>();
    let remaining = quantity;
    for (const reservation of held) {
      const take = Math.min(reservation.quantity, remaining);
      remaining -= take;
      const level = levelOf(reservation.warehouse.id);
      const step = plan.get(level) ?? { reserved: 0, free: 0 };
      step.reserved += take;
      plan.set(level, step);
      // What the reservation held beyond what was used goes back to available.
      level.reserved -= reservation.quantity - take;
      if (take > 0) {
        reservation.quantity = take;
        reservation.status = 'consumed';
      } else {
        reservation.status = 'released';
      }
    }
    const candidates = nearestFirst(
      levels.filter((l) => l.warehouse.active),
      pointOf(workOrder.site),
      (l) => pointOf(l.warehouse.location),
      (l) => l.warehouse.code,
    );
    for (const level of candidates) {
      if (remaining === 0) break;
      const step = plan.get(level) ?? { reserved: 0, free: 0 };
      const take = Math.min(level.available - step.free, remaining);
      if (take <= 0) continue;
      step.free += take;
      remaining -= take;
      plan.set(level, step);
    }
    if (remaining > 0) throw new InsufficientStockError(part.sku, quantity, quantity - remaining);
    let costMinor = 0;
    for (const [level, step] of plan) {
      if (step.reserved + step.free === 0) continue;
      const movement = this.stock.moveOut(
        tx,
        level,
        step.reserved + step.free,
        {
          movementKey: `work-order:${workOrder.workOrderNo}:${part.lineNo}:${level.warehouse.code}`,
          type: 'work-order-issue',
          sourceType: 'work-order',
          sourceNo: workOrder.workOrderNo,
        },
        step.reserved,
      );
      costMinor -= movement.valueMinor;
    }
    return costMinor;
  }

  private async billableLines(
    tx: EntityManager,
    workOrder: WorkOrder,
    customer: Customer,
    parts: WorkOrderPart[],
    used: Map<string, number>,
  ): Promise<ServiceInvoiceLine[]> {
    const usedParts = parts.filter((p) => (used.get(p.sku) ?? 0) > 0);
    const prices = await this.pricing.price(
      tx,
      customer.priceList,
      customer.customerNo,
      usedParts.map((p) => ({ item: p.item, quantity: used.get(p.sku)! })),
    );
    const lines: ServiceInvoiceLine[] = usedParts.map((part, index) => ({
      item: part.item,
      sku: part.sku,
      description: part.item.name,
      quantity: used.get(part.sku)!,
      unitPriceMinor: prices[index].unitPriceMinor,
    }));
    if (workOrder.labourMinutes > 0) {
      lines.push({
        description: `Labour ${workOrder.labourMinutes} min at ${workOrder.labourRateMinor / 100}/h (${workOrder.caseRef})`,
        quantity: 1,
        unitPriceMinor: roundDiv(
          BigInt(workOrder.labourRateMinor) * BigInt(workOrder.labourMinutes),
          60n,
        ),
      });
    }
    return lines;
  }

  private mergeBySku(parts: { sku: string; quantity: number }[]): Map<string, number> {
    const merged = new Map<string, number>();
    for (const part of parts) merged.set(part.sku, (merged.get(part.sku) ?? 0) + part.quantity);
    return merged;
  }

  private async stockItems(tx: EntityManager, skus: string[]): Promise<Map<string, Item>> {
    const items = await this.items.requireAll(tx, skus);
    const services = [...items.values()].filter((i) => i.kind !== 'stock');
    if (services.length > 0) {
      throw new DomainError(
        'validation',
        ErpErrorCodes.notAStockItem,
        `parts must be stock items: ${services.map((i) => i.sku).join(', ')}`,
        { skus: services.map((i) => i.sku) },
      );
    }
    return items;
  }

  async get(workOrderNo: string): Promise<WorkOrderDetail> {
    const workOrder = await this.em.findOne(
      WorkOrder,
      { workOrderNo },
      { populate: ['parts'], refresh: true },
    );
    if (!workOrder) throw new NotFoundError('work-order', workOrderNo);
    const reservations = await this.em.find(
      Reservation,
      { workOrderPart: { workOrder } },
      { populate: ['item', 'warehouse'], orderBy: { createdAt: 'asc', id: 'asc' }, refresh: true },
    );
    const invoice = await this.em.findOne(Invoice, { workOrder });
    return { workOrder, reservations, ...(invoice ? { invoiceNo: invoice.invoiceNo } : {}) };
  }

  async list(query: WorkOrderQuery): Promise<{ items: WorkOrder[]; total: number }> {
    const where: FilterQuery<WorkOrder> = {};
    if (query.customerNo) where.customerNo = query.customerNo;
    if (query.caseRef) where.caseRef = query.caseRef;
    if (query.status) where.status = query.status;
    const [items, total] = await this.em.findAndCount(WorkOrder, where, {
      populate: ['parts'],
      orderBy: { createdAt: 'desc', workOrderNo: 'desc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total };
  }
}
