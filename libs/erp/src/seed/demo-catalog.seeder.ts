import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Item } from '../catalog/item.entity';
import { ItemService } from '../catalog/item.service';
import { PriceList } from '../catalog/price-list.entity';
import { PriceListEntry } from '../catalog/price-list-entry.entity';
import { PriceListService } from '../catalog/price-list.service';
import { StockLedgerEntry } from '../inventory/stock-ledger-entry.entity';
import { StockService } from '../inventory/stock.service';
import { Warehouse } from '../inventory/warehouse.entity';
import { WarehouseService } from '../inventory/warehouse.service';
import {
  demoCustomerPrices,
  demoItems,
  demoOpeningStock,
  demoPriceList,
  demoQuantityBreaks,
  demoWarehouses,
} from './demo-catalog';

export interface SeedReport {
  items: number;
  warehouses: number;
  priceLists: number;
  prices: number;
  openingStock: number;
}

/**
 * Loads the demo catalog: items, warehouses, the default price list with quantity breaks and
 * customer prices, and opening stock (posted against Opening Balance Equity). Idempotent: what
 * exists is left as it is, so a second run writes nothing and reports zeros.
 */
@Injectable()
export class DemoCatalogSeeder {
  constructor(
    private readonly em: EntityManager,
    private readonly items: ItemService,
    private readonly warehouses: WarehouseService,
    private readonly priceLists: PriceListService,
    private readonly stock: StockService,
  ) {}

  async seed(): Promise<SeedReport> {
    const report: SeedReport = {
      items: 0,
      warehouses: 0,
      priceLists: 0,
      prices: 0,
      openingStock: 0,
    };
    const existingItems = new Set(
      (await this.em.find(Item, {}, { fields: ['sku'] })).map((i) => i.sku),
    );
    for (const item of demoItems) {
      if (existingItems.has(item.sku)) continue;
      await this.items.create(item);
      report.items++;
    }
    const existingWarehouses = new Set(
      (await this.em.find(Warehouse, {}, { fields: ['code'] })).map((w) => w.code),
    );
    for (const warehouse of demoWarehouses) {
      if (existingWarehouses.has(warehouse.code)) continue;
      await this.warehouses.create(warehouse);
      report.warehouses++;
    }
    let list = await this.em.findOne(PriceList, { code: demoPriceList.code });
    if (!list) {
      // The demo list becomes the default only when no other list is.
      const hasDefault = (await this.em.count(PriceList, { isDefault: true })) > 0;
      list = await this.priceLists.create({ ...demoPriceList, isDefault: !hasDefault });
      report.priceLists++;
    }
    const entries = await this.em.find(PriceListEntry, { priceList: list }, { populate: ['item'] });
    const scope = (sku: string, customerNo: string | undefined, minQuantity: number): string =>
      `${sku}/${customerNo ?? ''}/${minQuantity}`;
    const existingPrices = new Set(
      entries.map((e) => scope(e.item.sku, e.customerNo, e.minQuantity)),
    );
    const prices = [
      ...demoQuantityBreaks.map((p) => ({ ...p, customerNo: undefined })),
      ...demoCustomerPrices,
    ];
    for (const price of prices) {
      if (existingPrices.has(scope(price.sku, price.customerNo, price.minQuantity))) continue;
      await this.priceLists.setPrice(list.code, price);
      report.prices++;
    }
    for (const row of demoOpeningStock()) {
      const adjustmentKey = `seed:opening:${row.sku}:${row.warehouseCode}`;
      if (await this.em.count(StockLedgerEntry, { movementKey: `adjustment:${adjustmentKey}` })) {
        continue;
      }
      await this.stock.adjust({
        adjustmentKey,
        sku: row.sku,
        warehouseCode: row.warehouseCode,
        quantity: row.quantity,
        reason: 'Opening stock',
        opening: true,
      });
      report.openingStock++;
    }
    return report;
  }
}
