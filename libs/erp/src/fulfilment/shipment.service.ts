import { Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { Reservation } from '../inventory/reservation.entity';
import { StockService } from '../inventory/stock.service';
import { Warehouse } from '../inventory/warehouse.entity';
import { Accounts } from '../ledger/chart-of-accounts';
import { PostingService } from '../ledger/posting.service';
import { SalesOrder } from '../sales/sales-order.entity';
import { SalesOrderLine } from '../sales/sales-order-line.entity';
import { nextDocumentNo } from '../shared/document-number';
import {
  ErpErrorCodes,
  InsufficientStockError,
  InvalidInputError,
  InvalidTransitionError,
  OrderCreditBlockedError,
  UnknownWarehouseError,
} from '../shared/erp.errors';
import type {
  CreateShipmentInput,
  DeliverInput,
  PackInput,
  ShipInput,
  ShipmentQuery,
} from './fulfilment.schemas';
import { Shipment, type ShipmentStatus } from './shipment.entity';
import { ShipmentLine } from './shipment-line.entity';

const progress: ShipmentStatus[] = ['open', 'picked', 'packed', 'shipped', 'delivered'];

/**
 * Delivery notes: created from an order's reservations in one warehouse, then picked, packed,
 * shipped (stock out at moving average cost, Dr COGS / Cr Inventory) and delivered. Each step
 * is idempotent: repeating a step that is done returns the shipment unchanged.
 */
@Injectable()
export class ShipmentService {
  constructor(
    private readonly em: EntityManager,
    private readonly stock: StockService,
    private readonly posting: PostingService,
  ) {}

  async create(input: CreateShipmentInput): Promise<Shipment> {
    const shipmentKey = input.shipmentKey ?? `${input.orderNo}:${input.warehouseCode}`;
    const { entity } = await createOnce(
      this.em,
      (em) => em.findOne(Shipment, { shipmentKey }),
      async (tx) => {
        const order = await tx.findOne(
          SalesOrder,
          { orderNo: input.orderNo },
          { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
        );
        if (!order) throw new NotFoundError('sales-order', input.orderNo);
        // A retry that overlapped the first attempt finds its shipment once it holds the lock.
        const created = await tx.findOne(Shipment, { shipmentKey });
        if (created) return created;
        if (order.status === 'credit-blocked') {
          throw new OrderCreditBlockedError(order.orderNo, order.creditBlockReason);
        }
        if (order.status !== 'confirmed' && order.status !== 'partially-shipped') {
          throw new InvalidTransitionError('sales order', order.orderNo, order.status, 'shipped');
        }
        const warehouse = await tx.findOne(Warehouse, { code: input.warehouseCode });
        if (!warehouse) throw new UnknownWarehouseError(input.warehouseCode);
        const lines = await tx.find(
          SalesOrderLine,
          { order },
          { populate: ['item'], orderBy: { lineNo: 'asc' } },
        );
        const active = await tx.find(
          Reservation,
          { salesOrderLine: { order }, status: 'active' },
          { orderBy: { createdAt: 'asc', id: 'asc' } },
        );
        const free = (line: SalesOrderLine): Reservation[] =>
          active.filter(
            (r) =>
              r.salesOrderLine?.id === line.id && !r.shipment && r.warehouse.id === warehouse.id,
          );
        const wanted = this.wantedQuantities(input, lines, free);
        if (!order.allowPartialShipments) {
          this.requireComplete(order, lines, active, wanted, free);
        }
        const serviceOutstanding = await this.serviceOutstanding(tx, lines);

        const shipment = tx.create(Shipment, {
          shipmentNo: await nextDocumentNo(tx, 'SH'),
          shipmentKey,
          order,
          customerNo: order.customerNo,
          warehouse,
          carrier: input.carrier,
        });
        let lineNo = 0;
        for (const line of lines) {
          const requested = wanted.get(line.lineNo);
          let quantity = 0;
          if (line.item.kind === 'service') {
            // Services travel with the first shipment that does not exclude them.
            quantity = requested ?? serviceOutstanding.get(line.id) ?? 0;
            if (quantity > (serviceOutstanding.get(line.id) ?? 0)) {
              throw new InsufficientStockError(
                line.sku,
                quantity,
                serviceOutstanding.get(line.id) ?? 0,
              );
            }
          } else if (requested) {
            this.allocateToShipment(tx, shipment, line, free(line), requested);
            quantity = requested;
          }
          if (quantity > 0) {
            tx.create(ShipmentLine, {
              shipment,
              lineNo: ++lineNo,
              orderLine: line,
              item: line.item,
              sku: line.sku,
              quantity,
            });
          }
        }
        if (lineNo === 0) {
          throw new DomainError(
            'business-rule',
            ErpErrorCodes.nothingToShip,
            `sales order ${order.orderNo} has nothing reserved in ${warehouse.code} to ship`,
            { orderNo: order.orderNo, warehouseCode: warehouse.code },
          );
        }
        await tx.flush();
        return shipment;
      },
    );
    return this.load(entity.shipmentNo);
  }

  async pick(shipmentNo: string): Promise<Shipment> {
    return this.advance(shipmentNo, 'picked', async (_tx, shipment) => {
      shipment.pickedAt = new Date();
    });
  }

  /** Packs the shipment and records the serial numbers of serialized units. */
  async pack(input: PackInput): Promise<Shipment> {
    return this.advance(input.shipmentNo, 'packed', async (tx, shipment) => {
      const lines = await tx.find(ShipmentLine, { shipment }, { populate: ['item'] });
      const given = new Map((input.serialNumbers ?? []).map((s) => [s.lineNo, s.serials]));
      for (const [lineNo] of given) {
        const line = lines.find((l) => l.lineNo === lineNo);
        if (!line?.item.serialized) {
          throw new InvalidInputError(`shipment line ${lineNo} is not a serialized item`, [
            { field: 'serialNumbers', message: `line ${lineNo} takes no serial numbers` },
          ]);
        }
      }
      // Generated serials number the units across the shipment's lines, so two lines of the
      // same item never share one.
      let unit = 0;
      for (const line of lines.filter((l) => l.item.serialized)) {
        const serials =
          given.get(line.lineNo) ??
          Array.from(
            { length: line.quantity },
            () => `${line.sku}-${shipment.shipmentNo}-${String((unit += 1)).padStart(3, '0')}`,
          );
        if (serials.length !== line.quantity || new Set(serials).size !== serials.length) {
          throw new InvalidInputError(
            `shipment line ${line.lineNo} needs ${line.quantity} distinct serial numbers`,
            [{ field: 'serialNumbers', message: `${line.quantity} distinct serial numbers` }],
          );
        }
        line.serialNumbers = serials;
      }
      shipment.packageCount = input.packageCount ?? shipment.packageCount ?? 1;
      shipment.packedAt = new Date();
    });
  }

  /**
   * Ships: the reserved units leave the warehouse (stock ledger, reservations consumed), the
   * cost posts Dr COGS / Cr Inventory, and the order becomes partially shipped or shipped.
   */
  async ship(input: ShipInput): Promise<Shipment> {
    return this.advance(input.shipmentNo, 'shipped', async (tx, shipment, order) => {
      const lines = await tx.find(
        ShipmentLine,
        { shipment },
        { populate: ['item', 'orderLine'], orderBy: { lineNo: 'asc' } },
      );
      const reservations = await tx.find(Reservation, { shipment, status: 'active' });
      const levels = await this.stock.lockLevelsOfItems(
        tx,
        lines.filter((l) => l.item.kind === 'stock').map((l) => l.item.id),
      );
      let costMinor = 0;
      for (const line of lines) {
        line.orderLine.quantityShipped += line.quantity;
        if (line.item.kind !== 'stock') continue;
        const held = reservations.filter((r) => r.salesOrderLine?.id === line.orderLine.id);
        const heldQuantity = held.reduce((sum, r) => sum + r.quantity, 0);
        if (heldQuantity !== line.quantity) {
          throw new InsufficientStockError(line.sku, line.quantity, heldQuantity);
        }
        const level = levels.find(
          (l) => l.item.id === line.item.id && l.warehouse.id === shipment.warehouse.id,
        )!;
        const movement = this.stock.moveOut(
          tx,
          level,
          line.quantity,
          {
            movementKey: `shipment:${shipment.shipmentNo}:${line.lineNo}`,
            type: 'shipment',
            sourceType: 'shipment',
            sourceNo: shipment.shipmentNo,
          },
          line.quantity,
        );
        for (const reservation of held) reservation.status = 'consumed';
        line.costMinor = -movement.valueMinor;
        costMinor += line.costMinor;
      }
      await this.posting.post(tx, {
        entryKey: `shipment:${shipment.shipmentNo}`,
        description: `Goods shipped on ${shipment.shipmentNo} for ${order.orderNo}`,
        sourceType: 'shipment',
        sourceNo: shipment.shipmentNo,
        lines: [
          { account: Accounts.cogs, debitMinor: costMinor },
          { account: Accounts.inventory, creditMinor: costMinor },
        ],
      });
      const orderLines = await tx.find(SalesOrderLine, { order });
      order.status = orderLines.every((l) => l.quantityShipped === l.quantity)
        ? 'shipped'
        : 'partially-shipped';
      shipment.carrier = input.carrier ?? shipment.carrier;
      shipment.trackingNumber = input.trackingNumber ?? shipment.trackingNumber;
      shipment.shippedAt = new Date();
    });
  }

  async deliver(input: DeliverInput): Promise<Shipment> {
    return this.advance(input.shipmentNo, 'delivered', async (_tx, shipment) => {
      shipment.deliveredAt = input.deliveredAt ? new Date(input.deliveredAt) : new Date();
    });
  }

  /**
   * Moves a shipment one step along open → picked → packed → shipped → delivered under row
   * locks (order, then shipment). A step already done returns the shipment as it is.
   */
  private async advance(
    shipmentNo: string,
    to: ShipmentStatus,
    apply: (tx: EntityManager, shipment: Shipment, order: SalesOrder) => Promise<void>,
  ): Promise<Shipment> {
    const found = await this.em.findOne(Shipment, { shipmentNo }, { fields: ['id', 'order'] });
    if (!found) throw new NotFoundError('shipment', shipmentNo);
    const orderId = found.order.id;
    await this.em.transactional(async (tx) => {
      const order = await tx.findOneOrFail(
        SalesOrder,
        { id: orderId },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      const shipment = await tx.findOneOrFail(
        Shipment,
        { shipmentNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      const at = progress.indexOf(shipment.status);
      const target = progress.indexOf(to);
      if (shipment.status !== 'cancelled' && at >= target) return;
      if (shipment.status === 'cancelled' || at !== target - 1) {
        throw new InvalidTransitionError('shipment', shipmentNo, shipment.status, to);
      }
      await apply(tx, shipment, order);
      shipment.status = to;
    });
    return this.load(shipmentNo);
  }

  private wantedQuantities(
    input: CreateShipmentInput,
    lines: SalesOrderLine[],
    free: (line: SalesOrderLine) => Reservation[],
  ): Map<number, number> {
    const wanted = new Map<number, number>();
    if (input.lines) {
      for (const requested of input.lines) {
        if (!lines.some((l) => l.lineNo === requested.lineNo)) {
          throw new InvalidInputError(`order ${input.orderNo} has no line ${requested.lineNo}`, [
            { field: 'lines', message: `unknown line ${requested.lineNo}` },
          ]);
        }
        wanted.set(requested.lineNo, (wanted.get(requested.lineNo) ?? 0) + requested.quantity);
      }
      return wanted;
    }
    for (const line of lines) {
      if (line.item.kind !== 'stock') continue;
      const quantity = free(line).reduce((sum, r) => sum + r.quantity, 0);
      if (quantity > 0) wanted.set(line.lineNo, quantity);
    }
    return wanted;
  }

  /**
   * An order that may not ship partially ships only once every unit is reserved, and a shipment
   * then takes everything reserved in its warehouse.
   */
  private requireComplete(
    order: SalesOrder,
    lines: SalesOrderLine[],
    active: Reservation[],
    wanted: Map<number, number>,
    free: (line: SalesOrderLine) => Reservation[],
  ): void {
    const stockLines = lines.filter((line) => line.item.kind === 'stock');
    const incomplete = stockLines.filter((line) => {
      const held = active
        .filter((r) => r.salesOrderLine?.id === line.id)
        .reduce((sum, r) => sum + r.quantity, 0);
      return line.quantityShipped + held < line.quantity;
    });
    const splitsStock = stockLines.some(
      (line) => (wanted.get(line.lineNo) ?? 0) < free(line).reduce((sum, r) => sum + r.quantity, 0),
    );
    if (incomplete.length > 0 || splitsStock) {
      throw new DomainError(
        'business-rule',
        ErpErrorCodes.partialShipmentNotAllowed,
        `sales order ${order.orderNo} ships complete only` +
          (incomplete.length > 0
            ? `; lines ${incomplete.map((l) => l.lineNo).join(', ')} are not fully reserved`
            : '; ship everything reserved in the warehouse'),
        { orderNo: order.orderNo },
      );
    }
  }

  /** Moves `quantity` of a line's free reservations in this warehouse onto the shipment. */
  private allocateToShipment(
    tx: EntityManager,
    shipment: Shipment,
    line: SalesOrderLine,
    free: Reservation[],
    quantity: number,
  ): void {
    const available = free.reduce((sum, r) => sum + r.quantity, 0);
    if (available < quantity) throw new InsufficientStockError(line.sku, quantity, available);
    let need = quantity;
    for (const reservation of free) {
      if (need === 0) break;
      if (reservation.quantity <= need) {
        reservation.shipment = shipment;
        need -= reservation.quantity;
      } else {
        // Split: the rest stays reserved for a later shipment.
        reservation.quantity -= need;
        tx.create(Reservation, {
          salesOrderLine: line,
          item: reservation.item,
          warehouse: reservation.warehouse,
          quantity: need,
          shipment,
        });
        need = 0;
      }
    }
  }

  /** Units of each service line not yet on a (non-cancelled) shipment. */
  private async serviceOutstanding(
    tx: EntityManager,
    lines: SalesOrderLine[],
  ): Promise<Map<string, number>> {
    const services = lines.filter((l) => l.item.kind === 'service');
    if (services.length === 0) return new Map();
    const onShipments = await tx.find(ShipmentLine, {
      orderLine: { $in: services.map((l) => l.id) },
      shipment: { status: { $ne: 'cancelled' } },
    });
    return new Map(
      services.map((line) => [
        line.id,
        line.quantity -
          onShipments
            .filter((s) => s.orderLine.id === line.id)
            .reduce((sum, s) => sum + s.quantity, 0),
      ]),
    );
  }

  async load(shipmentNo: string, em: EntityManager = this.em): Promise<Shipment> {
    const shipment = await em.findOne(
      Shipment,
      { shipmentNo },
      { populate: ['lines', 'lines.orderLine', 'order', 'warehouse'], refresh: true },
    );
    if (!shipment) throw new NotFoundError('shipment', shipmentNo);
    return shipment;
  }

  async list(query: ShipmentQuery): Promise<{ items: Shipment[]; total: number }> {
    const where: FilterQuery<Shipment> = {};
    if (query.orderNo) where.order = { orderNo: query.orderNo };
    if (query.customerNo) where.customerNo = query.customerNo;
    if (query.warehouseCode) where.warehouse = { code: query.warehouseCode };
    if (query.status) where.status = query.status;
    const [items, total] = await this.em.findAndCount(Shipment, where, {
      populate: ['lines', 'lines.orderLine', 'order', 'warehouse'],
      orderBy: { createdAt: 'desc', shipmentNo: 'desc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total };
  }
}
