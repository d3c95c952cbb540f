import { randomUUID } from 'node:crypto';
import { closeSql, sql } from '../support/db';
import { eventually, processIdFor, startStack, type TestStack } from '../support/apps';
import { caller, http } from '../support/http';

interface ProcessBody {
  id: string;
  status: string;
  stage: string;
  customerNo?: string;
  documents: Record<string, string[]>;
  steps: { step: string }[];
  result?: { customerNo: string; crmAccountId: string; erpCustomerId: string };
}

const uniqueEmail = (): string => `onboarding-${randomUUID().slice(0, 8)}@example.com`;

describe('customer onboarding through the API', () => {
  let stack: TestStack;
  const api = caller(() => stack.api.url, 'sales');

  beforeAll(async () => {
    // Processes whose id or input names an activity (`fault-<activity>`) see it fail unexpectedly twice.
    stack = await startStack(['crm', 'erp', 'orchestrator'], {
      FAULT_ACTIVITY_FAILURES: '2',
      ACTIVITY_UNEXPECTED_ATTEMPTS: '2',
    });
  });

  afterAll(async () => {
    await stack?.close();
    await closeSql();
  });

  const completed = (id: string): Promise<ProcessBody> =>
    eventually(`process ${id} to complete`, async () => {
      const { body } = await api<ProcessBody>('GET', `/processes/${encodeURIComponent(id)}`);
      return body.status === 'completed' ? body : undefined;
    });

  it('parks when a step keeps failing unexpectedly, and goes on when ops retry it', async () => {
    const email = `fault-upsertCustomer-${randomUUID().slice(0, 8)}@example.com`;
    const started = await api<ProcessBody>('POST', '/processes/customer-onboarding', {
      json: { name: 'Flaky Database GmbH', email },
    });
    expect(started.status).toBe(201);
    const id = started.body.id;
    const ops = caller(() => stack.api.url, 'ops');
    const parked = await eventually(`${id} to need attention`, async () => {
      const { body } = await ops<ProcessBody & { openTasks: { id: string; kind: string }[] }>(
        'GET',
        `/processes/${encodeURIComponent(id)}`,
      );
      return body.stage === 'needs-attention' && body.openTasks.length > 0 ? body : undefined;
    });
    const [task] = parked.openTasks;
    expect(task.kind).toBe('needs-attention');
    expect(parked.documents.account).toHaveLength(1);
    const retried = await ops('POST', `/tasks/${task.id}/complete`, {
      json: { decision: 'retry' },
    });
    expect(retried.status).toBe(200);
    const done = await completed(id);
    expect(done.steps.map((s) => s.step)).toEqual([
      'crm-account-opened',
      'failed',
      'attention',
      'erp-customer-created',
      'accounts-linked',
    ]);
    const customers = await sql(`select id from erp.customer where customer_no = $1`, [
      done.customerNo,
    ]);
    expect(customers).toHaveLength(1);
  });

  it('creates the CRM account and the ERP customer with the same customerNo, and links them', async () => {
    const email = uniqueEmail();
    const started = await api<ProcessBody>('POST', '/processes/customer-onboarding', {
      json: {
        name: 'Grace Hopper GmbH',
        email: email.toUpperCase(),
        phone: '+49 30 1234567',
        address: {
          line1: 'Unter den Linden 1',
          city: 'Berlin',
          postalCode: '10117',
          country: 'DE',
        },
      },
    });
    expect(started.status).toBe(201);
    // The id holds the e-mail's keyed hash, never the e-mail.
    expect(started.body.id).toBe(processIdFor('customer-onboarding', email));
    expect(started.body.id).toMatch(/^customer-onboarding:s-[0-9a-f]{32}$/);
    expect(started.headers.get('location')).toBe(
      `/processes/${encodeURIComponent(started.body.id)}`,
    );

    const done = await completed(started.body.id);
    expect(done.stage).toBe('completed');
    expect(done.steps.map((s) => s.step)).toEqual([
      'crm-account-opened',
      'erp-customer-created',
      'accounts-linked',
    ]);
    const customerNo = done.result!.customerNo;
    expect(customerNo).toMatch(/^C-\d{6,}$/);
    expect(done.documents).toEqual({ account: [customerNo], erpCustomer: [customerNo] });

    const accounts = await sql(`select * from crm.account where email = $1`, [email]);
    const customers = await sql(`select * from erp.customer where customer_no = $1`, [customerNo]);
    expect(accounts).toHaveLength(1);
    expect(customers).toHaveLength(1);
    expect(accounts[0]).toMatchObject({
      customer_no: customerNo,
      erp_customer_id: customers[0].id,
    });
    expect(customers[0]).toMatchObject({
      legal_name: 'Grace Hopper GmbH',
      email,
      billing_city: 'Berlin',
      payment_terms_days: 30,
      currency: 'EUR',
    });

    // The systems of record answer an authenticated caller (the read-only auditor here).
    const crmView = await http(stack.crm!.url, 'GET', `/accounts/${customerNo}`, { as: 'auditor' });
    const erpView = await http(stack.erp!.url, 'GET', `/customers/${customerNo}`, {
      as: 'auditor',
    });
    expect(crmView.body).toMatchObject({ customerNo, erpCustomerId: customers[0].id });
    expect(erpView.body).toMatchObject({ customerNo, creditHold: false });
  });

  it('returns the existing process when the same email is onboarded again, and creates nothing twice', async () => {
    const email = uniqueEmail();
    const input = { name: 'Katherine Johnson Inc', email };
    const first = await api<ProcessBody>('POST', '/processes/customer-onboarding', {
      json: input,
    });
    const second = await api<ProcessBody>('POST', '/processes/customer-onboarding', {
      json: input,
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.id).toBe(first.body.id);

    const done = await completed(first.body.id);
    const third = await api<ProcessBody>('POST', '/processes/customer-onboarding', {
      json: { ...input, email: email.toUpperCase() },
    });
    expect(third.status).toBe(200);
    expect(third.body.result).toEqual(done.result);

    const accounts = await sql(`select count(*)::int as n from crm.account where email = $1`, [
      email,
    ]);
    const customers = await sql(`select count(*)::int as n from erp.customer where email = $1`, [
      email,
    ]);
    expect(accounts[0].n).toBe(1);
    expect(customers[0].n).toBe(1);
  });

  describe('refuses bad input with 400 problem+json and starts nothing', () => {
    const cases: [string, unknown, string][] = [
      ['no email', { name: 'Nameless' }, 'email'],
      ['a malformed email', { name: 'X', email: 'not-an-email' }, 'email'],
      ['an empty name', { name: ' ', email: 'blank@example.com' }, 'name'],
      [
        'a name of 10 000 characters',
        { name: 'x'.repeat(10_000), email: 'long@example.com' },
        'name',
      ],
      ['an unknown field', { name: 'X', email: 'extra@example.com', vip: true }, '(body)'],
      ['a number for a name', { name: 42, email: 'num@example.com' }, 'name'],
      ['an unknown kind', { name: 'X', email: 'kind@example.com', kind: 'government' }, 'kind'],
      [
        'a country that is not ISO 3166',
        {
          name: 'X',
          email: 'addr@example.com',
          address: { line1: 'a', city: 'b', postalCode: 'c', country: 'Germany' },
        },
        'address.country',
      ],
    ];

    it.each(cases)('%s', async (_, json, field) => {
      // Counted on the request's own name and email: other suites open accounts in parallel.
      const { name, email: bodyEmail } = json as { name?: unknown; email?: unknown };
      const accountsOfRequest = (): Promise<{ n: number }[]> =>
        sql<{ n: number }>(
          `select count(*)::int as n from crm.account where name = $1 or email = lower($2)`,
          [
            typeof name === 'string' ? name : null,
            typeof bodyEmail === 'string' ? bodyEmail : null,
          ],
        );
      const before = await accountsOfRequest();
      const response = await api<{ status: number; errors: { field: string }[] }>(
        'POST',
        '/processes/customer-onboarding',
        { json },
      );
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.status).toBe(400);
      expect(response.body.errors.map((e) => e.field)).toContain(field);
      const email = (json as { email?: unknown }).email;
      if (typeof email === 'string') {
        const lookup = await api(
          'GET',
          `/processes/${encodeURIComponent(processIdFor('customer-onboarding', email))}`,
        );
        expect(lookup.status).toBe(404);
      }
      const after = await accountsOfRequest();
      expect(after[0].n).toBe(before[0].n);
    });

    it('malformed JSON', async () => {
      const response = await api<{ code: string }>('POST', '/processes/customer-onboarding', {
        body: '{"name": "X", "email":',
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('malformed-json');
    });

    it('JSON in a charset the API does not read', async () => {
      const response = await api<{ code: string }>('POST', '/processes/customer-onboarding', {
        body: '{"name":"X","email":"latin@example.com"}',
        headers: { 'content-type': 'application/json; charset=latin1' },
      });
      expect(response.status).toBe(415);
      expect(response.body.code).toBe('unsupported-media-type');
    });

    it('a body that is not JSON', async () => {
      const response = await api<{ code: string }>('POST', '/processes/customer-onboarding', {
        body: 'name=X&email=form@example.com',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(response.status).toBe(415);
      expect(response.body.code).toBe('unsupported-media-type');
    });
  });

  it('answers 404 problem+json for an unknown process type and an unknown process', async () => {
    const type = await api<{ code: string }>('POST', '/processes/world-domination', { json: {} });
    expect(type.status).toBe(404);
    expect(type.body.code).toBe('unknown-process-type');
    const missing = await api<{ code: string }>(
      'GET',
      `/processes/${encodeURIComponent('customer-onboarding:nobody@example.com')}`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('process-not-found');
  });

  it('lists the process types with their input schemas', async () => {
    const { status, body } = await api<{ type: string; inputSchema: { required: string[] } }[]>(
      'GET',
      '/processes/types',
    );
    expect(status).toBe(200);
    const onboarding = body.find((t) => t.type === 'customer-onboarding');
    expect(onboarding?.inputSchema.required).toEqual(expect.arrayContaining(['name', 'email']));
  });
});
