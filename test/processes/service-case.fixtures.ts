import { randomUUID } from 'node:crypto';
import { CrmActivities } from '@throughline/activities/crm';
import { ErpActivities } from '@throughline/activities/erp';
import { DealerService } from '@throughline/crm';
import { activitiesOf } from '../support/activities';
import { convertedCustomer } from '../crm/crm-fixtures';
import type { TestStack } from '../support/apps';

/** A calendar day `offsetDays` from today, YYYY-MM-DD. */
export const day = (offsetDays: number): string =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

export interface AssetOptions {
  warrantyMonths?: number;
  deliveredOn?: string;
  dealers?: number;
  /** The dealers' codes (else generated), nearest first. */
  dealerCodes?: string[];
}

/**
 * A customer (CRM and ERP) with a delivered asset, and `dealers` dealers nearby, nearest first.
 * Each `spot` is its own place in the South Pacific: 14° of longitude apart at 40° S is over
 * 1,200 km, beyond the routing reach, so no test's dealers are another's candidates, and no other
 * suite's dealers (in Europe) are either.
 */
export async function serviceCustomer(
  h: { stack: Pick<TestStack, 'crm' | 'erp'> },
  options: AssetOptions & { spot: number },
): Promise<{ customerNo: string; serialNo: string; dealers: string[] }> {
  const crm = activitiesOf(h.stack.crm!.app, CrmActivities);
  const erp = activitiesOf(h.stack.erp!.app, ErpActivities);
  const origin = { latitude: -40, longitude: -175 + 14 * (options.spot % 25) };
  const converted = await convertedCustomer(crm, origin);
  const customerNo = converted.account.customerNo;
  await erp.upsertCustomer({
    customerNo,
    legalName: converted.account.name,
    email: converted.contact.email ?? `${customerNo.toLowerCase()}@example.com`,
  });
  const serialNo = `SN-${randomUUID().slice(0, 8)}`;
  await crm.registerAssets({
    customerNo,
    items: [
      {
        serialNo,
        sku: 'EB-CARGO-2W',
        itemName: 'Cargo e-bike',
        deliveredOn: options.deliveredOn ?? day(-30),
        warrantyMonths: options.warrantyMonths ?? 24,
      },
    ],
  });
  const dealerService = activitiesOf(h.stack.crm!.app, DealerService);
  const tag = randomUUID().slice(0, 6).toUpperCase();
  const dealers: string[] = [];
  const count = options.dealerCodes?.length ?? options.dealers ?? 2;
  for (let i = 0; i < count; i++) {
    const code = options.dealerCodes?.[i] ?? `SVC-${tag}-${i + 1}`;
    await dealerService.create({
      code,
      name: `Service ${tag} ${i + 1}`,
      city: `Reef ${i + 1}`,
      latitude: origin.latitude + 0.05 * (i + 1),
      longitude: origin.longitude,
      capabilities: ['repair', 'maintenance', 'warranty-claim', 'complaint'],
      serviceLevels: ['standard', 'gold', 'platinum'],
      openCapacity: 2,
    });
    dealers.push(code);
  }
  return { customerNo, serialNo, dealers };
}
