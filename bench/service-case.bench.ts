import { cpus } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { CrmActivities } from '@throughline/activities/crm';
import { ErpActivities } from '@throughline/activities/erp';
import type { ServiceCaseResult } from '@throughline/contracts';
import { DealerService, demoDealers } from '@throughline/crm';
import { convertedCustomer } from '../test/crm/crm-fixtures';
import { ErpHarness, places } from '../test/erp/erp-fixtures';
import { activitiesOf } from '../test/support/activities';
import type { RunningApp } from '../test/support/apps';
import {
  asDealer,
  type DemoDealer,
  type DemoRole,
  demoDealerKeys,
  http,
} from '../test/support/http';
import { testDataConverter } from '../test/support/temporal';
import type { BenchResult, Topology } from './bench-stack';
import { median, percentile, pool, startBenchTopology } from './bench-stack';

const IN_FLIGHT = Number(process.env.BENCH_SVC_IN_FLIGHT ?? 20);
const TOTAL = Number(process.env.BENCH_SVC_TOTAL ?? 40);
const WARM_UP = 5;
const POLL_MS = Number(process.env.BENCH_SVC_POLL_MS ?? 250);
const PART = 'BENCH-PART';

/** The part of GET /processes/{id} the driver reads. */
interface View {
  id: string;
  status: string;
  stage: string;
  acceptedEvents: string[];
  details?: { dealerCode?: string };
}

/**
 * The waits, shortened: the driver answers every event as soon as the process accepts it, so
 * these only bound a case the driver is late for (a late survey closes the case unanswered,
 * counted in the results; a silent dealer passes the case on to the next).
 */
const policy = {
  SVC_DEALER_ANSWER_MS: '60000',
  SVC_SURVEY_MS: '5000',
};

/** The two demo dealers with keys, as the CRM seed has them, with room for every case. */
const dealers = demoDealers
  .filter((dealer) => dealer.code in demoDealerKeys)
  .map((dealer) => ({ ...dealer, openCapacity: 10_000 }));

/**
 * Customers, each with a bike in warranty, half of them near each dealer; the part in stock.
 * Returns the bikes' serial numbers, one per case.
 */
async function prepare(
  { crm, erp }: { crm: RunningApp; erp: RunningApp },
  count: number,
): Promise<string[]> {
  const erpFixtures = ErpHarness.of(erp);
  const warehouse = await erpFixtures.warehouse(places.hamburg, 'BENCH-HAM');
  await erpFixtures.item({ sku: PART, listPriceMinor: 4_000 });
  await erpFixtures.stock(PART, warehouse, 1_000_000);
  const dealerService = activitiesOf(crm.app, DealerService);
  for (const dealer of dealers) await dealerService.create(dealer);
  const crmActivities = activitiesOf(crm.app, CrmActivities);
  const erpActivities = activitiesOf(erp.app, ErpActivities);
  const deliveredOn = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const serials: string[] = [];
  for (let i = 0; i < count; i++) {
    const near = dealers[i % dealers.length];
    const converted = await convertedCustomer(crmActivities, {
      city: near.city,
      latitude: near.latitude + 0.01,
      longitude: near.longitude + 0.01,
    });
    const customerNo = converted.account.customerNo;
    await erpActivities.upsertCustomer({
      customerNo,
      legalName: converted.account.name,
      email: converted.contact.email ?? `${customerNo.toLowerCase()}@example.com`,
    });
    const serialNo = `BENCH-SN-${i}-${randomUUID().slice(0, 6)}`;
    await crmActivities.registerAssets({
      customerNo,
      items: [
        {
          serialNo,
          sku: 'BENCH-BIKE',
          itemName: 'Bench e-bike',
          deliveredOn,
          warrantyMonths: 24,
        },
      ],
    });
    serials.push(serialNo);
  }
  return serials;
}

/**
 * Happy-path service case, end to end through the public API: the agent finds the caller by the
 * bike's serial (customer 360) and starts a repair in warranty with one part; the offered dealer
 * accepts and reports the work with its own key; the agent posts the survey; the case closes
 * (the work order completed, warranty posted). `IN_FLIGHT` cases run at once until `TOTAL` have
 * closed; reports closed cases per second and the p50/p99 time from the call (the 360 lookup)
 * to the closed case, once with the four apps in one Node process and once with one process per
 * app. Polling the API for the moments to send events adds up to `POLL_MS` per wait.
 */
export async function serviceCaseBench(): Promise<BenchResult> {
  const topologies = (process.env.BENCH_SVC_TOPOLOGY?.split(',') ?? [
    'one-process',
    'process-per-app',
  ]) as Topology[];
  const rows: BenchResult['rows'] = [];
  for (const topology of topologies) {
    rows.push(await measure(topology));
  }
  return {
    name: 'service-case',
    description: `Happy-path service case through the API (customer 360 by serial, start, the dealer accepts and reports the warranty repair with its own key, survey answered; SVC_SURVEY_MS ${policy.SVC_SURVEY_MS}), ${IN_FLIGHT} in flight, ${TOTAL} cases after ${WARM_UP} warm-up, polling every ${POLL_MS} ms`,
    rows,
    machine: { cpus: cpus().length, node: process.version },
    at: new Date().toISOString(),
  };
}

async function measure(topology: Topology): Promise<Record<string, string | number>> {
  process.stderr.write(`[bench] service-case (${topology}): starting\n`);
  let serials: string[] = [];
  const running = await startBenchTopology(topology, policy, async (apps) => {
    serials = await prepare(apps, WARM_UP + TOTAL);
  });
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
    const asTheDealer = (code: string | undefined, url: string, json: unknown) => {
      if (!code || !(code in demoDealerKeys))
        throw new Error(`offered to ${code}, not a bench dealer`);
      return http(running.apiUrl, 'POST', url, { headers: asDealer(code as DemoDealer), json });
    };
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
    const ensureStatus = (what: string, status: number, wanted: number) => {
      if (status !== wanted) throw new Error(`${what}: ${status}, expected ${wanted}`);
    };

    let nextSerial = 0;
    let surveysAnswered = 0;
    /** One service case; returns milliseconds from the call to the closed case. */
    const runOne = async (): Promise<number> => {
      const serialNo = serials[nextSerial++];
      const began = Date.now();
      const found = await http<{ customerNo: string }>(
        running.apiUrl,
        'GET',
        `/customers?serial=${encodeURIComponent(serialNo)}`,
        { as: 'service-agent' },
      );
      ensureStatus('customer 360', found.status, 200);
      const started = await call('service-agent', 'POST', '/processes/service-case', {
        intakeKey: `bench-${randomUUID().slice(0, 8)}`,
        customerNo: found.body.customerNo,
        serialNo,
        kind: 'repair',
        symptom: 'Motor cuts out above 15 km/h',
        parts: [{ sku: PART, quantity: 1 }],
      });
      ensureStatus('start', started.status, 201);
      const { id } = started.body;
      const path = `/processes/${encodeURIComponent(id)}`;
      const dealer = await until(id, (v) =>
        v.acceptedEvents.includes('dealer-accepted') ? v.details?.dealerCode : undefined,
      );
      ensureStatus(
        'dealer-accepted',
        (await asTheDealer(dealer, `${path}/events/dealer-accepted`, {})).status,
        202,
      );
      await until(id, (v) => (v.acceptedEvents.includes('work-completed') ? true : undefined));
      ensureStatus(
        'work-completed',
        (await asTheDealer(dealer, `${path}/events/work-completed`, { labourMinutes: 30 })).status,
        202,
      );
      const answerable = await until(id, (v) =>
        v.acceptedEvents.includes('survey-answered') || v.status !== 'running' ? v : undefined,
      );
      if (answerable.status === 'running') {
        const survey = await call('service-agent', 'POST', `${path}/events/survey-answered`, {
          score: 5,
        });
        // 409: the survey timed out just before the answer; the case closes unanswered.
        if (survey.status === 202) surveysAnswered += 1;
        else ensureStatus('survey-answered', survey.status, 409);
      }
      const result = (await client.workflow.getHandle(id).result()) as ServiceCaseResult;
      if (result.outcome !== 'completed') throw new Error(`${id} ended ${result.outcome}`);
      return Date.now() - began;
    };

    await pool(WARM_UP, IN_FLIGHT, runOne);
    surveysAnswered = 0;
    const { durations, wallMs } = await pool(TOTAL, IN_FLIGHT, runOne);
    const violated = await running.invariants();
    const perSecond = Math.round((TOTAL / (wallMs / 1000)) * 100) / 100;
    process.stderr.write(
      `[bench] service-case (${topology}): ${perSecond}/s, p50 ${median(durations)} ms, p99 ${percentile(durations, 99)} ms\n`,
    );
    return {
      apps: topology,
      'in flight': IN_FLIGHT,
      cases: TOTAL,
      'closed/s': perSecond,
      'call→closed p50 ms': median(durations),
      'call→closed p99 ms': percentile(durations, 99),
      'wall s': Math.round(wallMs / 100) / 10,
      'surveys answered': `${surveysAnswered}/${TOTAL}`,
      invariants: violated === 0 ? 'hold' : `${violated} checker(s) failed`,
    };
  } finally {
    await connection.close();
    await running.stop();
  }
}
