import { randomUUID } from 'node:crypto';
import type { CrmActivities } from '@throughline/activities/crm';
import { convertedCustomer } from '../crm/crm-fixtures';
import { type ErpHarness, places, unique } from '../erp/erp-fixtures';

export interface CustomerWithHistory {
  customerNo: string;
  name: string;
  email: string;
  phone: string;
  serials: string[];
  caseNo: string;
  overdueInvoiceNo: string;
  overdueInvoiceGrossMinor: number;
  openOrderNo: string;
  openOrderGrossMinor: number;
}

const day = 86_400_000;
const isoDay = (offsetDays: number): string =>
  new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);

/**
 * A customer both systems know, as lead to cash and a service call leave one (made through the
 * activities, in seconds): the CRM account with its contact, two pumps delivered 60 days ago (24
 * months' warranty, maintenance every 6) and an open repair case on one of them; in the ERP the
 * invoice of that delivery, past due (30 days' terms), and a second order not yet shipped.
 */
export async function customerWithHistory(
  crm: CrmActivities,
  h: ErpHarness,
): Promise<CustomerWithHistory> {
  const { account } = await convertedCustomer(crm);
  const { customerNo } = account;
  await h.erp.upsertCustomer({ customerNo, legalName: account.name, email: account.email });
  const warehouse = await h.warehouse(places.hamburg);
  const sku = await h.item({ serialized: true, warrantyMonths: 24, listPriceMinor: 50_000 });
  await h.stock(sku, warehouse, 3);

  const order = await h.erp.createSalesOrder({
    orderKey: unique('quote'),
    customerNo,
    shipTo: places.potsdam,
    lines: [{ sku, quantity: 2 }],
  });
  await h.erp.reserveStock({ orderNo: order.orderNo });
  const shipment = await h.erp.createShipment({ orderNo: order.orderNo, warehouseCode: warehouse });
  const serials = [1, 2].map(() => `SN-${randomUUID().slice(0, 12).toUpperCase()}`);
  await h.erp.pick({ shipmentNo: shipment.shipmentNo });
  await h.erp.pack({
    shipmentNo: shipment.shipmentNo,
    serialNumbers: [{ lineNo: 1, serials }],
  });
  await h.erp.ship({ shipmentNo: shipment.shipmentNo, carrier: 'DHL' });
  const deliveredOn = isoDay(-60);
  await h.erp.deliver({
    shipmentNo: shipment.shipmentNo,
    deliveredAt: `${deliveredOn}T10:00:00Z`,
  });
  const invoice = await h.erp.createInvoice({
    shipmentNo: shipment.shipmentNo,
    issueDate: deliveredOn,
  });
  const open = await h.erp.createSalesOrder({
    orderKey: unique('quote'),
    customerNo,
    shipTo: places.potsdam,
    lines: [{ sku, quantity: 1 }],
  });

  await crm.registerAssets({
    customerNo,
    shipmentNo: shipment.shipmentNo,
    items: serials.map((serialNo) => ({
      serialNo,
      sku,
      itemName: `Pump ${sku}`,
      deliveredOn,
      warrantyMonths: 24,
      maintenanceIntervalMonths: 6,
    })),
  });
  const serviceCase = await crm.openCase({
    intakeKey: unique('call'),
    customerNo,
    serialNo: serials[0],
    kind: 'repair',
    symptom: 'Pump loses pressure after an hour',
  });
  return {
    customerNo,
    name: account.name,
    email: account.email,
    phone: account.phone!,
    serials,
    caseNo: serviceCase.caseNo,
    overdueInvoiceNo: invoice.invoiceNo,
    overdueInvoiceGrossMinor: invoice.grossMinor,
    openOrderNo: open.orderNo,
    openOrderGrossMinor: open.grossMinor,
  };
}
