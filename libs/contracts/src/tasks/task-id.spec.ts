import { parseTaskId, taskId } from './task-id';

describe('task ids', () => {
  it.each(['customer-onboarding:ada@example.com', 'a', 'ab', 'abc', 'lead-to-cash:ü-ñ-€'])(
    'carry their process id %s and are URL-safe',
    (workflowId) => {
      const id = taskId(workflowId, 7);
      expect(id).toMatch(/^[A-Za-z0-9_-]+\.7$/);
      expect(parseTaskId(id)).toEqual({ workflowId, sequence: 7 });
    },
  );

  it.each(['', 'no-dot', '!!!.1', 'YQ.x', 'YQ.1.2', `${'A'.repeat(700)}.1`])('rejects %p', (id) => {
    expect(parseTaskId(id)).toBeUndefined();
  });
});
