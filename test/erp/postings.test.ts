import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/core';
import { LedgerService, PostingService, toJournalEntryView } from '@throughline/erp';
import { closeSql, sql } from '../support/db';
import { ErpHarness, places, postingsOf, unique } from './erp-fixtures';

const lines = (rows: Awaited<ReturnType<typeof postingsOf>>) =>
  rows.map(({ account, debit, credit }) => ({ account, debit, credit }));

/**
 * Every financial event posts one balanced journal entry with the accounts of DOMAIN.md:
 * 1000 Cash, 1100 AR, 1200 Inventory, 2000 GRNI, 2100 Tax Payable, 4000 Revenue,
 * 4100 Service Revenue, 5000 COGS, 5100 Warranty Expense.
 */
describe('ledger postings', () => {
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

  async function shippedOrder() {
    const warehouse = await h.warehouse(places.munich);
    const sku = await h.item({ listPriceMinor: 10_000, standardCostMinor: 6_000 });
    // Two receipts at different prices: moving average 6 500 per unit.
    await h.stock(sku, warehouse, 2, 6_000);
    await h.stock(sku, warehouse, 2, 7_000);
    const customerNo = await h.customer();
    const order = await h.erp.createSalesOrder({
      orderKey: unique('quote'),
      customerNo,
      lines: [{ sku, quantity: 3, discountPercent: 10 }],
    });
    await h.erp.reserveStock({ orderNo: order.orderNo });
    const shipment = await h.erp.createShipment({
      orderNo: order.orderNo,
      warehouseCode: warehouse,
    });
    await h.erp.pick({ shipmentNo: shipment.shipmentNo });
    await h.erp.pack({ shipmentNo: shipment.shipmentNo });
    await h.erp.ship({ shipmentNo: shipment.shipmentNo });
    return { warehouse, sku, customerNo, order, shipment };
  }

  it('a delivery note posts its cost at moving average: Dr COGS / Cr Inventory', async () => {
    const { shipment } = await shippedOrder();
    expect(lines(await postingsOf(shipment.shipmentNo))).toEqual([
      { account: '5000', debit: 19_500, credit: 0 },
      { account: '1200', debit: 0, credit: 19_500 },
    ]);
  });

  it('an invoice posts Dr Accounts Receivable / Cr Revenue / Cr Tax Payable', async () => {
    const { shipment } = await shippedOrder();
    const invoice = await h.erp.createInvoice({ shipmentNo: shipment.shipmentNo });
    expect(invoice).toMatchObject({ netMinor: 27_000, taxMinor: 5_130, grossMinor: 32_130 });
    expect(lines(await postingsOf(invoice.invoiceNo))).toEqual([
      { account: '1100', debit: 32_130, credit: 0 },
      { account: '4000', debit: 0, credit: 27_000 },
      { account: '2100', debit: 0, credit: 5_130 },
    ]);
  });

  it('a payment posts Dr Cash / Cr Accounts Receivable', async () => {
    const { shipment, customerNo } = await shippedOrder();
    await h.erp.createInvoice({ shipmentNo: shipment.shipmentNo });
    const payment = await h.erp.recordPayment({
      externalRef: unique('bank'),
      customerNo,
      amountMinor: 12_345,
    });
    expect(lines(await postingsOf(payment.paymentNo))).toEqual([
      { account: '1000', debit: 12_345, credit: 0 },
      { account: '1100', debit: 0, credit: 12_345 },
    ]);
  });

  it('a credit note posts Dr Revenue, Dr Tax Payable / Cr Accounts Receivable', async () => {
    const { shipment } = await shippedOrder();
    const invoice = await h.erp.createInvoice({ shipmentNo: shipment.shipmentNo });
    const note = await h.erp.voidInvoice({ invoiceNo: invoice.invoiceNo, reason: 'billed twice' });
    expect(lines(await postingsOf(note.creditNoteNo))).toEqual([
      { account: '4000', debit: 27_000, credit: 0 },
      { account: '2100', debit: 5_130, credit: 0 },
      { account: '1100', debit: 0, credit: 32_130 },
    ]);
    // The invoice's own entry is untouched: the credit note is the reversal.
    expect(lines(await postingsOf(invoice.invoiceNo))[0]).toEqual({
      account: '1100',
      debit: 32_130,
      credit: 0,
    });
  });

  it('a goods receipt posts Dr Inventory / Cr GRNI at the purchase price', async () => {
    const warehouse = await h.warehouse(places.hamburg);
    const sku = await h.item({ standardCostMinor: 5_000 });
    const po = await h.erp.createPurchaseOrder({
      poKey: unique('po'),
      warehouseCode: warehouse,
      lines: [{ sku, quantity: 4, unitCostMinor: 5_250 }],
    });
    const receipt = await h.erp.receiveGoods({ poNo: po.poNo });
    expect(lines(await postingsOf(receipt.receiptNo))).toEqual([
      { account: '1200', debit: 21_000, credit: 0 },
      { account: '2000', debit: 0, credit: 21_000 },
    ]);
  });

  it('warranty work posts its parts Dr Warranty Expense / Cr Inventory and bills nothing', async () => {
    const warehouse = await h.warehouse(places.munich);
    const sku = await h.item({ standardCostMinor: 3_300 });
    await h.stock(sku, warehouse, 5);
    const customerNo = await h.customer();
    const wo = await h.erp.createWorkOrder({
      caseRef: unique('CASE'),
      customerNo,
      warranty: true,
      parts: [{ sku, quantity: 2 }],
    });
    const done = await h.erp.completeWorkOrder({ workOrderNo: wo.workOrderNo, labourMinutes: 90 });
    expect(done.invoiceNo).toBeUndefined();
    expect(lines(await postingsOf(wo.workOrderNo))).toEqual([
      { account: '5100', debit: 6_600, credit: 0 },
      { account: '1200', debit: 0, credit: 6_600 },
    ]);
  });

  it('billable work posts its parts to COGS and gets a service invoice (Service Revenue)', async () => {
    const warehouse = await h.warehouse(places.munich);
    const sku = await h.item({ standardCostMinor: 3_300, listPriceMinor: 5_000 });
    await h.stock(sku, warehouse, 5);
    const customerNo = await h.customer();
    const wo = await h.erp.createWorkOrder({
      caseRef: unique('CASE'),
      customerNo,
      warranty: false,
      labourRateMinor: 8_000,
      parts: [{ sku, quantity: 1 }],
    });
    const done = await h.erp.completeWorkOrder({ workOrderNo: wo.workOrderNo, labourMinutes: 90 });
    expect(lines(await postingsOf(wo.workOrderNo))).toEqual([
      { account: '5000', debit: 3_300, credit: 0 },
      { account: '1200', debit: 0, credit: 3_300 },
    ]);
    // 1 part at 50.00 + 90 min labour at 80.00/h = 170.00 net, 19 % tax.
    expect(lines(await postingsOf(done.invoiceNo!))).toEqual([
      { account: '1100', debit: 20_230, credit: 0 },
      { account: '4100', debit: 0, credit: 17_000 },
      { account: '2100', debit: 0, credit: 3_230 },
    ]);
  });

  it('a stock adjustment posts Dr Inventory / Cr Inventory Adjustments, and the reverse out', async () => {
    const warehouse = await h.warehouse(places.cologne);
    const sku = await h.item({ standardCostMinor: 1_000 });
    await h.stock(sku, warehouse, 10);
    await h.stock(sku, warehouse, -4);
    const rows = await sql<{ account_code: string; debit_minor: string; credit_minor: string }>(
      `select l.account_code, l.debit_minor, l.credit_minor
         from erp.journal_entry e join erp.journal_line l on l.entry_id = e.id
        where e.source_type = 'stock-adjustment' and e.description like $1
        order by e.entry_no, l.line_no`,
      [`%${sku}%`],
    );
    expect(
      rows.map((r) => [r.account_code, Number(r.debit_minor), Number(r.credit_minor)]),
    ).toEqual([
      ['1200', 10_000, 0],
      ['5200', 0, 10_000],
      ['5200', 4_000, 0],
      ['1200', 0, 4_000],
    ]);
  });

  describe('posted entries are immutable', () => {
    it('refuses UPDATE and DELETE of posted entries and lines in the database', async () => {
      const { shipment } = await shippedOrder();
      await expect(
        sql(
          `update erp.journal_line set debit_minor = debit_minor + 1 where entry_id in (select id from erp.journal_entry where source_no = $1)`,
          [shipment.shipmentNo],
        ),
      ).rejects.toThrow(/immutable/);
      await expect(
        sql(`delete from erp.journal_entry where source_no = $1`, [shipment.shipmentNo]),
      ).rejects.toThrow(/immutable/);
      await expect(
        sql(`update erp.stock_ledger_entry set quantity = 1 where source_no = $1`, [
          shipment.shipmentNo,
        ]),
      ).rejects.toThrow(/immutable/);
    });

    it('refuses an entry that does not balance, in the service and in the database', async () => {
      await expect(
        h.run(() =>
          h.service(PostingService).post(undefined as never, {
            entryKey: unique('bad'),
            description: 'unbalanced',
            sourceType: 'test',
            sourceNo: 'X',
            lines: [
              { account: '1000', debitMinor: 100 },
              { account: '1100', creditMinor: 99 },
            ],
          }),
        ),
      ).rejects.toMatchObject({ code: 'unbalanced-journal-entry' });
      const id = randomUUID();
      await expect(
        sql(
          `with e as (insert into erp.journal_entry (id, entry_no, entry_key, entry_date, description, source_type, source_no, currency, posted_at)
                      values ($1, $2, $2, current_date, 'raw', 'test', 'X', 'EUR', now()) returning id)
           insert into erp.journal_line (id, entry_id, line_no, account_code, debit_minor, credit_minor)
           values (gen_random_uuid(), $1, 1, '1000', 100, 0), (gen_random_uuid(), $1, 2, '1100', 0, 99)`,
          [id, unique('JE-RAW').slice(0, 20)],
        ),
      ).rejects.toThrow(/does not balance/);
      expect(await sql(`select 1 from erp.journal_entry where id = $1`, [id])).toEqual([]);
    });

    it('reverses an entry with a new entry of swapped lines, leaving the original as it was', async () => {
      const entryKey = unique('manual');
      const posted = await h.run(() =>
        h.app.get(MikroORM).em.transactional((tx) =>
          h.service(PostingService).post(tx as never, {
            entryKey,
            description: 'Warranty provision',
            sourceType: 'manual',
            sourceNo: entryKey.slice(0, 40),
            lines: [
              { account: '5100', debitMinor: 5_000 },
              { account: '3000', creditMinor: 5_000 },
            ],
          }),
        ),
      );
      const entryNo = posted!.entryNo;
      const reversal = await h.run(() =>
        h.service(PostingService).reverse(entryNo, 'booked twice'),
      );
      const again = await h.run(() => h.service(PostingService).reverse(entryNo, 'twice'));
      expect(again.entryNo).toBe(reversal.entryNo);
      const view = toJournalEntryView(reversal);
      expect(view).toMatchObject({ reversalOf: entryNo, entryKey: `reversal:${entryNo}` });
      expect(view.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([
        ['5100', 0, 5_000],
        ['3000', 5_000, 0],
      ]);
      const originalNow = await h.run(() => h.service(LedgerService).get(entryNo));
      expect(
        toJournalEntryView(originalNow).lines.map((l) => [l.account, l.debitMinor, l.creditMinor]),
      ).toEqual([
        ['5100', 5_000, 0],
        ['3000', 0, 5_000],
      ]);
    });

    it('refuses to reverse an entry on a control account: its document reverses it', async () => {
      const { shipment } = await shippedOrder();
      const [entry] = await postingsOf(shipment.shipmentNo);
      await expect(
        h.run(() => h.service(PostingService).reverse(entry.entryNo, 'no')),
      ).rejects.toMatchObject({
        code: 'control-account',
      });
    });
  });
});
