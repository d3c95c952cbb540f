import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ApplicationFailure, ActivityFailure, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { CrmActivities } from '@throughline/activities/crm';
import { createLogger } from '@throughline/common';
import { bundleWorkflows, installTemporalRuntime, WorkerHost } from '@throughline/temporal';
import { activitiesOf } from '../support/activities';
import { eventually, startApp, type RunningApp } from '../support/apps';
import { closeSql } from '../support/db';
import { activityAttempts, closeTemporalClient, temporalClient } from '../support/temporal';
import { count, invariantViolations, unique, uniqueEmail } from './crm-fixtures';
import type { CrmProbeInput } from './probe/crm-probe.workflow';

describe('CRM activities through Temporal', () => {
  const apps: RunningApp[] = [];
  let probeWorker: Worker;
  let probeRun: Promise<void>;
  let connection: NativeConnection;
  const probeQueue = unique('crm-probe');

  beforeAll(async () => {
    const logger = createLogger('probe', process.env.LOG_LEVEL ?? 'warn');
    // The apps install the SDK runtime on their first worker; this worker starts before them.
    installTemporalRuntime(logger);
    connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
    probeWorker = await Worker.create({
      connection,
      namespace: process.env.TEMPORAL_NAMESPACE,
      taskQueue: probeQueue,
      workflowBundle: await bundleWorkflows(
        path.join(__dirname, 'probe/crm-probe.workflow.ts'),
        logger,
      ),
    });
    probeRun = probeWorker.run();
  });

  afterAll(async () => {
    expect(await invariantViolations(apps.at(-1)!.app)).toEqual([]);
    probeWorker?.shutdown();
    await probeRun;
    await connection?.close();
    for (const app of apps) await app.app.close();
    await closeTemporalClient();
    await closeSql();
  });

  const startProbe = async (
    input: CrmProbeInput,
  ): Promise<{ id: string; result: () => Promise<unknown> }> => {
    const client = await temporalClient();
    const id = `crm-probe:${randomUUID()}`;
    const handle = await client.workflow.start('crmProbeWorkflow', {
      taskQueue: probeQueue,
      workflowId: id,
      args: [input],
    });
    return { id, result: () => handle.result() };
  };

  it('converts a lead once when the worker that converted it never reported back and the attempt is retried', async () => {
    // This worker commits its work, then holds the result past the 1 s attempt timeout.
    const stuck = await startApp('crm', { FAULT_ACTIVITY_DELAY_MS: '3000' });
    apps.push(stuck);
    const direct = activitiesOf(stuck.app, CrmActivities);
    const lead = await direct.captureLead({
      source: 'partner',
      company: unique('Retry GmbH'),
      contactName: 'Rita Retry',
      email: uniqueEmail('retry'),
      phone: '+49 30 7777777',
      itemsOfInterest: ['PUMP-100', 'VALVE-20'],
      estimatedValueMinor: 2_000_000,
    });
    await direct.scoreLead({ leadId: lead.id });

    const probe = await startProbe({ activity: 'convertLead', args: [{ leadId: lead.id }] });
    await eventually(
      'the first attempt to convert the lead',
      async () => (await count('account', 'email = $1', [lead.email])) === 1,
    );
    // Stop it polling, so the retry goes to a healthy worker.
    stuck.app.get(WorkerHost).shutdown();
    const healthy = await startApp('crm');
    apps.push(healthy);

    const result = (await probe.result()) as {
      account: { customerNo: string };
      converted: boolean;
    };
    expect(result.account.customerNo).toMatch(/^C-\d{6,}$/);
    expect(result.converted).toBe(false); // the retry found the conversion already done
    // History keeps the started event of the last attempt only: its number says it was retried.
    expect(Math.max(...(await activityAttempts(probe.id)).convertLead)).toBeGreaterThanOrEqual(2);
    expect(await count('account', 'email = $1', [lead.email])).toBe(1);
    expect(await count('opportunity', 'source_lead_id = $1', [lead.id])).toBe(1);
    expect(
      await count('timeline_entry', 'source_key = $1', [`lead-converted:${lead.leadNo}`]),
    ).toBe(1);
  });

  it('fails fast on a refused state change: a non-retryable failure typed with the domain code', async () => {
    if (apps.length < 2) apps.push(await startApp('crm'));
    const direct = activitiesOf(apps.at(-1)!.app, CrmActivities);
    const lead = await direct.captureLead({
      source: 'web',
      contactName: 'Unqualified',
      email: uniqueEmail(),
    });
    const probe = await startProbe({ activity: 'convertLead', args: [{ leadId: lead.id }] });
    const failure = await probe.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (failure as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'illegal-lead-transition', nonRetryable: true });
    expect((await activityAttempts(probe.id)).convertLead).toEqual([1]);
    expect(await count('account', 'email = $1', [lead.email])).toBe(0);
  });
});
