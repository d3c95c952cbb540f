import { closeSql } from '../support/db';
import { failureOf } from './activity-boundary';
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

  it('bills a line shipped as 1 + 2 units to the cent of the order line, and credits it back whole', async () => {
    const munich = await h.warehouse(places.munich);
    const pads = await h.item({ listPriceMinor: 75, standardCostMinor: 20 });
    await h.stock(pads, munich, 3);
    const customerNo = await h.customer();

    // 3 × 0.75 = 2.25 less 5 % (0.1125 → 0.11) is 2.14 net, 19 % tax 0.4066 → 0.41.
    const order = await h.erp.createSalesOrder({
      orderKey: unique('quote'),
      customerNo,
      lines: [{ sku: pads, quantity: 3, discountBasisPoints: 500 }],
    });
    expect(order).toMatchObject({ netMinor: 214, taxMinor: 41, grossMinor: 255 });
    await h.erp.reserveStock({ orderNo: order.orderNo });

    const invoices = [];
    for (const quantity of [1, 2]) {
      const shipment = await h.erp.createShipment({
        orderNo: order.orderNo,
        warehouseCode: munich,
        shipmentKey: unique('ship'),
        lines: [{ lineNo: 1, quantity }],
      });
      await h.erp.pick({ shipmentNo: shipment.shipmentNo });
      await h.erp.pack({ shipmentNo: shipment.shipmentNo });
      await h.erp.ship({ shipmentNo: shipment.shipmentNo, carrier: 'DHL' });
      invoices.push(await h.erp.createInvoice({ shipmentNo: shipment.shipmentNo }));
    }
    // On its own the second shipment would be 1.42 net and 0.27 tax, a cent short of the order
    // each; billed cumulatively it is the rest of the line.
    expect(invoices.map((i) => [i.netMinor, i.taxMinor, i.grossMinor])).toEqual([
      [71, 13, 84],
      [143, 28, 171],
    ]);
    const retried = await h.erp.createInvoice({ shipmentNo: invoices[1].shipmentNo! });
    expect(retried).toMatchObject({ invoiceNo: invoices[1].invoiceNo, netMinor: 143 });

    const credit = await h.erp.voidInvoice({ invoiceNo: invoices[1].invoiceNo, reason: 'test' });
    expect(credit).toMatchObject({ netMinor: 143, taxMinor: 28, grossMinor: 171 });
  });

  it('takes the legacy discountPercent once, strictly, and never together with basis points', async () => {
    const pads = await h.item({ listPriceMinor: 1_490, standardCostMinor: 450 });
    const customerNo = await h.customer();
    const legacy = await h.erp.createSalesOrder({
      orderKey: unique('quote'),
      customerNo,
      lines: [{ sku: pads, quantity: 1, discountPercent: 5 }],
    });
    // 14.90 less 5 % (0.745 → 0.75) is 14.15, as the CRM quote says; 19 % tax 2.6885 → 2.69.
    expect(legacy).toMatchObject({ netMinor: 1415, taxMinor: 269, grossMinor: 1684 });
    expect(legacy.lines[0].discountPercent).toBe(5);

    const both = await failureOf('createSalesOrder', () =>
      h.erp.createSalesOrder({
        orderKey: unique('quote'),
        customerNo,
        lines: [{ sku: pads, quantity: 1, discountPercent: 5, discountBasisPoints: 500 }],
      }),
    );
    expect(both).toMatchObject({ type: 'ambiguous-rate', nonRetryable: true });
    const tooFine = await failureOf('createSalesOrder', () =>
      h.erp.createSalesOrder({
        orderKey: unique('quote'),
        customerNo,
        lines: [{ sku: pads, quantity: 1, discountPercent: 12.345 }],
      }),
    );
    expect(tooFine).toMatchObject({ type: 'invalid-percentage', nonRetryable: true });
  });
});
