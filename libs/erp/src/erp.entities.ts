import { Customer } from './customers/customer.entity';
import { BillingAddress } from './shared/billing-address.embeddable';
import { Location } from './shared/location.embeddable';
import { Item } from './catalog/item.entity';
import { PriceList } from './catalog/price-list.entity';
import { PriceListEntry } from './catalog/price-list-entry.entity';
import { Warehouse } from './inventory/warehouse.entity';
import { StockLevel } from './inventory/stock-level.entity';
import { StockLedgerEntry } from './inventory/stock-ledger-entry.entity';
import { Reservation } from './inventory/reservation.entity';
import { GlAccount } from './ledger/gl-account.entity';
import { JournalEntry } from './ledger/journal-entry.entity';
import { JournalLine } from './ledger/journal-line.entity';
import { SalesOrder } from './sales/sales-order.entity';
import { SalesOrderLine } from './sales/sales-order-line.entity';
import { Shipment } from './fulfilment/shipment.entity';
import { ShipmentLine } from './fulfilment/shipment-line.entity';
import { Invoice } from './billing/invoice.entity';
import { InvoiceLine } from './billing/invoice-line.entity';
import { CreditNote } from './billing/credit-note.entity';
import { Payment } from './billing/payment.entity';
import { PaymentAllocation } from './billing/payment-allocation.entity';
import { PurchaseOrder } from './purchasing/purchase-order.entity';
import { PurchaseOrderLine } from './purchasing/purchase-order-line.entity';
import { GoodsReceipt } from './purchasing/goods-receipt.entity';
import { GoodsReceiptLine } from './purchasing/goods-receipt-line.entity';
import { WorkOrder } from './service/work-order.entity';
import { WorkOrderPart } from './service/work-order-part.entity';
import { ErpAdminChange } from './admin/erp-admin-change.entity';

/** Every entity and embeddable of the ERP schema. */
export const erpEntities = [
  Customer,
  BillingAddress,
  Location,
  Item,
  PriceList,
  PriceListEntry,
  Warehouse,
  StockLevel,
  StockLedgerEntry,
  Reservation,
  GlAccount,
  JournalEntry,
  JournalLine,
  SalesOrder,
  SalesOrderLine,
  Shipment,
  ShipmentLine,
  Invoice,
  InvoiceLine,
  CreditNote,
  Payment,
  PaymentAllocation,
  PurchaseOrder,
  PurchaseOrderLine,
  GoodsReceipt,
  GoodsReceiptLine,
  WorkOrder,
  WorkOrderPart,
  ErpAdminChange,
];
