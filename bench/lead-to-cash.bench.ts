import { cpus } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { ErpHarness, places } from '../test/erp/erp-fixtures';
import { type DemoRole, http } from '../test/support/http';
import { testDataConverter } from '../test/support/temporal';
import type { BenchResult, Topology } from './bench-stack';
import { median, percentile, pool, startBenchTopology } from './bench-stack';

const IN_FLIGHT = Number(process.env.BENCH_LTC_IN_FLIGHT ?? 20);
const TOTAL = Number(process.env.BENCH_LTC_TOTAL ?? 100);
const WARM_UP = 5;
const POLL_MS = Number(process.env.BENCH_LTC_POLL_MS ?? 250);

/** The part of GET /processes/{id} the driver reads. */
interface View {
  id: string;
  status: string;
  stage: string;
  acceptedEvents: string[];
  details?: { invoices: { balanceMinor: number }[] };
}

const policy = {
  LTC_DELIVERY_TIMEOUT_MS: '200',
  // Payment terms far beyond the run: no reminders.
  LTC_DAY_MS: '600000',
};

/** The item in stock, in a warehouse of its own. */
async function stock(erp: ErpHarness, sku: string): Promise<void> {
  const warehouse = await erp.warehouse(places.hamburg, 'BENCH-HAM');
  await erp.item({ sku, listPriceMinor: 10_000 });
  await erp.stock(sku, warehouse, 1_000_000);
}

/**
 * Happy-path lead to cash, end to end through the public API: start, the customer accepts the
 * quote, the delivery timer delivers (200 ms), the bank pays the invoice. `IN_FLIGHT` processes
 * run at once until `TOTAL` have completed; reports completed processes per second and the
 * p50/p99 time from the start request to the paid (completed) process, once with the four apps
 * in one Node process and once with one process per app. Polling the API for the moments to
 * send events adds up to `POLL_MS` per wait, the same for every process.
 */
export async function leadToCashBench(): Promise<BenchResult> {
  const topologies = (process.env.BENCH_LTC_TOPOLOGY?.split(',') ?? [
    'one-process',
    'process-per-app',
  ]) as Topology[];
  const rows: BenchResult['rows'] = [];
  for (const topology of topologies) {
    rows.push(await measure(topology));
  }
  return {
    name: 'lead-to-cash',
    description: `Happy-path lead to cash through the API (start, quote accepted, delivery timer 200 ms, payment), ${IN_FLIGHT} in flight, ${TOTAL} processes after ${WARM_UP} warm-up, polling every ${POLL_MS} ms`,
    rows,
    machine: { cpus: cpus().length, node: process.version },
    at: new Date().toISOString(),
  };
}

async function measure(topology: Topology): Promise<Record<string, string | number>> {
  const sku = 'BENCH-ITEM';
  process.stderr.write(`[bench] lead-to-cash (${topology}): starting\n`);
  const running = await startBenchTopology(topology, policy, ({ erp }) =>
    stock(ErpHarness.of(erp), sku),
  );
  const connection = await Connection.connect({ address: running.temporalAddress });
  try {
    // The apps' payload keys (the bench infrastructure sets them): results are encrypted.
    const client = new Client({
      connection,
      namespace: 'bench',
      dataConverter: testDataConverter(),
    });
    const call = (role: DemoRole, method: string, url: string, json?: unknown) =>
      http<View>(running.apiUrl, method, url, {
        as: role,
        ...(json === undefined ? {} : { json }),
      });
    const until = async <T>(id: string, probe: (view: View) => T | undefined): Promise<T> => {
      const deadline = Date.now() + 300_000;
      for (;;) {
        if (Date.now() > deadline) throw new Error(`${id} made no progress in 300 s`);
        const view = (await call('ops', 'GET', `/processes/${encodeURIComponent(id)}`)).body;
        const value = probe(view);
        if (value !== undefined) return value;
        if (view.status !== 'running') throw new Error(`${id} closed at ${view.stage}`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    };

    /** One lead to cash; returns milliseconds from the start request to completion. */
    const runOne = async (): Promise<number> => {
      const tag = randomUUID().slice(0, 8);
      const began = Date.now();
      const started = await call('sales', 'POST', '/processes/lead-to-cash', {
        lead: {
          source: 'partner',
          company: `Bench ${tag} GmbH`,
          contactName: 'Bench Buyer',
          email: `bench-${tag}@example.com`,
          phone: '+49 30 1234567',
          estimatedValueMinor: 2_000_000,
        },
        address: places.potsdam,
        lines: [{ sku, quantity: 2 }],
      });
      if (started.status !== 201) throw new Error(`start: ${started.status}`);
      const { id } = started.body;
      const path = `/processes/${encodeURIComponent(id)}`;
      await until(id, (v) => (v.acceptedEvents.includes('quote-accepted') ? true : undefined));
      await call('sales', 'POST', `${path}/events/quote-accepted`, {});
      const invoice = await until(id, (v) =>
        v.acceptedEvents.includes('payment-received') ? v.details?.invoices[0] : undefined,
      );
      await call('finance', 'POST', `${path}/events/payment-received`, {
        externalRef: `bench-${tag}`,
        amountMinor: invoice.balanceMinor,
      });
      await client.workflow.getHandle(id).result();
      return Date.now() - began;
    };

    await pool(WARM_UP, IN_FLIGHT, runOne);
    const { durations, wallMs } = await pool(TOTAL, IN_FLIGHT, runOne);
    const violated = await running.invariants();
    const perSecond = Math.round((TOTAL / (wallMs / 1000)) * 100) / 100;
    process.stderr.write(
      `[bench] lead-to-cash (${topology}): ${perSecond}/s, p50 ${median(durations)} ms, p99 ${percentile(durations, 99)} ms\n`,
    );
    return {
      apps: topology,
      'in flight': IN_FLIGHT,
      processes: TOTAL,
      'completed/s': perSecond,
      'start→paid p50 ms': median(durations),
      'start→paid p99 ms': percentile(durations, 99),
      'wall s': Math.round(wallMs / 100) / 10,
      invariants: violated === 0 ? 'hold' : `${violated} checker(s) failed`,
    };
  } finally {
    await connection.close();
    await running.stop();
  }
}
