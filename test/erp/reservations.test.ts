import { closeSql, sql } from '../support/db';
import { ErpHarness, places, unique } from './erp-fixtures';
import { StockService } from '@throughline/erp';

type Level = {
  on_hand: number;
  reserved: number;
  active: number;
};

/** Reservations on real PostgreSQL: nearest warehouse first, partial, backorder, and the race. */
describe('stock reservations', () => {
  let h: ErpHarness;

  beforeAll(async () => {
    h = await ErpHarness.start({ DATABASE_POOL_MAX: '12' });
  });

  afterAll(async () => {
    try {
      expect(await h?.invariants()).toEqual([]);
    } finally {
      await h?.close();
      await closeSql();
    }
  });

  const levelOf = async (sku: string): Promise<Level> => {
    const [row] = await sql<Level>(
      `select coalesce(sum(s.on_hand), 0)::int as on_hand, coalesce(sum(s.reserved), 0)::int as reserved,
              (select coalesce(sum(r.quantity), 0)::int from erp.reservation r
                 where r.item_id = i.id and r.status = 'active') as active
         from erp.item i left join erp.stock_level s on s.item_id = i.id
        where i.sku = $1 group by i.id`,
      [sku],
    );
    return row;
  };

  const order = (customerNo: string, sku: string, quantity: number, shipTo = places.augsburg) =>
    h.erp.createSalesOrder({
      orderKey: unique('quote'),
      customerNo,
      shipTo,
      lines: [{ sku, quantity }],
    });

  it('reserves from the nearest warehouse with stock first, and splits when it has too little', async () => {
    const hamburg = await h.warehouse(places.hamburg);
    const munich = await h.warehouse(places.munich);
    const sku = await h.item();
    await h.stock(sku, hamburg, 1);
    await h.stock(sku, munich, 5);
    const customerNo = await h.customer();

    const south = await order(customerNo, sku, 2, places.augsburg);
    const southReserved = await h.erp.reserveStock({ orderNo: south.orderNo });
    expect(southReserved.lines[0].allocations).toEqual([{ warehouseCode: munich, quantity: 2 }]);

    const north = await order(customerNo, sku, 3, places.potsdam);
    const northReserved = await h.erp.reserveStock({ orderNo: north.orderNo });
    expect(northReserved.lines[0].allocations).toHaveLength(2);
    expect(northReserved.lines[0].allocations).toEqual(
      expect.arrayContaining([
        { warehouseCode: hamburg, quantity: 1 },
        { warehouseCode: munich, quantity: 2 },
      ]),
    );
    expect(northReserved.fullyReserved).toBe(true);
  });

  it('reserves what there is, reports the shortfall, and fills it after the backorder arrives', async () => {
    const warehouse = await h.warehouse(places.cologne);
    const sku = await h.item({ standardCostMinor: 4_000 });
    await h.stock(sku, warehouse, 2);
    const customerNo = await h.customer();
    const o = await order(customerNo, sku, 5);

    const first = await h.erp.reserveStock({ orderNo: o.orderNo });
    expect(first).toMatchObject({
      fullyReserved: false,
      lines: [{ reserved: 2, shortfall: 3 }],
      shortfall: [{ lineNo: 1, sku, quantity: 3 }],
    });

    const po = await h.erp.createPurchaseOrder({
      poKey: `backorder:${o.orderNo}`,
      warehouseCode: warehouse,
      salesOrderNo: o.orderNo,
      lines: [{ sku, quantity: 3 }],
    });
    await h.erp.receiveGoods({ poNo: po.poNo });
    const second = await h.erp.reserveStock({ orderNo: o.orderNo });
    expect(second).toMatchObject({ fullyReserved: true, lines: [{ reserved: 5, shortfall: 0 }] });
  });

  it('gives the last units to exactly as many orders as there are units when 40 ask at once', async () => {
    const warehouse = await h.warehouse(places.munich);
    const sku = await h.item();
    await h.stock(sku, warehouse, 10);
    const customerNo = await h.customer();
    const orders = [];
    for (let i = 0; i < 40; i++) orders.push(await order(customerNo, sku, 1));

    const results = await Promise.all(
      orders.map((o) => h.erp.reserveStock({ orderNo: o.orderNo })),
    );

    expect(results.filter((r) => r.fullyReserved)).toHaveLength(10);
    expect(results.filter((r) => r.shortfall[0]?.quantity === 1)).toHaveLength(30);
    expect(await levelOf(sku)).toEqual({ on_hand: 10, reserved: 10, active: 10 });
  });

  it('never reserves more than on hand when orders of several units race for the rest', async () => {
    const a = await h.warehouse(places.munich);
    const b = await h.warehouse(places.hamburg);
    const sku = await h.item();
    await h.stock(sku, a, 7);
    await h.stock(sku, b, 4);
    const customerNo = await h.customer();
    const orders = [];
    for (let i = 0; i < 16; i++) orders.push(await order(customerNo, sku, 3));

    const results = await Promise.all(
      orders.map((o) => h.erp.reserveStock({ orderNo: o.orderNo })),
    );

    const reserved = results.reduce((sum, r) => sum + r.lines[0].reserved, 0);
    expect(reserved).toBe(11);
    expect(await levelOf(sku)).toEqual({ on_hand: 11, reserved: 11, active: 11 });
    const perWarehouse = await sql<{ on_hand: number; reserved: number }>(
      `select on_hand, reserved from erp.stock_level s join erp.item i on i.id = s.item_id where i.sku = $1`,
      [sku],
    );
    for (const level of perWarehouse) expect(level.reserved).toBe(level.on_hand);
  });

  it('reserves an order once when the same reservation runs five times at once', async () => {
    const warehouse = await h.warehouse(places.munich);
    const sku = await h.item();
    await h.stock(sku, warehouse, 100);
    const customerNo = await h.customer();
    const o = await order(customerNo, sku, 4);

    await Promise.all(Array.from({ length: 5 }, () => h.erp.reserveStock({ orderNo: o.orderNo })));

    expect(await levelOf(sku)).toEqual({ on_hand: 100, reserved: 4, active: 4 });
  });

  it('keeps reserved stock when a stock adjustment races the reservations', async () => {
    const warehouse = await h.warehouse(places.munich);
    const sku = await h.item();
    await h.stock(sku, warehouse, 6);
    const customerNo = await h.customer();
    const orders = [];
    for (let i = 0; i < 6; i++) orders.push(await order(customerNo, sku, 1));

    const outcomes = await Promise.allSettled([
      ...orders.map((o) => h.erp.reserveStock({ orderNo: o.orderNo })),
      h.run(async () => {
        return h.service(StockService).adjust({
          adjustmentKey: unique('count'),
          sku,
          warehouseCode: warehouse,
          quantity: -3,
          reason: 'damaged in the warehouse',
        });
      }),
    ]);

    const adjustment = outcomes.at(-1)!;
    const level = await levelOf(sku);
    expect(level.reserved).toBe(level.active);
    expect(level.reserved).toBeLessThanOrEqual(level.on_hand);
    if (adjustment.status === 'fulfilled') {
      expect(level).toEqual({ on_hand: 3, reserved: 3, active: 3 });
    } else {
      expect(String(adjustment.reason)).toMatch(/wanted, \d+ available/);
      expect(level).toEqual({ on_hand: 6, reserved: 6, active: 6 });
    }
  });
});
