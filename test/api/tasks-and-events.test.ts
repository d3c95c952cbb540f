import { randomInt } from 'node:crypto';
import { cancelProcessUpdate, type HumanTask } from '@throughline/contracts';
import { testCatalog, testWorkflowsPath } from '../fixtures/workflows/discount-approval.catalog';
import { eventually, startStack, type TestStack } from '../support/apps';
import {
  closeTemporalClient,
  temporalClient,
  terminateRunningProcesses,
} from '../support/temporal';
import { caller, type DemoRole } from '../support/http';

interface ProcessBody {
  id: string;
  status: string;
  stage: string;
  openTasks: HumanTask[];
  tasks: HumanTask[];
  audit: { action: string; by: string; detail?: string }[];
  acceptedEvents: string[];
  cancellable: boolean;
  result?: { decision: string; reply?: string };
}

describe('human tasks, events and cancellation through the API', () => {
  let stack: TestStack;
  const as = (role: DemoRole) => caller(() => stack.api.url, role);

  beforeAll(async () => {
    stack = await startStack(
      ['orchestrator'],
      {},
      { catalog: testCatalog, workflowsPath: testWorkflowsPath },
    );
  });

  afterAll(async () => {
    await terminateRunningProcesses('end of suite');
    await stack?.close();
    await closeTemporalClient();
  });

  const newRequest = async (dueInMs = 60_000, expireInMs?: number): Promise<ProcessBody> => {
    const requestNo = `DR-${randomInt(1, 99_999_999)}`;
    const started = await as('sales')<ProcessBody>('POST', '/processes/discount-approval', {
      json: { requestNo, discountPercent: 18, dueInMs, ...(expireInMs ? { expireInMs } : {}) },
    });
    expect(started.status).toBe(201);
    return started.body;
  };

  const processOf = async (id: string): Promise<ProcessBody> =>
    (await as('ops')<ProcessBody>('GET', `/processes/${encodeURIComponent(id)}`)).body;

  const openTaskOf = (id: string): Promise<HumanTask> =>
    eventually(`an open task in ${id}`, async () => (await processOf(id)).openTasks[0]);

  it('a discount waits for a sales manager, who finds it in the inbox and approves it once', async () => {
    const process = await newRequest();
    const task = await openTaskOf(process.id);
    expect(task).toMatchObject({
      kind: 'approve-discount',
      roles: ['sales-manager'],
      decisions: ['approve', 'reject'],
    });

    const inbox = await eventually('the task in the sales-manager inbox', async () => {
      const { body } = await as('sales-manager')<HumanTask[]>('GET', '/tasks');
      return body.some((t) => t.id === task.id) ? body : undefined;
    });
    expect(inbox.every((t) => t.roles.includes('sales-manager'))).toBe(true);
    expect(
      (await as('sales')<HumanTask[]>('GET', '/tasks')).body.some((t) => t.id === task.id),
    ).toBe(false);
    expect((await as('sales')('GET', '/tasks?role=sales-manager')).status).toBe(403);
    const byProcess = await as('ops')<HumanTask[]>(
      'GET',
      `/tasks?process=${encodeURIComponent(process.id)}`,
    );
    expect(byProcess.body.map((t) => t.id)).toEqual([task.id]);

    expect((await as('finance')('GET', `/tasks/${task.id}`)).status).toBe(403);
    const seenByFinance = await as('finance')<ProcessBody>(
      'GET',
      `/processes/${encodeURIComponent(process.id)}`,
    );
    expect(seenByFinance.body.tasks).toEqual([]);
    expect(seenByFinance.body.stage).toBe('awaiting-approval');
    expect((await as('sales-manager')<HumanTask>('GET', `/tasks/${task.id}`)).body.id).toBe(
      task.id,
    );

    const wrongRole = await as('sales')<{ code: string }>('POST', `/tasks/${task.id}/complete`, {
      json: { decision: 'approve' },
    });
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.code).toBe('role-not-allowed');
    const wrongDecision = await as('sales-manager')<{ code: string }>(
      'POST',
      `/tasks/${task.id}/complete`,
      {
        json: { decision: 'maybe' },
      },
    );
    expect(wrongDecision.status).toBe(400);
    expect(wrongDecision.body.code).toBe('invalid-decision');

    const done = await as('sales-manager')<HumanTask>('POST', `/tasks/${task.id}/complete`, {
      json: { decision: 'approve', comment: 'Strategic account' },
    });
    expect(done.status).toBe(200);
    expect(done.body.completion).toMatchObject({
      decision: 'approve',
      comment: 'Strategic account',
      by: 'maria.manager',
    });

    const again = await as('sales-manager')<{ code: string }>(
      'POST',
      `/tasks/${task.id}/complete`,
      {
        json: { decision: 'reject' },
      },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('task-not-open');

    const after = await processOf(process.id);
    expect(after.stage).toBe('awaiting-customer');
    expect(after.audit.filter((a) => a.action === 'task-completed')).toEqual([
      expect.objectContaining({ by: 'maria.manager', detail: 'approve-discount: approve' }),
    ]);
    expect(after.audit[0]).toMatchObject({ action: 'started', by: 'sam.sales' });
    await eventually('the open task role to leave visibility', async () => {
      const { body } = await as('ops')<{ items: { id: string }[] }>(
        'GET',
        '/processes?taskRole=sales-manager&status=running',
      );
      return !body.items.some((p) => p.id === process.id);
    });
  });

  it('an overdue approval escalates to the sales director, who may then decide', async () => {
    const process = await newRequest(500);
    const escalated = await eventually('the escalation', async () => {
      const task = (await processOf(process.id)).openTasks[0];
      return task?.escalation ? task : undefined;
    });
    expect(escalated.roles).toEqual(['sales-manager', 'sales-director']);
    expect(escalated.escalation?.role).toBe('sales-director');
    const decided = await as('sales-director')<HumanTask>(
      'POST',
      `/tasks/${escalated.id}/complete`,
      {
        json: { decision: 'reject' },
      },
    );
    expect(decided.status).toBe(200);
    const closed = await eventually('the rejection', async () => {
      const body = await processOf(process.id);
      return body.status === 'completed' ? body : undefined;
    });
    expect(closed.result).toEqual({ decision: 'reject' });
    expect(closed.audit.map((a) => a.action)).toEqual([
      'started',
      'task-escalated',
      'task-completed',
    ]);
  });

  it('expires a task whose deadline comes before it is due, without escalating it first', async () => {
    const process = await newRequest(60_000, 500);
    const closed = await eventually('the expiry', async () => {
      const body = await processOf(process.id);
      return body.status === 'completed' ? body : undefined;
    });
    expect(closed.tasks).toEqual([
      expect.objectContaining({ status: 'expired', roles: ['sales-manager'] }),
    ]);
    expect(closed.tasks[0].escalation).toBeUndefined();
    expect(closed.result).toEqual({ decision: 'expired' });
    expect(closed.audit.map((a) => a.action)).toEqual(['started', 'task-expired']);
  });

  it('delivers a cancellation again when the first request was recorded but never reached Temporal', async () => {
    const process = await newRequest();
    await openTaskOf(process.id);
    // What a crashed API leaves behind: the Update recorded, the cancel request never sent.
    const client = await temporalClient();
    await client.workflow.getHandle(process.id).executeUpdate(cancelProcessUpdate, {
      args: [
        {
          reason: 'Customer withdrew',
          actor: { userId: 'maria.manager', roles: ['sales-manager'] },
        },
      ],
    });
    expect((await processOf(process.id)).status).toBe('running');
    const retried = await as('sales-manager')(
      'POST',
      `/processes/${encodeURIComponent(process.id)}/cancel`,
      {
        json: { reason: 'Customer withdrew (retry)' },
      },
    );
    expect(retried.status).toBe(202);
    const closed = await eventually('the cancellation', async () => {
      const body = await processOf(process.id);
      return body.status === 'cancelled' ? body : undefined;
    });
    expect(closed.audit.filter((a) => a.action === 'cancel-requested')).toEqual([
      expect.objectContaining({ by: 'maria.manager', detail: 'Customer withdrew' }),
    ]);
  });

  it('takes the customer reply only once it waits for it, validated per process type', async () => {
    const process = await newRequest();
    const early = await as('sales')<{ code: string }>(
      'POST',
      `/processes/${encodeURIComponent(process.id)}/events/customer-replied`,
      {
        json: { reply: 'yes' },
      },
    );
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('event-not-accepted');
    const unknown = await as('sales')(
      'POST',
      `/processes/${encodeURIComponent(process.id)}/events/carrier-delivered`,
      { json: {} },
    );
    expect(unknown.status).toBe(404);
    // A name every JavaScript object has is not an event either.
    for (const role of ['sales', 'admin'] as const) {
      const inherited = await as(role)<{ code: string }>(
        'POST',
        `/processes/${encodeURIComponent(process.id)}/events/constructor`,
        { json: {} },
      );
      expect(inherited.status).toBe(404);
      expect(inherited.body.code).toBe('unknown-event');
    }

    const task = await openTaskOf(process.id);
    await as('sales-manager')('POST', `/tasks/${task.id}/complete`, {
      json: { decision: 'approve' },
    });
    await eventually('the process to wait for the customer', async () =>
      (await processOf(process.id)).acceptedEvents.includes('customer-replied'),
    );

    const badPayload = await as('sales')(
      'POST',
      `/processes/${encodeURIComponent(process.id)}/events/customer-replied`,
      {
        json: { reply: '' },
      },
    );
    expect(badPayload.status).toBe(400);
    const wrongRole = await as('finance')(
      'POST',
      `/processes/${encodeURIComponent(process.id)}/events/customer-replied`,
      {
        json: { reply: 'yes' },
      },
    );
    expect(wrongRole.status).toBe(403);
    const accepted = await as('sales')<ProcessBody>(
      'POST',
      `/processes/${encodeURIComponent(process.id)}/events/customer-replied`,
      {
        json: { reply: 'We accept' },
      },
    );
    expect(accepted.status).toBe(202);
    const done = await eventually('completion', async () => {
      const body = await processOf(process.id);
      return body.status === 'completed' ? body : undefined;
    });
    expect(done.result).toEqual({ decision: 'approve', reply: 'We accept' });
    const late = await as('sales')<{ code: string }>(
      'POST',
      `/processes/${encodeURIComponent(process.id)}/events/customer-replied`,
      {
        json: { reply: 'again' },
      },
    );
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('process-closed');
    // The role comes before the state: a caller who may not cancel gets 403, closed or not.
    const notAllowed = await as('sales')(
      'POST',
      `/processes/${encodeURIComponent(process.id)}/cancel`,
      { json: { reason: 'too late' } },
    );
    expect(notAllowed.status).toBe(403);
  });

  it('cancels while the approval is open, records who asked, and refuses once past that point', async () => {
    const process = await newRequest();
    await openTaskOf(process.id);
    const forbidden = await as('sales')(
      'POST',
      `/processes/${encodeURIComponent(process.id)}/cancel`,
      { json: { reason: 'Customer withdrew' } },
    );
    expect(forbidden.status).toBe(403);
    const noReason = await as('sales-manager')(
      'POST',
      `/processes/${encodeURIComponent(process.id)}/cancel`,
      { json: {} },
    );
    expect(noReason.status).toBe(400);
    const cancelled = await as('sales-manager')(
      'POST',
      `/processes/${encodeURIComponent(process.id)}/cancel`,
      {
        json: { reason: 'Customer withdrew' },
      },
    );
    expect(cancelled.status).toBe(202);
    const closed = await eventually('the cancellation', async () => {
      const body = await processOf(process.id);
      return body.status === 'cancelled' ? body : undefined;
    });
    expect(closed.stage).toBe('cancelled');
    expect(closed.tasks.map((t) => t.status)).toEqual(['cancelled']);
    expect(closed.openTasks).toEqual([]);
    expect(closed.audit).toContainEqual(
      expect.objectContaining({
        action: 'cancel-requested',
        by: 'maria.manager',
        detail: 'Customer withdrew',
      }),
    );

    const other = await newRequest();
    const task = await openTaskOf(other.id);
    await as('sales-manager')('POST', `/tasks/${task.id}/complete`, {
      json: { decision: 'approve' },
    });
    await eventually(
      'the point of no return',
      async () => !(await processOf(other.id)).cancellable,
    );
    const refused = await as('sales-manager')<{ code: string }>(
      'POST',
      `/processes/${encodeURIComponent(other.id)}/cancel`,
      {
        json: { reason: 'Too late' },
      },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('not-cancellable');
  });

  it('answers 404 for unknown tasks and 400 for ids that are not task ids', async () => {
    expect((await as('ops')('GET', '/tasks/bm8tc3VjaC1wcm9jZXNz.1')).status).toBe(404);
    expect((await as('ops')('GET', '/tasks/not-a-task')).status).toBe(400);
    expect(
      (
        await as('ops')('POST', '/tasks/bm8tc3VjaC1wcm9jZXNz.1/complete', {
          json: { decision: 'approve' },
        })
      ).status,
    ).toBe(404);
  });

  it('lists and filters processes through visibility', async () => {
    const process = await newRequest();
    const found = await eventually('the process in the list', async () => {
      const { body } = await as('ops')<{
        items: { id: string; stage: string; openTaskRoles: string[] }[];
      }>(
        'GET',
        '/processes?type=discount-approval&status=running&taskRole=sales-manager&limit=100',
      );
      return body.items.find((p) => p.id === process.id);
    });
    expect(found).toMatchObject({ stage: 'awaiting-approval', openTaskRoles: ['sales-manager'] });
    const page = await as('ops')<{ items: unknown[]; nextPageToken?: string }>(
      'GET',
      '/processes?type=discount-approval&limit=1',
    );
    expect(page.body.items).toHaveLength(1);
    expect(page.body.nextPageToken).toBeDefined();
    const next = await as('ops')<{ items: { id: string }[] }>(
      'GET',
      `/processes?type=discount-approval&limit=1&pageToken=${page.body.nextPageToken}`,
    );
    expect(next.status).toBe(200);
    expect(next.body.items).toHaveLength(1);
    const none = await as('ops')<{ items: unknown[] }>('GET', '/processes?customerNo=C-999999');
    expect(none.body.items).toEqual([]);
  });
});
