import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import type { HumanTask } from '@throughline/contracts';
import { testCatalog, testWorkflowsPath } from '../fixtures/workflows/discount-approval.catalog';
import { eventually, startStack, type TestStack } from '../support/apps';
import { sql, closeSql } from '../support/db';
import { caller, type DemoRole, demoKeys, http } from '../support/http';
import {
  closeTemporalClient,
  temporalClient,
  terminateRunningProcesses,
} from '../support/temporal';

const ROLES = Object.keys(demoKeys) as DemoRole[];

describe('the API contract', () => {
  let stack: TestStack;
  let processId: string;
  let taskId: string;
  const as = (role: DemoRole) => caller(() => stack.api.url, role);

  beforeAll(async () => {
    stack = await startStack(
      ['orchestrator'],
      {},
      { catalog: testCatalog, workflowsPath: testWorkflowsPath },
    );
    const started = await as('sales')<{ id: string }>('POST', '/processes/discount-approval', {
      json: { requestNo: `DR-${randomInt(1, 99_999_999)}`, discountPercent: 12 },
    });
    processId = started.body.id;
    const task = await eventually('the approval task', async () => {
      const { body } = await as('ops')<{ openTasks: HumanTask[] }>(
        'GET',
        `/processes/${encodeURIComponent(processId)}`,
      );
      return body.openTasks[0];
    });
    taskId = task.id;
  });

  afterAll(async () => {
    await terminateRunningProcesses('end of suite');
    await stack?.close();
    await closeSql();
    await closeTemporalClient();
  });

  it('serves exactly the OpenAPI document in docs/openapi.json (npm run openapi writes it)', async () => {
    const served = await http(stack.api.url, 'GET', '/docs-json');
    const committed = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../docs/openapi.json'), 'utf8'),
    ) as unknown;
    expect(served.body).toEqual(committed);
  });

  describe('authentication', () => {
    it.each([
      ['no key', {}],
      ['an unknown bearer key', { authorization: 'Bearer tl_not_a_key' }],
      ['an unknown X-API-Key', { 'x-api-key': 'tl_not_a_key_either' }],
      ['a malformed authorization header', { authorization: 'Basic dXNlcjpwYXNz' }],
    ])('refuses %s with 401 problem+json', async (_, headers) => {
      const response = await http<{ code: string }>(stack.api.url, 'GET', '/processes/types', {
        headers,
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    });

    it('takes the key as X-API-Key too, and leaves health open', async () => {
      const viaHeader = await http(stack.api.url, 'GET', '/processes/types', {
        headers: { 'x-api-key': demoKeys.finance },
      });
      expect(viaHeader.status).toBe(200);
      expect((await http(stack.api.url, 'GET', '/health/live')).status).toBe(200);
    });

    it('creates, uses and revokes a managed key', async () => {
      const created = await as('admin')<{ id: string; key: string; userId: string }>(
        'POST',
        '/admin/api-keys',
        {
          json: { userId: 'nina.new', roles: ['finance'] },
        },
      );
      expect(created.status).toBe(201);
      const [row] = await sql<{ key_hash: string }>(
        `select key_hash from api.api_key where id = $1`,
        [created.body.id],
      );
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.key_hash).not.toContain(created.body.key);
      const withKey = { headers: { authorization: `Bearer ${created.body.key}` } };
      expect((await http(stack.api.url, 'GET', '/tasks', withKey)).status).toBe(200);
      const listed = await as('admin')<{ id: string; keyPrefix: string }[]>(
        'GET',
        '/admin/api-keys',
      );
      expect(listed.body.find((k) => k.id === created.body.id)?.keyPrefix).toBe(
        created.body.key.slice(0, 8),
      );
      expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
      expect((await as('admin')('DELETE', `/admin/api-keys/${created.body.id}`)).status).toBe(200);
      expect((await http(stack.api.url, 'GET', '/tasks', withKey)).status).toBe(401);
      expect((await as('admin')('DELETE', '/admin/api-keys/config:ada.admin')).status).toBe(409);
    });
  });

  describe('authorization: each role against each endpoint', () => {
    const everyone = ROLES;
    const only = (...roles: DemoRole[]) => [...roles, 'admin'] as DemoRole[];
    type Case = [string, string, () => string, unknown, DemoRole[], number];
    const cases: Case[] = [
      ['GET', '/processes/types', () => '', undefined, everyone, 200],
      ['GET', '/processes', () => '?limit=1', undefined, everyone, 200],
      ['GET', '/processes/{id}', () => '', undefined, everyone, 200],
      ['POST', '/processes/discount-approval', () => '', 'new-request', only('sales'), 201],
      [
        'POST',
        '/processes/customer-onboarding',
        () => '',
        'new-customer',
        only('sales', 'sales-manager', 'sales-director', 'service-agent', 'ops'),
        201,
      ],
      [
        'POST',
        '/processes/{id}/cancel',
        () => '',
        { reason: 'matrix probe' },
        only('sales-manager'),
        202,
      ],
      [
        'POST',
        '/processes/{id}/events/customer-replied',
        () => '',
        { reply: 'yes' },
        only('sales'),
        409,
      ],
      ['GET', '/tasks', () => '', undefined, everyone, 200],
      ['GET', '/tasks/{task}', () => '', undefined, only('sales-manager', 'ops'), 200],
      [
        'POST',
        '/tasks/{task}/complete',
        () => '',
        { decision: 'not-a-decision' },
        only('sales-manager'),
        400,
      ],
      ['GET', '/admin/api-keys', () => '', undefined, only(), 200],
      [
        'POST',
        '/admin/api-keys',
        () => '',
        { userId: 'matrix.user', roles: ['sales'] },
        only(),
        201,
      ],
      ['DELETE', '/admin/api-keys/{key}', () => '', undefined, only(), 404],
    ];
    // A dealer's key (D-BER-01) reaches processes and tasks, but none of these is its dealer's:
    // the process and the task are 404 to it, as ones that do not exist (dealer-access.test.ts).
    const toDealer: Record<string, [number, string]> = {
      'GET /processes/{id}': [404, 'process-not-found'],
      'POST /processes/{id}/cancel': [404, 'process-not-found'],
      'POST /processes/{id}/events/customer-replied': [404, 'process-not-found'],
      'GET /tasks/{task}': [404, 'task-not-found'],
      'POST /tasks/{task}/complete': [404, 'task-not-found'],
    };
    const rows = cases.flatMap(([method, route, query, body, allowed, okStatus]) =>
      ROLES.map(
        (role) =>
          [
            `${role} ${method} ${route}`,
            method,
            route,
            query,
            body,
            role,
            allowed.includes(role),
            okStatus,
          ] as const,
      ),
    );

    it.each(rows)('%s', async (_, method, route, query, body, role, allowed, okStatus) => {
      // Cancel is probed on its own process so an allowed role does not end the shared one.
      let id = processId;
      if (route.includes('cancel') && allowed) {
        const fresh = await as('sales')<{ id: string }>('POST', '/processes/discount-approval', {
          json: { requestNo: `DR-${randomInt(1, 99_999_999)}`, discountPercent: 5 },
        });
        id = fresh.body.id;
        await eventually('the fresh process to be cancellable', async () => {
          const { body: p } = await as('ops')<{ cancellable: boolean }>(
            'GET',
            `/processes/${encodeURIComponent(id)}`,
          );
          return p.cancellable;
        });
      }
      const json =
        body === 'new-request'
          ? { requestNo: `DR-${randomInt(1, 99_999_999)}`, discountPercent: 7 }
          : body === 'new-customer'
            ? { name: 'Matrix Probe', email: `matrix-${randomInt(1, 1e9)}@example.com` }
            : body;
      const url =
        route
          .replace('{id}', encodeURIComponent(id))
          .replace('{task}', taskId)
          .replace('{key}', '00000000-0000-4000-8000-000000000000') + query();
      const response = await as(role)<{ code?: string }>(
        method,
        url,
        json === undefined ? {} : { json },
      );
      const dealerAnswer = role === 'dealer' ? toDealer[`${method} ${route}`] : undefined;
      if (dealerAnswer) {
        expect([response.status, response.body.code]).toEqual(dealerAnswer);
      } else if (allowed) expect(response.status).toBe(okStatus);
      else {
        expect(response.status).toBe(403);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('malformed requests: 4xx problem+json, never 5xx, nothing changes', () => {
    // What a request changes, it changes before it answers: a process it starts is in Temporal,
    // a key it adds is a row. So nothing may start after `since`, and the keys stay as they were.
    let since: Date;
    let keysBefore: number;
    const keyCount = async (): Promise<number> => {
      const [{ n }] = await sql<{ n: number }>('select count(*)::int as n from api.api_key');
      return n;
    };

    beforeAll(async () => {
      since = new Date();
      keysBefore = await keyCount();
    });

    afterAll(async () => {
      // The positive control: a well-formed start after the malformed requests. Once the
      // visibility store lists it, it lists what started before it too; it must be alone.
      const control = await http<{ id: string }>(stack.api.url, 'POST', onboarding, {
        as: 'admin',
        json: { name: 'Control Probe', email: `control-${randomInt(1, 1e9)}@example.com` },
      });
      expect(control.status).toBe(201);
      const client = await temporalClient();
      const startedSince = await eventually('the control process in visibility', async () => {
        const ids: string[] = [];
        for await (const execution of client.workflow.list({
          query: `StartTime >= "${since.toISOString()}"`,
        }))
          ids.push(execution.workflowId);
        return ids.includes(control.body.id) ? ids : undefined;
      });
      expect(startedSince).toEqual([control.body.id]);
      expect(await keyCount()).toBe(keysBefore);
    });

    type Malformed = [
      string,
      string,
      string,
      { json?: unknown; body?: string; headers?: Record<string, string> },
      number,
    ];
    const onboarding = '/processes/customer-onboarding';
    const huge = 'x'.repeat(300_000);
    const cases: Malformed[] = [
      ['onboarding without a body', 'POST', onboarding, {}, 400],
      ['onboarding with an array body', 'POST', onboarding, { json: [] }, 400],
      ['onboarding with a string body', 'POST', onboarding, { json: 'ada@example.com' }, 400],
      ['onboarding with null', 'POST', onboarding, { json: null }, 400],
      [
        'onboarding with a number for email',
        'POST',
        onboarding,
        { json: { name: 'A', email: 42 } },
        400,
      ],
      [
        'onboarding with an object for name',
        'POST',
        onboarding,
        { json: { name: { first: 'A' }, email: 'a@example.com' } },
        400,
      ],
      [
        'onboarding with an unknown field',
        'POST',
        onboarding,
        { json: { name: 'A', email: 'a@example.com', admin: true } },
        400,
      ],
      [
        'onboarding with a 10 kB name',
        'POST',
        onboarding,
        { json: { name: 'n'.repeat(10_000), email: 'a@example.com' } },
        400,
      ],
      [
        'onboarding with a body over 256 kB',
        'POST',
        onboarding,
        { json: { name: huge, email: 'a@example.com' } },
        413,
      ],
      [
        'onboarding with truncated JSON',
        'POST',
        onboarding,
        { body: '{"name":"A",', headers: { 'content-type': 'application/json' } },
        400,
      ],
      [
        'onboarding as text/plain',
        'POST',
        onboarding,
        { body: 'name=A', headers: { 'content-type': 'text/plain' } },
        415,
      ],
      [
        'onboarding as a form',
        'POST',
        onboarding,
        {
          body: 'name=A&email=a%40b.c',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        415,
      ],
      [
        'onboarding with a bad address',
        'POST',
        onboarding,
        { json: { name: 'A', email: 'a@example.com', address: 'Berlin' } },
        400,
      ],
      ['a process type with capitals', 'POST', '/processes/Customer-Onboarding', { json: {} }, 400],
      [
        'a process type that does not exist',
        'POST',
        '/processes/world-domination',
        { json: {} },
        404,
      ],
      ['a process id without a type', 'GET', '/processes/just-an-id', {}, 400],
      [
        'a process id of 400 characters',
        'GET',
        `/processes/customer-onboarding:${'a'.repeat(400)}`,
        {},
        400,
      ],
      ['a list limit of 0', 'GET', '/processes?limit=0', {}, 400],
      ['a list limit of 1000', 'GET', '/processes?limit=1000', {}, 400],
      ['a list limit that is not a number', 'GET', '/processes?limit=ten', {}, 400],
      ['an unknown list filter', 'GET', '/processes?owner=me', {}, 400],
      ['an unknown status', 'GET', '/processes?status=sleeping', {}, 400],
      ['a stage with a quote', 'GET', "/processes?stage=x'%20OR%20'1'='1", {}, 400],
      ['a start time that is not a date', 'GET', '/processes?startedAfter=yesterday', {}, 400],
      ['a page token that is not one', 'GET', '/processes?pageToken=bm9wZQ', {}, 400],
      ['an unknown task role', 'GET', '/tasks?role=king', {}, 400],
      ['a task id that is not one', 'GET', '/tasks/%20', {}, 400],
      [
        'completing a task without a decision',
        'POST',
        '/tasks/{task}/complete',
        { json: { comment: 'ok' } },
        400,
      ],
      [
        'completing a task with a number decision',
        'POST',
        '/tasks/{task}/complete',
        { json: { decision: 1 } },
        400,
      ],
      [
        'completing a task with unknown fields',
        'POST',
        '/tasks/{task}/complete',
        { json: { decision: 'approve', by: 'someone-else' } },
        400,
      ],
      ['cancelling without a reason', 'POST', '/processes/{id}/cancel', { json: {} }, 400],
      [
        'cancelling with a 1 MB reason',
        'POST',
        '/processes/{id}/cancel',
        { json: { reason: 'r'.repeat(1_000_000) } },
        413,
      ],
      [
        'an event with a bad name',
        'POST',
        '/processes/{id}/events/Not_An_Event',
        { json: {} },
        400,
      ],
      [
        'an event payload with unknown fields',
        'POST',
        '/processes/{id}/events/customer-replied',
        { json: { reply: 'yes', extra: 1 } },
        400,
      ],
      [
        'an API key with unknown roles',
        'POST',
        '/admin/api-keys',
        { json: { userId: 'x', roles: ['emperor'] } },
        400,
      ],
      [
        'an API key without roles',
        'POST',
        '/admin/api-keys',
        { json: { userId: 'x', roles: [] } },
        400,
      ],
      ['revoking a key id that is not one', 'DELETE', '/admin/api-keys/123', {}, 400],
      ['an unknown route', 'GET', '/processes-and-more', {}, 404],
    ];

    it.each(cases)('%s', async (_, method, route, options, status) => {
      const url = route.replace('{id}', encodeURIComponent(processId)).replace('{task}', taskId);
      // Admin may do everything, so a refusal is about the request, not the role.
      const response = await http<{ status: number; type: string }>(stack.api.url, method, url, {
        as: 'admin',
        ...options,
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status, type: expect.stringMatching(/^\/problems\//) });
    });
  });
});
