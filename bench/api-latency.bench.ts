import { cpus } from 'node:os';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { Client, Connection } from '@temporalio/client';
import { inFlightOf } from '@throughline/common';
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
 * request) and reading one (GET /processes/{id}), 50 connections each, against the whole stack
 * in one process on this machine (Temporal dev server and PostgreSQL included).
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
    const id = encodeURIComponent('customer-onboarding:bench-read@example.com');
    await fetch(new URL('/processes/customer-onboarding', stack.api.url), {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Bench Reader', email: 'bench-read@example.com' }),
    });
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
    const row = (endpoint: string, result: autocannon.Result) => ({
      endpoint,
      connections: CONNECTIONS,
      'duration s': DURATION_S,
      requests: result.requests.total,
      'req/s (mean)': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
    });
    return {
      name: 'api-latency',
      description:
        'POST /processes/{type} and GET /processes/{id}, 50 concurrent connections (autocannon)',
      rows: [row('POST /processes/customer-onboarding', start), row('GET /processes/{id}', read)],
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
