import { cpus } from 'node:os';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Client, Connection } from '@temporalio/client';
import { inFlightOf } from '@throughline/common';
import { CrmActivities } from '@throughline/activities/crm';
import { customerWithHistory } from '../test/api/customer-360.fixtures';
import { ErpHarness } from '../test/erp/erp-fixtures';
import { activitiesOf } from '../test/support/activities';
import { demoKeys } from '../test/support/http';
import { testDataConverter } from '../test/support/temporal';
import type { BenchResult } from './bench-stack';
import { startBenchStack } from './bench-stack';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);

function runCannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * p50/p99 latency of starting a process (POST /processes/customer-onboarding, a new email each
 * request), reading one (GET /processes/{id}) and the customer 360 of a customer with assets, a
 * case, an overdue invoice and an open order (GET /customers/{customerNo}, and the lookup by
 * phone), 50 connections each, against the whole stack in one process on this machine (Temporal
 * dev server and PostgreSQL included).
 */
export async function apiLatencyBench(): Promise<BenchResult> {
  const { stack, stop, temporalAddress } = await startBenchStack();
  try {
    const headers = {
      authorization: `Bearer ${demoKeys.sales}`,
      'content-type': 'application/json',
    };
    const start = await runCannon({
      url: stack.api.url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      requests: [
        {
          method: 'POST',
          path: '/processes/customer-onboarding',
          headers,
          setupRequest: (request) => ({
            ...request,
            body: JSON.stringify({
              name: 'Bench Customer',
              email: `bench-${randomUUID()}@example.com`,
            }),
          }),
        },
      ],
    });
    // The process id holds the e-mail's keyed hash, not the e-mail: read it from the answer.
    const reader = await fetch(new URL('/processes/customer-onboarding', stack.api.url), {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Bench Reader', email: 'bench-read@example.com' }),
    });
    const id = encodeURIComponent(((await reader.json()) as { id: string }).id);
    process.stderr.write(
      `[bench] POST done: p50 ${start.latency.p50} ms, p99 ${start.latency.p99} ms\n`,
    );
    // Reads are measured once the started processes have finished, not against their backlog.
    await inFlightOf(stack.api.app)?.drained(120_000);
    const client = new Client({
      connection: await Connection.connect({ address: temporalAddress }),
      namespace: 'bench',
      dataConverter: testDataConverter(),
    });
    const deadline = Date.now() + 300_000;
    while (
      Date.now() < deadline &&
      (await client.workflow.count("ExecutionStatus = 'Running'")).count > 0
    ) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    await client.connection.close();
    process.stderr.write(`[bench] the started processes have completed\n`);
    const read = await runCannon({
      url: `${stack.api.url}/processes/${id}`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      headers,
    });
    // The customer 360: a customer both systems know, with history (made through the activities).
    const customer = await customerWithHistory(
      activitiesOf(stack.crm!.app, CrmActivities),
      ErpHarness.of(stack.erp!),
    );
    const agent = { authorization: `Bearer ${demoKeys['service-agent']}` };
    // A 200 may lack a part (a system that did not answer within CUSTOMER_360_TIMEOUT_MS): counted.
    const partial = { view: 0, lookup: 0 };
    const view360Of = (path: string, kind: keyof typeof partial) =>
      runCannon({
        url: stack.api.url,
        connections: CONNECTIONS,
        duration: DURATION_S,
        requests: [
          {
            method: 'GET',
            path,
            headers: agent,
            onResponse: (status, body) => {
              if (status === 200 && !body.includes('"missing":[]')) partial[kind] += 1;
            },
          },
        ],
      });
    const view360 = await view360Of(`/customers/${customer.customerNo}`, 'view');
    process.stderr.write(
      `[bench] 360 done: p50 ${view360.latency.p50} ms, p99 ${view360.latency.p99} ms\n`,
    );
    const lookup360 = await view360Of(
      `/customers?phone=${encodeURIComponent(customer.phone)}`,
      'lookup',
    );
    const row = (endpoint: string, result: autocannon.Result, partialAnswers = 0) => ({
      endpoint,
      connections: CONNECTIONS,
      'duration s': DURATION_S,
      requests: result.requests.total,
      'req/s (mean)': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      non2xx: result.non2xx,
      '200 with a part missing': partialAnswers,
      errors: result.errors,
    });
    return {
      name: 'api-latency',
      description:
        'POST /processes/{type}, GET /processes/{id} and the customer 360 (GET /customers/{customerNo}, GET /customers?phone=), 50 concurrent connections (autocannon)',
      rows: [
        row('POST /processes/customer-onboarding', start),
        row('GET /processes/{id}', read),
        row('GET /customers/{customerNo} (360)', view360, partial.view),
        row('GET /customers?phone= (360 lookup)', lookup360, partial.lookup),
      ],
      machine: { cpus: cpus().length, node: process.version },
      at: new Date().toISOString(),
    };
  } finally {
    // Requests autocannon gave up on may still be retrying against a saturated Temporal; the
    // client connection must outlive them.
    await inFlightOf(stack.api.app)?.drained(120_000);
    await stop();
  }
}
