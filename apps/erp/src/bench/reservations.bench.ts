import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { MikroORM, RequestContext } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { z } from 'zod';
import { env, loadConfigOrExit } from '@throughline/common';
import { migrateSchema } from '@throughline/database';
import {
  CustomerService,
  erpSchemaContext,
  InvariantCheckerService,
  ItemService,
  ReservationService,
  StockService,
  WarehouseService,
} from '@throughline/erp';
import { ErpToolsModule, erpToolsConfigSchema } from '../erp-tools.module';

/**
 * `npm run bench:erp-reservations`: reservations per second when N callers (8 by default)
 * reserve at the same moment from ONE stock level, through ReservationService.reserveForOrder
 * (what the reserveStock activity runs), on real PostgreSQL. Every call locks the order and the
 * item's stock levels (SELECT … FOR UPDATE), so the callers queue on the same row: this
 * measures the serialised hot path, not a happy parallel one.
 *
 * Writes bench/results/erp-reservations.json and .md. DATABASE_URL defaults to a
 * `throughline_bench_erp` database on the local server, created when missing.
 */
const benchConfigSchema = z.object({
  ...erpToolsConfigSchema.shape,
  DATABASE_URL: env
    .postgresUrl()
    .default('postgres://postgres@127.0.0.1:5432/throughline_bench_erp'),
  BENCH_CALLERS: env.positiveInt(8),
  BENCH_ORDERS: env.positiveInt(4000),
  BENCH_WARMUP_ORDERS: env.positiveInt(200),
});

const log = (message: string): void => {
  process.stdout.write(`[bench:erp-reservations] ${message}\n`);
};

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Confirmed one-line orders for the benchmark, inserted in bulk: creating thousands through
 * the order service would take longer than the measurement and is not what is measured.
 */
async function insertOrders(
  em: EntityManager,
  run: string,
  customerNo: string,
  sku: string,
  count: number,
): Promise<string[]> {
  await em.execute(
    `with o as (
       insert into erp.sales_order (id, order_no, order_key, customer_id, customer_no, currency, allow_partial_shipments,
              status, tax_rate_bp, net_minor, tax_minor, gross_minor, created_at, updated_at)
       select gen_random_uuid(), 'B' || ? || '-' || g, 'bench:' || ? || ':' || g, c.id, c.customer_no, c.currency, true,
              'confirmed', 0, 100, 0, 100, now(), now()
         from generate_series(1, ?) g, erp.customer c where c.customer_no = ?
       returning id)
     insert into erp.sales_order_line (id, order_id, line_no, item_id, sku, description, quantity, unit_price_minor,
            price_source, discount_bp, net_minor, tax_minor, quantity_shipped, quantity_invoiced)
     select gen_random_uuid(), o.id, 1, i.id, i.sku, i.name, 1, 100, 'list', 0, 100, 0, 0, 0
       from o, erp.item i where i.sku = ?`,
    [run, run, count, customerNo, sku],
  );
  return Array.from({ length: count }, (_, i) => `B${run}-${i + 1}`);
}

/** A one-row markdown table, padded the way prettier formats it (the file is linted). */
function markdownTable(header: string[], row: (string | number)[]): string[] {
  const cells = row.map(String);
  const widths = header.map((h, i) => Math.max(h.length, cells[i].length, 3));
  const line = (values: string[]): string =>
    `| ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), line(cells)];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const config = loadConfigOrExit(benchConfigSchema, 'bench:erp-reservations');
  await ensureDatabase(config.DATABASE_URL);
  await migrateSchema(erpSchemaContext, config);
  const app = await NestFactory.createApplicationContext(
    ErpToolsModule.forRoot({ ...config, DATABASE_POOL_MAX: config.BENCH_CALLERS + 2 }),
    { logger: ['error'], abortOnError: false },
  );
  const orm = app.get(MikroORM);
  const inContext = <T>(work: () => Promise<T>): Promise<T> => RequestContext.create(orm.em, work);
  try {
    const run = Date.now().toString(36).toUpperCase();
    const sku = `BENCH-${run}`;
    const warehouseCode = `BW-${run}`.slice(0, 20);
    const customerNo = `BENCH-${run}`.slice(0, 20);
    const total = config.BENCH_WARMUP_ORDERS + config.BENCH_ORDERS;
    await inContext(async () => {
      await app.get(WarehouseService).create({
        code: warehouseCode,
        name: 'Benchmark warehouse',
        location: {
          line1: 'Bench 1',
          city: 'Hamburg',
          postalCode: '20095',
          country: 'DE',
          latitude: 53.55,
          longitude: 9.99,
        },
      });
      await app.get(ItemService).create({
        sku,
        name: 'Benchmark item',
        unit: 'pcs',
        kind: 'stock',
        standardCostMinor: 100,
        listPriceMinor: 100,
        warrantyMonths: 0,
        serialized: false,
        leadTimeDays: 0,
      });
      await app.get(StockService).adjust({
        adjustmentKey: `bench:${run}`,
        sku,
        warehouseCode,
        quantity: total,
        reason: 'benchmark stock',
      });
      await app.get(CustomerService).upsertCustomer({
        customerNo,
        legalName: 'Benchmark customer',
        email: `${customerNo.toLowerCase()}@bench.example`,
      });
    });
    const orders = await inContext(() =>
      insertOrders(orm.em.fork() as EntityManager, run, customerNo, sku, total),
    );
    log(
      `${total} orders of 1 unit against one stock level of ${total} units (${config.BENCH_WARMUP_ORDERS} warm-up)`,
    );

    const reservations = app.get(ReservationService);
    const reserveAll = async (queue: string[]): Promise<number[]> => {
      const latencies: number[] = [];
      let next = 0;
      const caller = async (): Promise<void> => {
        while (next < queue.length) {
          const orderNo = queue[next++];
          const started = performance.now();
          const result = await inContext(() => reservations.reserveForOrder(orderNo));
          latencies.push(performance.now() - started);
          if (!result.fullyReserved) throw new Error(`${orderNo} was not reserved`);
        }
      };
      await Promise.all(Array.from({ length: config.BENCH_CALLERS }, caller));
      return latencies;
    };

    await reserveAll(orders.slice(0, config.BENCH_WARMUP_ORDERS));
    // The machine's load when the measurement starts: other work on it slows the callers down.
    const loadAverage = os.loadavg()[0];
    const started = performance.now();
    const latencies = await reserveAll(orders.slice(config.BENCH_WARMUP_ORDERS));
    const seconds = (performance.now() - started) / 1000;

    const [level] = await inContext(() =>
      (orm.em.fork() as EntityManager).execute<{ on_hand: number; reserved: number }[]>(
        `select s.on_hand, s.reserved from erp.stock_level s join erp.item i on i.id = s.item_id where i.sku = ?`,
        [sku],
      ),
    );
    if (level.reserved !== total) throw new Error(`reserved ${level.reserved}, expected ${total}`);
    const violations = await inContext(() => app.get(InvariantCheckerService).check());
    if (violations.length > 0) throw new Error(`invariants broken: ${JSON.stringify(violations)}`);

    latencies.sort((a, b) => a - b);
    const result = {
      benchmark: 'erp-reservations',
      description: 'reserveForOrder, 1 unit per order, all orders on one stock level',
      at: new Date().toISOString(),
      callers: config.BENCH_CALLERS,
      reservations: latencies.length,
      seconds: Number(seconds.toFixed(3)),
      reservationsPerSecond: Math.round(latencies.length / seconds),
      latencyMs: {
        p50: Number(percentile(latencies, 50).toFixed(2)),
        p95: Number(percentile(latencies, 95).toFixed(2)),
        p99: Number(percentile(latencies, 99).toFixed(2)),
        max: Number(latencies.at(-1)!.toFixed(2)),
      },
      check: { reserved: level.reserved, onHand: level.on_hand, invariants: 'hold' },
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        node: process.version,
        loadAverage1m: Number(loadAverage.toFixed(2)),
        loadAverage1mAfter: Number(os.loadavg()[0].toFixed(2)),
      },
      database: new URL(config.DATABASE_URL).host,
    };
    const dir = path.resolve('bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'erp-reservations.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(
      path.join(dir, 'erp-reservations.md'),
      [
        '# ERP reservations benchmark',
        '',
        `${result.description}; ${result.callers} concurrent callers; PostgreSQL at ${result.database};`,
        `${result.machine.cpus} CPUs (${result.machine.cpu}), Node ${result.machine.node}; ${result.at};`,
        `1-minute load average ${result.machine.loadAverage1m} before and ${result.machine.loadAverage1mAfter} after the measurement.`,
        '',
        ...markdownTable(
          [
            'callers',
            'reservations',
            'seconds',
            'reservations/s',
            'p50 ms',
            'p95 ms',
            'p99 ms',
            'max ms',
          ],
          [
            result.callers,
            result.reservations,
            result.seconds,
            result.reservationsPerSecond,
            result.latencyMs.p50,
            result.latencyMs.p95,
            result.latencyMs.p99,
            result.latencyMs.max,
          ],
        ),
        '',
        `After the run: ${level.reserved} reserved of ${level.on_hand} on hand; every invariant holds.`,
        '',
      ].join('\n'),
    );
    log(
      `${result.reservationsPerSecond} reservations/s with ${result.callers} callers ` +
        `(${result.reservations} in ${result.seconds} s; p50 ${result.latencyMs.p50} ms, p95 ${result.latencyMs.p95} ms, p99 ${result.latencyMs.p99} ms)`,
    );
    log(`results in ${path.relative(process.cwd(), dir)}/erp-reservations.{json,md}`);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench:erp-reservations] failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
