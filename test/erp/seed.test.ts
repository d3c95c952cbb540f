import { runScript } from '../support/node-script';
import { demoItems, demoWarehouses } from '../../libs/erp/src/seed/demo-catalog';
import { closeSql, sql } from '../support/db';
import { ErpHarness, footprint } from './erp-fixtures';

/** `npm run seed:erp` loads a realistic demo catalog, and loading it again writes nothing. */
describe('the ERP demo catalog seed', () => {
  let h: ErpHarness;
  const skus = demoItems.map((i) => i.sku);
  const seed = () => runScript('dist/apps/erp/src/seed.main.js');

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

  it('loads items, warehouses in three cities, prices and opening stock, once', async () => {
    const first = await seed();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/demo catalog loaded: 55 items, 3 warehouses/);
    const loaded = await footprint({ skus });

    const second = await seed();
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(
      /nothing to do.*0 items, 0 warehouses, 0 price lists, 0 prices, 0 opening stock/,
    );
    expect(await footprint({ skus })).toEqual(loaded);

    expect(loaded.item).toBeGreaterThanOrEqual(50);
    const warehouses = await sql<{ city: string }>(
      `select location_city as city from erp.warehouse where code = any($1::text[])`,
      [demoWarehouses.map((w) => w.code)],
    );
    expect(new Set(warehouses.map((w) => w.city)).size).toBe(3);
    const [prices] = await sql<{ customer: number; breaks: number }>(
      `select count(*) filter (where customer_no is not null)::int as customer,
              count(*) filter (where customer_no is null and min_quantity > 1)::int as breaks
         from erp.price_list_entry e join erp.price_list l on l.id = e.price_list_id where l.code = 'STANDARD'`,
    );
    expect(prices.customer).toBeGreaterThan(0);
    expect(prices.breaks).toBeGreaterThan(0);
    const [stock] = await sql<{ items: number; units: number; warehouses: number }>(
      `select count(distinct s.item_id)::int as items, sum(s.on_hand)::int as units, count(distinct s.warehouse_id)::int as warehouses
         from erp.stock_level s join erp.item i on i.id = s.item_id where i.sku = any($1::text[])`,
      [skus],
    );
    expect(stock.items).toBe(50);
    expect(stock.warehouses).toBe(3);
    expect(stock.units).toBeGreaterThan(1000);
  });

  it('prices the demo catalog: a customer price and a quantity break', async () => {
    // Agreements are keyed by customerNo and may predate the customer master.
    const priced = await h.erp.priceLines({
      customerNo: 'C-000002',
      lines: [
        { sku: 'BRK-PAD-2P', quantity: 4 },
        { sku: 'LCK-FOLD-110', quantity: 60 },
        { sku: 'EB-CITY-500', quantity: 1 },
      ],
    });
    expect(priced.lines.map((l) => [l.sku, l.source, l.unitPriceMinor])).toEqual([
      ['BRK-PAD-2P', 'customer-price', 1_090],
      ['LCK-FOLD-110', 'quantity-break', 7_191],
      ['EB-CITY-500', 'list', 249_900],
    ]);
  });
});
