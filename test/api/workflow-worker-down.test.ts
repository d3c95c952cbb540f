import { randomInt } from 'node:crypto';
import type { HumanTask } from '@throughline/contracts';
import { testCatalog, testWorkflowsPath } from '../fixtures/workflows/discount-approval.catalog';
import { eventually, startStack, type TestStack } from '../support/apps';
import { caller } from '../support/http';
import { closeTemporalClient, terminateRunningProcesses } from '../support/temporal';

describe('acting on a process while no workflow worker runs', () => {
  let stack: TestStack;

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

  it('answers 503 with Retry-After after its deadline instead of waiting forever', async () => {
    const api = (role: 'sales' | 'sales-manager' | 'ops') => caller(() => stack.api.url, role);
    const started = await api('sales')<{ id: string }>('POST', '/processes/discount-approval', {
      json: { requestNo: `DR-${randomInt(1, 99_999_999)}`, discountPercent: 9 },
    });
    const task = await eventually('the approval task', async () => {
      const { body } = await api('ops')<{ openTasks: HumanTask[] }>(
        'GET',
        `/processes/${encodeURIComponent(started.body.id)}`,
      );
      return body.openTasks[0];
    });
    await stack.orchestrator!.app.close();

    const response = await api('sales-manager')<{ code: string }>(
      'POST',
      `/tasks/${task.id}/complete`,
      {
        json: { decision: 'approve' },
      },
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.body.code).toBe('temporal-unavailable');
  });
});
