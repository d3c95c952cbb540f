import { randomUUID } from 'node:crypto';
import { eventually, spawnApp, startStack, type ChildApp, type TestStack } from '../support/apps';
import { closeSql, sql } from '../support/db';
import { caller } from '../support/http';
import { closeTemporalClient, temporalClient } from '../support/temporal';

interface ProcessBody {
  id: string;
  status: string;
  stage: string;
  result?: { customerNo: string; erpCustomerId: string };
}

const workerStarted = (app: ChildApp): Promise<true> =>
  eventually(
    'the ERP worker to start',
    async () => app.output().includes('worker started') || undefined,
    60_000,
  );

describe('an ERP worker killed while the process waits for it', () => {
  let stack: TestStack;
  const api = caller(() => stack.api.url, 'sales');
  const children: ChildApp[] = [];

  beforeAll(async () => {
    // Short attempts, so the attempt of the killed worker times out quickly and is retried.
    stack = await startStack(['crm', 'orchestrator'], { PROCESS_ACTIVITY_TIMEOUT_MS: '3000' });
  });

  afterAll(async () => {
    for (const child of children)
      if (child.process.exitCode === null) child.process.kill('SIGKILL');
    await stack?.close();
    await closeSql();
    await closeTemporalClient();
  });

  it('completes after a restart with exactly one customer row', async () => {
    // The first ERP worker writes the customer, then dies before it can report the result:
    // the worst moment, committed work that Temporal does not know about.
    const doomed = spawnApp('erp', {
      ERP_PORT: '0',
      LOG_LEVEL: 'info',
      FAULT_ACTIVITY_DELAY_MS: '600000',
    });
    children.push(doomed);
    await workerStarted(doomed);

    const email = `crash-${randomUUID().slice(0, 8)}@example.com`;
    const started = await api<ProcessBody>('POST', '/processes/customer-onboarding', {
      json: { name: 'Crash Test Dummies AG', email },
    });
    expect(started.status).toBe(201);

    await eventually('the ERP customer row', async () => {
      const rows = await sql(`select id from erp.customer where email = $1`, [email]);
      return rows.length === 1;
    });
    doomed.process.kill('SIGKILL');
    await doomed.exited;

    const waiting = await api<ProcessBody>(
      'GET',
      `/processes/${encodeURIComponent(started.body.id)}`,
    );
    expect(waiting.body).toMatchObject({ status: 'running', stage: 'creating-erp-customer' });

    const replacement = spawnApp('erp', { ERP_PORT: '0', LOG_LEVEL: 'info' });
    children.push(replacement);
    await workerStarted(replacement);

    const done = await eventually(
      'the process to complete',
      async () => {
        const { body } = await api<ProcessBody>(
          'GET',
          `/processes/${encodeURIComponent(started.body.id)}`,
        );
        return body.status === 'completed' ? body : undefined;
      },
      60_000,
    );

    const customers = await sql<{ id: string; customer_no: string }>(
      `select id, customer_no from erp.customer where email = $1`,
      [email],
    );
    expect(customers).toHaveLength(1);
    expect(done.result).toMatchObject({
      customerNo: customers[0].customer_no,
      erpCustomerId: customers[0].id,
    });
    const accounts = await sql(`select erp_customer_id from crm.account where email = $1`, [email]);
    expect(accounts).toEqual([{ erp_customer_id: customers[0].id }]);

    // The history proves the ERP step really ran again after the kill: history keeps the started
    // event of the last attempt only, and that one is a retry that ran on the replacement. How
    // many attempts it took is up to the machine (a slow one may time out another), so no count.
    const client = await temporalClient();
    const history = await client.workflow.getHandle(started.body.id).fetchHistory();
    const scheduled = new Set(
      (history.events ?? [])
        .filter(
          (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'upsertCustomer',
        )
        .map((e) => String(e.eventId)),
    );
    const upsertStarts = (history.events ?? [])
      .map((e) => e.activityTaskStartedEventAttributes)
      .filter((a) => a && scheduled.has(String(a.scheduledEventId)));
    expect(upsertStarts).toHaveLength(1);
    expect(upsertStarts[0]?.attempt).toBeGreaterThanOrEqual(2);
    expect(upsertStarts[0]?.identity).toMatch(new RegExp(`^${replacement.process.pid}@`));

    replacement.process.kill('SIGTERM');
    expect(await replacement.exited).toBe(0);
  });
});
