import { closeSql, sql } from '../support/db';
import { caller } from '../support/http';
import { ErpHarness, places, unique } from './erp-fixtures';

interface Problem {
  status: number;
  code: string;
  errors?: { field: string }[];
}

interface AdminChange {
  action: string;
  actor: string;
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

interface PageOf<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** The ERP REST API: list and detail of every document, admin endpoints, and bad input. */
describe('ERP REST', () => {
  let h: ErpHarness;
  // Each call as a role that may make it: reads as the read-only auditor, writes as admin
  // (test/platform/service-auth.test.ts tries every role on every route).
  const reader = caller(() => h.url, 'auditor');
  const admin = caller(() => h.url, 'admin');
  const get = <T = Record<string, unknown>>(path: string) => reader<T>('GET', path);

  // One of each document, made by the activities as the processes would.
  const docs = {} as Record<
    | 'customerNo'
    | 'sku'
    | 'warehouse'
    | 'orderNo'
    | 'shipmentNo'
    | 'invoiceNo'
    | 'voidedInvoiceNo'
    | 'creditNoteNo'
    | 'paymentNo'
    | 'poNo'
    | 'receiptNo'
    | 'workOrderNo'
    | 'entryNo',
    string
  >;

  beforeAll(async () => {
    h = await ErpHarness.start();
    docs.warehouse = await h.warehouse(places.hamburg);
    docs.sku = await h.item({ listPriceMinor: 10_000 });
    await h.stock(docs.sku, docs.warehouse, 20);
    docs.customerNo = await h.customer();
    const shipOne = async () => {
      const order = await h.erp.createSalesOrder({
        orderKey: unique('quote'),
        customerNo: docs.customerNo,
        lines: [{ sku: docs.sku, quantity: 2 }],
      });
      await h.erp.reserveStock({ orderNo: order.orderNo });
      const shipment = await h.erp.createShipment({
        orderNo: order.orderNo,
        warehouseCode: docs.warehouse,
      });
      await h.erp.pick({ shipmentNo: shipment.shipmentNo });
      await h.erp.pack({ shipmentNo: shipment.shipmentNo });
      await h.erp.ship({ shipmentNo: shipment.shipmentNo });
      const invoice = await h.erp.createInvoice({ shipmentNo: shipment.shipmentNo });
      return { order, shipment, invoice };
    };
    const first = await shipOne();
    const second = await shipOne();
    docs.orderNo = first.order.orderNo;
    docs.shipmentNo = first.shipment.shipmentNo;
    docs.invoiceNo = first.invoice.invoiceNo;
    docs.voidedInvoiceNo = second.invoice.invoiceNo;
    docs.creditNoteNo = (
      await h.erp.voidInvoice({ invoiceNo: second.invoice.invoiceNo, reason: 'duplicate' })
    ).creditNoteNo;
    docs.paymentNo = (
      await h.erp.recordPayment({
        externalRef: unique('bank'),
        customerNo: docs.customerNo,
        amountMinor: 5_000,
      })
    ).paymentNo;
    const po = await h.erp.createPurchaseOrder({
      poKey: unique('po'),
      warehouseCode: docs.warehouse,
      lines: [{ sku: docs.sku, quantity: 5 }],
    });
    docs.poNo = po.poNo;
    docs.receiptNo = (await h.erp.receiveGoods({ poNo: po.poNo })).receiptNo;
    docs.workOrderNo = (
      await h.erp.createWorkOrder({
        caseRef: unique('CASE'),
        customerNo: docs.customerNo,
        warranty: true,
        parts: [{ sku: docs.sku, quantity: 1 }],
      })
    ).workOrderNo;
    const [entry] = await sql<{ entry_no: string }>(
      `select entry_no from erp.journal_entry where source_no = $1`,
      [docs.invoiceNo],
    );
    docs.entryNo = entry.entry_no;
  });

  afterAll(async () => {
    try {
      expect(await h?.invariants()).toEqual([]);
    } finally {
      await h?.close();
      await closeSql();
    }
  });

  describe('lists with filters and pagination, and details', () => {
    it.each([
      [
        'customers',
        () => `/customers?search=${docs.customerNo}`,
        'customerNo',
        () => `/customers/${docs.customerNo}`,
      ],
      ['items', () => `/items?search=${docs.sku}`, 'sku', () => `/items/${docs.sku}`],
      [
        'sales orders',
        () => `/sales-orders?customerNo=${docs.customerNo}&status=invoiced`,
        'orderNo',
        () => `/sales-orders/${docs.orderNo}`,
      ],
      [
        'shipments',
        () => `/shipments?customerNo=${docs.customerNo}&status=shipped`,
        'shipmentNo',
        () => `/shipments/${docs.shipmentNo}`,
      ],
      [
        'invoices',
        () => `/invoices?customerNo=${docs.customerNo}&status=partially-paid`,
        'invoiceNo',
        () => `/invoices/${docs.invoiceNo}`,
      ],
      [
        'credit notes',
        () => `/credit-notes?customerNo=${docs.customerNo}`,
        'creditNoteNo',
        () => `/credit-notes/${docs.creditNoteNo}`,
      ],
      [
        'payments',
        () => `/payments?customerNo=${docs.customerNo}`,
        'paymentNo',
        () => `/payments/${docs.paymentNo}`,
      ],
      [
        'purchase orders',
        () => `/purchase-orders?warehouseCode=${docs.warehouse}&status=received`,
        'poNo',
        () => `/purchase-orders/${docs.poNo}`,
      ],
      [
        'goods receipts',
        () => `/goods-receipts?poNo=${docs.poNo}`,
        'receiptNo',
        () => `/goods-receipts/${docs.receiptNo}`,
      ],
      [
        'work orders',
        () => `/work-orders?customerNo=${docs.customerNo}&status=open`,
        'workOrderNo',
        () => `/work-orders/${docs.workOrderNo}`,
      ],
      [
        'journal entries',
        () => `/journal-entries?sourceType=invoice&sourceNo=${docs.invoiceNo}`,
        'entryNo',
        () => `/journal-entries/${docs.entryNo}`,
      ],
      [
        'stock ledger',
        () => `/stock-ledger?sku=${docs.sku}&movementType=shipment`,
        'movementKey',
        undefined,
      ],
      ['stock levels', () => `/stock-levels?sku=${docs.sku}`, 'warehouseCode', undefined],
      ['reservations', () => `/reservations?sku=${docs.sku}&status=active`, 'id', undefined],
    ])('%s', async (_, listPath, key, detailPath) => {
      const list = await get<PageOf<Record<string, unknown>>>(listPath());
      expect(list.status).toBe(200);
      expect(list.body.items.length).toBeGreaterThan(0);
      expect(list.body.total).toBeGreaterThanOrEqual(list.body.items.length);
      if (detailPath) {
        const detail = await get(detailPath());
        expect(detail.status).toBe(200);
        expect(list.body.items.map((i) => i[key])).toContain(detail.body[key]);
      }
    });

    it('pages through a list', async () => {
      const all = await get<PageOf<{ invoiceNo: string }>>(
        `/invoices?customerNo=${docs.customerNo}`,
      );
      expect(all.body.total).toBe(2);
      const first = await get<PageOf<{ invoiceNo: string }>>(
        `/invoices?customerNo=${docs.customerNo}&limit=1`,
      );
      const second = await get<PageOf<{ invoiceNo: string }>>(
        `/invoices?customerNo=${docs.customerNo}&limit=1&offset=1`,
      );
      expect([first.body.items[0].invoiceNo, second.body.items[0].invoiceNo].sort()).toEqual(
        [docs.invoiceNo, docs.voidedInvoiceNo].sort(),
      );
      expect(first.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
    });

    it('shows an order with its shipments and invoices, and what it holds', async () => {
      const order = await get(`/sales-orders/${docs.orderNo}`);
      expect(order.body).toMatchObject({
        shipmentNos: [docs.shipmentNo],
        invoiceNos: [docs.invoiceNo],
      });
      const held = await get(`/sales-orders/${docs.orderNo}/reservations`);
      expect(held.body).toMatchObject({
        orderNo: docs.orderNo,
        fullyReserved: true,
        shortfall: [],
      });
    });

    it('lists credit-blocked orders and shows why they wait for finance', async () => {
      const customerNo = await h.customer();
      await h.erp.placeCreditHold({ customerNo, reason: 'dunning level 2' });
      const blocked = await h.erp.createSalesOrder({
        orderKey: unique('quote'),
        customerNo,
        lines: [{ sku: docs.sku, quantity: 1 }],
        onCreditRefused: 'block',
      });
      const list = await get<PageOf<{ orderNo: string; status: string }>>(
        `/sales-orders?customerNo=${customerNo}&status=credit-blocked`,
      );
      expect(list.body).toMatchObject({
        total: 1,
        items: [{ orderNo: blocked.orderNo, status: 'credit-blocked' }],
      });
      const detail = await get(`/sales-orders/${blocked.orderNo}`);
      expect(detail.body).toMatchObject({
        status: 'credit-blocked',
        creditBlockReason: 'credit-hold',
      });
      await h.erp.cancelSalesOrder({ orderNo: blocked.orderNo, reason: 'not released' });
    });

    it('shows the customer 360, the credit position, balances and the invariants', async () => {
      const summary = await get(`/customers/${docs.customerNo}/summary`);
      expect(summary.body).toMatchObject({
        openBalanceMinor: 23_800 - 5_000,
        overdueInvoices: [],
        exposure: { openArMinor: 18_800, exposureMinor: 18_800 },
      });
      // Once the invoice is past due (30 days' terms), it is the overdue one.
      const later = await get(`/customers/${docs.customerNo}/summary?asOf=2099-01-01`);
      expect(later.body).toMatchObject({
        overdueBalanceMinor: 18_800,
        overdueInvoices: [{ invoiceNo: docs.invoiceNo, balanceMinor: 18_800, overdue: true }],
      });
      const byEmail = await get<PageOf<{ customerNo: string }>>(
        `/customers?email=${encodeURIComponent(`${docs.customerNo}@EXAMPLE.com`)}`,
      );
      expect(byEmail.body.items.map((c) => c.customerNo)).toEqual([docs.customerNo]);
      const bySerial = await get<PageOf<unknown>>('/customers?serialNo=NO-SUCH-SERIAL');
      expect(bySerial.body).toMatchObject({ items: [], total: 0 });
      const credit = await get(`/customers/${docs.customerNo}/credit?amountMinor=1000`);
      expect(credit.body).toMatchObject({
        approved: true,
        openArMinor: 18_800,
        newOrderMinor: 1_000,
      });
      const accounts = await get<{ code: string }[]>('/ledger/accounts');
      expect(accounts.body.map((a) => a.code)).toEqual(
        expect.arrayContaining([
          '1000',
          '1100',
          '1200',
          '2000',
          '2100',
          '4000',
          '4100',
          '5000',
          '5100',
        ]),
      );
      const invariants = await get('/admin/invariants');
      expect(invariants.body).toMatchObject({ ok: true, violations: [] });
    });

    it('answers 404 problem+json for a document that does not exist', async () => {
      for (const [path, code] of [
        ['/sales-orders/SO-999999', 'sales-order-not-found'],
        ['/invoices/INV-999999', 'invoice-not-found'],
        ['/items/NO-SUCH-SKU', 'item-not-found'],
        ['/customers/C-999999', 'customer-not-found'],
      ]) {
        const response = await get<Problem>(path);
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.body.code).toBe(code);
      }
    });

    // A name or number with a control character names nothing: PostgreSQL refused the lookup (500).
    it.each([
      '/items/A%00B',
      '/items/A%00B/price',
      '/customers/C-%00',
      '/customers/C-%01/credit',
      '/sales-orders/SO-%00',
      '/invoices/INV%C2%85',
      '/shipments/SH%0A1',
      '/warehouses/W%00',
      '/price-lists/PL%00',
      '/journal-entries/JE%00',
    ])('answers 404 problem+json for %s', async (path) => {
      const response = await get<Problem>(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('not-found');
    });

    it('refuses a filter with a control character with 400 naming it', async () => {
      for (const [path, field] of [
        ['/items?search=pump%00', 'search'],
        ['/customers?search=Ada%0ALtd', 'search'],
        ['/journal-entries?sourceNo=SO%00', 'sourceNo'],
      ]) {
        const response = await get<Problem>(path);
        expect(response.status).toBe(400);
        expect(response.body.errors?.map((e) => e.field)).toEqual([field]);
      }
    });

    it('refuses an unknown filter and a bad page size with 400', async () => {
      expect((await get('/sales-orders?colour=red')).status).toBe(400);
      expect((await get('/invoices?limit=0')).status).toBe(400);
      expect((await get('/shipments?status=lost')).status).toBe(400);
    });
  });

  describe('admin endpoints', () => {
    it('create items, warehouses, price lists and prices, and adjust stock', async () => {
      const sku = unique('ADM');
      const item = await admin('POST', '/items', {
        json: {
          sku,
          name: 'Admin bike',
          standardCostMinor: 50_000,
          listPriceMinor: 99_900,
          serialized: true,
          warrantyMonths: 24,
        },
      });
      expect(item.status).toBe(201);
      expect(item.body).toMatchObject({ sku, kind: 'stock', unit: 'pcs', active: true });
      const duplicate = await admin<Problem>('POST', '/items', {
        json: { sku, name: 'Again', standardCostMinor: 1, listPriceMinor: 1 },
      });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('already-exists');
      const patched = await admin('PATCH', `/items/${sku}`, {
        json: { listPriceMinor: 95_000 },
      });
      expect(patched.body).toMatchObject({ listPriceMinor: 95_000 });

      const code = unique('WH').slice(0, 11);
      const warehouse = await admin('POST', '/warehouses', {
        json: {
          code,
          name: 'Leipzig hub',
          location: {
            line1: 'Messeallee 1',
            city: 'Leipzig',
            postalCode: '04356',
            country: 'DE',
            latitude: 51.3397,
            longitude: 12.3731,
          },
        },
      });
      expect(warehouse.status).toBe(201);

      const list = unique('PL').slice(0, 11);
      expect(
        (await admin('POST', '/price-lists', { json: { code: list, name: 'Dealers' } })).status,
      ).toBe(201);
      const price = await admin('POST', `/price-lists/${list}/prices`, {
        json: { sku, minQuantity: 5, unitPriceMinor: 89_000 },
      });
      expect(price.status).toBe(200);
      expect(price.body).toMatchObject({ kind: 'quantity-break', minQuantity: 5 });
      const customerPrice = await admin('POST', `/price-lists/${list}/prices`, {
        json: { sku, customerNo: docs.customerNo, unitPriceMinor: 85_000 },
      });
      expect(customerPrice.body).toMatchObject({ kind: 'customer-price' });
      expect(
        (
          await admin('PATCH', `/customers/${docs.customerNo}`, {
            json: { priceListCode: list },
          })
        ).status,
      ).toBe(200);
      const quoted = await get(`/items/${sku}/price?quantity=6&customerNo=${docs.customerNo}`);
      expect(quoted.body).toMatchObject({ unitPriceMinor: 85_000, source: 'customer-price' });
      await admin('PATCH', `/customers/${docs.customerNo}`, {
        json: { priceListCode: null },
      });
      const pricedList = await get(`/price-lists/${list}?sku=${sku}`);
      expect(pricedList.body).toMatchObject({ code: list, prices: { total: 2 } });

      const adjustmentKey = unique('count');
      const adjusted = await admin('POST', '/stock-adjustments', {
        json: { adjustmentKey, sku, warehouseCode: code, quantity: 3, reason: 'opening count' },
      });
      expect(adjusted.status).toBe(201);
      expect(adjusted.body).toMatchObject({ quantity: 3, valueMinor: 150_000, balanceQuantity: 3 });
      const again = await admin('POST', '/stock-adjustments', {
        json: { adjustmentKey, sku, warehouseCode: code, quantity: 3, reason: 'opening count' },
      });
      expect(again.body).toEqual(adjusted.body);
      const detail = await get<{ stock: { onHand: number }[] }>(`/items/${sku}`);
      expect(detail.body.stock).toEqual([
        expect.objectContaining({ warehouseCode: code, onHand: 3, available: 3 }),
      ]);

      // Every one of these changes is on the audit trail, once, with who, before and after.
      const trail = async (entityType: string, entityId: string) =>
        (
          await get<PageOf<AdminChange>>(
            `/admin/changes?entityType=${entityType}&entityId=${entityId}`,
          )
        ).body.items;
      expect((await trail('item', sku)).map((c) => [c.action, c.actor])).toEqual([
        ['update', 'ada.admin'],
        ['create', 'ada.admin'],
      ]);
      const [itemUpdate] = await trail('item', sku);
      expect(itemUpdate.before).toMatchObject({ sku, listPriceMinor: 99_900 });
      expect(itemUpdate.after).toMatchObject({ sku, listPriceMinor: 95_000 });
      expect((await trail('warehouse', code)).map((c) => [c.action, c.before])).toEqual([
        ['create', null],
      ]);
      expect((await trail('price-list', list)).map((c) => c.action)).toEqual([
        'set-price',
        'set-price',
        'create',
      ]);
      expect((await trail('customer', docs.customerNo)).map((c) => c.after?.priceListCode)).toEqual(
        [null, list],
      );
      // The repeated adjustment moved nothing and is not on the trail.
      expect(await trail('stock-level', `${sku}@${code}`)).toEqual([
        expect.objectContaining({
          action: 'adjust-stock',
          actor: 'ada.admin',
          before: { onHand: 0, valueMinor: 0 },
          after: { onHand: 3, valueMinor: 150_000 },
        }),
      ]);
    });

    it('lets only admin change a credit limit, and audits the change in the same transaction', async () => {
      const customerNo = await h.customer({ creditLimitMinor: 5_000_000 });
      const terms = async () =>
        (
          await sql<{ credit_limit_minor: string; payment_terms_days: number }>(
            `select credit_limit_minor, payment_terms_days from erp.customer where customer_no = $1`,
            [customerNo],
          )
        )[0];
      const unchanged = await terms();
      for (const role of [
        'finance',
        'sales',
        'sales-director',
        'ops',
        'auditor',
        'service',
      ] as const) {
        const refused = await caller(() => h.url, role)<Problem>(
          'PATCH',
          `/customers/${customerNo}`,
          {
            json: { creditLimitMinor: 5_000_001 },
          },
        );
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('forbidden');
      }
      const anonymous = await caller(() => h.url)<Problem>('PATCH', `/customers/${customerNo}`, {
        json: { creditLimitMinor: 5_000_001 },
      });
      expect(anonymous.status).toBe(401);
      expect(await terms()).toEqual(unchanged);
      expect(
        await sql(`select 1 from erp.admin_change where entity_id = $1`, [customerNo]),
      ).toEqual([]);

      const started = new Date();
      const changed = await admin('PATCH', `/customers/${customerNo}`, {
        json: { creditLimitMinor: 5_000_001 },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ creditLimit: { amountMinor: 5_000_001 } });
      const rows = await sql<{ actor: string; at: Date; before: unknown; after: unknown }>(
        `select actor, at, before, after from erp.admin_change
          where entity_type = 'customer' and entity_id = $1`,
        [customerNo],
      );
      expect(rows).toEqual([
        {
          actor: 'ada.admin',
          at: expect.any(Date),
          before: {
            paymentTermsDays: 30,
            creditLimitMinor: 5_000_000,
            currency: 'EUR',
            priceListCode: null,
          },
          after: {
            paymentTermsDays: 30,
            creditLimitMinor: 5_000_001,
            currency: 'EUR',
            priceListCode: null,
          },
        },
      ]);
      expect(rows[0].at.getTime()).toBeGreaterThanOrEqual(started.getTime() - 1000);
      // Read on the record's trail, by auditors and finance too.
      const trail = await caller(() => h.url, 'finance')<PageOf<AdminChange>>(
        'GET',
        `/admin/changes?entityType=customer&entityId=${customerNo}`,
      );
      expect(trail.body).toMatchObject({ total: 1, items: [{ action: 'update' }] });
    });
  });

  describe('bad input on every write endpoint gets 4xx and changes nothing', () => {
    const snapshot = async () => {
      const [row] = await sql<Record<string, number>>(
        `select (select count(*)::int from erp.item) as items,
                (select count(*)::int from erp.warehouse) as warehouses,
                (select count(*)::int from erp.price_list) as price_lists,
                (select count(*)::int from erp.price_list_entry pe join erp.item i on i.id = pe.item_id where i.sku = $1) as prices,
                (select count(*)::int from erp.stock_ledger_entry l join erp.item i on i.id = l.item_id where i.sku = $1) as movements,
                (select row_to_json(c)::text from (select payment_terms_days, credit_limit_minor, price_list_id from erp.customer where customer_no = $2) c) as terms,
                (select row_to_json(i)::text from (select name, list_price_minor, standard_cost_minor, active from erp.item where sku = $1) i) as item,
                (select count(*)::int from erp.admin_change where entity_id = any($3)) as audited`,
        [
          docs.sku,
          docs.customerNo,
          [docs.sku, docs.customerNo, docs.warehouse, listCode, `${docs.sku}@${docs.warehouse}`],
        ],
      );
      return row;
    };

    type Request = { json?: unknown; body?: string; headers?: Record<string, string> };
    // Bodies are built when the test runs, after beforeAll has made the documents they name.
    const bad = (json: () => unknown) => (): Request => ({ json: json() });
    const raw =
      (body: string, type = 'application/json') =>
      (): Request => ({ body, headers: { 'content-type': type } });
    const location = { line1: 'x', city: 'y', postalCode: '1', country: 'DE' };

    const cases: [string, string, () => string, () => Request, number][] = [
      [
        'item without a name',
        'POST',
        () => '/items',
        bad(() => ({ sku: unique('B'), standardCostMinor: 1, listPriceMinor: 1 })),
        400,
      ],
      [
        'item with a negative price',
        'POST',
        () => '/items',
        bad(() => ({ sku: unique('B'), name: 'x', standardCostMinor: 1, listPriceMinor: -1 })),
        400,
      ],
      [
        'item with a price in euros',
        'POST',
        () => '/items',
        bad(() => ({ sku: unique('B'), name: 'x', standardCostMinor: 1, listPriceMinor: 9.99 })),
        400,
      ],
      [
        'item with a sku of spaces',
        'POST',
        () => '/items',
        bad(() => ({ sku: 'a b', name: 'x', standardCostMinor: 1, listPriceMinor: 1 })),
        400,
      ],
      [
        'item of an unknown kind',
        'POST',
        () => '/items',
        bad(() => ({
          sku: unique('B'),
          name: 'x',
          kind: 'rental',
          standardCostMinor: 1,
          listPriceMinor: 1,
        })),
        400,
      ],
      [
        'item with an unknown field',
        'POST',
        () => '/items',
        bad(() => ({
          sku: unique('B'),
          name: 'x',
          standardCostMinor: 1,
          listPriceMinor: 1,
          colour: 'red',
        })),
        400,
      ],
      [
        'item that exists',
        'POST',
        () => '/items',
        bad(() => ({ sku: docs.sku, name: 'x', standardCostMinor: 1, listPriceMinor: 1 })),
        409,
      ],
      ['item as malformed JSON', 'POST', () => '/items', raw('{"sku": "X",'), 400],
      [
        'item as a form',
        'POST',
        () => '/items',
        raw('sku=X', 'application/x-www-form-urlencoded'),
        415,
      ],
      ['item patch with nothing', 'PATCH', () => `/items/${docs.sku}`, bad(() => ({})), 400],
      [
        'item patch of the sku',
        'PATCH',
        () => `/items/${docs.sku}`,
        bad(() => ({ sku: 'OTHER' })),
        400,
      ],
      [
        'item patch with a negative cost',
        'PATCH',
        () => `/items/${docs.sku}`,
        bad(() => ({ standardCostMinor: -5 })),
        400,
      ],
      [
        'patch of an unknown item',
        'PATCH',
        () => '/items/NO-SUCH-SKU',
        bad(() => ({ name: 'x' })),
        404,
      ],
      [
        'warehouse without a location',
        'POST',
        () => '/warehouses',
        bad(() => ({ code: 'NOLOC', name: 'x' })),
        400,
      ],
      [
        'warehouse with a lower-case code',
        'POST',
        () => '/warehouses',
        bad(() => ({ code: 'ham', name: 'x', location })),
        400,
      ],
      [
        'warehouse at latitude 91',
        'POST',
        () => '/warehouses',
        bad(() => ({ code: 'POLE', name: 'x', location: { ...location, latitude: 91 } })),
        400,
      ],
      [
        'warehouse that exists',
        'POST',
        () => '/warehouses',
        bad(() => ({ code: docs.warehouse, name: 'x', location })),
        409,
      ],
      [
        'price list in another currency',
        'POST',
        () => '/price-lists',
        bad(() => ({ code: 'USD1', name: 'x', currency: 'USD' })),
        400,
      ],
      [
        'price list without a name',
        'POST',
        () => '/price-lists',
        bad(() => ({ code: 'NONAME' })),
        400,
      ],
      [
        'price on a list that does not exist',
        'POST',
        () => '/price-lists/NO-SUCH-LIST/prices',
        bad(() => ({ sku: docs.sku, unitPriceMinor: 1 })),
        404,
      ],
      [
        'price for a sku that does not exist',
        'POST',
        () => `/price-lists/${listCode}/prices`,
        bad(() => ({ sku: 'NO-SUCH-SKU', unitPriceMinor: 1 })),
        400,
      ],
      [
        'price with a quantity break of 0',
        'POST',
        () => `/price-lists/${listCode}/prices`,
        bad(() => ({ sku: docs.sku, minQuantity: 0, unitPriceMinor: 1 })),
        400,
      ],
      [
        'price without an amount',
        'POST',
        () => `/price-lists/${listCode}/prices`,
        bad(() => ({ sku: docs.sku })),
        400,
      ],
      [
        'item with NUL in its name',
        'POST',
        () => '/items',
        bad(() => ({
          sku: unique('B'),
          name: 'Evil\u0000Pump',
          standardCostMinor: 1,
          listPriceMinor: 1,
        })),
        400,
      ],
      [
        'item with a line break in its name',
        'POST',
        () => '/items',
        bad(() => ({
          sku: unique('B'),
          name: 'Two\nLines',
          standardCostMinor: 1,
          listPriceMinor: 1,
        })),
        400,
      ],
      [
        'item renamed with NUL',
        'PATCH',
        () => `/items/${docs.sku}`,
        bad(() => ({ name: 'Evil\u0000Pump' })),
        400,
      ],
      [
        'warehouse with NUL in its address',
        'POST',
        () => '/warehouses',
        bad(() => ({
          code: 'NULW',
          name: 'x',
          location: { ...location, line1: 'Hafen\u0000str' },
        })),
        400,
      ],
      [
        'stock adjustment with NUL in its reason',
        'POST',
        () => '/stock-adjustments',
        bad(() => ({
          adjustmentKey: unique('k'),
          sku: docs.sku,
          warehouseCode: docs.warehouse,
          quantity: 1,
          reason: 'count\u0000fix',
        })),
        400,
      ],
      [
        'stock adjustment with NUL in its key',
        'POST',
        () => '/stock-adjustments',
        bad(() => ({
          adjustmentKey: 'k\u0000',
          sku: docs.sku,
          warehouseCode: docs.warehouse,
          quantity: 1,
          reason: 'count',
        })),
        400,
      ],
      [
        'stock adjustment of 0 units',
        'POST',
        () => '/stock-adjustments',
        bad(() => ({
          adjustmentKey: unique('k'),
          sku: docs.sku,
          warehouseCode: docs.warehouse,
          quantity: 0,
          reason: 'x',
        })),
        400,
      ],
      [
        'stock adjustment of 1.5 units',
        'POST',
        () => '/stock-adjustments',
        bad(() => ({
          adjustmentKey: unique('k'),
          sku: docs.sku,
          warehouseCode: docs.warehouse,
          quantity: 1.5,
          reason: 'x',
        })),
        400,
      ],
      [
        'stock adjustment without a reason',
        'POST',
        () => '/stock-adjustments',
        bad(() => ({
          adjustmentKey: unique('k'),
          sku: docs.sku,
          warehouseCode: docs.warehouse,
          quantity: 1,
        })),
        400,
      ],
      [
        'stock adjustment of an unknown sku',
        'POST',
        () => '/stock-adjustments',
        bad(() => ({
          adjustmentKey: unique('k'),
          sku: 'NO-SUCH-SKU',
          warehouseCode: docs.warehouse,
          quantity: 1,
          reason: 'x',
        })),
        400,
      ],
      [
        'stock adjustment in an unknown warehouse',
        'POST',
        () => '/stock-adjustments',
        bad(() => ({
          adjustmentKey: unique('k'),
          sku: docs.sku,
          warehouseCode: 'NOWHERE',
          quantity: 1,
          reason: 'x',
        })),
        400,
      ],
      [
        'stock adjustment taking out more than available',
        'POST',
        () => '/stock-adjustments',
        bad(() => ({
          adjustmentKey: unique('k'),
          sku: docs.sku,
          warehouseCode: docs.warehouse,
          quantity: -10_000,
          reason: 'x',
        })),
        422,
      ],
      [
        'customer terms with a negative limit',
        'PATCH',
        () => `/customers/${docs.customerNo}`,
        bad(() => ({ creditLimitMinor: -1 })),
        400,
      ],
      [
        'customer terms of 400 days',
        'PATCH',
        () => `/customers/${docs.customerNo}`,
        bad(() => ({ paymentTermsDays: 400 })),
        400,
      ],
      [
        'customer terms with an unknown price list',
        'PATCH',
        () => `/customers/${docs.customerNo}`,
        bad(() => ({ priceListCode: 'NO-SUCH-LIST' })),
        404,
      ],
      [
        'customer terms with the credit hold',
        'PATCH',
        () => `/customers/${docs.customerNo}`,
        bad(() => ({ creditHold: true })),
        400,
      ],
      [
        'terms of an unknown customer',
        'PATCH',
        () => '/customers/C-999999',
        bad(() => ({ paymentTermsDays: 10 })),
        404,
      ],
    ];
    let listCode: string;

    beforeAll(async () => {
      listCode = unique('PL').slice(0, 11);
      await admin('POST', '/price-lists', { json: { code: listCode, name: 'Bad input' } });
    });

    it.each(cases)('%s', async (_, method, path, makeRequest, status) => {
      const request = makeRequest();
      const before = await snapshot();
      const response = await admin<Problem>(method, path(), request);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.status).toBe(status);
      const after = await snapshot();
      // Other suites may add items, warehouses or lists meanwhile; nothing of this test changed.
      expect({ ...after, items: 0, warehouses: 0, price_lists: 0 }).toEqual({
        ...before,
        items: 0,
        warehouses: 0,
        price_lists: 0,
      });
      const body = request.json as { sku?: string; code?: string } | undefined;
      if (method === 'POST' && path() === '/items' && body?.sku && status !== 409) {
        expect((await get(`/items/${encodeURIComponent(body.sku)}`)).status).toBe(404);
      }
      if (method === 'POST' && path() === '/warehouses' && body?.code && status !== 409) {
        expect((await get(`/warehouses/${body.code}`)).status).toBe(404);
      }
      if (method === 'POST' && path() === '/price-lists' && body?.code) {
        expect((await get(`/price-lists/${body.code}`)).status).toBe(404);
      }
    });
  });
});
