import { closeSql } from '../support/db';
import { ErpHarness, places, unique } from './erp-fixtures';

describe('order to cash in the ERP', () => {
  let h: ErpHarness;

  beforeAll(async () => {
    h = await ErpHarness.start();
  });

  afterAll(async () => {
    try {
      expect(await h?.invariants()).toEqual([]);
    } finally {
      await h?.close();
      await closeSql();
    }
  });

  it('takes an order from confirmation to a paid, closed order', async () => {
    const hamburg = await h.warehouse(places.hamburg);
    const munich = await h.warehouse(places.munich);
    const bike = await h.item({
      listPriceMinor: 250_000,
      standardCostMinor: 120_000,
      serialized: true,
      warrantyMonths: 24,
    });
    const pads = await h.item({ listPriceMinor: 1_490, standardCostMinor: 450 });
    await h.stock(bike, hamburg, 1);
    await h.stock(bike, munich, 5);
    await h.stock(pads, munich, 100);
    const customerNo = await h.customer();

    const order = await h.erp.createSalesOrder({
      orderKey: unique('quote'),
      customerNo,
      shipTo: places.augsburg,
      lines: [
        { sku: bike, quantity: 2 },
        { sku: pads, quantity: 10, discountPercent: 10 },
      ],
    });
    expect(order).toMatchObject({ status: 'confirmed', netMinor: 500_000 + 13_410 });

    const reserved = await h.erp.reserveStock({ orderNo: order.orderNo });
    expect(reserved.fullyReserved).toBe(true);
    expect(reserved.lines[0].allocations).toEqual([{ warehouseCode: munich, quantity: 2 }]);

    const shipment = await h.erp.createShipment({ orderNo: order.orderNo, warehouseCode: munich });
    expect(shipment.lines.map((l) => l.quantity)).toEqual([2, 10]);
    await h.erp.pick({ shipmentNo: shipment.shipmentNo });
    const packed = await h.erp.pack({ shipmentNo: shipment.shipmentNo });
    expect(packed.lines[0].serialNumbers).toHaveLength(2);
    const shipped = await h.erp.ship({
      shipmentNo: shipment.shipmentNo,
      carrier: 'DHL',
      trackingNumber: 'JJD000123',
    });
    expect(shipped.status).toBe('shipped');
    expect(shipped.costMinor).toBe(2 * 120_000 + 10 * 450);
    await h.erp.deliver({ shipmentNo: shipment.shipmentNo });

    const invoice = await h.erp.createInvoice({ shipmentNo: shipment.shipmentNo });
    expect(invoice).toMatchObject({ status: 'open', grossMinor: order.grossMinor });

    const first = await h.erp.recordPayment({
      externalRef: unique('bank'),
      customerNo,
      amountMinor: 100_000,
    });
    expect(first.allocations).toEqual([{ invoiceNo: invoice.invoiceNo, amountMinor: 100_000 }]);
    await h.erp.recordPayment({
      externalRef: unique('bank'),
      customerNo,
      amountMinor: invoice.grossMinor - 100_000,
    });

    const summary = await h.erp.getAccountSummary({ customerNo });
    expect(summary.openBalanceMinor).toBe(0);
    expect(summary.orders[0]).toMatchObject({ orderNo: order.orderNo, status: 'closed' });
    expect(summary.warrantyItems).toHaveLength(2);
  });
});
