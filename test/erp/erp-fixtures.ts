import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import {
  CustomerService,
  InvariantCheckerService,
  ItemService,
  PriceListService,
  StockService,
  WarehouseService,
  type CreateItemInput,
  type InvariantViolation,
  type LocationInput,
} from '@throughline/erp';
import { ErpActivities } from '@throughline/activities/erp';
import { activitiesOf } from '../support/activities';
import { startApp, type RunningApp } from '../support/apps';
import { sql } from '../support/db';

/** Cities with coordinates, for warehouses and ship-to addresses in tests. */
export const places = {
  hamburg: {
    line1: 'Hafenstraße 1',
    city: 'Hamburg',
    postalCode: '20457',
    country: 'DE',
    latitude: 53.5511,
    longitude: 9.9937,
  },
  munich: {
    line1: 'Marienplatz 1',
    city: 'München',
    postalCode: '80331',
    country: 'DE',
    latitude: 48.1351,
    longitude: 11.582,
  },
  cologne: {
    line1: 'Domkloster 4',
    city: 'Köln',
    postalCode: '50667',
    country: 'DE',
    latitude: 50.9375,
    longitude: 6.9603,
  },
  potsdam: {
    line1: 'Am Neuen Markt 1',
    city: 'Potsdam',
    postalCode: '14467',
    country: 'DE',
    latitude: 52.3906,
    longitude: 13.0645,
  },
  augsburg: {
    line1: 'Rathausplatz 2',
    city: 'Augsburg',
    postalCode: '86150',
    country: 'DE',
    latitude: 48.3705,
    longitude: 10.8978,
  },
} satisfies Record<string, LocationInput>;

/** A short unique suffix, so suites sharing one database never collide. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

/** The ERP app with its real module, database and worker, and the fixtures tests build on. */
export class ErpHarness {
  readonly erp: ErpActivities;

  private constructor(readonly running: RunningApp) {
    this.erp = activitiesOf(running.app, ErpActivities);
  }

  static async start(overrides: Record<string, string> = {}): Promise<ErpHarness> {
    return new ErpHarness(await startApp('erp', overrides));
  }

  /** The fixtures on an ERP app a stack already runs (the stack closes it). */
  static of(running: RunningApp): ErpHarness {
    return new ErpHarness(running);
  }

  get app(): INestApplicationContext {
    return this.running.app;
  }

  get url(): string {
    return this.running.url;
  }

  async close(): Promise<void> {
    await this.running.app.close();
  }

  /** Runs service code inside its own MikroORM request context, as a request or activity would. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return RequestContext.create(this.app.get(MikroORM).em, work);
  }

  service<T>(type: new (...args: never[]) => T): T {
    return this.app.get(type);
  }

  async warehouse(location: LocationInput, code = unique('W').slice(0, 11)): Promise<string> {
    await this.run(() =>
      this.service(WarehouseService).create({ code, name: `Test warehouse ${code}`, location }),
    );
    return code;
  }

  async item(overrides: Partial<CreateItemInput> = {}): Promise<string> {
    const sku = overrides.sku ?? unique('SKU');
    await this.run(() =>
      this.service(ItemService).create({
        sku,
        name: `Test item ${sku}`,
        unit: 'pcs',
        kind: 'stock',
        standardCostMinor: 6_000,
        listPriceMinor: 10_000,
        warrantyMonths: 0,
        serialized: false,
        leadTimeDays: 7,
        supplier: 'Test Supplier GmbH',
        ...overrides,
      }),
    );
    return sku;
  }

  async stock(
    sku: string,
    warehouseCode: string,
    quantity: number,
    unitCostMinor?: number,
  ): Promise<void> {
    await this.run(() =>
      this.service(StockService).adjust({
        adjustmentKey: unique(`test:${sku}:${warehouseCode}`),
        sku,
        warehouseCode,
        quantity,
        unitCostMinor,
        reason: 'test stock',
      }),
    );
  }

  /** A customer master as onboarding creates it, with the terms a test needs. */
  async customer(
    terms: { creditLimitMinor?: number; paymentTermsDays?: number; customerNo?: string } = {},
  ): Promise<string> {
    const customerNo = terms.customerNo ?? unique('T');
    await this.erp.upsertCustomer({
      customerNo,
      legalName: `Test Customer ${customerNo}`,
      email: `${customerNo.toLowerCase()}@example.com`,
    });
    await this.run(() =>
      this.service(CustomerService).updateTerms(customerNo, {
        creditLimitMinor: terms.creditLimitMinor ?? 100_000_000,
        paymentTermsDays: terms.paymentTermsDays ?? 30,
      }),
    );
    return customerNo;
  }

  async setPrice(
    priceList: string,
    price: { sku: string; customerNo?: string; minQuantity?: number; unitPriceMinor: number },
  ): Promise<void> {
    await this.run(() =>
      this.service(PriceListService).setPrice(priceList, { minQuantity: 1, ...price }),
    );
  }

  async invariants(): Promise<InvariantViolation[]> {
    return this.run(() => this.service(InvariantCheckerService).check());
  }
}

/**
 * Row counts of every ERP table, restricted to what belongs to a test's customers and items, so
 * suites running at the same time on the same database do not disturb the comparison.
 */
export async function footprint(scope: {
  customerNos?: string[];
  skus?: string[];
}): Promise<Record<string, number>> {
  const customers = scope.customerNos ?? [];
  const skus = scope.skus ?? [];
  const [row] = await sql<Record<string, number>>(
    `with c as (select id from erp.customer where customer_no = any($1::text[])),
          i as (select id from erp.item where sku = any($2::text[])),
          so as (select id, order_no from erp.sales_order where customer_id in (select id from c)),
          sh as (select id, shipment_no from erp.shipment where order_id in (select id from so)),
          inv as (select id, invoice_no from erp.invoice where customer_id in (select id from c)),
          cn as (select id, credit_note_no from erp.credit_note where customer_id in (select id from c)),
          pay as (select id, payment_no from erp.payment where customer_id in (select id from c)),
          wo as (select id, work_order_no from erp.work_order where customer_id in (select id from c)),
          po as (select distinct purchase_order_id as id from erp.purchase_order_line where item_id in (select id from i)),
          gr as (select id, receipt_no from erp.goods_receipt where purchase_order_id in (select id from po)),
          ledger as (select id, source_no from erp.stock_ledger_entry where item_id in (select id from i)),
          sources as (
            select order_no as no from so union select shipment_no from sh union select invoice_no from inv
            union select credit_note_no from cn union select payment_no from pay union select work_order_no from wo
            union select receipt_no from gr union select source_no from ledger),
          je as (select id from erp.journal_entry where source_no in (select no from sources))
     select
       (select count(*) from c)::int as customer,
       (select count(*) from i)::int as item,
       (select count(*) from erp.price_list_entry where item_id in (select id from i))::int as price_list_entry,
       (select count(*) from erp.stock_level where item_id in (select id from i))::int as stock_level,
       (select count(*) from ledger)::int as stock_ledger_entry,
       (select count(*) from erp.reservation where item_id in (select id from i))::int as reservation,
       (select count(*) from so)::int as sales_order,
       (select count(*) from erp.sales_order_line where order_id in (select id from so))::int as sales_order_line,
       (select count(*) from sh)::int as shipment,
       (select count(*) from erp.shipment_line where shipment_id in (select id from sh))::int as shipment_line,
       (select count(*) from inv)::int as invoice,
       (select count(*) from erp.invoice_line where invoice_id in (select id from inv))::int as invoice_line,
       (select count(*) from cn)::int as credit_note,
       (select count(*) from pay)::int as payment,
       (select count(*) from erp.payment_allocation where payment_id in (select id from pay))::int as payment_allocation,
       (select count(*) from po)::int as purchase_order,
       (select count(*) from erp.purchase_order_line where purchase_order_id in (select id from po))::int as purchase_order_line,
       (select count(*) from gr)::int as goods_receipt,
       (select count(*) from erp.goods_receipt_line where receipt_id in (select id from gr))::int as goods_receipt_line,
       (select count(*) from wo)::int as work_order,
       (select count(*) from erp.work_order_part where work_order_id in (select id from wo))::int as work_order_part,
       (select count(*) from je)::int as journal_entry,
       (select count(*) from erp.journal_line where entry_id in (select id from je))::int as journal_line`,
    [customers, skus],
  );
  return row;
}

/** The journal lines of a document's entries, as `account: debit/credit` pairs. */
export async function postingsOf(
  sourceNo: string,
): Promise<{ entryNo: string; account: string; debit: number; credit: number }[]> {
  const rows = await sql<{
    entry_no: string;
    account_code: string;
    debit_minor: string;
    credit_minor: string;
  }>(
    `select e.entry_no, l.account_code, l.debit_minor, l.credit_minor
       from erp.journal_entry e join erp.journal_line l on l.entry_id = e.id
      where e.source_no = $1 order by e.entry_no, l.line_no`,
    [sourceNo],
  );
  return rows.map((r) => ({
    entryNo: r.entry_no,
    account: r.account_code,
    debit: Number(r.debit_minor),
    credit: Number(r.credit_minor),
  }));
}

export type { InvariantViolation };
