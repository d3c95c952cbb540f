import { closeSql, sql } from '../support/db';
import { failureOf } from './activity-boundary';
import { ErpHarness, footprint, places, unique } from './erp-fixtures';
import { CustomerService, PriceListService } from '@throughline/erp';

/**
 * Every ERP activity against real PostgreSQL, each with its retry: the same call twice returns
 * the same document and writes no new row. Refusals reach the workflow as non-retryable
 * ApplicationFailures whose type is the domain error code.
 */
describe('ERP activities', () => {
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

  interface World {
    warehouse: string;
    sku: string;
    customerNo: string;
  }

  async function world(stock = 10, item: Parameters<ErpHarness['item']>[0] = {}): Promise<World> {
    const warehouse = await h.warehouse(places.munich);
    const sku = await h.item(item);
    if (stock > 0) await h.stock(sku, warehouse, stock);
    return { warehouse, sku, customerNo: await h.customer() };
  }

  const scope = (w: World) => ({ customerNos: [w.customerNo], skus: [w.sku] });

  /** Calls twice; the second call returns the same document and the footprint is unchanged. */
  async function retried<T>(w: World, call: () => Promise<T>): Promise<T> {
    const first = await call();
    const before = await footprint(scope(w));
    const second = await call();
    expect(second).toEqual(first);
    expect(await footprint(scope(w))).toEqual(before);
    return first;
  }

  const order = (w: World, quantity = 2) =>
    h.erp.createSalesOrder({
      orderKey: unique('quote'),
      customerNo: w.customerNo,
      shipTo: places.augsburg,
      lines: [{ sku: w.sku, quantity }],
    });

  async function shipped(w: World, quantity = 2) {
    const o = await order(w, quantity);
    await h.erp.reserveStock({ orderNo: o.orderNo });
    const s = await h.erp.createShipment({ orderNo: o.orderNo, warehouseCode: w.warehouse });
    await h.erp.pick({ shipmentNo: s.shipmentNo });
    await h.erp.pack({ shipmentNo: s.shipmentNo });
    await h.erp.ship({ shipmentNo: s.shipmentNo, carrier: 'DHL', trackingNumber: unique('JJD') });
    return { order: o, shipment: s };
  }

  async function invoiced(w: World, quantity = 2) {
    const { order: o, shipment } = await shipped(w, quantity);
    const invoice = await h.erp.createInvoice({ shipmentNo: shipment.shipmentNo });
    return { order: o, shipment, invoice };
  }

  describe('upsertCustomer', () => {
    it('creates the customer master once; a retry returns it and writes nothing', async () => {
      const customerNo = unique('T');
      const request = { customerNo, legalName: 'Ada Lovelace Ltd', email: 'ADA@example.com' };
      const before = await footprint({ customerNos: [customerNo] });
      expect(before.customer).toBe(0);
      const first = await h.erp.upsertCustomer(request);
      const after = await footprint({ customerNos: [customerNo] });
      const second = await h.erp.upsertCustomer(request);
      expect(second).toEqual(first);
      expect(first).toMatchObject({ customerNo, email: 'ada@example.com', creditHold: false });
      expect(await footprint({ customerNos: [customerNo] })).toEqual(after);
    });

    it('refuses a malformed customer master as invalid input, writing nothing', async () => {
      const customerNo = unique('T');
      const refused = await failureOf('upsertCustomer', () =>
        h.erp.upsertCustomer({ customerNo, legalName: 'No Mail GmbH' } as never),
      );
      expect(refused).toMatchObject({ type: 'invalid-input', nonRetryable: true });
      expect((await footprint({ customerNos: [customerNo] })).customer).toBe(0);
    });
  });

  describe('text no system can store', () => {
    // PostgreSQL refuses NUL in text: without the check the write failed on every retry.
    const { latitude: _latitude, longitude: _longitude, ...billingAddress } = places.munich;
    it.each([
      ['NUL in a legal name', 'legalName', { legalName: 'Evil\u0000Corp' }],
      ['a line break in a legal name', 'legalName', { legalName: 'Evil\nCorp' }],
      [
        'a C1 control in a billing address line',
        'billingAddress.line1',
        { billingAddress: { ...billingAddress, line1: 'Main\u0085St 1' } },
      ],
      ['an unpaired surrogate in a customerNo', 'customerNo', { customerNo: 'T-\uD800' }],
    ])(
      'refuses %s as a non-retryable invalid-text naming %s, writing nothing',
      async (_, field, change) => {
        const customerNo = unique('T');
        const refused = await failureOf('upsertCustomer', () =>
          h.erp.upsertCustomer({
            customerNo,
            legalName: 'Clean GmbH',
            email: `${customerNo.toLowerCase()}@example.com`,
            ...change,
          }),
        );
        expect(refused).toMatchObject({ type: 'invalid-text', nonRetryable: true });
        expect(refused.message).toContain(field);
        expect((await footprint({ customerNos: [customerNo] })).customer).toBe(0);
      },
    );

    it('refuses NUL in an order reference and a payment reference; a reason may span lines', async () => {
      const w = await world();
      const refusedOrder = await failureOf('createSalesOrder', () =>
        h.erp.createSalesOrder({
          orderKey: unique('quote'),
          customerNo: w.customerNo,
          customerReference: 'PO\u00004711',
          lines: [{ sku: w.sku, quantity: 1 }],
        }),
      );
      expect(refusedOrder).toMatchObject({ type: 'invalid-text', nonRetryable: true });
      expect((await footprint(scope(w))).sales_order).toBe(0);
      const refusedPayment = await failureOf('recordPayment', () =>
        h.erp.recordPayment({
          externalRef: 'BANK\u00001',
          customerNo: w.customerNo,
          amountMinor: 100,
        }),
      );
      expect(refusedPayment).toMatchObject({ type: 'invalid-text', nonRetryable: true });
      expect((await footprint(scope(w))).payment).toBe(0);
      const held = await h.erp.placeCreditHold({
        customerNo: w.customerNo,
        reason: 'two invoices overdue:\n\tINV-1\r\n\tINV-2',
      });
      expect(held).toMatchObject({ creditHold: true });
    });
  });

  describe('priceLines', () => {
    it('says which price applied: list, customer price or quantity break', async () => {
      const w = await world(0, { listPriceMinor: 10_000 });
      const other = await h.item({ listPriceMinor: 5_000 });
      const list = unique('PL').slice(0, 11);
      await h.run(async () => {
        await h
          .service(PriceListService)
          .create({ code: list, name: 'Test list', isDefault: false });
        await h.service(CustomerService).updateTerms(w.customerNo, { priceListCode: list });
      });
      await h.setPrice(list, { sku: w.sku, minQuantity: 10, unitPriceMinor: 9_000 });
      await h.setPrice(list, { sku: w.sku, customerNo: w.customerNo, unitPriceMinor: 8_500 });
      await h.setPrice(list, { sku: other, minQuantity: 10, unitPriceMinor: 4_500 });
      const priced = await h.erp.priceLines({
        customerNo: w.customerNo,
        lines: [
          { sku: w.sku, quantity: 2 },
          { sku: other, quantity: 2 },
          { sku: other, quantity: 12 },
        ],
      });
      expect(priced.lines.map((l) => [l.unitPriceMinor, l.source])).toEqual([
        [8_500, 'customer-price'],
        [5_000, 'list'],
        [4_500, 'quantity-break'],
      ]);
      expect(priced).toMatchObject({ priceList: list, netMinor: 17_000 + 10_000 + 54_000 });
      expect(priced.taxMinor).toBe(priced.lines.reduce((sum, l) => sum + l.taxMinor, 0));
    });

    it('refuses an unknown sku with a typed, non-retryable failure', async () => {
      const failure = await failureOf('priceLines', () =>
        h.erp.priceLines({ lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }] }),
      );
      expect(failure).toMatchObject({ type: 'unknown-sku', nonRetryable: true });
    });
  });

  describe('checkCredit', () => {
    it('counts open AR, open orders and the new order against the limit', async () => {
      const w = await world(10, { listPriceMinor: 10_000 });
      await h.run(async () => {
        await h.service(CustomerService).updateTerms(w.customerNo, { creditLimitMinor: 100_000 });
      });
      await invoiced(w, 2); // 23 800 open AR
      await order(w, 1); // 11 900 open order
      const ok = await h.erp.checkCredit({ customerNo: w.customerNo, amountMinor: 64_300 });
      expect(ok).toMatchObject({
        approved: true,
        openArMinor: 23_800,
        openOrdersMinor: 11_900,
        exposureMinor: 100_000,
      });
      const over = await h.erp.checkCredit({ customerNo: w.customerNo, amountMinor: 64_301 });
      expect(over).toMatchObject({ approved: false, reason: 'over-limit' });
    });
  });

  describe('createSalesOrder', () => {
    it('creates one order per order key; a retry returns it and writes nothing', async () => {
      const w = await world();
      const request = {
        orderKey: unique('quote'),
        customerNo: w.customerNo,
        quoteRef: 'Q-1',
        lines: [{ sku: w.sku, quantity: 3, unitPriceMinor: 9_000, discountPercent: 5 }],
      };
      const created = await retried(w, () => h.erp.createSalesOrder(request));
      expect(created).toMatchObject({
        status: 'confirmed',
        lines: [{ priceSource: 'quote', netMinor: 25_650, taxMinor: 4_874 }],
        grossMinor: 30_524,
      });
    });

    it('refuses an order over the credit limit as insufficient-credit, unless finance approved it', async () => {
      const w = await world(10, { listPriceMinor: 10_000 });
      await h.run(async () => {
        await h.service(CustomerService).updateTerms(w.customerNo, { creditLimitMinor: 20_000 });
      });
      const request = {
        orderKey: unique('quote'),
        customerNo: w.customerNo,
        lines: [{ sku: w.sku, quantity: 2 }],
      };
      const failure = await failureOf('createSalesOrder', () => h.erp.createSalesOrder(request));
      expect(failure).toMatchObject({ type: 'insufficient-credit', nonRetryable: true });
      expect((await footprint(scope(w))).sales_order).toBe(0);
      const approved = await h.erp.createSalesOrder({
        ...request,
        creditApprovedBy: 'finance.lead',
      });
      expect(approved).toMatchObject({ status: 'confirmed', creditApprovedBy: 'finance.lead' });
    });

    it('refuses an order of a customer on credit hold', async () => {
      const w = await world();
      await h.erp.placeCreditHold({ customerNo: w.customerNo, reason: 'invoice 30 days overdue' });
      const failure = await failureOf('createSalesOrder', () => order(w));
      expect(failure).toMatchObject({ type: 'customer-on-credit-hold', nonRetryable: true });
    });

    it('refuses an unknown sku and a bad quantity with typed failures', async () => {
      const w = await world();
      const unknown = await failureOf('createSalesOrder', () =>
        h.erp.createSalesOrder({
          orderKey: unique('quote'),
          customerNo: w.customerNo,
          lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }],
        }),
      );
      expect(unknown).toMatchObject({ type: 'unknown-sku', nonRetryable: true });
      for (const quantity of [0, -3, 1.5]) {
        const bad = await failureOf('createSalesOrder', () =>
          h.erp.createSalesOrder({
            orderKey: unique('quote'),
            customerNo: w.customerNo,
            lines: [{ sku: w.sku, quantity }],
          }),
        );
        expect(bad).toMatchObject({ type: 'bad-quantity', nonRetryable: true });
      }
      const malformed = await failureOf('createSalesOrder', () =>
        h.erp.createSalesOrder({ customerNo: w.customerNo } as never),
      );
      expect(malformed).toMatchObject({ type: 'invalid-input', nonRetryable: true });
      expect((await footprint(scope(w))).sales_order).toBe(0);
    });
  });

  describe('credit-blocked orders (onCreditRefused: block)', () => {
    /** A customer whose limit (20 000) one order of 2 × 10 000 + tax (23 800) exceeds. */
    async function overLimit(stock = 10): Promise<World> {
      const w = await world(stock, { listPriceMinor: 10_000 });
      await h.run(async () => {
        await h.service(CustomerService).updateTerms(w.customerNo, { creditLimitMinor: 20_000 });
      });
      return w;
    }

    const blockedOrder = (w: World, quantity = 2) =>
      h.erp.createSalesOrder({
        orderKey: unique('quote'),
        customerNo: w.customerNo,
        shipTo: places.augsburg,
        lines: [{ sku: w.sku, quantity }],
        onCreditRefused: 'block',
      });

    const activeReservations = async (sku: string) =>
      (
        await sql<{ n: number }>(
          `select coalesce(sum(r.quantity), 0)::int as n from erp.reservation r join erp.item i on i.id = r.item_id where i.sku = $1 and r.status = 'active'`,
          [sku],
        )
      )[0].n;

    const reservedOnLevel = async (sku: string) =>
      (
        await sql<{ reserved: number }>(
          `select s.reserved from erp.stock_level s join erp.item i on i.id = s.item_id where i.sku = $1`,
          [sku],
        )
      )[0].reserved;

    it('creates an order over the limit as credit-blocked, once per order key', async () => {
      const w = await overLimit();
      const request = {
        orderKey: unique('quote'),
        customerNo: w.customerNo,
        lines: [{ sku: w.sku, quantity: 2 }],
        onCreditRefused: 'block' as const,
      };
      const blocked = await retried(w, () => h.erp.createSalesOrder(request));
      expect(blocked).toMatchObject({
        status: 'credit-blocked',
        creditBlockReason: 'over-limit',
        grossMinor: 23_800,
      });
      expect(blocked.creditApprovedBy).toBeUndefined();
      const [row] = await sql<{ status: string; credit_block_reason: string }>(
        `select status, credit_block_reason from erp.sales_order where order_no = $1`,
        [blocked.orderNo],
      );
      expect(row).toEqual({ status: 'credit-blocked', credit_block_reason: 'over-limit' });
    });

    it('creates an order of a customer on credit hold as credit-blocked', async () => {
      const w = await world();
      await h.erp.placeCreditHold({ customerNo: w.customerNo, reason: 'invoice 30 days overdue' });
      const blocked = await blockedOrder(w);
      expect(blocked).toMatchObject({ status: 'credit-blocked', creditBlockReason: 'credit-hold' });
    });

    it('confirms as before when credit is fine or finance approved it up front', async () => {
      const fine = await world();
      expect(await blockedOrder(fine)).toMatchObject({ status: 'confirmed' });
      expect((await blockedOrder(fine)).creditBlockReason).toBeUndefined();
      const w = await overLimit();
      const approved = await h.erp.createSalesOrder({
        orderKey: unique('quote'),
        customerNo: w.customerNo,
        lines: [{ sku: w.sku, quantity: 2 }],
        onCreditRefused: 'block',
        creditApprovedBy: 'finance.lead',
      });
      expect(approved).toMatchObject({ status: 'confirmed', creditApprovedBy: 'finance.lead' });
      expect(approved.creditBlockReason).toBeUndefined();
    });

    it("refuses as before by default and with 'refuse'; an unknown mode is invalid-input", async () => {
      const w = await overLimit();
      const request = {
        orderKey: unique('quote'),
        customerNo: w.customerNo,
        lines: [{ sku: w.sku, quantity: 2 }],
      };
      const byDefault = await failureOf('createSalesOrder', () => h.erp.createSalesOrder(request));
      expect(byDefault).toMatchObject({ type: 'insufficient-credit', nonRetryable: true });
      const refused = await failureOf('createSalesOrder', () =>
        h.erp.createSalesOrder({ ...request, onCreditRefused: 'refuse' }),
      );
      expect(refused).toMatchObject({ type: 'insufficient-credit', nonRetryable: true });
      const unknown = await failureOf('createSalesOrder', () =>
        h.erp.createSalesOrder({ ...request, onCreditRefused: 'queue' } as never),
      );
      expect(unknown).toMatchObject({ type: 'invalid-input', nonRetryable: true });
      expect((await footprint(scope(w))).sales_order).toBe(0);
    });

    it('counts as an open order in the credit exposure and the account summary', async () => {
      const w = await overLimit();
      const blocked = await blockedOrder(w);
      const check = await h.erp.checkCredit({ customerNo: w.customerNo, amountMinor: 0 });
      expect(check).toMatchObject({ openOrdersMinor: 23_800, exposureMinor: 23_800 });
      const summary = await h.erp.getAccountSummary({ customerNo: w.customerNo });
      expect(summary).toMatchObject({
        openOrders: 1,
        orders: [{ orderNo: blocked.orderNo, status: 'credit-blocked' }],
      });
    });

    it('holds stock, refuses a shipment until released, then ships', async () => {
      const w = await overLimit(5);
      const blocked = await blockedOrder(w);
      const reserved = await h.erp.reserveStock({ orderNo: blocked.orderNo });
      expect(reserved).toMatchObject({
        status: 'credit-blocked',
        fullyReserved: true,
        lines: [{ reserved: 2, allocations: [{ warehouseCode: w.warehouse, quantity: 2 }] }],
      });
      expect(await reservedOnLevel(w.sku)).toBe(2);

      const refused = await failureOf('createShipment', () =>
        h.erp.createShipment({ orderNo: blocked.orderNo, warehouseCode: w.warehouse }),
      );
      expect(refused).toMatchObject({ type: 'order-credit-blocked', nonRetryable: true });
      expect((await footprint(scope(w))).shipment).toBe(0);

      const released = await retried(w, () =>
        h.erp.releaseCreditBlock({ orderNo: blocked.orderNo, approvedBy: 'finance.lead' }),
      );
      expect(released).toMatchObject({
        status: 'confirmed',
        creditApprovedBy: 'finance.lead',
        creditBlockReason: 'over-limit',
      });

      const s = await h.erp.createShipment({
        orderNo: blocked.orderNo,
        warehouseCode: w.warehouse,
      });
      await h.erp.pick({ shipmentNo: s.shipmentNo });
      await h.erp.pack({ shipmentNo: s.shipmentNo });
      expect((await h.erp.ship({ shipmentNo: s.shipmentNo })).status).toBe('shipped');
      // Released by the same approver again (a late retry): the order as it is now.
      const again = await h.erp.releaseCreditBlock({
        orderNo: blocked.orderNo,
        approvedBy: 'finance.lead',
      });
      expect(again).toMatchObject({ status: 'shipped', creditApprovedBy: 'finance.lead' });
      expect(await reservedOnLevel(w.sku)).toBe(0);
    });

    it('releases its reservations when cancelled', async () => {
      const w = await overLimit(5);
      const blocked = await blockedOrder(w, 3);
      await h.erp.reserveStock({ orderNo: blocked.orderNo });
      expect(await activeReservations(w.sku)).toBe(3);
      const cancelled = await retried(w, () =>
        h.erp.cancelSalesOrder({ orderNo: blocked.orderNo, reason: 'credit not released in time' }),
      );
      expect(cancelled).toMatchObject({
        status: 'cancelled',
        creditBlockReason: 'over-limit',
        cancelReason: 'credit not released in time',
      });
      expect(await activeReservations(w.sku)).toBe(0);
      expect(await reservedOnLevel(w.sku)).toBe(0);
      const summary = await h.erp.getAccountSummary({ customerNo: w.customerNo });
      expect(summary.openOrders).toBe(0);
      expect(
        (await h.erp.checkCredit({ customerNo: w.customerNo, amountMinor: 0 })).openOrdersMinor,
      ).toBe(0);
    });

    it('refuses to release a cancelled order, an order not blocked, or another approver', async () => {
      const w = await overLimit(5);
      const cancelled = await blockedOrder(w);
      await h.erp.cancelSalesOrder({ orderNo: cancelled.orderNo, reason: 'timed out' });
      const ofCancelled = await failureOf('releaseCreditBlock', () =>
        h.erp.releaseCreditBlock({ orderNo: cancelled.orderNo, approvedBy: 'finance.lead' }),
      );
      expect(ofCancelled).toMatchObject({ type: 'order-not-credit-blocked', nonRetryable: true });

      const released = await blockedOrder(w);
      await h.erp.releaseCreditBlock({ orderNo: released.orderNo, approvedBy: 'finance.lead' });
      const byAnother = await failureOf('releaseCreditBlock', () =>
        h.erp.releaseCreditBlock({ orderNo: released.orderNo, approvedBy: 'someone.else' }),
      );
      expect(byAnother).toMatchObject({ type: 'order-not-credit-blocked', nonRetryable: true });

      const confirmed = await order(await world());
      const neverBlocked = await failureOf('releaseCreditBlock', () =>
        h.erp.releaseCreditBlock({ orderNo: confirmed.orderNo, approvedBy: 'finance.lead' }),
      );
      expect(neverBlocked).toMatchObject({ type: 'order-not-credit-blocked', nonRetryable: true });

      const unknown = await failureOf('releaseCreditBlock', () =>
        h.erp.releaseCreditBlock({ orderNo: 'SO-999999999', approvedBy: 'finance.lead' }),
      );
      expect(unknown).toMatchObject({ type: 'sales-order-not-found', nonRetryable: true });
      const malformed = await failureOf('releaseCreditBlock', () =>
        h.erp.releaseCreditBlock({ orderNo: released.orderNo } as never),
      );
      expect(malformed).toMatchObject({ type: 'invalid-input', nonRetryable: true });
      expect(
        (await h.erp.getAccountSummary({ customerNo: w.customerNo })).orders.map((o) => o.status),
      ).toEqual(['confirmed', 'cancelled']);
    });
  });

  describe('describeItems', () => {
    it('describes the items of the given skus, in that order; reads only', async () => {
      const w = await world(0, { serialized: true, warrantyMonths: 24, name: 'E-Bike Test' });
      const part = await h.item({ name: 'Brake pad' });
      const before = await footprint({ skus: [w.sku, part] });
      const items = await h.erp.describeItems({ skus: [part, w.sku, part] });
      expect(items).toEqual([
        expect.objectContaining({ sku: part, name: 'Brake pad', serialized: false }),
        expect.objectContaining({
          sku: w.sku,
          name: 'E-Bike Test',
          warrantyMonths: 24,
          serialized: true,
          kind: 'stock',
          active: true,
        }),
      ]);
      expect(await footprint({ skus: [w.sku, part] })).toEqual(before);
    });

    it('refuses unknown skus as item-not-found and malformed input as invalid-input', async () => {
      const sku = await h.item();
      const unknown = await failureOf('describeItems', () =>
        h.erp.describeItems({ skus: [sku, 'NO-SUCH-SKU', 'NOR-THIS'] }),
      );
      expect(unknown).toMatchObject({ type: 'item-not-found', nonRetryable: true });
      expect(unknown.details).toEqual([
        expect.objectContaining({
          kind: 'not-found',
          details: expect.objectContaining({ skus: ['NO-SUCH-SKU', 'NOR-THIS'] }),
        }),
      ]);
      for (const request of [{ skus: [] }, { skus: ['bad sku!'] }, {}]) {
        const bad = await failureOf('describeItems', () => h.erp.describeItems(request as never));
        expect(bad).toMatchObject({ type: 'invalid-input', nonRetryable: true });
      }
    });
  });

  describe('reserveStock and releaseReservations', () => {
    it('reserves, and a retry reserves nothing more', async () => {
      const w = await world(1);
      const o = await order(w, 3);
      const reserved = await retried(w, () => h.erp.reserveStock({ orderNo: o.orderNo }));
      expect(reserved).toMatchObject({
        fullyReserved: false,
        shortfall: [{ lineNo: 1, sku: w.sku, quantity: 2 }],
      });
    });

    it('releases, and a retry releases nothing more', async () => {
      const w = await world(5);
      const o = await order(w, 3);
      await h.erp.reserveStock({ orderNo: o.orderNo });
      const released = await retried(w, () => h.erp.releaseReservations({ orderNo: o.orderNo }));
      expect(released.reservations).toEqual([]);
      const [level] = await sql<{ reserved: number }>(
        `select reserved from erp.stock_level s join erp.item i on i.id = s.item_id where i.sku = $1`,
        [w.sku],
      );
      expect(level.reserved).toBe(0);
    });
  });

  describe('purchasing', () => {
    it('creates a purchase order once per key, receives goods once per receipt key, and cancels once', async () => {
      const w = await world(0, { standardCostMinor: 5_000 });
      const poKey = unique('backorder');
      const po = await retried(w, () =>
        h.erp.createPurchaseOrder({
          poKey,
          warehouseCode: w.warehouse,
          lines: [{ sku: w.sku, quantity: 4, unitCostMinor: 5_500 }],
        }),
      );
      expect(po).toMatchObject({
        status: 'open',
        supplier: 'Test Supplier GmbH',
        totalMinor: 22_000,
      });
      const receiptKey = unique('delivery-note');
      const receipt = await retried(w, () =>
        h.erp.receiveGoods({
          poNo: po.poNo,
          receiptKey,
          lines: [{ lineNo: 1, quantity: 3 }],
        }),
      );
      expect(receipt).toMatchObject({ valueMinor: 16_500, lines: [{ quantity: 3 }] });
      const over = await failureOf('receiveGoods', () =>
        h.erp.receiveGoods({
          poNo: po.poNo,
          receiptKey: unique('delivery-note'),
          lines: [{ lineNo: 1, quantity: 2 }],
        }),
      );
      expect(over).toMatchObject({ type: 'over-receipt', nonRetryable: true });
      // The same line twice counts as one receipt of both quantities: 1 + 1 of 1 outstanding.
      const twice = await failureOf('receiveGoods', () =>
        h.erp.receiveGoods({
          poNo: po.poNo,
          receiptKey: unique('delivery-note'),
          lines: [
            { lineNo: 1, quantity: 1 },
            { lineNo: 1, quantity: 1 },
          ],
        }),
      );
      expect(twice).toMatchObject({ type: 'over-receipt', nonRetryable: true });

      const other = await h.erp.createPurchaseOrder({
        poKey: unique('backorder'),
        warehouseCode: w.warehouse,
        lines: [{ sku: w.sku, quantity: 1 }],
      });
      const cancelled = await retried(w, () =>
        h.erp.cancelPurchaseOrder({ poNo: other.poNo, reason: 'order cancelled' }),
      );
      expect(cancelled.status).toBe('cancelled');
    });
  });

  describe('fulfilment', () => {
    it('creates a shipment once, and every step repeats without writing', async () => {
      const w = await world(5, { serialized: true, warrantyMonths: 24 });
      const o = await order(w, 2);
      await h.erp.reserveStock({ orderNo: o.orderNo });
      const created = await retried(w, () =>
        h.erp.createShipment({ orderNo: o.orderNo, warehouseCode: w.warehouse }),
      );
      const { shipmentNo } = created;
      expect((await retried(w, () => h.erp.pick({ shipmentNo }))).status).toBe('picked');
      const packed = await retried(w, () =>
        h.erp.pack({ shipmentNo, serialNumbers: [{ lineNo: 1, serials: ['VIN-A', 'VIN-B'] }] }),
      );
      expect(packed.lines[0].serialNumbers).toEqual(['VIN-A', 'VIN-B']);
      const shippedView = await retried(w, () =>
        h.erp.ship({ shipmentNo, carrier: 'DHL', trackingNumber: 'T-1' }),
      );
      expect(shippedView).toMatchObject({ status: 'shipped', trackingNumber: 'T-1' });
      const delivered = await retried(w, () => h.erp.deliver({ shipmentNo }));
      expect(delivered.status).toBe('delivered');
    });

    it('refuses to skip a step', async () => {
      const w = await world();
      const o = await order(w);
      await h.erp.reserveStock({ orderNo: o.orderNo });
      const s = await h.erp.createShipment({ orderNo: o.orderNo, warehouseCode: w.warehouse });
      const failure = await failureOf('ship', () => h.erp.ship({ shipmentNo: s.shipmentNo }));
      expect(failure).toMatchObject({ type: 'invalid-state-transition', nonRetryable: true });
    });
  });

  describe('createInvoice', () => {
    it('invoices a shipment once, on the quantity shipped', async () => {
      const w = await world(3, { listPriceMinor: 10_000 });
      const o = await order(w, 5);
      await h.erp.reserveStock({ orderNo: o.orderNo });
      const s = await h.erp.createShipment({ orderNo: o.orderNo, warehouseCode: w.warehouse });
      await h.erp.pick({ shipmentNo: s.shipmentNo });
      await h.erp.pack({ shipmentNo: s.shipmentNo });
      await h.erp.ship({ shipmentNo: s.shipmentNo });
      const invoice = await retried(w, () =>
        h.erp.createInvoice({ shipmentNo: s.shipmentNo, issueDate: '2026-03-01' }),
      );
      expect(invoice).toMatchObject({
        shipmentNo: s.shipmentNo,
        lines: [{ quantity: 3, netMinor: 30_000, taxMinor: 5_700 }],
        grossMinor: 35_700,
        dueDate: '2026-03-31',
      });
      // Read back as it is now (what dunning checks), and an unknown number is refused.
      expect(await h.erp.getInvoice({ invoiceNo: invoice.invoiceNo })).toMatchObject({
        invoiceNo: invoice.invoiceNo,
        balanceMinor: 35_700,
        status: 'open',
      });
      const unknown = await failureOf('getInvoice', () =>
        h.erp.getInvoice({ invoiceNo: 'INV-999999' }),
      );
      expect(unknown).toMatchObject({ type: 'invoice-not-found', nonRetryable: true });
    });

    it('refuses to invoice a shipment that has not shipped', async () => {
      const w = await world();
      const o = await order(w);
      await h.erp.reserveStock({ orderNo: o.orderNo });
      const s = await h.erp.createShipment({ orderNo: o.orderNo, warehouseCode: w.warehouse });
      const failure = await failureOf('createInvoice', () =>
        h.erp.createInvoice({ shipmentNo: s.shipmentNo }),
      );
      expect(failure).toMatchObject({ type: 'invalid-state-transition', nonRetryable: true });
    });
  });

  describe('recordPayment', () => {
    it('records a payment once per external reference, partially paying the invoice', async () => {
      const w = await world(5, { listPriceMinor: 10_000 });
      const { invoice } = await invoiced(w, 2);
      const externalRef = unique('bank');
      const payment = await retried(w, () =>
        h.erp.recordPayment({ externalRef, customerNo: w.customerNo, amountMinor: 10_000 }),
      );
      expect(payment.allocations).toEqual([{ invoiceNo: invoice.invoiceNo, amountMinor: 10_000 }]);
      const [row] = await sql<{ status: string; paid_minor: string }>(
        `select status, paid_minor from erp.invoice where invoice_no = $1`,
        [invoice.invoiceNo],
      );
      expect(row).toEqual({ status: 'partially-paid', paid_minor: '10000' });
    });

    it('refuses an over-payment, and the same reference with another amount', async () => {
      const w = await world(5, { listPriceMinor: 10_000 });
      const { invoice } = await invoiced(w, 1);
      const over = await failureOf('recordPayment', () =>
        h.erp.recordPayment({
          externalRef: unique('bank'),
          customerNo: w.customerNo,
          amountMinor: invoice.grossMinor + 1,
        }),
      );
      expect(over).toMatchObject({ type: 'overpayment', nonRetryable: true });
      const externalRef = unique('bank');
      await h.erp.recordPayment({ externalRef, customerNo: w.customerNo, amountMinor: 100 });
      const conflict = await failureOf('recordPayment', () =>
        h.erp.recordPayment({ externalRef, customerNo: w.customerNo, amountMinor: 200 }),
      );
      expect(conflict).toMatchObject({ type: 'payment-reference-conflict', nonRetryable: true });
      expect((await footprint(scope(w))).payment).toBe(1);
    });
  });

  describe('voidInvoice', () => {
    it('voids an invoice with one credit note; a retry returns the same credit note', async () => {
      const w = await world();
      const { invoice } = await invoiced(w);
      const note = await retried(w, () =>
        h.erp.voidInvoice({ invoiceNo: invoice.invoiceNo, reason: 'wrong price' }),
      );
      expect(note).toMatchObject({
        invoiceNo: invoice.invoiceNo,
        invoiceStatus: 'void',
        grossMinor: invoice.grossMinor,
      });
    });

    it('refuses to void an invoice that has payments', async () => {
      const w = await world();
      const { invoice } = await invoiced(w);
      await h.erp.recordPayment({
        externalRef: unique('bank'),
        customerNo: w.customerNo,
        amountMinor: 1_000,
      });
      const failure = await failureOf('voidInvoice', () =>
        h.erp.voidInvoice({ invoiceNo: invoice.invoiceNo, reason: 'x' }),
      );
      expect(failure).toMatchObject({ type: 'invoice-has-payments', nonRetryable: true });
    });
  });

  describe('credit hold', () => {
    it('places and releases a hold; each repeats without writing', async () => {
      const w = await world(0);
      const held = await retried(w, () =>
        h.erp.placeCreditHold({ customerNo: w.customerNo, reason: '30 days overdue' }),
      );
      expect(held).toMatchObject({ creditHold: true, creditHoldReason: '30 days overdue' });
      const released = await retried(w, () =>
        h.erp.releaseCreditHold({ customerNo: w.customerNo }),
      );
      expect(released.creditHold).toBe(false);
    });
  });

  describe('cancelSalesOrder', () => {
    it('cancels before shipment, releasing what was reserved; a retry changes nothing', async () => {
      const w = await world(5);
      const o = await order(w, 3);
      await h.erp.reserveStock({ orderNo: o.orderNo });
      await h.erp.createShipment({ orderNo: o.orderNo, warehouseCode: w.warehouse });
      const cancelled = await retried(w, () =>
        h.erp.cancelSalesOrder({ orderNo: o.orderNo, reason: 'customer withdrew' }),
      );
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'customer withdrew' });
      const active = await sql<{ n: number }>(
        `select count(*)::int as n from erp.reservation r join erp.item i on i.id = r.item_id where i.sku = $1 and r.status = 'active'`,
        [w.sku],
      );
      expect(active[0].n).toBe(0);
    });

    it('refuses to cancel once goods have shipped', async () => {
      const w = await world();
      const { order: o } = await shipped(w);
      const failure = await failureOf('cancelSalesOrder', () =>
        h.erp.cancelSalesOrder({ orderNo: o.orderNo, reason: 'too late' }),
      );
      expect(failure).toMatchObject({ type: 'order-not-cancellable', nonRetryable: true });
    });
  });

  describe('work orders', () => {
    it('holds the same part named twice as one part, so it is issued and billed once', async () => {
      const w = await world(5, { standardCostMinor: 2_000 });
      const created = await h.erp.createWorkOrder({
        caseRef: unique('CASE'),
        customerNo: w.customerNo,
        warranty: true,
        site: places.augsburg,
        parts: [
          { sku: w.sku, quantity: 1 },
          { sku: w.sku, quantity: 2 },
        ],
      });
      expect(created.parts).toEqual([expect.objectContaining({ sku: w.sku, quantity: 3 })]);
      const completed = await h.erp.completeWorkOrder({
        workOrderNo: created.workOrderNo,
        labourMinutes: 10,
        partsUsed: [{ sku: w.sku, quantity: 3 }],
      });
      expect(completed).toMatchObject({ partsCostMinor: 6_000, parts: [{ quantityUsed: 3 }] });
    });

    it('creates a work order once per case and completes it once', async () => {
      const w = await world(5, { standardCostMinor: 2_000 });
      const caseRef = unique('CASE');
      const created = await retried(w, () =>
        h.erp.createWorkOrder({
          caseRef,
          customerNo: w.customerNo,
          warranty: true,
          dealerRef: 'D-7',
          site: places.augsburg,
          parts: [{ sku: w.sku, quantity: 2 }],
        }),
      );
      expect(created).toMatchObject({
        status: 'open',
        reservations: [{ quantity: 2 }],
        shortfall: [],
      });
      const completed = await retried(w, () =>
        h.erp.completeWorkOrder({
          workOrderNo: created.workOrderNo,
          labourMinutes: 45,
          partsUsed: [{ sku: w.sku, quantity: 1 }],
        }),
      );
      expect(completed).toMatchObject({
        status: 'completed',
        partsCostMinor: 2_000,
        parts: [{ quantityUsed: 1 }],
      });
      const [level] = await sql<{ on_hand: number; reserved: number }>(
        `select on_hand, reserved from erp.stock_level s join erp.item i on i.id = s.item_id where i.sku = $1`,
        [w.sku],
      );
      expect(level).toEqual({ on_hand: 4, reserved: 0 });
    });
  });

  describe('a retry that overlaps the first attempt (timeout, crashed worker)', () => {
    /** Both attempts at the same moment: one document, both get it. */
    async function together<T>(call: () => Promise<T>): Promise<T> {
      const [a, b] = await Promise.all([call(), call()]);
      expect(b).toEqual(a);
      return a;
    }

    it('still makes one document of each kind', async () => {
      const w = await world(10, { listPriceMinor: 10_000 });
      const orderKey = unique('quote');
      const o = await together(() =>
        h.erp.createSalesOrder({
          orderKey,
          customerNo: w.customerNo,
          lines: [{ sku: w.sku, quantity: 2 }],
        }),
      );
      await together(() => h.erp.reserveStock({ orderNo: o.orderNo }));
      const s = await together(() =>
        h.erp.createShipment({ orderNo: o.orderNo, warehouseCode: w.warehouse }),
      );
      await together(() => h.erp.pick({ shipmentNo: s.shipmentNo }));
      await together(() => h.erp.pack({ shipmentNo: s.shipmentNo }));
      await together(() => h.erp.ship({ shipmentNo: s.shipmentNo }));
      const invoice = await together(() => h.erp.createInvoice({ shipmentNo: s.shipmentNo }));
      const externalRef = unique('bank');
      await together(() =>
        h.erp.recordPayment({
          externalRef,
          customerNo: w.customerNo,
          amountMinor: invoice.grossMinor,
        }),
      );
      const poKey = unique('po');
      const po = await together(() =>
        h.erp.createPurchaseOrder({
          poKey,
          warehouseCode: w.warehouse,
          lines: [{ sku: w.sku, quantity: 3 }],
        }),
      );
      await together(() => h.erp.receiveGoods({ poNo: po.poNo }));
      const caseRef = unique('CASE');
      const wo = await together(() =>
        h.erp.createWorkOrder({
          caseRef,
          customerNo: w.customerNo,
          warranty: true,
          parts: [{ sku: w.sku, quantity: 1 }],
        }),
      );
      await together(() =>
        h.erp.completeWorkOrder({ workOrderNo: wo.workOrderNo, labourMinutes: 30 }),
      );
      await together(() =>
        h.erp
          .voidInvoice({ invoiceNo: invoice.invoiceNo, reason: 'x' })
          .catch((e: Error) => e.message),
      );

      expect(await footprint(scope(w))).toMatchObject({
        sales_order: 1,
        reservation: 2,
        shipment: 1,
        invoice: 1,
        credit_note: 0,
        payment: 1,
        purchase_order: 1,
        goods_receipt: 1,
        work_order: 1,
        stock_ledger_entry: 1 + 1 + 1 + 1,
      });
    });
  });

  describe('listOverdueInvoices and getAccountSummary', () => {
    it('lists what is past due and summarises the account for the customer 360', async () => {
      const w = await world(5, { serialized: true, warrantyMonths: 24 });
      const { order: o, shipment } = await shipped(w, 2);
      await h.erp.deliver({ shipmentNo: shipment.shipmentNo, deliveredAt: '2026-01-10T10:00:00Z' });
      const invoice = await h.erp.createInvoice({
        shipmentNo: shipment.shipmentNo,
        issueDate: '2026-01-10',
      });
      const overdue = await h.erp.listOverdueInvoices({
        asOf: '2026-03-16',
        customerNo: w.customerNo,
      });
      expect(overdue).toEqual([
        expect.objectContaining({
          invoiceNo: invoice.invoiceNo,
          dueDate: '2026-02-09',
          daysOverdue: 35,
        }),
      ]);
      expect(
        await h.erp.listOverdueInvoices({ asOf: '2026-02-09', customerNo: w.customerNo }),
      ).toEqual([]);

      const summary = await h.erp.getAccountSummary({
        customerNo: w.customerNo,
        asOf: '2026-03-16',
      });
      expect(summary).toMatchObject({
        openBalanceMinor: invoice.grossMinor,
        overdueBalanceMinor: invoice.grossMinor,
        creditHold: false,
        orders: [{ orderNo: o.orderNo, status: 'invoiced' }],
        invoices: [{ invoiceNo: invoice.invoiceNo, overdue: true }],
      });
      expect(summary.warrantyItems).toEqual([
        expect.objectContaining({
          deliveredOn: '2026-01-10',
          warrantyEndsOn: '2028-01-10',
          inWarranty: true,
        }),
        expect.objectContaining({
          deliveredOn: '2026-01-10',
          warrantyEndsOn: '2028-01-10',
          inWarranty: true,
        }),
      ]);
    });
  });
});
