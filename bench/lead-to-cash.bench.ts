import { cpus } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { ErpHarness, places } from '../test/erp/erp-fixtures';
import { invariantViolations } from '../test/crm/crm-fixtures';
import { demoKeys } from '../test/support/http';
import type { BenchResult } from './bench-stack';
import { median, startBenchStack } from './bench-stack';

const IN_FLIGHT = Number(process.env.BENCH_LTC_IN_FLIGHT ?? 20);
const TOTAL = Number(process.env.BENCH_LTC_TOTAL ?? 100);
const WARM_UP = 5;
const POLL_MS = 250;

/** The part of GET /processes/{id} the driver reads. */
interface View {
  id: string;
  status: string;
  stage: string;
  acceptedEvents: string[];
  details?: { invoices: { balanceMinor: number }[] };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Happy-path lead to cash, end to end through the public API: start, the customer accepts the
 * quote, the delivery timer delivers (200 ms), the bank pays the invoice. `IN_FLIGHT` processes
 * run at once until `TOTAL` have completed; reports completed processes per second and the
 * p50/p99 time from the start request to the paid (completed) process. Polling the API for the
 * moments to send events adds up to 250 ms per wait, the same for every process.
 */
export async function leadToCashBench(): Promise<BenchResult> {
  const { stack, stop, temporalAddress } = await startBenchStack({
    LTC_DELIVERY_TIMEOUT_MS: '200',
    // Payment terms far beyond the run: no reminders.
    LTC_DAY_MS: '600000',
  });
  const connection = await Connection.connect({ address: temporalAddress });
  try {
    const client = new Client({ connection, namespace: 'bench' });
    const erp = ErpHarness.of(stack.erp!);
    const warehouse = await erp.warehouse(places.hamburg, 'BENCH-HAM');
    const sku = await erp.item({ sku: 'BENCH-ITEM', listPriceMinor: 10_000 });
    await erp.stock(sku, warehouse, 1_000_000);

    const call = async (
      role: keyof typeof demoKeys,
      method: string,
      url: string,
      body?: unknown,
    ): Promise<{ status: number; body: View }> => {
      const response = await fetch(new URL(url, stack.api.url), {
        method,
        headers: {
          authorization: `Bearer ${demoKeys[role]}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as View };
    };
    const until = async <T>(id: string, probe: (view: View) => T | undefined): Promise<T> => {
      for (;;) {
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

    const pool = async (count: number): Promise<{ durations: number[]; wallMs: number }> => {
      const durations: number[] = [];
      let next = 0;
      const began = Date.now();
      await Promise.all(
        Array.from({ length: Math.min(IN_FLIGHT, count) }, async () => {
          while (next < count) {
            next += 1;
            durations.push(await runOne());
          }
        }),
      );
      return { durations, wallMs: Date.now() - began };
    };

    process.stderr.write(`[bench] lead-to-cash: ${WARM_UP} warm-up processes\n`);
    await pool(WARM_UP);
    process.stderr.write(`[bench] lead-to-cash: ${TOTAL} processes, ${IN_FLIGHT} in flight\n`);
    const { durations, wallMs } = await pool(TOTAL);
    const erpViolations = await erp.invariants();
    const crmViolations = await invariantViolations(stack.crm!.app);
    const perSecond = Math.round((TOTAL / (wallMs / 1000)) * 100) / 100;
    process.stderr.write(
      `[bench] lead-to-cash: ${perSecond}/s, p50 ${median(durations)} ms, p99 ${percentile(durations, 99)} ms\n`,
    );
    return {
      name: 'lead-to-cash',
      description: `Happy-path lead to cash through the API (start, quote accepted, delivery timer 200 ms, payment), ${IN_FLIGHT} in flight, ${TOTAL} processes, whole stack in one process`,
      rows: [
        {
          'in flight': IN_FLIGHT,
          processes: TOTAL,
          'completed/s': perSecond,
          'start→paid p50 ms': median(durations),
          'start→paid p99 ms': percentile(durations, 99),
          'wall s': Math.round(wallMs / 100) / 10,
          invariants:
            erpViolations.length + crmViolations.length === 0
              ? 'hold'
              : `${erpViolations.length + crmViolations.length} violated`,
        },
      ],
      machine: { cpus: cpus().length, node: process.version },
      at: new Date().toISOString(),
    };
  } finally {
    await connection.close();
    await stop();
  }
}
