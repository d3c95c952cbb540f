import type { PriceList } from './price-list.entity';
import type { PriceListEntry } from './price-list-entry.entity';

export interface PriceListView {
  code: string;
  name: string;
  currency: string;
  isDefault: boolean;
}

export interface PriceListEntryView {
  priceList: string;
  sku: string;
  customerNo?: string;
  minQuantity: number;
  unitPriceMinor: number;
  /** What the entry is: the list price, a quantity break or a customer price. */
  kind: 'list' | 'quantity-break' | 'customer-price';
}

export function toPriceListView(list: PriceList): PriceListView {
  return { code: list.code, name: list.name, currency: list.currency, isDefault: list.isDefault };
}

export function toPriceListEntryView(entry: PriceListEntry): PriceListEntryView {
  return {
    priceList: entry.priceList.code,
    sku: entry.item.sku,
    ...(entry.customerNo ? { customerNo: entry.customerNo } : {}),
    minQuantity: entry.minQuantity,
    unitPriceMinor: entry.unitPriceMinor,
    kind: entry.customerNo ? 'customer-price' : entry.minQuantity > 1 ? 'quantity-break' : 'list',
  };
}
