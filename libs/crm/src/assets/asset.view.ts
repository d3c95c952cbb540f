import type { Asset } from './asset.entity';
import { isInWarranty } from './warranty.rule';

export interface AssetView {
  id: string;
  serialNo: string;
  customerNo: string;
  sku: string;
  itemName: string;
  shipmentNo?: string;
  deliveredOn: string;
  warrantyEndsOn: string;
  inWarranty: boolean;
  nextMaintenanceOn?: string;
}

/** Needs the account populated. */
export function toAssetView(asset: Asset, now = new Date()): AssetView {
  return {
    id: asset.id,
    serialNo: asset.serialNo,
    customerNo: asset.account.customerNo,
    sku: asset.sku,
    itemName: asset.itemName,
    ...(asset.shipmentNo ? { shipmentNo: asset.shipmentNo } : {}),
    deliveredOn: asset.deliveredOn,
    warrantyEndsOn: asset.warrantyEndsOn,
    inWarranty: isInWarranty(asset.warrantyEndsOn, now),
    ...(asset.nextMaintenanceOn ? { nextMaintenanceOn: asset.nextMaintenanceOn } : {}),
  };
}
