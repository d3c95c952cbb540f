import { Inject, Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { basisPointsFromInput, NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { ItemService } from '../catalog/item.service';
import { PricingService } from '../catalog/pricing.service';
import { Customer } from '../customers/customer.entity';
import { ERP_POLICY, type ErpPolicy } from '../erp.policy';
import { Shipment } from '../fulfilment/shipment.entity';
import { Invoice } from '../billing/invoice.entity';
import { ReservationService } from '../inventory/reservation.service';
import { nextDocumentNo } from '../shared/document-number';
import {
  assertQuantity,
  CreditHoldError,
  InsufficientCreditError,
  OrderNotCancellableError,
  OrderNotCreditBlockedError,
} from '../shared/erp.errors';
import { lineAmounts } from '../shared/money.rule';
import { CreditService } from './credit.service';
import type {
  CreateSalesOrderInput,
  ReleaseCreditBlockInput,
  SalesOrderQuery,
} from './sales.schemas';
import { SalesOrder } from './sales-order.entity';
import { SalesOrderLine } from './sales-order-line.entity';

export interface SalesOrderDetail {
  order: SalesOrder;
  shipmentNos: string[];
  invoiceNos: string[];
}

@Injectable()
export class SalesOrderService {
  constructor(
    private readonly em: EntityManager,
    private readonly items: ItemService,
    private readonly pricing: PricingService,
    private readonly credit: CreditService,
    private readonly reservations: ReservationService,
    @Inject(ERP_POLICY) private readonly policy: ErpPolicy,
  ) {}

  /**
   * Confirms a sales order once per order key: prices the lines (or takes the quote's prices),
   * checks credit under the customer's row lock so two orders cannot both use the last of the
   * limit, and numbers it. Over the limit or on hold it is refused unless finance approved it,
   * or, with `onCreditRefused: 'block'`, created as `credit-blocked` with the reason.
   */
  async create(input: CreateSalesOrderInput): Promise<SalesOrder> {
    input.lines.forEach((line, i) => assertQuantity(`lines.${i}.quantity`, line.quantity));
    const { entity } = await createOnce(
      this.em,
      (em) => em.findOne(SalesOrder, { orderKey: input.orderKey }),
      async (tx) => {
        const customer = await tx.findOne(
          Customer,
          { customerNo: input.customerNo },
          { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
        );
        if (!customer) throw new NotFoundError('customer', input.customerNo);
        // A retry that overlapped the first attempt finds its order once it holds the lock.
        const created = await tx.findOne(SalesOrder, { orderKey: input.orderKey });
        if (created) return created;
        if (customer.priceList) await tx.populate(customer, ['priceList']);
        const items = await this.items.requireAll(
          tx,
          input.lines.map((l) => l.sku),
        );
        const listPrices = await this.pricing.price(
          tx,
          customer.priceList,
          customer.customerNo,
          input.lines.map((l) => ({ item: items.get(l.sku)!, quantity: l.quantity })),
        );
        const taxRateBp = this.policy.ERP_TAX_RATE_BP;
        const lines = input.lines.map((line, index) => {
          const priced = listPrices[index];
          const fromQuote = line.unitPriceMinor !== undefined;
          const unitPriceMinor = line.unitPriceMinor ?? priced.unitPriceMinor;
          const discountBp =
            basisPointsFromInput('discount', line.discountBasisPoints, line.discountPercent) ?? 0;
          return {
            lineNo: index + 1,
            item: items.get(line.sku)!,
            sku: line.sku,
            description: line.description ?? items.get(line.sku)!.name,
            quantity: line.quantity,
            unitPriceMinor,
            priceSource: fromQuote ? ('quote' as const) : priced.source,
            discountBp,
            ...lineAmounts(line.quantity, unitPriceMinor, discountBp, taxRateBp),
          };
        });
        const netMinor = lines.reduce((sum, l) => sum + l.netMinor, 0);
        const taxMinor = lines.reduce((sum, l) => sum + l.taxMinor, 0);
        const grossMinor = netMinor + taxMinor;
        const check = await this.credit.evaluate(tx, customer, grossMinor);
        const blocked = !check.approved && !input.creditApprovedBy;
        if (blocked && input.onCreditRefused === 'refuse') {
          if (check.reason === 'credit-hold') {
            throw new CreditHoldError(customer.customerNo, customer.creditHoldReason);
          }
          throw new InsufficientCreditError(customer.customerNo, {
            creditLimitMinor: check.creditLimitMinor,
            exposureMinor: check.exposureMinor,
            availableMinor: check.availableMinor,
          });
        }
        const order = tx.create(SalesOrder, {
          orderNo: await nextDocumentNo(tx, 'SO'),
          orderKey: input.orderKey,
          customer,
          customerNo: customer.customerNo,
          currency: customer.currency,
          quoteRef: input.quoteRef,
          opportunityRef: input.opportunityRef,
          customerReference: input.customerReference,
          shipTo: input.shipTo,
          allowPartialShipments: input.allowPartialShipments,
          taxRateBp,
          netMinor,
          taxMinor,
          grossMinor,
          creditApprovedBy: check.approved ? undefined : input.creditApprovedBy,
          ...(blocked
            ? { status: 'credit-blocked' as const, creditBlockReason: check.reason }
            : {}),
        });
        for (const line of lines) tx.create(SalesOrderLine, { ...line, order });
        await tx.flush();
        return order;
      },
    );
    return this.load(entity.orderNo);
  }

  /**
   * Cancels an order before anything shipped: its unshipped shipments are cancelled and every
   * reservation released. Refused once goods have left (returns are another process).
   */
  async cancel(orderNo: string, reason: string): Promise<SalesOrder> {
    await this.em.transactional(async (tx) => {
      const order = await tx.findOne(
        SalesOrder,
        { orderNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!order) throw new NotFoundError('sales-order', orderNo);
      if (order.status === 'cancelled') return;
      const shipments = await tx.find(Shipment, { order }, { refresh: true });
      const gone = shipments.filter((s) => s.status === 'shipped' || s.status === 'delivered');
      if (gone.length > 0 || (order.status !== 'confirmed' && order.status !== 'credit-blocked')) {
        throw new OrderNotCancellableError(
          orderNo,
          `shipment ${gone.map((s) => s.shipmentNo).join(', ') || '(recorded)'} has left the warehouse`,
        );
      }
      const now = new Date();
      for (const shipment of shipments) {
        if (shipment.status !== 'cancelled') {
          shipment.status = 'cancelled';
          shipment.cancelledAt = now;
        }
      }
      await this.reservations.releaseOrderIn(tx, order, true);
      order.status = 'cancelled';
      order.cancelReason = reason;
      order.cancelledAt = now;
    });
    return this.load(orderNo);
  }

  /**
   * Finance releases a credit-blocked order: it becomes `confirmed` (and can ship), recording
   * who approved it. A retry finds the order approved by the same approver and returns it as
   * it is (whatever happened to it since, short of cancelling); an order cancelled meanwhile,
   * or one that finance did not approve under this name, is refused (`order-not-credit-blocked`).
   */
  async releaseCreditBlock(input: ReleaseCreditBlockInput): Promise<SalesOrder> {
    await this.em.transactional(async (tx) => {
      const order = await tx.findOne(
        SalesOrder,
        { orderNo: input.orderNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!order) throw new NotFoundError('sales-order', input.orderNo);
      if (order.status === 'credit-blocked') {
        order.status = 'confirmed';
        order.creditApprovedBy = input.approvedBy;
        return;
      }
      const releasedBySameApprover =
        order.status !== 'cancelled' && order.creditApprovedBy === input.approvedBy;
      if (!releasedBySameApprover) {
        throw new OrderNotCreditBlockedError(order.orderNo, order.status, order.creditApprovedBy);
      }
    });
    return this.load(input.orderNo);
  }

  async load(orderNo: string): Promise<SalesOrder> {
    const order = await this.em.findOne(
      SalesOrder,
      { orderNo },
      { populate: ['lines'], refresh: true },
    );
    if (!order) throw new NotFoundError('sales-order', orderNo);
    return order;
  }

  async get(orderNo: string): Promise<SalesOrderDetail> {
    const order = await this.load(orderNo);
    const shipments = await this.em.find(Shipment, { order }, { orderBy: { shipmentNo: 'asc' } });
    const invoices = await this.em.find(Invoice, { order }, { orderBy: { invoiceNo: 'asc' } });
    return {
      order,
      shipmentNos: shipments.map((s) => s.shipmentNo),
      invoiceNos: invoices.map((i) => i.invoiceNo),
    };
  }

  async list(query: SalesOrderQuery): Promise<{ items: SalesOrder[]; total: number }> {
    const where: FilterQuery<SalesOrder> = {};
    if (query.customerNo) where.customerNo = query.customerNo;
    if (query.status) where.status = query.status;
    if (query.quoteRef) where.quoteRef = query.quoteRef;
    const [items, total] = await this.em.findAndCount(SalesOrder, where, {
      populate: ['lines'],
      orderBy: { createdAt: 'desc', orderNo: 'desc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total };
  }
}
