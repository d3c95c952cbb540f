import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  AccountSummaryService,
  cancelPurchaseOrderSchema,
  cancelSalesOrderSchema,
  checkCreditSchema,
  completeWorkOrderSchema,
  createInvoiceSchema,
  createPurchaseOrderSchema,
  createSalesOrderSchema,
  createShipmentSchema,
  createWorkOrderSchema,
  CreditService,
  estimateServiceWorkSchema,
  cancelWorkOrderSchema,
  type ServiceWorkEstimate,
  CustomerErasureService,
  CustomerService,
  deliverSchema,
  describeItemsSchema,
  InvoiceService,
  invoiceNoSchema,
  ItemService,
  listOverdueSchema,
  orderNoSchema,
  packSchema,
  parseInput,
  PaymentService,
  priceLinesSchema,
  PricingService,
  PurchasingService,
  receiveGoodsSchema,
  recordPaymentSchema,
  releaseCreditBlockSchema,
  ReservationService,
  SalesOrderService,
  ShipmentService,
  shipmentNoSchema,
  shipSchema,
  toCreditNoteView,
  toCustomerView,
  toGoodsReceiptView,
  toInvoiceView,
  toItemView,
  toPaymentView,
  toPurchaseOrderView,
  toSalesOrderView,
  toShipmentView,
  toWorkOrderView,
  voidInvoiceSchema,
  WorkOrderService,
  type AccountSummary,
  type CreditCheck,
  type CreditNoteView,
  type CustomerView,
  type GoodsReceiptView,
  type InvoiceView,
  type ItemView,
  type OrderReservations,
  type PaymentView,
  type PricedLines,
  type PurchaseOrderView,
  type SalesOrderView,
  type ShipmentView,
  type WorkOrderView,
  accountSummarySchema,
  creditHoldSchema,
  releaseCreditHoldSchema,
  upsertCustomerSchema,
} from '@throughline/erp';
import {
  type ErasureRequest,
  erasureRequestSchema,
  type ErpErasureResult,
} from '@throughline/contracts';

export type UpsertCustomerRequest = z.input<typeof upsertCustomerSchema>;
export type PriceLinesRequest = z.input<typeof priceLinesSchema>;
export type CheckCreditRequest = z.input<typeof checkCreditSchema>;
export type CreateSalesOrderRequest = z.input<typeof createSalesOrderSchema>;
export type ReleaseCreditBlockRequest = z.input<typeof releaseCreditBlockSchema>;
export type DescribeItemsRequest = z.input<typeof describeItemsSchema>;
export type OrderRequest = z.input<typeof orderNoSchema>;
export type CancelSalesOrderRequest = z.input<typeof cancelSalesOrderSchema>;
export type CreatePurchaseOrderRequest = z.input<typeof createPurchaseOrderSchema>;
export type CancelPurchaseOrderRequest = z.input<typeof cancelPurchaseOrderSchema>;
export type ReceiveGoodsRequest = z.input<typeof receiveGoodsSchema>;
export type CreateShipmentRequest = z.input<typeof createShipmentSchema>;
export type ShipmentRequest = z.input<typeof shipmentNoSchema>;
export type PackRequest = z.input<typeof packSchema>;
export type ShipRequest = z.input<typeof shipSchema>;
export type DeliverRequest = z.input<typeof deliverSchema>;
export type CreateInvoiceRequest = z.input<typeof createInvoiceSchema>;
export type RecordPaymentRequest = z.input<typeof recordPaymentSchema>;
export type InvoiceRequest = z.input<typeof invoiceNoSchema>;
export type VoidInvoiceRequest = z.input<typeof voidInvoiceSchema>;
export type CreditHoldRequest = z.input<typeof creditHoldSchema>;
export type ReleaseCreditHoldRequest = z.input<typeof releaseCreditHoldSchema>;
export type CreateWorkOrderRequest = z.input<typeof createWorkOrderSchema>;
export type CompleteWorkOrderRequest = z.input<typeof completeWorkOrderSchema>;
export type EstimateServiceWorkRequest = z.input<typeof estimateServiceWorkSchema>;
export type CancelWorkOrderRequest = z.input<typeof cancelWorkOrderSchema>;
export type ListOverdueInvoicesRequest = z.input<typeof listOverdueSchema>;
export type AccountSummaryRequest = z.input<typeof accountSummarySchema>;

export interface OverdueInvoiceView {
  invoiceNo: string;
  customerNo: string;
  issueDate: string;
  dueDate: string;
  daysOverdue: number;
  grossMinor: number;
  balanceMinor: number;
  currency: string;
}

/**
 * ERP activities, served on the "erp" task queue. Thin adapters from activity calls to the ERP
 * services: each validates its input (a malformed call is a non-retryable `invalid-input` or
 * `bad-quantity` failure), calls one service, and returns the document it wrote. Every one that
 * writes is idempotent by its business key: a retry returns the same document and writes nothing.
 */
@Injectable()
export class ErpActivities {
  constructor(
    private readonly customers: CustomerService,
    private readonly pricing: PricingService,
    private readonly credit: CreditService,
    private readonly orders: SalesOrderService,
    private readonly reservations: ReservationService,
    private readonly purchasing: PurchasingService,
    private readonly shipments: ShipmentService,
    private readonly invoices: InvoiceService,
    private readonly payments: PaymentService,
    private readonly workOrders: WorkOrderService,
    private readonly summaries: AccountSummaryService,
    private readonly items: ItemService,
    private readonly erasure: CustomerErasureService,
  ) {}

  /** Creates the customer master for a customerNo, or updates the contact data CRM owns. */
  async upsertCustomer(request: UpsertCustomerRequest): Promise<CustomerView> {
    const { customer } = await this.customers.upsertCustomer(
      parseInput(upsertCustomerSchema, request),
    );
    return toCustomerView(customer);
  }

  /** Prices lines for a quote; each line says which price applied. Reads only. */
  async priceLines(request: PriceLinesRequest): Promise<PricedLines> {
    return this.pricing.priceLines(parseInput(priceLinesSchema, request));
  }

  /** The items of the given skus (name, warranty, serialized, ...), in that order. Reads only. */
  async describeItems(request: DescribeItemsRequest): Promise<ItemView[]> {
    const items = await this.items.describe(parseInput(describeItemsSchema, request).skus);
    return items.map(toItemView);
  }

  /** Exposure (open AR + open orders + this order) against the limit and hold. Reads only. */
  async checkCredit(request: CheckCreditRequest): Promise<CreditCheck> {
    const input = parseInput(checkCreditSchema, request);
    return this.credit.check(input.customerNo, input.amountMinor);
  }

  /**
   * One sales order per order key; over the limit or on hold it is refused unless approved, or
   * with `onCreditRefused: 'block'` created as `credit-blocked` (reason in `creditBlockReason`).
   */
  async createSalesOrder(request: CreateSalesOrderRequest): Promise<SalesOrderView> {
    return toSalesOrderView(await this.orders.create(parseInput(createSalesOrderSchema, request)));
  }

  /** Finance released a credit-blocked order: it becomes confirmed and can ship. */
  async releaseCreditBlock(request: ReleaseCreditBlockRequest): Promise<SalesOrderView> {
    return toSalesOrderView(
      await this.orders.releaseCreditBlock(parseInput(releaseCreditBlockSchema, request)),
    );
  }

  /** Reserves what the order still needs, nearest warehouse first; returns the shortfall. */
  async reserveStock(request: OrderRequest): Promise<OrderReservations> {
    return this.reservations.reserveForOrder(parseInput(orderNoSchema, request).orderNo);
  }

  /** Releases the order's reservations that no shipment has taken. */
  async releaseReservations(request: OrderRequest): Promise<OrderReservations> {
    return this.reservations.releaseForOrder(parseInput(orderNoSchema, request).orderNo);
  }

  async createPurchaseOrder(request: CreatePurchaseOrderRequest): Promise<PurchaseOrderView> {
    return toPurchaseOrderView(
      await this.purchasing.createPurchaseOrder(parseInput(createPurchaseOrderSchema, request)),
    );
  }

  /** Cancels an open purchase order (compensation of a cancelled backorder). */
  async cancelPurchaseOrder(request: CancelPurchaseOrderRequest): Promise<PurchaseOrderView> {
    const input = parseInput(cancelPurchaseOrderSchema, request);
    return toPurchaseOrderView(await this.purchasing.cancelPurchaseOrder(input.poNo, input.reason));
  }

  /** Stock in against a purchase order: Dr Inventory / Cr GRNI. */
  async receiveGoods(request: ReceiveGoodsRequest): Promise<GoodsReceiptView> {
    return toGoodsReceiptView(
      await this.purchasing.receiveGoods(parseInput(receiveGoodsSchema, request)),
    );
  }

  async createShipment(request: CreateShipmentRequest): Promise<ShipmentView> {
    return toShipmentView(await this.shipments.create(parseInput(createShipmentSchema, request)));
  }

  async pick(request: ShipmentRequest): Promise<ShipmentView> {
    return toShipmentView(
      await this.shipments.pick(parseInput(shipmentNoSchema, request).shipmentNo),
    );
  }

  async pack(request: PackRequest): Promise<ShipmentView> {
    return toShipmentView(await this.shipments.pack(parseInput(packSchema, request)));
  }

  /** Stock out and Dr COGS / Cr Inventory. */
  async ship(request: ShipRequest): Promise<ShipmentView> {
    return toShipmentView(await this.shipments.ship(parseInput(shipSchema, request)));
  }

  async deliver(request: DeliverRequest): Promise<ShipmentView> {
    return toShipmentView(await this.shipments.deliver(parseInput(deliverSchema, request)));
  }

  /** One invoice per shipment, on the quantity shipped: Dr AR / Cr Revenue / Cr Tax Payable. */
  async createInvoice(request: CreateInvoiceRequest): Promise<InvoiceView> {
    return toInvoiceView(
      await this.invoices.createForShipment(parseInput(createInvoiceSchema, request)),
    );
  }

  /** The invoice as ERP has it now: balance, status, overdue days. Reads only. */
  async getInvoice(request: InvoiceRequest): Promise<InvoiceView> {
    return toInvoiceView(await this.invoices.load(parseInput(invoiceNoSchema, request).invoiceNo));
  }

  /** One payment per external reference; partial payments allowed, over-payment refused. */
  async recordPayment(request: RecordPaymentRequest): Promise<PaymentView> {
    return toPaymentView(await this.payments.record(parseInput(recordPaymentSchema, request)));
  }

  /** Voids an unpaid invoice with a credit note (Dr Revenue, Dr Tax / Cr AR). */
  async voidInvoice(request: VoidInvoiceRequest): Promise<CreditNoteView> {
    return toCreditNoteView(await this.invoices.void(parseInput(voidInvoiceSchema, request)));
  }

  async placeCreditHold(request: CreditHoldRequest): Promise<CustomerView> {
    const input = parseInput(creditHoldSchema, request);
    return toCustomerView(await this.customers.placeCreditHold(input.customerNo, input.reason));
  }

  async releaseCreditHold(request: ReleaseCreditHoldRequest): Promise<CustomerView> {
    const input = parseInput(releaseCreditHoldSchema, request);
    return toCustomerView(await this.customers.releaseCreditHold(input.customerNo));
  }

  /** Cancels before shipment (reservations released); refused once goods have shipped. */
  async cancelSalesOrder(request: CancelSalesOrderRequest): Promise<SalesOrderView> {
    const input = parseInput(cancelSalesOrderSchema, request);
    return toSalesOrderView(await this.orders.cancel(input.orderNo, input.reason));
  }

  /** One work order per case; parts reserved from the nearest warehouse. */
  async createWorkOrder(request: CreateWorkOrderRequest): Promise<WorkOrderView> {
    const detail = await this.workOrders.create(parseInput(createWorkOrderSchema, request));
    return toWorkOrderView(detail.workOrder, detail);
  }

  /** An open work order cancelled with its case: the parts' reservations are released. */
  async cancelWorkOrder(request: CancelWorkOrderRequest): Promise<WorkOrderView> {
    const detail = await this.workOrders.cancel(parseInput(cancelWorkOrderSchema, request));
    return toWorkOrderView(detail.workOrder, detail);
  }

  /** What billable work would cost before it is done (parts at the customer's prices, labour). */
  async estimateServiceWork(request: EstimateServiceWorkRequest): Promise<ServiceWorkEstimate> {
    return this.workOrders.estimate(parseInput(estimateServiceWorkSchema, request));
  }

  /** Parts out of stock; warranty posts Warranty Expense, billable work gets a service invoice. */
  async completeWorkOrder(request: CompleteWorkOrderRequest): Promise<WorkOrderView> {
    const detail = await this.workOrders.complete(parseInput(completeWorkOrderSchema, request));
    return toWorkOrderView(detail.workOrder, detail);
  }

  /** Open invoices past due (for dunning), oldest due first. Reads only. */
  async listOverdueInvoices(
    request: ListOverdueInvoicesRequest = {},
  ): Promise<OverdueInvoiceView[]> {
    const overdue = await this.invoices.listOverdue(parseInput(listOverdueSchema, request));
    return overdue.map(({ invoice, daysOverdue }) => ({
      invoiceNo: invoice.invoiceNo,
      customerNo: invoice.customerNo,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      daysOverdue,
      grossMinor: invoice.grossMinor,
      balanceMinor: invoice.balanceMinor,
      currency: invoice.currency,
    }));
  }

  /** The ERP side of the customer 360. Reads only. */
  async getAccountSummary(request: AccountSummaryRequest): Promise<AccountSummary> {
    const input = parseInput(accountSummarySchema, request);
    return this.summaries.summary(input.customerNo, input.asOf);
  }

  /**
   * The right to be forgotten, ERP half: the customer master's name becomes `Erased customer
   * <customerNo>`, its e-mail and address and the addresses and free text on its orders and work
   * orders go; invoices, credit notes, payments and the ledger stay as the law requires. The
   * customer is put on credit hold. Returns counts only; a repeat returns the same result and
   * writes nothing; an unknown customer is `customer-not-found`.
   */
  async anonymizeCustomer(request: ErasureRequest): Promise<ErpErasureResult> {
    const input = parseInput(erasureRequestSchema, request);
    return this.erasure.anonymize(input.customerNo, input.erasureRef);
  }
}
