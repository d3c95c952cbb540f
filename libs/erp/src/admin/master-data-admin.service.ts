import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ChangeSnapshot } from '@throughline/database';
import type {
  CreateItemInput,
  CreatePriceListInput,
  CreateWarehouseInput,
  SetPriceInput,
  UpdateItemInput,
} from '../catalog/catalog.schemas';
import { Item } from '../catalog/item.entity';
import { ItemService } from '../catalog/item.service';
import { toItemView } from '../catalog/item.view';
import { PriceList } from '../catalog/price-list.entity';
import { PriceListEntry } from '../catalog/price-list-entry.entity';
import { PriceListService } from '../catalog/price-list.service';
import { toPriceListEntryView, toPriceListView } from '../catalog/price-list.view';
import { Customer } from '../customers/customer.entity';
import { CustomerService, type UpdateCustomerTermsInput } from '../customers/customer.service';
import { toWarehouseView } from '../inventory/inventory.views';
import type { StockLedgerEntry } from '../inventory/stock-ledger-entry.entity';
import { type StockAdjustmentInput, StockService } from '../inventory/stock.service';
import { Warehouse } from '../inventory/warehouse.entity';
import { WarehouseService } from '../inventory/warehouse.service';
import { ErpAdminChangeService } from './erp-admin-change.service';

const locked = { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true } as const;

/**
 * Changes to the ERP's master data made by an administrator over REST: customer terms and credit
 * limits, items, warehouses, price lists and prices, stock adjustments. Each bypasses a
 * process's controls (a higher limit skips finance's credit release, a price skips the quote
 * approval, an adjustment moves stock and the ledger without a document), so each is applied
 * together with an audit row (who, when, before, after) in one transaction. The processes'
 * own writes go through the activities, never through here.
 */
@Injectable()
export class MasterDataAdminService {
  constructor(
    private readonly em: EntityManager,
    private readonly changes: ErpAdminChangeService,
    private readonly customers: CustomerService,
    private readonly items: ItemService,
    private readonly warehouses: WarehouseService,
    private readonly priceLists: PriceListService,
    private readonly stock: StockService,
  ) {}

  /** Payment terms, credit limit or price list of a customer. */
  async changeCustomerTerms(
    customerNo: string,
    patch: UpdateCustomerTermsInput,
    actor: string,
  ): Promise<Customer> {
    return this.changes.audited(
      { entityType: 'customer', entityId: customerNo, action: 'update', actor },
      () => this.customerTerms(customerNo),
      () => this.customers.updateTerms(customerNo, patch),
    );
  }

  async createItem(input: CreateItemInput, actor: string): Promise<Item> {
    return this.changes.audited(
      { entityType: 'item', entityId: input.sku, action: 'create', actor },
      () => this.itemState(input.sku),
      () => this.items.create(input),
    );
  }

  async updateItem(sku: string, patch: UpdateItemInput, actor: string): Promise<Item> {
    return this.changes.audited(
      { entityType: 'item', entityId: sku, action: 'update', actor },
      () => this.itemState(sku),
      () => this.items.update(sku, patch),
    );
  }

  async createWarehouse(input: CreateWarehouseInput, actor: string): Promise<Warehouse> {
    return this.changes.audited(
      { entityType: 'warehouse', entityId: input.code, action: 'create', actor },
      async () => {
        const warehouse = await this.em.findOne(Warehouse, { code: input.code });
        return warehouse ? { ...toWarehouseView(warehouse) } : null;
      },
      () => this.warehouses.create(input),
    );
  }

  /** A new price list; one created as the default demotes the previous default. */
  async createPriceList(input: CreatePriceListInput, actor: string): Promise<PriceList> {
    return this.changes.audited(
      { entityType: 'price-list', entityId: input.code, action: 'create', actor },
      async () => {
        const list = await this.em.findOne(PriceList, { code: input.code });
        return list ? { ...toPriceListView(list) } : null;
      },
      () => this.priceLists.create(input),
    );
  }

  /** A list price, quantity break or customer price; recorded on the price list. */
  async setPrice(code: string, input: SetPriceInput, actor: string): Promise<PriceListEntry> {
    return this.changes.audited(
      { entityType: 'price-list', entityId: code, action: 'set-price', actor },
      async () => {
        const entry = await this.em.findOne(
          PriceListEntry,
          {
            priceList: { code },
            item: { sku: input.sku },
            customerNo: input.customerNo ?? null,
            minQuantity: input.minQuantity,
          },
          { populate: ['priceList', 'item'], refresh: true },
        );
        return entry ? { ...toPriceListEntryView(entry) } : null;
      },
      () => this.priceLists.setPrice(code, input),
    );
  }

  /**
   * Units in or out of a warehouse, recorded on the stock level (`<sku>@<warehouse>`) with on
   * hand and value before and after. The same adjustment again moves nothing and records nothing.
   */
  async adjustStock(input: StockAdjustmentInput, actor: string): Promise<StockLedgerEntry> {
    return this.em.transactional(async () => {
      const { entry, created } = await this.stock.adjustOnce(input);
      if (created) {
        await this.changes.record(
          {
            entityType: 'stock-level',
            entityId: `${input.sku}@${input.warehouseCode}`,
            action: 'adjust-stock',
            actor,
          },
          {
            onHand: entry.balanceQuantity - entry.quantity,
            valueMinor: entry.balanceValueMinor - entry.valueMinor,
          },
          { onHand: entry.balanceQuantity, valueMinor: entry.balanceValueMinor },
        );
      }
      return entry;
    });
  }

  /** What PATCH /customers/{no} may change; the row stays locked until the change commits. */
  private async customerTerms(customerNo: string): Promise<ChangeSnapshot | null> {
    const customer = await this.em.findOne(Customer, { customerNo }, locked);
    if (!customer) return null;
    await this.em.populate(customer, ['priceList']);
    return {
      paymentTermsDays: customer.paymentTermsDays,
      creditLimitMinor: customer.creditLimitMinor,
      currency: customer.currency,
      priceListCode: customer.priceList?.code ?? null,
    };
  }

  private async itemState(sku: string): Promise<ChangeSnapshot | null> {
    const item = await this.em.findOne(Item, { sku }, locked);
    if (!item) return null;
    const { id: _id, createdAt: _createdAt, ...state } = toItemView(item);
    return state;
  }
}
