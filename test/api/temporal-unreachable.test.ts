import { startApp, type RunningApp, unreachableBackends } from '../support/apps';
import { caller } from '../support/http';

describe('the API while Temporal is unreachable', () => {
  let api: RunningApp;

  beforeAll(async () => {
    api = await startApp('api', unreachableBackends);
  });

  afterAll(async () => {
    await api?.app.close();
  });

  it.each([
    [
      'starting a process',
      'POST',
      '/processes/customer-onboarding',
      { name: 'Down Time Ltd', email: 'down@example.com' },
    ],
    ['reading a process', 'GET', '/processes/customer-onboarding:down@example.com', undefined],
    ['listing processes', 'GET', '/processes', undefined],
  ])('answers 503 with Retry-After when %s', async (_, method, path, json) => {
    const response = await caller(() => api.url, 'sales')<{ code: string }>(
      method,
      path,
      json ? { json } : {},
    );
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.body.code).toBe('temporal-unavailable');
  });

  it('reports itself not ready, naming Temporal', async () => {
    const response = await caller(() => api.url)<{ error: Record<string, unknown> }>(
      'GET',
      '/health/ready',
    );
    expect(response.status).toBe(503);
    expect(JSON.stringify(response.body)).toContain('temporal');
  });
});
