import { eventually, spawnApp, startApp, type ChildApp } from '../support/apps';
import { closeSql, sql } from '../support/db';
import {
  activityAttempts,
  closeTemporalClient,
  temporalClient,
  terminateRunningProcesses,
} from '../support/temporal';
import { ErpHarness } from '../erp/erp-fixtures';
import { freePort } from '../support/infrastructure';
import { documentCounts, LeadToCashHarness, oneOfEach } from './lead-to-cash.harness';

type Kind = 'crm' | 'erp' | 'orchestrator';

/**
 * Each worker kind killed (SIGKILL) in the middle of a lead to cash and started again: the
 * process completes, and no document exists twice. CRM and ERP workers are killed at the worst
 * moment, after an activity committed its write and before Temporal heard of it; the
 * orchestrator is killed while activities of the process are still running.
 */
describe('lead to cash survives a killed worker', () => {
  const children: ChildApp[] = [];
  let h: LeadToCashHarness | undefined;

  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        child.process.kill('SIGTERM');
        await child.exited;
      }
    }
    if (h) expect(await h.violations()).toEqual({ erp: [], crm: [], cross: [] });
    await h?.close();
    h = undefined;
  });

  afterAll(async () => {
    await terminateRunningProcesses('lead-to-cash crash suite finished');
    await closeSql();
    await closeTemporalClient();
  });

  const spawn = async (kind: Kind, fault: Record<string, string> = {}): Promise<ChildApp> => {
    const child = spawnApp(kind, {
      CRM_PORT: '0',
      ERP_PORT: '0',
      ORCHESTRATOR_PORT: '0',
      LOG_LEVEL: 'info',
      ...fault,
    });
    children.push(child);
    await eventually(
      `the ${kind} worker to start`,
      async () => child.output().includes('worker started') || undefined,
      90_000,
    );
    return child;
  };

  const kill = async (child: ChildApp): Promise<void> => {
    child.process.kill('SIGKILL');
    await child.exited;
  };

  /** Runs one lead to cash while `kind` is killed once `killWhen` holds, then restarted. */
  const survive = async (
    kind: Kind,
    killWhen: (email: string) => Promise<boolean>,
    fault: Record<string, string> = {},
  ): Promise<string> => {
    // Stock comes first, from an ERP in this process when the stack's ERP is the one to kill.
    let sku: string;
    if (kind === 'erp') {
      const erp = ErpHarness.of(await startApp('erp'));
      const warehouse = await erp.warehouse({
        line1: 'Hafenstraße 1',
        city: 'Hamburg',
        postalCode: '20457',
        country: 'DE',
        latitude: 53.55,
        longitude: 9.99,
      });
      sku = await erp.item({ listPriceMinor: 10_000 });
      await erp.stock(sku, warehouse, 10);
      await erp.close();
    }
    const inProcess = (['crm', 'erp', 'orchestrator'] as Kind[]).filter((k) => k !== kind);
    // A spawned ERP keeps its port across the restart: the API checks items against it.
    const erpPort = String(await freePort());
    h = await LeadToCashHarness.start(inProcess, {
      PROCESS_ACTIVITY_TIMEOUT_MS: '3000',
      ...(kind === 'erp' ? { ERP_URL: `http://127.0.0.1:${erpPort}` } : {}),
    });
    if (kind !== 'erp') sku = (await h.stockedItem(10)).sku;

    const doomed = await spawn(kind, { ERP_PORT: erpPort, ...fault });
    const input = h.request([{ sku: sku!, quantity: 2 }]);
    const { id } = await h.start(input, 'timers');
    await h.accept(id);
    await eventually(
      `the moment to kill the ${kind} worker`,
      () => killWhen(input.lead.email),
      60_000,
    );
    await kill(doomed);
    await spawn(kind, { ERP_PORT: erpPort });

    await h.payAll(id);
    const done = await h.closed(id, 120_000);
    expect(done).toMatchObject({ status: 'completed', stage: 'completed' });
    expect(await documentCounts(done.customerNo!, input.lead.email)).toEqual(oneOfEach);
    const confirmations = await sql(
      `select t.id from crm.timeline_entry t join crm.account a on a.id = t.account_id
        where a.customer_no = $1 and t.kind = 'order-confirmed'`,
      [done.customerNo],
    );
    expect(confirmations).toHaveLength(1);
    return id;
  };

  /** The attempts of an activity type; the killed worker's attempt timed out and was retried. */
  const retried = async (id: string, activity: string): Promise<number> =>
    Math.max(...((await activityAttempts(id))[activity] ?? [0]));

  /** The sales order of the lead's customer is in ERP. */
  const orderWritten = async (email: string): Promise<boolean> =>
    (
      await sql(
        `select o.id from erp.sales_order o join erp.customer c on c.id = o.customer_id
          where c.email = $1`,
        [email],
      )
    ).length === 1;

  const hang = (activity: string) => ({
    FAULT_ACTIVITY_DELAY_MS: '600000',
    FAULT_ACTIVITY_NAMES: activity,
  });

  it('an ERP worker killed after it wrote the sales order', async () => {
    const id = await survive('erp', orderWritten, hang('createSalesOrder'));
    expect(await retried(id, 'createSalesOrder')).toBeGreaterThanOrEqual(2);
  });

  it('a CRM worker killed after it marked the opportunity won', async () => {
    const id = await survive(
      'crm',
      async (email) =>
        (
          await sql(
            `select o.id from crm.opportunity o join crm.account a on a.id = o.account_id
              where a.email = $1 and o.stage = 'won'`,
            [email],
          )
        ).length === 1,
      hang('markOpportunityWon'),
    );
    expect(await retried(id, 'markOpportunityWon')).toBeGreaterThanOrEqual(2);
  });

  it('the orchestrator killed while the order is being placed', async () => {
    const id = await survive('orchestrator', orderWritten);
    // Workflow tasks were completed by the killed orchestrator and by its successor.
    const client = await temporalClient();
    const history = await client.workflow.getHandle(id).fetchHistory();
    const identities = new Set(
      (history.events ?? [])
        .map((event) => event.workflowTaskCompletedEventAttributes?.identity)
        .filter(Boolean),
    );
    expect(identities.size).toBeGreaterThanOrEqual(2);
  });
});
