import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { eventually } from '../support/apps';
import { closeSql } from '../support/db';
import { demoKeys, http } from '../support/http';
import { closeTemporalClient, terminateRunningProcesses } from '../support/temporal';
import { LeadToCashHarness } from '../processes/lead-to-cash.harness';

/**
 * The log of a whole run, at debug level, holds no credential and no personal data: four apps
 * (and the Temporal SDK's own logger) write into one captured stream while a lead to cash runs to
 * paid, an onboarding step fails and is retried, and callers send keys in query strings, wrong
 * keys, e-mail addresses in paths and bodies. Then the log is searched for every seeded value.
 */
describe('logs hold no keys and no personal data', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  let h: LeadToCashHarness;
  const tag = randomUUID().slice(0, 8);
  const phone = `+49 40 ${(Number.parseInt(tag.slice(0, 6), 16) % 9_000_000) + 1_000_000}`;
  const wrongKey = `tl_wrong_${randomUUID()}`;

  beforeAll(async () => {
    h = await LeadToCashHarness.start(
      ['crm', 'erp', 'orchestrator'],
      // An onboarding whose e-mail names upsertCustomer sees that step fail twice, logged as such.
      { FAULT_ACTIVITY_FAILURES: '2' },
      { logs: { destination: sink, level: 'debug' } },
    );
  });

  afterAll(async () => {
    await terminateRunningProcesses('log privacy suite finished');
    await h?.close();
    await closeSql();
    await closeTemporalClient();
  });

  it('after a full lead to cash, a retried failure and hostile requests', async () => {
    const { sku } = await h.stockedItem(5);
    const input = h.request([{ sku, quantity: 1 }]);
    input.lead.phone = phone;
    const started = await h.start(input);
    await h.accept(started.id);
    await h.deliverInTransit(started.id);
    await h.payAll(started.id);
    expect((await h.closed(started.id)).status).toBe('completed');

    const onboarding = {
      name: `Privacy ${tag} Ltd`,
      email: `fault-upsertCustomer-${tag}@example.com`,
      phone,
    };
    const onboarded = await h.call('sales', 'POST', '/processes/customer-onboarding', onboarding);
    expect(onboarded.status).toBe(201);
    expect((await h.closed(onboarded.body.id)).status).toBe('completed');

    const api = h.stack.api.url;
    // A key and an e-mail in the query string, an e-mail in the path, a wrong key, a body the
    // API refuses with the e-mail in it.
    const hostile = [
      await http(
        api,
        'GET',
        `/processes?api_key=${demoKeys.ops}&email=${encodeURIComponent(input.lead.email)}`,
        { as: 'ops' },
      ),
      await http(api, 'GET', `/processes/customer-onboarding:${input.lead.email}`, { as: 'ops' }),
      await http(api, 'GET', '/processes', { headers: { authorization: `Bearer ${wrongKey}` } }),
      await http(api, 'GET', '/tasks', { headers: { 'x-api-key': wrongKey } }),
      await http(api, 'POST', '/processes/customer-onboarding', {
        as: 'sales',
        json: { ...onboarding, phone: 12 },
      }),
    ];
    // (api_key is no parameter of the list: 400, logged like any other request)
    expect(hostile.map((r) => r.status)).toEqual([400, 404, 401, 401, 400]);

    // The request log lines are written when the response is; give the last ones a moment.
    await eventually('the hostile requests in the log', async () =>
      lines.filter((line) => line.includes('"statusCode":401')).length >= 2 ? true : undefined,
    );
    const log = lines.join('\n');
    // The capture saw the run: requests, the failing step, the SDK's own lines.
    expect(lines.length).toBeGreaterThan(50);
    expect(log).toContain('"app":"orchestrator"');
    expect(log).toContain('injected fault');
    expect(log).toContain('api_key=[redacted]');

    const secrets = [...Object.values(demoKeys), wrongKey];
    const personal = [
      input.lead.email,
      input.lead.company,
      input.lead.contactName,
      onboarding.email,
      onboarding.name,
      phone,
      phone.replace(/\s/g, ''),
    ].filter((value): value is string => Boolean(value));
    const lower = log.toLowerCase();
    const found = [...secrets, ...personal].filter((value) => lower.includes(value.toLowerCase()));
    const where = found.map((value) =>
      lines.find((line) => line.toLowerCase().includes(value.toLowerCase())),
    );
    expect({ found, where }).toEqual({ found: [], where: [] });
  });
});
