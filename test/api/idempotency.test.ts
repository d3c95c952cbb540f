import { randomInt, randomUUID } from 'node:crypto';
import type { HumanTask } from '@throughline/contracts';
import { testCatalog, testWorkflowsPath } from '../fixtures/workflows/discount-approval.catalog';
import { eventually, startStack, type TestStack } from '../support/apps';
import { caller, type DemoRole, http } from '../support/http';
import { closeTemporalClient, terminateRunningProcesses } from '../support/temporal';

interface ProcessBody {
  id: string;
  status: string;
  startedAt: string;
  openTasks: HumanTask[];
  audit: { action: string; by: string; detail?: string }[];
  acceptedEvents: string[];
}

describe('Idempotency-Key and repeated requests', () => {
  let stack: TestStack;
  const as = (role: DemoRole) => caller(() => stack.api.url, role);
  const key = (): Record<string, string> => ({ 'idempotency-key': `test-${randomUUID()}` });

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

  const processOf = async (id: string): Promise<ProcessBody> =>
    (await as('ops')<ProcessBody>('GET', `/processes/${encodeURIComponent(id)}`)).body;
  const openTaskOf = (id: string): Promise<HumanTask> =>
    eventually(`an open task in ${id}`, async () => (await processOf(id)).openTasks[0]);
  const requestNo = (): string => `DR-${randomInt(1, 99_999_999)}`;

  it('a start repeated with its key gets the first answer; another body with it is refused', async () => {
    const headers = key();
    const input = { requestNo: requestNo(), discountPercent: 12 };
    const first = await as('sales')<ProcessBody>('POST', '/processes/discount-approval', {
      json: input,
      headers,
    });
    expect(first.status).toBe(201);
    const again = await as('sales')<ProcessBody>('POST', '/processes/discount-approval', {
      json: input,
      headers,
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    // Without the key, the business key still finds the same process (200).
    const unkeyed = await as('sales')<ProcessBody>('POST', '/processes/discount-approval', {
      json: input,
    });
    expect(unkeyed.status).toBe(200);
    expect(unkeyed.body.id).toBe(first.body.id);
    expect((await processOf(first.body.id)).audit.map((a) => a.action)).toEqual(['started']);

    const reused = await as('sales')<{ code: string }>('POST', '/processes/discount-approval', {
      json: { requestNo: requestNo(), discountPercent: 12 },
      headers,
    });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency-key-reused');

    // Keys are the caller's own: another user's identical key is another request.
    const other = await as('admin')<ProcessBody>('POST', '/processes/discount-approval', {
      json: { requestNo: requestNo(), discountPercent: 12 },
      headers,
    });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(first.body.id);
  });

  it('a task completion repeated, with or without a key, is applied once and answered with the task', async () => {
    const started = await as('sales')<ProcessBody>('POST', '/processes/discount-approval', {
      json: { requestNo: requestNo(), discountPercent: 20 },
    });
    const task = await openTaskOf(started.body.id);
    const headers = key();
    const completion = { decision: 'approve', comment: 'Fine' };
    const first = await as('sales-manager')<HumanTask>('POST', `/tasks/${task.id}/complete`, {
      json: completion,
      headers,
    });
    expect(first.status).toBe(200);
    expect(first.body.completion).toMatchObject({ decision: 'approve', by: 'maria.manager' });
    const replayed = await as('sales-manager')<HumanTask>('POST', `/tasks/${task.id}/complete`, {
      json: completion,
      headers,
    });
    expect(replayed.status).toBe(200);
    expect(replayed.body).toEqual(first.body);
    const reused = await as('sales-manager')<{ code: string }>(
      'POST',
      `/tasks/${task.id}/complete`,
      { json: { decision: 'reject' }, headers },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency-key-reused');

    // The same request without a key, twice: the retry after a lost answer gets the task.
    const other = await as('sales')<ProcessBody>('POST', '/processes/discount-approval', {
      json: { requestNo: requestNo(), discountPercent: 21 },
    });
    const otherTask = await openTaskOf(other.body.id);
    const once = await as('sales-manager')<HumanTask>('POST', `/tasks/${otherTask.id}/complete`, {
      json: { decision: 'reject', comment: 'Too much' },
    });
    expect(once.status).toBe(200);
    // The process has ended with the rejection: the repeat still gets its first outcome.
    await eventually(
      'the rejected process to close',
      async () => (await processOf(other.body.id)).status === 'completed',
    );
    const retried = await as('sales-manager')<HumanTask>(
      'POST',
      `/tasks/${otherTask.id}/complete`,
      { json: { decision: 'reject', comment: 'Too much' } },
    );
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(once.body);
    // A different request on the completed task is still refused.
    const different = await as('sales-manager')<{ code: string }>(
      'POST',
      `/tasks/${otherTask.id}/complete`,
      { json: { decision: 'approve' } },
    );
    expect(different.status).toBe(409);
    expect(different.body.code).toBe('task-not-open');

    for (const id of [started.body.id, other.body.id]) {
      expect((await processOf(id)).audit.filter((a) => a.action === 'task-completed')).toHaveLength(
        1,
      );
    }
  });

  it('an event repeated with its key gets the first answer and is received once', async () => {
    const started = await as('sales')<ProcessBody>('POST', '/processes/discount-approval', {
      json: { requestNo: requestNo(), discountPercent: 5 },
    });
    const id = encodeURIComponent(started.body.id);
    const task = await openTaskOf(started.body.id);
    await as('sales-manager')('POST', `/tasks/${task.id}/complete`, {
      json: { decision: 'approve' },
    });
    await eventually('the process to wait for the customer', async () =>
      (await processOf(started.body.id)).acceptedEvents.includes('customer-replied'),
    );
    const headers = key();
    const first = await as('sales')<ProcessBody>(
      'POST',
      `/processes/${id}/events/customer-replied`,
      {
        json: { reply: 'Yes please' },
        headers,
      },
    );
    expect(first.status).toBe(202);
    const replayed = await as('sales')<ProcessBody>(
      'POST',
      `/processes/${id}/events/customer-replied`,
      { json: { reply: 'Yes please' }, headers },
    );
    expect(replayed.status).toBe(202);
    expect(replayed.body).toEqual(first.body);
    const reused = await as('sales')<{ code: string }>(
      'POST',
      `/processes/${id}/events/customer-replied`,
      { json: { reply: 'No thanks' }, headers },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('idempotency-key-reused');
    const closed = await eventually('completion', async () => {
      const body = await processOf(started.body.id);
      return body.status === 'completed' ? body : undefined;
    });
    const late = await as('sales')<{ code: string }>(
      'POST',
      `/processes/${id}/events/customer-replied`,
      { json: { reply: 'Another reply' } },
    );
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('process-closed');
    expect(closed.audit.filter((a) => a.action === 'event-received')).toEqual([
      expect.objectContaining({ by: 'sam.sales', detail: 'customer-replied' }),
    ]);
  });

  it('refuses keys that are not 1 to 255 printable ASCII characters', async () => {
    for (const bad of ['', 'x'.repeat(256), 'tab\there', 'ümlaut']) {
      const response = await http<{ code: string; errors: { field: string }[] }>(
        stack.api.url,
        'POST',
        '/processes/discount-approval',
        {
          as: 'sales',
          json: { requestNo: requestNo(), discountPercent: 3 },
          headers: { 'idempotency-key': bad },
        },
      );
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    }
  });

  it('answers 400 for a missing body where one is required, and takes an explicit {}', async () => {
    for (const event of ['quote-accepted', 'quote-rejected']) {
      const empty = await as('sales')<{ code: string; errors: { field: string }[] }>(
        'POST',
        `/processes/${encodeURIComponent('lead-to-cash:L-000001')}/events/${event}`,
      );
      expect(empty.status).toBe(400);
      expect(empty.headers.get('content-type')).toContain('application/problem+json');
      expect(empty.body.errors).toEqual([expect.objectContaining({ field: '(body)' })]);
      // Chunked, with nothing in it: still no body.
      const chunked = await fetch(
        new URL(
          `/processes/${encodeURIComponent('lead-to-cash:L-000001')}/events/${event}`,
          stack.api.url,
        ),
        {
          method: 'POST',
          headers: { authorization: 'Bearer tl_demo_sales', 'content-type': 'application/json' },
          body: new ReadableStream({ start: (controller) => controller.close() }),
          duplex: 'half',
        } as RequestInit,
      );
      expect(chunked.status).toBe(400);
      // An explicit {} passes this check (the process does not exist: 404).
      const explicit = await as('sales')<{ code: string }>(
        'POST',
        `/processes/${encodeURIComponent('lead-to-cash:L-000001')}/events/${event}`,
        { json: {} },
      );
      expect(explicit.status).toBe(404);
      expect(explicit.body.code).toBe('process-not-found');
    }
    for (const path of [
      '/processes/discount-approval',
      '/processes/discount-approval%3ADR-1/cancel',
      '/tasks/bm8tc3VjaC1wcm9jZXNz.1/complete',
    ]) {
      expect((await as('admin')('POST', path)).status).toBe(400);
    }
  });
});
