import { randomInt, randomUUID } from 'node:crypto';
import type { HumanTask } from '@throughline/contracts';
import { testCatalog, testWorkflowsPath } from '../fixtures/workflows/discount-approval.catalog';
import { eventually, type RunningApp, startApp, startStack, type TestStack } from '../support/apps';
import { caller, type DemoRole } from '../support/http';
import { closeTemporalClient, terminateRunningProcesses } from '../support/temporal';

interface ProcessBody {
  id: string;
  status: string;
  openTasks: HumanTask[];
  acceptedEvents: string[];
  audit: { action: string; by: string; detail?: string }[];
}

describe('acting on a process while no workflow worker runs', () => {
  let stack: TestStack;
  let worker: RunningApp | undefined;
  const api = (role: DemoRole) => caller(() => stack.api.url, role);
  const processOf = async (id: string): Promise<ProcessBody> =>
    (await api('ops')<ProcessBody>('GET', `/processes/${encodeURIComponent(id)}`)).body;

  beforeAll(async () => {
    stack = await startStack(
      ['orchestrator'],
      {},
      { catalog: testCatalog, workflowsPath: testWorkflowsPath },
    );
    worker = stack.orchestrator;
  });

  afterAll(async () => {
    await terminateRunningProcesses('end of suite');
    await stack?.close();
    if (worker && worker !== stack?.orchestrator) await worker.app.close();
    await closeTemporalClient();
  });

  const stopWorker = async (): Promise<void> => {
    await worker?.app.close();
    worker = undefined;
  };
  const startWorker = async (): Promise<void> => {
    worker = await startApp('orchestrator', {}, { workflowsPath: testWorkflowsPath });
  };

  it('answers 503 process-worker-unavailable with Retry-After, and a retry once the worker is back applies it once', async () => {
    const started = await api('sales')<{ id: string }>('POST', '/processes/discount-approval', {
      json: { requestNo: `DR-${randomInt(1, 99_999_999)}`, discountPercent: 9 },
    });
    const task = await eventually(
      'the approval task',
      async () => (await processOf(started.body.id)).openTasks[0],
    );
    await stopWorker();

    const headers = { 'idempotency-key': `worker-down-${randomUUID()}` };
    const completion = { decision: 'approve', comment: 'While the worker was down' };
    const refused = await api('sales-manager')<{ code: string }>(
      'POST',
      `/tasks/${task.id}/complete`,
      { json: completion, headers },
    );
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(refused.body.code).toBe('process-worker-unavailable');

    await startWorker();
    const retried = await api('sales-manager')<HumanTask>('POST', `/tasks/${task.id}/complete`, {
      json: completion,
      headers,
    });
    expect(retried.status).toBe(200);
    expect(retried.body.completion).toMatchObject({ decision: 'approve', by: 'maria.manager' });
    const approved = await eventually('the process to wait for the customer', async () => {
      const body = await processOf(started.body.id);
      return body.acceptedEvents.includes('customer-replied') ? body : undefined;
    });
    expect(approved.audit.filter((a) => a.action === 'task-completed')).toHaveLength(1);

    // The same without a key: the event's retry is the same Update, received once.
    await stopWorker();
    const path = `/processes/${encodeURIComponent(started.body.id)}/events/customer-replied`;
    const event = await api('sales')<{ code: string }>('POST', path, {
      json: { reply: 'Yes, sent while the worker was down' },
    });
    expect(event.status).toBe(503);
    expect(event.headers.get('retry-after')).toBe('10');
    expect(event.body.code).toBe('process-worker-unavailable');
    await startWorker();
    const again = await api('sales')('POST', path, {
      json: { reply: 'Yes, sent while the worker was down' },
    });
    expect(again.status).toBe(202);
    const done = await eventually('completion', async () => {
      const body = await processOf(started.body.id);
      return body.status === 'completed' ? body : undefined;
    });
    expect(done.audit.filter((a) => a.action === 'event-received')).toHaveLength(1);
  });
});
