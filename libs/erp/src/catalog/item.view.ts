import type { Item } from './item.entity';

export interface ItemView {
  id: string;
  sku: string;
  name: string;
  unit: string;
  kind: string;
  standardCostMinor: number;
  listPriceMinor: number;
  currency: string;
  warrantyMonths: number;
  serialized: boolean;
  supplier?: string;
  leadTimeDays: number;
  active: boolean;
  createdAt: string;
}

export function toItemView(item: Item): ItemView {
  return {
    id: item.id,
    sku: item.sku,
    name: item.name,
    unit: item.unit,
    kind: item.kind,
    standardCostMinor: item.standardCostMinor,
    listPriceMinor: item.listPriceMinor,
    currency: item.currency,
    warrantyMonths: item.warrantyMonths,
    serialized: item.serialized,
    ...(item.supplier ? { supplier: item.supplier } : {}),
    leadTimeDays: item.leadTimeDays,
    active: item.active,
    createdAt: item.createdAt.toISOString(),
  };
}
