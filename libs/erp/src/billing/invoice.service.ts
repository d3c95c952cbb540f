import { Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import type { Item } from '../catalog/item.entity';
import { Customer } from '../customers/customer.entity';
import { Shipment } from '../fulfilment/shipment.entity';
import { ShipmentLine } from '../fulfilment/shipment-line.entity';
import { Accounts } from '../ledger/chart-of-accounts';
import { PostingService } from '../ledger/posting.service';
import { SalesOrder } from '../sales/sales-order.entity';
import { SalesOrderLine } from '../sales/sales-order-line.entity';
import type { WorkOrder } from '../service/work-order.entity';
import { addDays, daysBetween, isoDate } from '../shared/dates.rule';
import { nextDocumentNo } from '../shared/document-number';
import { InvalidTransitionError, InvoiceHasPaymentsError } from '../shared/erp.errors';
import { lineAmounts } from '../shared/money.rule';
import type {
  CreateInvoiceInput,
  CreditNoteQuery,
  InvoiceQuery,
  ListOverdueInput,
  VoidInvoiceInput,
} from './billing.schemas';
import { CreditNote } from './credit-note.entity';
import { Invoice, openInvoiceStatuses } from './invoice.entity';
import { InvoiceLine } from './invoice-line.entity';
import {
  type InvoicedSoFar,
  nothingInvoiced,
  shipmentInvoiceLineAmounts,
} from './shipment-invoice.rule';

export interface ServiceInvoiceLine {
  item?: Item;
  sku?: string;
  description: string;
  quantity: number;
  unitPriceMinor: number;
}

export interface OverdueInvoice {
  invoice: Invoice;
  daysOverdue: number;
}

const openStatuses: Invoice['status'][] = [...openInvoiceStatuses];

/**
 * Customer invoices: one per shipment on the quantity shipped, or one per billable work order.
 * A shipment's invoice lines are allocated cumulatively (`shipmentInvoiceLineAmounts`), so the
 * invoices of a fully shipped order line add up to that line's net and tax exactly.
 * Each posts Dr Accounts Receivable / Cr Revenue (or Service Revenue) / Cr Tax Payable. A wrong
 * invoice is voided by a credit note that posts the reverse; nothing is ever deleted.
 */
@Injectable()
export class InvoiceService {
  constructor(
    private readonly em: EntityManager,
    private readonly posting: PostingService,
  ) {}

  async createForShipment(input: CreateInvoiceInput): Promise<Invoice> {
    const invoiceKey = `shipment:${input.shipmentNo}`;
    const { entity } = await createOnce(
      this.em,
      (em) => em.findOne(Invoice, { invoiceKey }),
      async (tx) => {
        const found = await tx.findOne(Shipment, { shipmentNo: input.shipmentNo });
        if (!found) throw new NotFoundError('shipment', input.shipmentNo);
        const order = await tx.findOneOrFail(
          SalesOrder,
          { id: found.order.id },
          { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
        );
        const shipment = await tx.findOneOrFail(
          Shipment,
          { id: found.id },
          { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
        );
        // A retry that overlapped the first attempt finds its invoice once it holds the lock.
        const created = await tx.findOne(Invoice, { invoiceKey });
        if (created) return created;
        if (shipment.status !== 'shipped' && shipment.status !== 'delivered') {
          throw new InvalidTransitionError(
            'shipment',
            shipment.shipmentNo,
            shipment.status,
            'invoiced',
          );
        }
        const customer = await tx.findOneOrFail(Customer, { id: order.customer.id });
        const lines = await tx.find(
          ShipmentLine,
          { shipment },
          { populate: ['orderLine', 'item'], orderBy: { lineNo: 'asc' } },
        );
        const issueDate = input.issueDate ?? isoDate(new Date());
        const invoiced = await this.invoicedSoFar(
          tx,
          lines.map((line) => line.orderLine),
        );
        const invoiceLines = lines.map((line, index) => {
          const before = invoiced.get(line.orderLine.id) ?? nothingInvoiced;
          const amounts = shipmentInvoiceLineAmounts(
            line.orderLine,
            order.taxRateBp,
            before,
            line.quantity,
          );
          invoiced.set(line.orderLine.id, {
            quantity: before.quantity + line.quantity,
            netMinor: before.netMinor + amounts.netMinor,
            taxMinor: before.taxMinor + amounts.taxMinor,
          });
          return {
            lineNo: index + 1,
            item: line.item,
            sku: line.sku,
            orderLine: line.orderLine,
            description: line.orderLine.description,
            quantity: line.quantity,
            unitPriceMinor: line.orderLine.unitPriceMinor,
            discountBp: line.orderLine.discountBp,
            ...amounts,
          };
        });
        const invoice = await this.write(tx, {
          invoiceKey,
          kind: 'sales',
          customer,
          order,
          shipment,
          issueDate,
          taxRateBp: order.taxRateBp,
          lines: invoiceLines,
        });
        for (const line of lines) line.orderLine.quantityInvoiced += line.quantity;
        const orderLines = await tx.find(SalesOrderLine, { order });
        if (orderLines.every((l) => l.quantityInvoiced === l.quantity)) order.status = 'invoiced';
        await tx.flush();
        return invoice;
      },
    );
    return this.load(entity.invoiceNo);
  }

  /**
   * What earlier invoices billed of each order line, summed from their invoice lines (a voided
   * invoice counts too: its quantity stays invoiced and its credit note reverses it whole).
   * Read under the order's lock, so two shipments of one order are billed one after the other.
   */
  private async invoicedSoFar(
    tx: EntityManager,
    orderLines: SalesOrderLine[],
  ): Promise<Map<string, InvoicedSoFar>> {
    const billed = await tx.find(InvoiceLine, {
      orderLine: { $in: orderLines.map((line) => line.id) },
    });
    const sums = new Map<string, InvoicedSoFar>();
    for (const line of billed) {
      const id = line.orderLine!.id;
      const sum = sums.get(id) ?? nothingInvoiced;
      sums.set(id, {
        quantity: sum.quantity + line.quantity,
        netMinor: sum.netMinor + line.netMinor,
        taxMinor: sum.taxMinor + line.taxMinor,
      });
    }
    return sums;
  }

  /** The service invoice of billable work, inside the work order's completion transaction. */
  async createForWorkOrder(
    tx: EntityManager,
    workOrder: WorkOrder,
    customer: Customer,
    taxRateBp: number,
    lines: ServiceInvoiceLine[],
  ): Promise<Invoice> {
    return this.write(tx, {
      invoiceKey: `work-order:${workOrder.workOrderNo}`,
      kind: 'service',
      customer,
      workOrder,
      issueDate: isoDate(new Date()),
      taxRateBp,
      lines: lines.map((line, index) => ({
        lineNo: index + 1,
        ...line,
        discountBp: 0,
        ...lineAmounts(line.quantity, line.unitPriceMinor, 0, taxRateBp),
      })),
    });
  }

  private async write(
    tx: EntityManager,
    data: {
      invoiceKey: string;
      kind: Invoice['kind'];
      customer: Customer;
      order?: SalesOrder;
      shipment?: Shipment;
      workOrder?: WorkOrder;
      issueDate: string;
      taxRateBp: number;
      lines: (ServiceInvoiceLine & {
        lineNo: number;
        discountBp: number;
        netMinor: number;
        taxMinor: number;
        orderLine?: SalesOrderLine;
      })[];
    },
  ): Promise<Invoice> {
    const netMinor = data.lines.reduce((sum, l) => sum + l.netMinor, 0);
    const taxMinor = data.lines.reduce((sum, l) => sum + l.taxMinor, 0);
    const invoice = tx.create(Invoice, {
      invoiceNo: await nextDocumentNo(tx, 'INV'),
      invoiceKey: data.invoiceKey,
      kind: data.kind,
      customer: data.customer,
      customerNo: data.customer.customerNo,
      order: data.order,
      shipment: data.shipment,
      workOrder: data.workOrder,
      currency: data.customer.currency,
      issueDate: data.issueDate,
      dueDate: addDays(data.issueDate, data.customer.paymentTermsDays),
      taxRateBp: data.taxRateBp,
      netMinor,
      taxMinor,
      grossMinor: netMinor + taxMinor,
    });
    for (const line of data.lines) tx.create(InvoiceLine, { ...line, invoice });
    const revenue = data.kind === 'service' ? Accounts.serviceRevenue : Accounts.revenue;
    await this.posting.post(tx, {
      entryKey: `invoice:${invoice.invoiceNo}`,
      entryDate: data.issueDate,
      description: `Invoice ${invoice.invoiceNo} to ${data.customer.customerNo}`,
      sourceType: 'invoice',
      sourceNo: invoice.invoiceNo,
      lines: [
        { account: Accounts.accountsReceivable, debitMinor: invoice.grossMinor },
        { account: revenue, creditMinor: netMinor },
        { account: Accounts.taxPayable, creditMinor: taxMinor },
      ],
    });
    return invoice;
  }

  /**
   * Voids an unpaid invoice with a credit note for its full amount, posting Dr Revenue, Dr Tax
   * Payable / Cr Accounts Receivable. Voiding again returns the same credit note.
   */
  async void(input: VoidInvoiceInput): Promise<CreditNote> {
    const creditNoteNo = await this.em.transactional(async (tx) => {
      const invoice = await tx.findOne(
        Invoice,
        { invoiceNo: input.invoiceNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!invoice) throw new NotFoundError('invoice', input.invoiceNo);
      const existing = await tx.findOne(CreditNote, { invoice });
      if (existing) return existing.creditNoteNo;
      if (invoice.paidMinor > 0)
        throw new InvoiceHasPaymentsError(invoice.invoiceNo, invoice.paidMinor);
      const customer = await tx.findOneOrFail(Customer, { id: invoice.customer.id });
      const issueDate = input.issueDate ?? isoDate(new Date());
      const note = tx.create(CreditNote, {
        creditNoteNo: await nextDocumentNo(tx, 'CN'),
        invoice,
        customer,
        customerNo: invoice.customerNo,
        reason: input.reason,
        currency: invoice.currency,
        issueDate,
        netMinor: invoice.netMinor,
        taxMinor: invoice.taxMinor,
        grossMinor: invoice.grossMinor,
      });
      invoice.creditedMinor = invoice.grossMinor;
      invoice.status = 'void';
      invoice.voidedAt = new Date();
      const revenue = invoice.kind === 'service' ? Accounts.serviceRevenue : Accounts.revenue;
      await this.posting.post(tx, {
        entryKey: `credit-note:${note.creditNoteNo}`,
        entryDate: issueDate,
        description: `Credit note ${note.creditNoteNo} voids ${invoice.invoiceNo}: ${input.reason}`,
        sourceType: 'credit-note',
        sourceNo: note.creditNoteNo,
        lines: [
          { account: revenue, debitMinor: note.netMinor },
          { account: Accounts.taxPayable, debitMinor: note.taxMinor },
          { account: Accounts.accountsReceivable, creditMinor: note.grossMinor },
        ],
      });
      return note.creditNoteNo;
    });
    return this.loadCreditNote(creditNoteNo);
  }

  async load(invoiceNo: string): Promise<Invoice> {
    const invoice = await this.em.findOne(
      Invoice,
      { invoiceNo },
      { populate: ['lines', 'order', 'shipment', 'workOrder'], refresh: true },
    );
    if (!invoice) throw new NotFoundError('invoice', invoiceNo);
    return invoice;
  }

  async loadCreditNote(creditNoteNo: string): Promise<CreditNote> {
    const note = await this.em.findOne(
      CreditNote,
      { creditNoteNo },
      { populate: ['invoice'], refresh: true },
    );
    if (!note) throw new NotFoundError('credit-note', creditNoteNo);
    return note;
  }

  async list(
    query: InvoiceQuery,
    today = isoDate(new Date()),
  ): Promise<{ items: Invoice[]; total: number }> {
    const where: FilterQuery<Invoice> = {};
    if (query.customerNo) where.customerNo = query.customerNo;
    if (query.orderNo) where.order = { orderNo: query.orderNo };
    if (query.kind) where.kind = query.kind;
    if (query.status === 'overdue') {
      where.status = { $in: openStatuses };
      where.dueDate = { $lt: today };
    } else if (query.status) {
      where.status = query.status;
    }
    const [items, total] = await this.em.findAndCount(Invoice, where, {
      populate: ['lines', 'order', 'shipment', 'workOrder'],
      orderBy: { createdAt: 'desc', invoiceNo: 'desc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total };
  }

  async listCreditNotes(query: CreditNoteQuery): Promise<{ items: CreditNote[]; total: number }> {
    const where: FilterQuery<CreditNote> = {};
    if (query.customerNo) where.customerNo = query.customerNo;
    if (query.invoiceNo) where.invoice = { invoiceNo: query.invoiceNo };
    const [items, total] = await this.em.findAndCount(CreditNote, where, {
      populate: ['invoice'],
      orderBy: { createdAt: 'desc', creditNoteNo: 'desc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total };
  }

  /** Open or partly paid invoices past their due date by at least `minDaysOverdue` days. */
  async listOverdue(input: ListOverdueInput): Promise<OverdueInvoice[]> {
    const asOf = input.asOf ?? isoDate(new Date());
    const latestDue = addDays(asOf, -input.minDaysOverdue);
    const invoices = await this.em.find(
      Invoice,
      {
        status: { $in: openStatuses },
        dueDate: { $lte: latestDue },
        ...(input.customerNo ? { customerNo: input.customerNo } : {}),
      },
      {
        populate: ['lines', 'order', 'shipment', 'workOrder'],
        orderBy: { dueDate: 'asc', invoiceNo: 'asc' },
        limit: input.limit,
      },
    );
    return invoices.map((invoice) => ({
      invoice,
      daysOverdue: daysBetween(invoice.dueDate, asOf),
    }));
  }
}
