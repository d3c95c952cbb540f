import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiKeyRequired, type Page, ZodValidationPipe } from '@throughline/common';
import {
  creditNoteQuerySchema,
  goodsReceiptQuerySchema,
  InvoiceService,
  invoiceQuerySchema,
  PaymentService,
  paymentQuerySchema,
  purchaseOrderQuerySchema,
  PurchasingService,
  ReservationService,
  SalesOrderService,
  salesOrderQuerySchema,
  shipmentQuerySchema,
  ShipmentService,
  toCreditNoteView,
  toGoodsReceiptView,
  toInvoiceView,
  toPaymentView,
  toPurchaseOrderView,
  toSalesOrderView,
  toShipmentView,
  toWorkOrderView,
  WorkOrderService,
  workOrderQuerySchema,
  type CreditNoteQuery,
  type CreditNoteView,
  type GoodsReceiptQuery,
  type GoodsReceiptView,
  type InvoiceQuery,
  type InvoiceView,
  type OrderReservations,
  type PaymentQuery,
  type PaymentView,
  type PurchaseOrderQuery,
  type PurchaseOrderView,
  type SalesOrderQuery,
  type SalesOrderView,
  type ShipmentQuery,
  type ShipmentView,
  type WorkOrderQuery,
  type WorkOrderView,
} from '@throughline/erp';

const paging = [
  ApiQuery({ name: 'limit', required: false, example: 20 }),
  ApiQuery({ name: 'offset', required: false, example: 0 }),
];
const Paged = (): MethodDecorator => (target, key, descriptor) => {
  for (const decorate of paging) decorate(target, key, descriptor);
};

/**
 * Read access to every ERP document: a filtered, paginated list and the detail. Documents are
 * written by the processes, through the activities on the "erp" task queue.
 */
@ApiTags('documents')
@ApiKeyRequired()
@Controller()
export class DocumentsController {
  constructor(
    private readonly orders: SalesOrderService,
    private readonly reservations: ReservationService,
    private readonly shipments: ShipmentService,
    private readonly invoices: InvoiceService,
    private readonly payments: PaymentService,
    private readonly purchasing: PurchasingService,
    private readonly workOrders: WorkOrderService,
  ) {}

  @Get('sales-orders')
  @Paged()
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'quoteRef', required: false })
  @ApiOkResponse({ description: 'Sales orders, newest first' })
  async listOrders(
    @Query(new ZodValidationPipe(salesOrderQuerySchema)) query: SalesOrderQuery,
  ): Promise<Page<SalesOrderView>> {
    const { items, total } = await this.orders.list(query);
    return {
      items: items.map((o) => toSalesOrderView(o)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Get('sales-orders/:orderNo')
  @ApiOkResponse({ description: 'The order with its shipment and invoice numbers' })
  @ApiNotFoundResponse({ description: 'No such order' })
  async getOrder(@Param('orderNo') orderNo: string): Promise<SalesOrderView> {
    const detail = await this.orders.get(orderNo);
    return toSalesOrderView(detail.order, detail);
  }

  @Get('sales-orders/:orderNo/reservations')
  @ApiOkResponse({ description: 'What the order holds per line and warehouse, and its shortfall' })
  async orderReservations(@Param('orderNo') orderNo: string): Promise<OrderReservations> {
    return this.reservations.forOrder(orderNo);
  }

  @Get('shipments')
  @Paged()
  @ApiQuery({ name: 'orderNo', required: false })
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiQuery({ name: 'warehouseCode', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiOkResponse({ description: 'Shipments (delivery notes), newest first' })
  async listShipments(
    @Query(new ZodValidationPipe(shipmentQuerySchema)) query: ShipmentQuery,
  ): Promise<Page<ShipmentView>> {
    const { items, total } = await this.shipments.list(query);
    return { items: items.map(toShipmentView), total, limit: query.limit, offset: query.offset };
  }

  @Get('shipments/:shipmentNo')
  @ApiOkResponse({ description: 'The shipment' })
  async getShipment(@Param('shipmentNo') shipmentNo: string): Promise<ShipmentView> {
    return toShipmentView(await this.shipments.load(shipmentNo));
  }

  @Get('invoices')
  @Paged()
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiQuery({ name: 'orderNo', required: false })
  @ApiQuery({ name: 'kind', required: false, enum: ['sales', 'service'] })
  @ApiQuery({
    name: 'status',
    required: false,
    enum: ['open', 'partially-paid', 'paid', 'void', 'overdue'],
  })
  @ApiOkResponse({ description: 'Invoices, newest first' })
  async listInvoices(
    @Query(new ZodValidationPipe(invoiceQuerySchema)) query: InvoiceQuery,
  ): Promise<Page<InvoiceView>> {
    const { items, total } = await this.invoices.list(query);
    return {
      items: items.map((i) => toInvoiceView(i)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Get('invoices/:invoiceNo')
  @ApiOkResponse({ description: 'The invoice' })
  async getInvoice(@Param('invoiceNo') invoiceNo: string): Promise<InvoiceView> {
    return toInvoiceView(await this.invoices.load(invoiceNo));
  }

  @Get('credit-notes')
  @Paged()
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiQuery({ name: 'invoiceNo', required: false })
  @ApiOkResponse({ description: 'Credit notes, newest first' })
  async listCreditNotes(
    @Query(new ZodValidationPipe(creditNoteQuerySchema)) query: CreditNoteQuery,
  ): Promise<Page<CreditNoteView>> {
    const { items, total } = await this.invoices.listCreditNotes(query);
    return { items: items.map(toCreditNoteView), total, limit: query.limit, offset: query.offset };
  }

  @Get('credit-notes/:creditNoteNo')
  @ApiOkResponse({ description: 'The credit note' })
  async getCreditNote(@Param('creditNoteNo') creditNoteNo: string): Promise<CreditNoteView> {
    return toCreditNoteView(await this.invoices.loadCreditNote(creditNoteNo));
  }

  @Get('payments')
  @Paged()
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiQuery({ name: 'invoiceNo', required: false })
  @ApiQuery({ name: 'externalRef', required: false })
  @ApiOkResponse({ description: 'Payments, newest first' })
  async listPayments(
    @Query(new ZodValidationPipe(paymentQuerySchema)) query: PaymentQuery,
  ): Promise<Page<PaymentView>> {
    const { items, total } = await this.payments.list(query);
    return { items: items.map(toPaymentView), total, limit: query.limit, offset: query.offset };
  }

  @Get('payments/:paymentNo')
  @ApiOkResponse({ description: 'The payment with its allocations' })
  async getPayment(@Param('paymentNo') paymentNo: string): Promise<PaymentView> {
    return toPaymentView(await this.payments.load(paymentNo));
  }

  @Get('purchase-orders')
  @Paged()
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'salesOrderNo', required: false })
  @ApiQuery({ name: 'warehouseCode', required: false })
  @ApiOkResponse({ description: 'Purchase orders, newest first' })
  async listPurchaseOrders(
    @Query(new ZodValidationPipe(purchaseOrderQuerySchema)) query: PurchaseOrderQuery,
  ): Promise<Page<PurchaseOrderView>> {
    const { items, total } = await this.purchasing.list(query);
    return {
      items: items.map(toPurchaseOrderView),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Get('purchase-orders/:poNo')
  @ApiOkResponse({ description: 'The purchase order' })
  async getPurchaseOrder(@Param('poNo') poNo: string): Promise<PurchaseOrderView> {
    return toPurchaseOrderView(await this.purchasing.load(poNo));
  }

  @Get('goods-receipts')
  @Paged()
  @ApiQuery({ name: 'poNo', required: false })
  @ApiOkResponse({ description: 'Goods receipts, newest first' })
  async listGoodsReceipts(
    @Query(new ZodValidationPipe(goodsReceiptQuerySchema)) query: GoodsReceiptQuery,
  ): Promise<Page<GoodsReceiptView>> {
    const { items, total } = await this.purchasing.listReceipts(query);
    return {
      items: items.map(toGoodsReceiptView),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Get('goods-receipts/:receiptNo')
  @ApiOkResponse({ description: 'The goods receipt' })
  async getGoodsReceipt(@Param('receiptNo') receiptNo: string): Promise<GoodsReceiptView> {
    return toGoodsReceiptView(await this.purchasing.loadReceipt(receiptNo));
  }

  @Get('work-orders')
  @Paged()
  @ApiQuery({ name: 'customerNo', required: false })
  @ApiQuery({ name: 'caseRef', required: false })
  @ApiQuery({ name: 'status', required: false })
  @ApiOkResponse({ description: 'Work orders, newest first' })
  async listWorkOrders(
    @Query(new ZodValidationPipe(workOrderQuerySchema)) query: WorkOrderQuery,
  ): Promise<Page<WorkOrderView>> {
    const { items, total } = await this.workOrders.list(query);
    return {
      items: items.map((w) => toWorkOrderView(w)),
      total,
      limit: query.limit,
      offset: query.offset,
    };
  }

  @Get('work-orders/:workOrderNo')
  @ApiOkResponse({ description: 'The work order with its reservations and service invoice' })
  async getWorkOrder(@Param('workOrderNo') workOrderNo: string): Promise<WorkOrderView> {
    const detail = await this.workOrders.get(workOrderNo);
    return toWorkOrderView(detail.workOrder, detail);
  }
}
