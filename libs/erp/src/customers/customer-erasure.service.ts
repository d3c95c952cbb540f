import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  ERASED_TEXT,
  erasedCustomerName,
  erasedEmail,
  erasedReason,
  isReference,
  NotFoundError,
} from '@throughline/common';
import type { ErpErasureResult } from '@throughline/contracts';
import { CreditNote } from '../billing/credit-note.entity';
import { Invoice } from '../billing/invoice.entity';
import { Payment } from '../billing/payment.entity';
import { SalesOrder } from '../sales/sales-order.entity';
import { WorkOrder } from '../service/work-order.entity';
import { Customer } from './customer.entity';

/** The credit hold reason of an anonymized customer. */
export const ERASED_CREDIT_HOLD_REASON = 'personal-data-erased';

/**
 * The right to be forgotten, ERP half: the ERP keeps its business records as the law requires
 * (invoices, credit notes, payments, orders, the ledger, with their numbers, dates and amounts),
 * but no longer knows who the customer was.
 */
@Injectable()
export class CustomerErasureService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Anonymizes the customer with this customerNo, in one transaction under its row lock:
   * - customer master: legal name `Erased customer <customerNo>`, a placeholder e-mail, no
   *   billing address; on credit hold (`personal-data-erased`) unless it is on hold already, and
   *   it stays there (see CustomerService);
   * - sales orders: no ship-to address (nor coordinates), a customer reference that is not a
   *   plain document reference and a written cancel reason become unset / `(erased)`;
   * - work orders: no site address, the description `(erased)`.
   *
   * Invoices, credit notes, payments, shipments and journal entries are kept unchanged: they
   * name the customer by customerNo only (journal entries are immutable by design). Records the
   * anonymization on the customer (`erasedAt`, `erasureRef`, the counts). A customer anonymized
   * before gets the first result back and nothing changes. Unknown: `customer-not-found`.
   */
  async anonymize(customerNo: string, erasureRef: string): Promise<ErpErasureResult> {
    return this.em.transactional(async (tx) => {
      const customer = await tx.findOne(
        Customer,
        { customerNo },
        { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
      );
      if (!customer) throw new NotFoundError('customer', customerNo);
      if (customer.erasedAt && customer.erasureSummary) return customer.erasureSummary;

      const erasedAt = new Date();
      customer.legalName = erasedCustomerName(customerNo);
      customer.email = erasedEmail('customer', customerNo);
      customer.billingAddress = undefined;
      if (!customer.creditHold) {
        customer.creditHold = true;
        customer.creditHoldReason = ERASED_CREDIT_HOLD_REASON;
        customer.creditHoldSince = erasedAt;
      }

      const orders = await tx.find(SalesOrder, { customer }, { orderBy: { orderNo: 'asc' } });
      for (const order of orders) {
        order.shipTo = undefined;
        if (order.customerReference && !isReference(order.customerReference)) {
          order.customerReference = undefined;
        }
        order.cancelReason = erasedReason(order.cancelReason);
      }

      const workOrders = await tx.find(WorkOrder, { customer });
      for (const workOrder of workOrders) {
        workOrder.site = undefined;
        if (workOrder.description) workOrder.description = ERASED_TEXT;
      }

      const summary: ErpErasureResult = {
        customerNo,
        erasureRef,
        erasedAt: erasedAt.toISOString(),
        customers: 1,
        salesOrders: orders.length,
        workOrders: workOrders.length,
        invoicesRetained: await tx.count(Invoice, { customer }),
        creditNotesRetained: await tx.count(CreditNote, { customer }),
        paymentsRetained: await tx.count(Payment, { customer }),
      };
      customer.erasedAt = erasedAt;
      customer.erasureRef = erasureRef;
      customer.erasureSummary = summary;
      return summary;
    });
  }
}
