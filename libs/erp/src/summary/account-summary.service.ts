import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '@throughline/common';
import { toInvoiceView, type InvoiceView } from '../billing/billing.views';
import { Invoice, openInvoiceStatuses } from '../billing/invoice.entity';
import { Customer } from '../customers/customer.entity';
import { toCustomerView, type CustomerView } from '../customers/customer.view';
import { ShipmentLine } from '../fulfilment/shipment-line.entity';
import { CreditService } from '../sales/credit.service';
import { openOrderStatuses, SalesOrder } from '../sales/sales-order.entity';
import { addMonths, isoDate } from '../shared/dates.rule';

export interface WarrantyItem {
  serialNumber: string;
  sku: string;
  name: string;
  orderNo: string;
  shipmentNo: string;
  deliveredOn: string;
  warrantyEndsOn: string;
  inWarranty: boolean;
}

export interface OrderSummary {
  orderNo: string;
  status: string;
  grossMinor: number;
  createdAt: string;
}

export type InvoiceSummary = Pick<
  InvoiceView,
  | 'invoiceNo'
  | 'kind'
  | 'status'
  | 'issueDate'
  | 'dueDate'
  | 'grossMinor'
  | 'balanceMinor'
  | 'overdue'
  | 'daysOverdue'
>;

/** The credit position as the credit check sees it, without a new order. */
export interface CreditExposure {
  /** Open receivables: what the open invoices still owe. */
  openArMinor: number;
  /** The part of the open orders not yet invoiced. */
  openOrdersMinor: number;
  /** openAr + openOrders. */
  exposureMinor: number;
  /** The limit minus the exposure; negative when over the limit. */
  availableMinor: number;
}

/** Open orders listed in the summary at most; `openOrders` counts them all. */
export const SUMMARY_OPEN_ORDERS_MAX = 50;

export interface AccountSummary {
  customer: CustomerView;
  asOf: string;
  currency: string;
  creditHold: boolean;
  creditLimitMinor: number;
  openBalanceMinor: number;
  overdueBalanceMinor: number;
  exposure: CreditExposure;
  /** How many orders are open (credit-blocked, confirmed, partially shipped, shipped). */
  openOrders: number;
  /** The open orders themselves, oldest first (at most SUMMARY_OPEN_ORDERS_MAX). */
  openOrderList: OrderSummary[];
  /** The most recent orders, newest first. */
  orders: OrderSummary[];
  /** Every open invoice past its due date as of `asOf`, longest overdue first. */
  overdueInvoices: InvoiceSummary[];
  /** The most recent invoices, newest first. */
  invoices: InvoiceSummary[];
  warrantyItems: WarrantyItem[];
}

function toOrderSummary(order: SalesOrder): OrderSummary {
  return {
    orderNo: order.orderNo,
    status: order.status,
    grossMinor: order.grossMinor,
    createdAt: order.createdAt.toISOString(),
  };
}

function toInvoiceSummary(view: InvoiceView): InvoiceSummary {
  return {
    invoiceNo: view.invoiceNo,
    kind: view.kind,
    status: view.status,
    issueDate: view.issueDate,
    dueDate: view.dueDate,
    grossMinor: view.grossMinor,
    balanceMinor: view.balanceMinor,
    overdue: view.overdue,
    daysOverdue: view.daysOverdue,
  };
}

/**
 * The ERP half of the customer 360: orders (open and recent), invoices (overdue and recent), open
 * balance, credit limit, exposure and hold, warranty items.
 */
@Injectable()
export class AccountSummaryService {
  constructor(
    private readonly em: EntityManager,
    private readonly credit: CreditService,
  ) {}

  async summary(
    customerNo: string,
    asOf = isoDate(new Date()),
    recent = 10,
  ): Promise<AccountSummary> {
    const customer = await this.em.findOne(Customer, { customerNo }, { populate: ['priceList'] });
    if (!customer) throw new NotFoundError('customer', customerNo);
    const orders = await this.em.find(
      SalesOrder,
      { customer },
      { orderBy: { createdAt: 'desc', orderNo: 'desc' }, limit: recent },
    );
    const [openOrderList, openOrders] = await this.em.findAndCount(
      SalesOrder,
      { customer, status: { $in: openOrderStatuses } },
      { orderBy: { createdAt: 'asc', orderNo: 'asc' }, limit: SUMMARY_OPEN_ORDERS_MAX },
    );
    const position = await this.credit.evaluate(this.em, customer, 0);
    const openInvoices = await this.em.find(
      Invoice,
      { customer, status: { $in: [...openInvoiceStatuses] } },
      { populate: ['lines', 'order', 'shipment', 'workOrder'] },
    );
    const recentInvoices = await this.em.find(
      Invoice,
      { customer },
      {
        populate: ['lines', 'order', 'shipment', 'workOrder'],
        orderBy: { createdAt: 'desc', invoiceNo: 'desc' },
        limit: recent,
      },
    );
    const delivered = await this.em.find(
      ShipmentLine,
      { shipment: { customerNo, status: 'delivered' }, item: { serialized: true } },
      {
        populate: ['item', 'shipment', 'shipment.order'],
        orderBy: { shipment: { deliveredAt: 'asc' } },
      },
    );
    const warrantyItems = delivered.flatMap((line) => {
      const deliveredOn = isoDate(line.shipment.deliveredAt!);
      const warrantyEndsOn = addMonths(deliveredOn, line.item.warrantyMonths);
      return line.serialNumbers.map((serialNumber) => ({
        serialNumber,
        sku: line.sku,
        name: line.item.name,
        orderNo: line.shipment.order.orderNo,
        shipmentNo: line.shipment.shipmentNo,
        deliveredOn,
        warrantyEndsOn,
        inWarranty: asOf <= warrantyEndsOn,
      }));
    });
    const openViews = openInvoices.map((i) => toInvoiceView(i, asOf));
    const overdueInvoices = openViews
      .filter((i) => i.overdue)
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.invoiceNo.localeCompare(b.invoiceNo))
      .map(toInvoiceSummary);
    return {
      customer: toCustomerView(customer),
      asOf,
      currency: customer.currency,
      creditHold: customer.creditHold,
      creditLimitMinor: customer.creditLimitMinor,
      openBalanceMinor: openViews.reduce((sum, i) => sum + i.balanceMinor, 0),
      overdueBalanceMinor: openViews
        .filter((i) => i.overdue)
        .reduce((sum, i) => sum + i.balanceMinor, 0),
      exposure: {
        openArMinor: position.openArMinor,
        openOrdersMinor: position.openOrdersMinor,
        exposureMinor: position.exposureMinor,
        availableMinor: position.availableMinor,
      },
      openOrders,
      openOrderList: openOrderList.map(toOrderSummary),
      orders: orders.map(toOrderSummary),
      overdueInvoices,
      invoices: recentInvoices.map((invoice) => toInvoiceSummary(toInvoiceView(invoice, asOf))),
      warrantyItems,
    };
  }
}
