import { type DynamicModule, Module } from '@nestjs/common';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { CustomerService } from './customers/customer.service';
import { CustomerErasureService } from './customers/customer-erasure.service';
import { ItemService } from './catalog/item.service';
import { PriceListService } from './catalog/price-list.service';
import { PricingService } from './catalog/pricing.service';
import { WarehouseService } from './inventory/warehouse.service';
import { StockService } from './inventory/stock.service';
import { ReservationService } from './inventory/reservation.service';
import { ReservationRepository } from './inventory/reservation.repository';
import { PostingService } from './ledger/posting.service';
import { LedgerService } from './ledger/ledger.service';
import { CreditService } from './sales/credit.service';
import { SalesOrderService } from './sales/sales-order.service';
import { ShipmentService } from './fulfilment/shipment.service';
import { InvoiceService } from './billing/invoice.service';
import { PaymentService } from './billing/payment.service';
import { PurchasingService } from './purchasing/purchasing.service';
import { WorkOrderService } from './service/work-order.service';
import { AccountSummaryService } from './summary/account-summary.service';
import { InvariantCheckerService } from './invariants/invariant-checker.service';
import { DemoCatalogSeeder } from './seed/demo-catalog.seeder';
import { ErpAdminChangeService } from './admin/erp-admin-change.service';
import { MasterDataAdminService } from './admin/master-data-admin.service';
import { erpEntities } from './erp.entities';
import { ERP_POLICY, type ErpPolicy } from './erp.policy';

const services = [
  CustomerService,
  CustomerErasureService,
  ItemService,
  PriceListService,
  PricingService,
  WarehouseService,
  StockService,
  ReservationService,
  ReservationRepository,
  PostingService,
  LedgerService,
  CreditService,
  SalesOrderService,
  ShipmentService,
  InvoiceService,
  PaymentService,
  PurchasingService,
  WorkOrderService,
  AccountSummaryService,
  InvariantCheckerService,
  DemoCatalogSeeder,
  ErpAdminChangeService,
  MasterDataAdminService,
];

/** ERP domain services; the app provides the MikroORM root for the `erp` schema. */
@Module({})
export class ErpDomainModule {
  static forRoot(policy: ErpPolicy): DynamicModule {
    return {
      module: ErpDomainModule,
      imports: [MikroOrmModule.forFeature(erpEntities)],
      providers: [{ provide: ERP_POLICY, useValue: policy }, ...services],
      exports: [ERP_POLICY, ...services],
    };
  }
}
