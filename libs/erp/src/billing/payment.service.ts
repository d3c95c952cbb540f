import { Injectable } from '@nestjs/common';
import { type FilterQuery, LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '@throughline/common';
import { createOnce } from '@throughline/database';
import { Customer } from '../customers/customer.entity';
import { Accounts } from '../ledger/chart-of-accounts';
import { PostingService } from '../ledger/posting.service';
import { SalesOrder } from '../sales/sales-order.entity';
import { isoDate } from '../shared/dates.rule';
import { nextDocumentNo } from '../shared/document-number';
import {
  CurrencyMismatchError,
  InvalidInputError,
  InvalidTransitionError,
  OverpaymentError,
  PaymentReferenceConflictError,
} from '../shared/erp.errors';
import type { PaymentQuery, RecordPaymentInput } from './billing.schemas';
import { Invoice, openInvoiceStatuses } from './invoice.entity';
import { Payment } from './payment.entity';
import { PaymentAllocation } from './payment-allocation.entity';

/**
 * Incoming payments, allocated in full to open invoices (partial payments allowed, an
 * over-payment refused), posting Dr Cash / Cr Accounts Receivable. The external reference is
 * the idempotency key: the same bank transaction twice is one payment.
 */
@Injectable()
export class PaymentService {
  constructor(
    private readonly em: EntityManager,
    private readonly posting: PostingService,
  ) {}

  async record(input: RecordPaymentInput): Promise<Payment> {
    const { entity } = await createOnce(
      this.em,
      (em) => em.findOne(Payment, { externalRef: input.externalRef }),
      async (tx) => {
        // One payment of a customer at a time, so automatic allocation never races itself.
        const customer = await tx.findOne(
          Customer,
          { customerNo: input.customerNo },
          { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
        );
        if (!customer) throw new NotFoundError('customer', input.customerNo);
        // A retry that overlapped the first attempt finds its payment once it holds the lock.
        const created = await tx.findOne(Payment, { externalRef: input.externalRef });
        if (created) return created;
        if (input.currency && input.currency !== customer.currency) {
          throw new CurrencyMismatchError(customer.currency, input.currency);
        }
        const allocations = input.allocations
          ? await this.explicitAllocations(tx, customer, input)
          : await this.oldestFirst(tx, customer, input.amountMinor);
        const payment = tx.create(Payment, {
          paymentNo: await nextDocumentNo(tx, 'PAY'),
          externalRef: input.externalRef,
          customer,
          customerNo: customer.customerNo,
          amountMinor: input.amountMinor,
          currency: customer.currency,
          method: input.method,
          receivedOn: input.receivedOn ?? isoDate(new Date()),
        });
        for (const { invoice, amountMinor } of allocations) {
          tx.create(PaymentAllocation, { payment, invoice, amountMinor });
          invoice.paidMinor += amountMinor;
          invoice.status = invoice.balanceMinor === 0 ? 'paid' : 'partially-paid';
        }
        await tx.flush();
        await this.closePaidOrders(
          tx,
          allocations.map((a) => a.invoice),
        );
        await this.posting.post(tx, {
          entryKey: `payment:${payment.paymentNo}`,
          entryDate: payment.receivedOn,
          description: `Payment ${payment.paymentNo} (${input.externalRef}) from ${customer.customerNo}`,
          sourceType: 'payment',
          sourceNo: payment.paymentNo,
          lines: [
            { account: Accounts.cash, debitMinor: payment.amountMinor },
            { account: Accounts.accountsReceivable, creditMinor: payment.amountMinor },
          ],
        });
        await tx.flush();
        return payment;
      },
    );
    if (entity.customerNo !== input.customerNo || entity.amountMinor !== input.amountMinor) {
      throw new PaymentReferenceConflictError(input.externalRef, entity.paymentNo);
    }
    return this.load(entity.paymentNo);
  }

  private async explicitAllocations(
    tx: EntityManager,
    customer: Customer,
    input: RecordPaymentInput,
  ): Promise<{ invoice: Invoice; amountMinor: number }[]> {
    const requested = input.allocations!;
    const numbers = requested.map((a) => a.invoiceNo);
    if (new Set(numbers).size !== numbers.length) {
      throw new InvalidInputError('an invoice appears twice in the allocations', [
        { field: 'allocations', message: 'one allocation per invoice' },
      ]);
    }
    const invoices = await tx.find(
      Invoice,
      { invoiceNo: { $in: numbers }, customer },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, refresh: true },
    );
    const total = requested.reduce((sum, a) => sum + a.amountMinor, 0);
    if (total !== input.amountMinor) {
      if (total < input.amountMinor) {
        throw new OverpaymentError({ amountMinor: input.amountMinor, allocatedMinor: total });
      }
      throw new InvalidInputError('the allocations add up to more than the payment', [
        {
          field: 'allocations',
          message: `allocations total ${total}, payment ${input.amountMinor}`,
        },
      ]);
    }
    return requested.map((allocation) => {
      const invoice = invoices.find((i) => i.invoiceNo === allocation.invoiceNo);
      if (!invoice) throw new NotFoundError('invoice', allocation.invoiceNo);
      if (invoice.status === 'void' || invoice.status === 'paid') {
        throw new InvalidTransitionError('invoice', invoice.invoiceNo, invoice.status, 'paid');
      }
      if (allocation.amountMinor > invoice.balanceMinor) {
        throw new OverpaymentError({
          invoiceNo: invoice.invoiceNo,
          balanceMinor: invoice.balanceMinor,
          amountMinor: allocation.amountMinor,
        });
      }
      return { invoice, amountMinor: allocation.amountMinor };
    });
  }

  /** Pays the oldest due invoices first; more than is open is refused. */
  private async oldestFirst(
    tx: EntityManager,
    customer: Customer,
    amountMinor: number,
  ): Promise<{ invoice: Invoice; amountMinor: number }[]> {
    const open = await tx.find(
      Invoice,
      { customer, status: { $in: [...openInvoiceStatuses] } },
      { lockMode: LockMode.PESSIMISTIC_WRITE, orderBy: { id: 'asc' }, refresh: true },
    );
    open.sort(
      (a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceNo.localeCompare(b.invoiceNo),
    );
    const openMinor = open.reduce((sum, i) => sum + i.balanceMinor, 0);
    if (amountMinor > openMinor) {
      throw new OverpaymentError({ customerNo: customer.customerNo, amountMinor, openMinor });
    }
    const allocations: { invoice: Invoice; amountMinor: number }[] = [];
    let remaining = amountMinor;
    for (const invoice of open) {
      if (remaining === 0) break;
      const take = Math.min(remaining, invoice.balanceMinor);
      allocations.push({ invoice, amountMinor: take });
      remaining -= take;
    }
    return allocations;
  }

  /** An invoiced order whose invoices are all settled is closed. */
  private async closePaidOrders(tx: EntityManager, invoices: Invoice[]): Promise<void> {
    const orderIds = [...new Set(invoices.filter((i) => i.order).map((i) => i.order!.id))];
    for (const id of orderIds) {
      const order = await tx.findOneOrFail(SalesOrder, { id });
      if (order.status !== 'invoiced') continue;
      const unsettled = await tx.count(Invoice, {
        order,
        status: { $in: [...openInvoiceStatuses] },
      });
      if (unsettled === 0) order.status = 'closed';
    }
  }

  async load(paymentNo: string): Promise<Payment> {
    const payment = await this.em.findOne(
      Payment,
      { paymentNo },
      { populate: ['allocations', 'allocations.invoice'], refresh: true },
    );
    if (!payment) throw new NotFoundError('payment', paymentNo);
    return payment;
  }

  async list(query: PaymentQuery): Promise<{ items: Payment[]; total: number }> {
    const where: FilterQuery<Payment> = {};
    if (query.customerNo) where.customerNo = query.customerNo;
    if (query.externalRef) where.externalRef = query.externalRef;
    if (query.invoiceNo) where.allocations = { invoice: { invoiceNo: query.invoiceNo } };
    const [items, total] = await this.em.findAndCount(Payment, where, {
      populate: ['allocations', 'allocations.invoice'],
      orderBy: { createdAt: 'desc', paymentNo: 'desc' },
      limit: query.limit,
      offset: query.offset,
    });
    return { items, total };
  }
}
