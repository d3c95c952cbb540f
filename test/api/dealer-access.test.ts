import { randomInt } from 'node:crypto';
import type { HumanTask } from '@throughline/contracts';
import { testCatalog, testWorkflowsPath } from '../fixtures/workflows/discount-approval.catalog';
import { eventually, startApp, startStack, type TestStack } from '../support/apps';
import { closeSql, sql } from '../support/db';
import {
  asDealer,
  caller,
  type DemoDealer,
  type DemoRole,
  http,
  type HttpOptions,
} from '../support/http';
import { closeTemporalClient, terminateRunningProcesses } from '../support/temporal';

interface ProcessBody {
  id: string;
  businessKey: string;
  status: string;
  stage: string;
  startedBy?: string;
  openTaskRoles: string[];
  openTasks: HumanTask[];
  tasks: HumanTask[];
  steps: unknown[];
  documents: Record<string, string[]>;
  audit: { action: string; by: string; detail?: string }[];
  acceptedEvents: string[];
  cancellable: boolean;
  result?: unknown;
  links: { self: string; temporalUi?: string };
}

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

/**
 * Dealers act through the Process API with their own keys (issue 13): a dealer's key sees and
 * answers only the processes whose DealerCode is its dealer; any other is 404 to it, exactly as
 * one that does not exist. Driven by the test process dealer-offer (test/fixtures/workflows),
 * which offers work to dealers one after the other as the service case will.
 */
describe('dealers on the Process API', () => {
  let stack: TestStack;
  const as = (role: DemoRole) => caller(() => stack.api.url, role);
  const withKey =
    (headers: () => Record<string, string>) =>
    <T = Record<string, unknown>>(method: string, path: string, options: HttpOptions = {}) =>
      http<T>(stack.api.url, method, path, {
        ...options,
        headers: { ...headers(), ...options.headers },
      });
  const dealer = (code: DemoDealer) => withKey(() => asDealer(code));
  const berlin = dealer('D-BER-01');
  const hamburg = dealer('D-HAM-01');
  type Caller = ReturnType<typeof withKey>;

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
    await closeSql();
    await closeTemporalClient();
  });

  const processPath = (id: string) => `/processes/${encodeURIComponent(id)}`;
  const eventPath = (id: string, event: string) => `${processPath(id)}/events/${event}`;
  const newOfferNo = () => `DO-${randomInt(1, 99_999_999)}`;

  /** A service agent offers work to these dealers, one after the other. */
  const newOffer = async (dealerCodes: string[]): Promise<ProcessBody> => {
    const started = await as('service-agent')<ProcessBody>('POST', '/processes/dealer-offer', {
      json: { offerNo: newOfferNo(), dealerCodes },
    });
    expect(started.status).toBe(201);
    return started.body;
  };

  /** The process as this dealer sees it once it is offered to it (and takes its events). */
  const offeredTo = (who: Caller, id: string): Promise<ProcessBody> =>
    eventually(`${id} offered to the dealer`, async () => {
      const response = await who<ProcessBody>('GET', processPath(id));
      return response.status === 200 && response.body.acceptedEvents.includes('dealer-accepted')
        ? response.body
        : undefined;
    });

  const listed = async (who: Caller, id: string, filters = ''): Promise<boolean> => {
    const page = await who<{ items: ProcessBody[] }>(
      'GET',
      `/processes?type=dealer-offer&limit=100${filters}`,
    );
    expect(page.status).toBe(200);
    return page.body.items.some((item) => item.id === id);
  };

  /** A 404 with the id taken out: what is left must be the same for any process id. */
  const shapeOf = (body: unknown, id: string): unknown =>
    JSON.parse(
      JSON.stringify(body).replaceAll(encodeURIComponent(id), '<id>').replaceAll(id, '<id>'),
    );

  it('a dealer sees and answers the process offered to it; another gets 404 and does not list it', async () => {
    const offer = await newOffer(['D-BER-01']);
    const seen = await offeredTo(berlin, offer.id);

    // What a dealer sees: the process as it stands and what it may do; nothing internal.
    expect(seen).toMatchObject({
      id: offer.id,
      status: 'running',
      stage: 'awaiting-dealer',
      documents: { offer: [offer.businessKey] },
      openTaskRoles: [],
      openTasks: [],
      tasks: [],
      steps: [],
      audit: [],
      cancellable: false,
      links: { self: processPath(offer.id) },
    });
    expect(seen.acceptedEvents.sort()).toEqual(['dealer-accepted', 'dealer-declined']);
    expect(seen).not.toHaveProperty('startedBy');
    expect(seen.links).not.toHaveProperty('temporalUi');
    // Inside, the same process has a task, a note event, its timeline and who started it.
    const inside = await eventually('the watch task', async () => {
      const { body } = await as('ops')<ProcessBody>('GET', processPath(offer.id));
      return body.openTasks.length > 0 ? body : undefined;
    });
    expect(inside).toMatchObject({ startedBy: 'sven.service', cancellable: true });
    expect(inside.openTasks[0]).toMatchObject({ kind: 'watch-offer', roles: ['service-manager'] });
    expect(inside.acceptedEvents).toContain('note-added');
    expect(inside.steps).toEqual([
      expect.objectContaining({ step: 'offered', detail: 'D-BER-01' }),
    ]);

    await eventually('the offer in the Berlin dealer’s list', () => listed(berlin, offer.id));
    expect(await listed(hamburg, offer.id)).toBe(false);
    // The other filters apply within the dealer's processes.
    expect(await listed(berlin, offer.id, '&stage=in-repair')).toBe(false);
    expect(await listed(berlin, offer.id, '&stage=awaiting-dealer&status=running')).toBe(true);

    // Another dealer: the process does not exist, whatever it asks of it.
    const missingId = `dealer-offer:${newOfferNo()}`;
    const missing = await hamburg<Problem>('GET', processPath(missingId));
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('process-not-found');
    const foreign = await hamburg<Problem>('GET', processPath(offer.id));
    expect(foreign.status).toBe(404);
    expect(shapeOf(foreign.body, offer.id)).toEqual(shapeOf(missing.body, missingId));
    const posts: [(id: string) => string, Record<string, unknown>][] = [
      [(id) => eventPath(id, 'dealer-accepted'), {}],
      [(id) => eventPath(id, 'note-added'), { note: 'not mine' }],
      [(id) => eventPath(id, 'no-such-event'), {}],
      [(id) => `${processPath(id)}/cancel`, { reason: 'not mine either' }],
    ];
    for (const [path, json] of posts) {
      const refused = await hamburg<Problem>('POST', path(offer.id), { json });
      const absent = await hamburg<Problem>('POST', path(missingId), { json });
      expect({ path: path(offer.id), status: refused.status }).toEqual({
        path: path(offer.id),
        status: 404,
      });
      expect(shapeOf(refused.body, offer.id)).toEqual(shapeOf(absent.body, missingId));
    }

    // Its own dealer: the event's roles still apply, and so do the type's cancel roles.
    const note = await berlin<Problem>('POST', eventPath(offer.id, 'note-added'), {
      json: { note: 'a dealer may not' },
    });
    expect([note.status, note.body.code]).toEqual([403, 'forbidden']);
    const cancel = await berlin<Problem>('POST', `${processPath(offer.id)}/cancel`, {
      json: { reason: 'the dealer may not' },
    });
    expect([cancel.status, cancel.body.code]).toEqual([403, 'forbidden']);

    const accepted = await berlin<ProcessBody>('POST', eventPath(offer.id, 'dealer-accepted'), {
      json: { appointmentAt: '2026-12-01T09:00:00+01:00' },
    });
    expect(accepted.status).toBe(202);
    // Its own entries of the audit, not who started the process.
    expect(accepted.body.audit).toEqual([
      expect.objectContaining({
        action: 'event-received',
        by: 'spree.technik',
        detail: 'dealer-accepted',
      }),
    ]);
    const inRepair = await eventually('the repair', async () => {
      const { body } = await berlin<ProcessBody>('GET', processPath(offer.id));
      return body.stage === 'in-repair' ? body : undefined;
    });
    expect(inRepair.acceptedEvents).toEqual(['work-completed']);
    expect(
      (await hamburg('POST', eventPath(offer.id, 'work-completed'), { json: { labourMinutes: 1 } }))
        .status,
    ).toBe(404);
    expect(
      (
        await berlin('POST', eventPath(offer.id, 'work-completed'), {
          json: { labourMinutes: 90 },
        })
      ).status,
    ).toBe(202);
    const done = await eventually('the completed offer', async () => {
      const { body } = await berlin<ProcessBody>('GET', processPath(offer.id));
      return body.status === 'completed' ? body : undefined;
    });
    expect(done).not.toHaveProperty('result');
    expect(done.audit.map((entry) => entry.detail)).toEqual(['dealer-accepted', 'work-completed']);
    expect((await as('ops')<ProcessBody>('GET', processPath(offer.id))).body.result).toEqual({
      outcome: 'completed',
      dealerCode: 'D-BER-01',
      declinedBy: [],
      labourMinutes: 90,
    });
    expect((await hamburg('GET', processPath(offer.id))).status).toBe(404);
  });

  it('follows the DealerCode: a dealer that declines loses the process, the next one gets it', async () => {
    const offer = await newOffer(['D-HAM-01', 'D-BER-01']);
    await offeredTo(hamburg, offer.id);
    expect((await berlin('GET', processPath(offer.id))).status).toBe(404);
    // The process takes the answer and moves on to the next dealer at once: the answer is 202,
    // with what the declining dealer saw before and nothing of the next one.
    const declined = await hamburg<ProcessBody>('POST', eventPath(offer.id, 'dealer-declined'), {
      json: { reason: 'no capacity' },
    });
    expect(declined.status).toBe(202);
    expect(declined.body).toMatchObject({ id: offer.id, acceptedEvents: [], documents: {} });
    expect(JSON.stringify(declined.body)).not.toContain('D-BER-01');
    await offeredTo(berlin, offer.id);
    expect((await hamburg('GET', processPath(offer.id))).status).toBe(404);
    expect(
      (await hamburg('POST', eventPath(offer.id, 'dealer-accepted'), { json: {} })).status,
    ).toBe(404);
    await eventually('the offer gone from the Hamburg list', async () =>
      (await listed(hamburg, offer.id)) ? undefined : true,
    );
    await eventually('the offer in the Berlin list', () => listed(berlin, offer.id));
    expect(
      (await berlin('POST', eventPath(offer.id, 'dealer-accepted'), { json: {} })).status,
    ).toBe(202);
  });

  it('shows a dealer no human task: an empty inbox, and every task is 404', async () => {
    const offer = await newOffer(['D-BER-01']);
    await offeredTo(berlin, offer.id);
    const task = await eventually('the watch task in the service manager’s inbox', async () => {
      const { body } = await as('service-manager')<HumanTask[]>('GET', '/tasks');
      return body.find((t) => t.processId === offer.id);
    });
    expect(task.kind).toBe('watch-offer');

    for (const query of ['', '?role=dealer', `?process=${encodeURIComponent(offer.id)}`]) {
      const inbox = await berlin<HumanTask[]>('GET', `/tasks${query}`);
      expect({ query, status: inbox.status, body: inbox.body }).toEqual({
        query,
        status: 200,
        body: [],
      });
    }
    expect((await berlin('GET', '/tasks?role=service-manager')).status).toBe(403);
    const get = await berlin<Problem>('GET', `/tasks/${task.id}`);
    expect([get.status, get.body.code]).toEqual([404, 'task-not-found']);
    const complete = await berlin<Problem>('POST', `/tasks/${task.id}/complete`, {
      json: { decision: 'noted' },
    });
    expect([complete.status, complete.body.code]).toEqual([404, 'task-not-found']);
    const still = await as('service-manager')<HumanTask>('GET', `/tasks/${task.id}`);
    expect(still.body.status).toBe('open');
  });

  it('lets a dealer start only what the catalog lets it, and what it starts is its own', async () => {
    const refused = await berlin<Problem>('POST', '/processes/discount-approval', {
      json: { requestNo: `DR-${randomInt(1, 99_999_999)}`, discountPercent: 5 },
    });
    expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);

    const started = await berlin<ProcessBody>('POST', '/processes/dealer-offer', {
      json: { offerNo: newOfferNo() },
    });
    expect(started.status).toBe(201);
    expect(started.body).not.toHaveProperty('startedBy');
    expect(started.body.audit).toEqual([
      expect.objectContaining({ action: 'started', by: 'spree.technik' }),
    ]);
    const id = started.body.id;
    expect((await berlin('GET', processPath(id))).status).toBe(200);
    expect((await hamburg('GET', processPath(id))).status).toBe(404);
    await eventually('its own start in its list', () => listed(berlin, id));
    expect(await listed(hamburg, id)).toBe(false);
    // The same business key again, by another dealer: not theirs, so not there.
    const again = await hamburg<Problem>('POST', '/processes/dealer-offer', {
      json: { offerNo: started.body.id.split(':')[1] },
    });
    expect([again.status, again.body.code]).toEqual([404, 'process-not-found']);
  });

  it("refuses a dealer's key everywhere else on the API", async () => {
    for (const [method, path, json] of [
      ['GET', '/admin/api-keys', undefined],
      ['POST', '/customers/C-000001/erase', { reason: 'a dealer may not' }],
      ['POST', '/codec/session', undefined],
    ] as const) {
      const response = await berlin<Problem>(method, path, json ? { json } : {});
      expect({ method, path, status: response.status, code: response.body.code }).toEqual({
        method,
        path,
        status: 403,
        code: 'forbidden',
      });
    }
    expect((await berlin('GET', '/processes/types')).status).toBe(200);
  });

  describe('keys an admin creates', () => {
    const keyCount = async (): Promise<number> =>
      (await sql<{ n: number }>('select count(*)::int as n from api.api_key'))[0].n;

    it('bind a dealer key to its dealer, as a configured one', async () => {
      const created = await as('admin')<{ id: string; key: string; dealerCode?: string }>(
        'POST',
        '/admin/api-keys',
        { json: { userId: 'altona.dispatch', roles: ['dealer'], dealerCode: 'D-HAM-02' } },
      );
      expect(created.status).toBe(201);
      expect(created.body.dealerCode).toBe('D-HAM-02');
      const [row] = await sql<{ dealer_code: string }>(
        'select dealer_code from api.api_key where id = $1',
        [created.body.id],
      );
      expect(row.dealer_code).toBe('D-HAM-02');
      const altona = withKey(() => ({ authorization: `Bearer ${created.body.key}` }));

      const offer = await newOffer(['D-HAM-02']);
      await offeredTo(altona, offer.id);
      expect((await berlin('GET', processPath(offer.id))).status).toBe(404);
      await eventually('the offer in its list', () => listed(altona, offer.id));
      expect((await altona<HumanTask[]>('GET', '/tasks')).body).toEqual([]);
      const accepted = await altona<ProcessBody>('POST', eventPath(offer.id, 'dealer-accepted'), {
        json: {},
      });
      expect(accepted.status).toBe(202);
      expect(accepted.body.audit).toEqual([
        expect.objectContaining({ by: 'altona.dispatch', detail: 'dealer-accepted' }),
      ]);
      expect((await altona('GET', '/admin/api-keys')).status).toBe(403);

      const keys = await as('admin')<{ id: string; dealerCode?: string; roles: string[] }[]>(
        'GET',
        '/admin/api-keys',
      );
      expect(keys.body.find((k) => k.id === created.body.id)?.dealerCode).toBe('D-HAM-02');
      expect(keys.body.find((k) => k.id === 'config:spree.technik')).toMatchObject({
        roles: ['dealer'],
        dealerCode: 'D-BER-01',
      });
      expect(keys.body.find((k) => k.id === 'config:sam.sales')).not.toHaveProperty('dealerCode');
    });

    it.each<[string, Record<string, unknown>, string]>([
      ['a dealer key without its dealer', { roles: ['dealer'] }, 'dealerCode'],
      [
        'a dealer key with another role',
        { roles: ['dealer', 'sales'], dealerCode: 'D-BER-01' },
        'roles',
      ],
      [
        'a dealer code on another role',
        { roles: ['service-agent'], dealerCode: 'D-BER-01' },
        'dealerCode',
      ],
      [
        'two dealer codes',
        { roles: ['dealer'], dealerCode: ['D-BER-01', 'D-HAM-01'] },
        'dealerCode',
      ],
    ])('refuse %s (400), storing nothing', async (_, fields, field) => {
      const before = await keyCount();
      const refused = await as('admin')<Problem>('POST', '/admin/api-keys', {
        json: { userId: 'bad.binding', ...fields },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.map((e) => e.field)).toContain(field);
      expect(await keyCount()).toBe(before);
    });

    it('and the database holds the same rule', async () => {
      await expect(
        sql(
          `insert into api.api_key (id, user_id, roles, key_hash, key_prefix, created_by, created_at)
           values (gen_random_uuid(), 'no.dealer', '{dealer}', $1, 'tl_x', 'test', now())`,
          [`${'0'.repeat(48)}${randomInt(1e9, 9e9)}`.slice(-64)],
        ),
      ).rejects.toThrow(/api_key_dealer_code_check/);
    });
  });
});

describe('configured dealer keys', () => {
  it.each(['api', 'crm'] as const)(
    'the %s refuses to start with a dealer key that names no dealer',
    async (app) => {
      const keys = JSON.stringify([
        { key: 'tl_dealer_without_code', userId: 'd', roles: ['dealer'] },
      ]);
      await expect(startApp(app, { API_KEYS: keys })).rejects.toThrow(
        /API_KEYS\.0\.dealerCode: a key with the role dealer needs the dealerCode of its dealer/,
      );
    },
  );
});
