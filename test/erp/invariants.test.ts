import { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { separateDatabase } from '../support/infrastructure';
import { runScript } from '../support/node-script';
import { InvariantCheckerService, type InvariantViolation } from '@throughline/erp';
import { closeSql } from '../support/db';
import { ErpHarness, places, unique } from './erp-fixtures';

class RolledBack extends Error {}

/**
 * The invariant checker: it holds on what the ERP writes, and it finds a row corrupted on
 * purpose. Corruptions happen inside a transaction that is rolled back, so suites running at
 * the same time never see them.
 */
describe('the ERP invariant checker', () => {
  let h: ErpHarness;
  let sku: string;
  let orderNo: string;
  let invoiceNo: string;

  beforeAll(async () => {
    h = await ErpHarness.start();
    const warehouse = await h.warehouse(places.munich);
    sku = await h.item({ listPriceMinor: 10_000, standardCostMinor: 6_000 });
    await h.stock(sku, warehouse, 10);
    const customerNo = await h.customer();
    const order = await h.erp.createSalesOrder({
      orderKey: unique('quote'),
      customerNo,
      lines: [{ sku, quantity: 4 }],
    });
    orderNo = order.orderNo;
    await h.erp.reserveStock({ orderNo: order.orderNo });
    const shipment = await h.erp.createShipment({
      orderNo: order.orderNo,
      warehouseCode: warehouse,
      lines: [{ lineNo: 1, quantity: 3 }],
    });
    await h.erp.pick({ shipmentNo: shipment.shipmentNo });
    await h.erp.pack({ shipmentNo: shipment.shipmentNo });
    await h.erp.ship({ shipmentNo: shipment.shipmentNo });
    invoiceNo = (await h.erp.createInvoice({ shipmentNo: shipment.shipmentNo })).invoiceNo;
    await h.erp.recordPayment({ externalRef: unique('bank'), customerNo, amountMinor: 5_000 });
  });

  afterAll(async () => {
    try {
      expect(await h?.invariants()).toEqual([]);
    } finally {
      await h?.close();
      await closeSql();
    }
  });

  /** Runs a corruption and the checker in one transaction, then rolls it back. */
  async function checkAfter(corruption: string, params: unknown[]): Promise<InvariantViolation[]> {
    let violations: InvariantViolation[] = [];
    const em = h.app.get(MikroORM).em.fork() as EntityManager;
    await expect(
      em.transactional(async (tx) => {
        await tx.execute(corruption, params);
        violations = await h.service(InvariantCheckerService).check(tx);
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
    return violations;
  }

  const levelOf = `(select s.id from erp.stock_level s join erp.item i on i.id = s.item_id where i.sku = ?)`;

  it('holds after orders, shipments, invoices and payments', async () => {
    expect(await h.invariants()).toEqual([]);
  });

  it.each([
    [
      'on hand changed without a stock movement',
      `update erp.stock_level set on_hand = on_hand + 3 where id = ${levelOf}`,
      'on-hand-equals-stock-ledger',
    ],
    [
      'stock value changed without a movement',
      `update erp.stock_level set value_minor = value_minor + 1 where id = ${levelOf}`,
      'stock-value-equals-stock-ledger',
    ],
    [
      'reserved changed without a reservation',
      `update erp.stock_level set reserved = reserved - 1 where id = ${levelOf}`,
      'reserved-equals-active-reservations',
    ],
    [
      'a reservation released behind the stock level’s back',
      `update erp.reservation set status = 'released' where item_id = (select id from erp.item where sku = ?) and status = 'active'`,
      'reserved-equals-active-reservations',
    ],
  ])('finds %s', async (_, corruption, invariant) => {
    const violations = await checkAfter(corruption, [sku]);
    expect(violations.map((v) => v.invariant)).toContain(invariant);
    const found = violations.find((v) => v.invariant === invariant)!;
    expect(found.rows).toEqual(expect.arrayContaining([expect.objectContaining({ sku })]));
  });

  it('finds an invoice whose amount no longer matches its postings', async () => {
    const violations = await checkAfter(
      `update erp.invoice set net_minor = net_minor + 100, gross_minor = gross_minor + 100 where invoice_no = ?`,
      [invoiceNo],
    );
    expect(violations.map((v) => v.invariant)).toEqual(['ar-equals-open-invoices-less-payments']);
  });

  it('finds an invoice marked paid without a payment', async () => {
    const violations = await checkAfter(
      `update erp.invoice set paid_minor = gross_minor where invoice_no = ?`,
      [invoiceNo],
    );
    expect(violations.map((v) => v.invariant)).toEqual(['invoice-paid-equals-allocations']);
  });

  it('finds a journal line changed with the immutability triggers switched off', async () => {
    const violations = await checkAfter(
      `set local session_replication_role = replica;
       update erp.journal_line set debit_minor = debit_minor + 1
        where id = (select l.id from erp.journal_line l join erp.journal_entry e on e.id = l.entry_id
                     where e.source_no = ? and l.debit_minor > 0 limit 1)`,
      [invoiceNo],
    );
    expect(violations.map((v) => v.invariant)).toEqual(
      expect.arrayContaining(['journal-entry-balances', 'ar-equals-open-invoices-less-payments']),
    );
  });

  it('finds a credit-blocked order that has shipped', async () => {
    const violations = await checkAfter(
      `update erp.sales_order set status = 'credit-blocked', credit_block_reason = 'over-limit' where order_no = ?`,
      [orderNo],
    );
    expect(violations.map((v) => v.invariant)).toEqual(['credit-blocked-order-ships-nothing']);
    expect(violations[0].rows).toEqual(
      expect.arrayContaining([expect.objectContaining({ order_no: orderNo })]),
    );
  });

  it('is backed by the database: a credit-blocked order without its reason is refused', async () => {
    const em = h.app.get(MikroORM).em.fork() as EntityManager;
    await expect(
      em.transactional((tx) =>
        tx.execute(`update erp.sales_order set status = 'credit-blocked' where order_no = ?`, [
          orderNo,
        ]),
      ),
    ).rejects.toThrow(/sales_order_credit_block_check/);
  });

  describe('npm run check:erp', () => {
    const checkEntry = 'dist/apps/erp/src/check.main.js';
    // Asynchronous on purpose: the embedded PostgreSQL may be served from this very process.
    const run = (url: string) => runScript(checkEntry, { DATABASE_URL: url });

    it('exits 0 and lists the invariants when they hold', async () => {
      const result = await run(process.env.DATABASE_URL!);
      expect(result.stdout).toMatch(/ok: 11 invariants hold/);
      expect(result.status).toBe(0);
    });

    it('prints what is broken and exits 1 on a corrupted database', async () => {
      // A database of its own, so the corruption is committed and visible to the checker process.
      const target = await separateDatabase('erp_corrupt');
      try {
        const seed = await runScript('dist/apps/erp/src/seed.main.js', {
          DATABASE_URL: target.url,
        });
        expect(seed.status).toBe(0);
        const db = new Client({ connectionString: target.url });
        await db.connect();
        try {
          await db.query(
            `update erp.stock_level set on_hand = on_hand + 7 where id = (select s.id from erp.stock_level s join erp.item i on i.id = s.item_id where i.sku = 'BAT-500' order by s.id limit 1)`,
          );
        } finally {
          await db.end();
        }
        const result = await run(target.url);
        expect(result.status).toBe(1);
        expect(result.stdout).toMatch(/✗ on-hand-equals-stock-ledger/);
        expect(result.stdout).toMatch(/"sku":"BAT-500"/);
      } finally {
        await target.dispose();
      }
    });
  });
});
