import { eventually, spawnApp, startApp, type ChildApp } from '../support/apps';
import { closeSql, sql } from '../support/db';
import { freePort } from '../support/infrastructure';
import { closeTemporalClient, terminateRunningProcesses } from '../support/temporal';
import { LeadToCashHarness } from './lead-to-cash.harness';
import { day, serviceCustomer } from './service-case.fixtures';

/**
 * A service case whose ERP worker is killed (SIGKILL) at the worst moment: after it completed the
 * work order and wrote the service invoice, before Temporal heard of it. The restarted worker
 * runs the step again; the case closes with exactly one invoice.
 */
describe('service case survives a killed worker', () => {
  const children: ChildApp[] = [];
  let h: LeadToCashHarness | undefined;

  afterAll(async () => {
    for (const child of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) {
        child.process.kill('SIGTERM');
        await child.exited;
      }
    }
    await terminateRunningProcesses('service case crash suite finished');
    await h?.close();
    await closeSql();
    await closeTemporalClient();
  });

  const spawn = async (overrides: Record<string, string>): Promise<ChildApp> => {
    const child = spawnApp('erp', { LOG_LEVEL: 'info', ...overrides });
    children.push(child);
    await eventually(
      'the erp worker to start',
      async () => child.output().includes('worker started') || undefined,
      90_000,
    );
    return child;
  };

  it('the ERP killed after it completed the work order and invoiced it', async () => {
    const erpPort = String(await freePort());
    h = await LeadToCashHarness.start(['crm', 'orchestrator'], {
      PROCESS_ACTIVITY_TIMEOUT_MS: '3000',
      ERP_URL: `http://127.0.0.1:${erpPort}`,
      SVC_SURVEY_MS: '1000',
    });
    // The fixture's ERP customer comes from an ERP in this process, before the one to kill.
    const fixtureErp = await startApp('erp');
    const { serialNo } = await serviceCustomer(
      { stack: { crm: h.stack.crm, erp: fixtureErp } },
      { spot: 24, deliveredOn: day(-1000), warrantyMonths: 12, dealers: 1 },
    );
    await fixtureErp.app.close();
    const doomed = await spawn({
      ERP_PORT: erpPort,
      // The work order completes and its invoice is written; then the worker hangs.
      FAULT_ACTIVITY_DELAY_MS: '600000',
      FAULT_ACTIVITY_NAMES: 'completeWorkOrder',
    });

    const started = await h.call<{ id: string }>(
      'service-agent',
      'POST',
      '/processes/service-case',
      {
        intakeKey: `crash-${Date.now()}`,
        serialNo,
        kind: 'repair',
        symptom: 'Chain snaps under load',
      },
    );
    expect(started.status).toBe(201);
    const { id } = started.body;
    await h.accepting(id, 'estimate-accepted');
    expect((await h.event(id, 'estimate-accepted', {}, 'service-agent')).status).toBe(202);
    await h.accepting(id, 'dealer-accepted');
    expect((await h.event(id, 'dealer-accepted', {})).status).toBe(202);
    await h.accepting(id, 'work-completed');
    expect((await h.event(id, 'work-completed', { labourMinutes: 35 })).status).toBe(202);

    const invoicesOfCase = () =>
      sql<{ invoice_no: string; status: string }>(
        `select i.invoice_no, w.status from erp.work_order w
           join erp.invoice i on i.customer_id = w.customer_id
          where w.case_ref = (select case_no from crm.service_case where intake_key = $1)`,
        [`process:${id}`],
      );
    await eventually('the invoice written by the doomed worker', async () =>
      (await invoicesOfCase()).length > 0 ? true : undefined,
    );
    doomed.process.kill('SIGKILL');
    await doomed.exited;
    await spawn({ ERP_PORT: erpPort });

    const done = (await h.closed(id, 120_000)) as unknown as {
      status: string;
      result: { outcome: string; invoiceNo: string; workOrderNo: string };
    };
    expect(done.status).toBe('completed');
    expect(done.result.outcome).toBe('completed');
    const invoices = await invoicesOfCase();
    expect(invoices).toEqual([{ invoice_no: done.result.invoiceNo, status: 'completed' }]);
    expect(await h.violations()).toEqual({ erp: [], crm: [], cross: [] });
  });
});
