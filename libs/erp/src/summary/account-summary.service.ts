import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '@throughline/common';
import { toInvoiceView, type InvoiceView } from '../billing/billing.views';
import { Invoice, openInvoiceStatuses } from '../billing/invoice.entity';
import { Customer } from '../customers/customer.entity';
import { toCustomerView, type CustomerView } from '../customers/customer.view';
import { ShipmentLine } from '../fulfilment/shipment-line.entity';
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

export interface AccountSummary {
  customer: CustomerView;
  asOf: string;
  currency: string;
  creditHold: boolean;
  creditLimitMinor: number;
  openBalanceMinor: number;
  overdueBalanceMinor: number;
  openOrders: number;
  orders: { orderNo: string; status: string; grossMinor: number; createdAt: string }[];
  invoices: Pick<
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
  >[];
  warrantyItems: WarrantyItem[];
}

/** The ERP half of the customer 360: orders, invoices, open balance, hold, warranty items. */
@Injectable()
export class AccountSummaryService {
  constructor(private readonly em: EntityManager) {}

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
    const openOrders = await this.em.count(SalesOrder, {
      customer,
      status: { $in: openOrderStatuses },
    });
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
      openOrders,
      orders: orders.map((o) => ({
        orderNo: o.orderNo,
        status: o.status,
        grossMinor: o.grossMinor,
        createdAt: o.createdAt.toISOString(),
      })),
      invoices: recentInvoices.map((invoice) => {
        const view = toInvoiceView(invoice, asOf);
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
      }),
      warrantyItems,
    };
  }
}
