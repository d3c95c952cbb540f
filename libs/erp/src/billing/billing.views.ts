import { daysBetween, isoDate } from '../shared/dates.rule';
import type { CreditNote } from './credit-note.entity';
import type { Invoice } from './invoice.entity';
import type { Payment } from './payment.entity';

export interface InvoiceView {
  invoiceNo: string;
  invoiceKey: string;
  kind: string;
  customerNo: string;
  orderNo?: string;
  shipmentNo?: string;
  workOrderNo?: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  taxRateBp: number;
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
  paidMinor: number;
  creditedMinor: number;
  balanceMinor: number;
  status: string;
  overdue: boolean;
  daysOverdue: number;
  voidedAt?: string;
  createdAt: string;
  lines: {
    lineNo: number;
    sku?: string;
    description: string;
    quantity: number;
    unitPriceMinor: number;
    discountPercent: number;
    netMinor: number;
    taxMinor: number;
  }[];
}

export interface CreditNoteView {
  creditNoteNo: string;
  invoiceNo: string;
  invoiceStatus: string;
  customerNo: string;
  reason: string;
  currency: string;
  issueDate: string;
  netMinor: number;
  taxMinor: number;
  grossMinor: number;
  createdAt: string;
}

export interface PaymentView {
  paymentNo: string;
  externalRef: string;
  customerNo: string;
  amountMinor: number;
  currency: string;
  method: string;
  receivedOn: string;
  createdAt: string;
  allocations: { invoiceNo: string; amountMinor: number }[];
}

/** Needs lines, order, shipment and workOrder loaded; overdue is judged as of `today`. */
export function toInvoiceView(invoice: Invoice, today = isoDate(new Date())): InvoiceView {
  const open = invoice.status === 'open' || invoice.status === 'partially-paid';
  const daysOverdue = open ? Math.max(0, daysBetween(invoice.dueDate, today)) : 0;
  return {
    invoiceNo: invoice.invoiceNo,
    invoiceKey: invoice.invoiceKey,
    kind: invoice.kind,
    customerNo: invoice.customerNo,
    ...(invoice.order ? { orderNo: invoice.order.orderNo } : {}),
    ...(invoice.shipment ? { shipmentNo: invoice.shipment.shipmentNo } : {}),
    ...(invoice.workOrder ? { workOrderNo: invoice.workOrder.workOrderNo } : {}),
    currency: invoice.currency,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    taxRateBp: invoice.taxRateBp,
    netMinor: invoice.netMinor,
    taxMinor: invoice.taxMinor,
    grossMinor: invoice.grossMinor,
    paidMinor: invoice.paidMinor,
    creditedMinor: invoice.creditedMinor,
    balanceMinor: invoice.balanceMinor,
    status: invoice.status,
    overdue: daysOverdue > 0,
    daysOverdue,
    ...(invoice.voidedAt ? { voidedAt: invoice.voidedAt.toISOString() } : {}),
    createdAt: invoice.createdAt.toISOString(),
    lines: invoice.lines.getItems().map((line) => ({
      lineNo: line.lineNo,
      ...(line.sku ? { sku: line.sku } : {}),
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      discountPercent: line.discountBp / 100,
      netMinor: line.netMinor,
      taxMinor: line.taxMinor,
    })),
  };
}

/** Needs the invoice loaded. */
export function toCreditNoteView(note: CreditNote): CreditNoteView {
  return {
    creditNoteNo: note.creditNoteNo,
    invoiceNo: note.invoice.invoiceNo,
    invoiceStatus: note.invoice.status,
    customerNo: note.customerNo,
    reason: note.reason,
    currency: note.currency,
    issueDate: note.issueDate,
    netMinor: note.netMinor,
    taxMinor: note.taxMinor,
    grossMinor: note.grossMinor,
    createdAt: note.createdAt.toISOString(),
  };
}

/** Needs allocations and their invoices loaded. */
export function toPaymentView(payment: Payment): PaymentView {
  return {
    paymentNo: payment.paymentNo,
    externalRef: payment.externalRef,
    customerNo: payment.customerNo,
    amountMinor: payment.amountMinor,
    currency: payment.currency,
    method: payment.method,
    receivedOn: payment.receivedOn,
    createdAt: payment.createdAt.toISOString(),
    allocations: payment.allocations
      .getItems()
      .map((a) => ({ invoiceNo: a.invoice.invoiceNo, amountMinor: a.amountMinor }))
      .sort((a, b) => a.invoiceNo.localeCompare(b.invoiceNo)),
  };
}
