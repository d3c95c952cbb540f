import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '@throughline/common';
import { Customer } from '../customers/customer.entity';
import { decideCredit, type CreditDecision } from './credit-exposure.rule';
import { openOrderStatuses } from './sales-order.entity';

export interface CreditCheck extends CreditDecision {
  customerNo: string;
  currency: string;
  creditLimitMinor: number;
  creditHold: boolean;
  openArMinor: number;
  openOrdersMinor: number;
  newOrderMinor: number;
}

/** The credit check: exposure against the customer's limit and hold. */
@Injectable()
export class CreditService {
  constructor(private readonly em: EntityManager) {}

  async check(customerNo: string, newOrderMinor: number): Promise<CreditCheck> {
    const customer = await this.em.findOne(Customer, { customerNo }, { refresh: true });
    if (!customer) throw new NotFoundError('customer', customerNo);
    return this.evaluate(this.em, customer, newOrderMinor);
  }

  /** Evaluates in `em` (the order's transaction, under the customer's row lock). */
  async evaluate(
    em: EntityManager,
    customer: Customer,
    newOrderMinor: number,
  ): Promise<CreditCheck> {
    const [ar] = await em.execute<{ value: string }[]>(
      `select coalesce(sum(gross_minor - paid_minor - credited_minor), 0) as value
         from erp.invoice where customer_id = ? and status in ('open', 'partially-paid')`,
      [customer.id],
    );
    // The part of each open order line not yet invoiced, at its own price and tax.
    const [orders] = await em.execute<{ value: string }[]>(
      `select coalesce(sum(round((l.net_minor + l.tax_minor)::numeric * (l.quantity - l.quantity_invoiced) / l.quantity)), 0) as value
         from erp.sales_order_line l join erp.sales_order o on o.id = l.order_id
        where o.customer_id = ? and o.status in (${openOrderStatuses.map(() => '?').join(', ')})`,
      [customer.id, ...openOrderStatuses],
    );
    const position = {
      creditLimitMinor: customer.creditLimitMinor,
      creditHold: customer.creditHold,
      openArMinor: Number(ar.value),
      openOrdersMinor: Number(orders.value),
    };
    return {
      customerNo: customer.customerNo,
      currency: customer.currency,
      ...position,
      newOrderMinor,
      ...decideCredit(position, newOrderMinor),
    };
  }
}
