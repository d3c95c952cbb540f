import { CrmActivities } from '@throughline/activities/crm';
import { activitiesOf } from '../support/activities';
import { startApp, type RunningApp } from '../support/apps';
import { closeSql, sql } from '../support/db';
import { caller } from '../support/http';
import { convertedCustomer, count, invariantViolations, unique, uniqueEmail } from './crm-fixtures';

interface AdminChange {
  entityType: string;
  entityId: string;
  action: string;
  actor: string;
  at: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

interface PageBody<T = Record<string, unknown>> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

describe('the CRM REST API', () => {
  let app: RunningApp;
  let crm: CrmActivities;
  // Each call as a role that may make it, reads as the read-only auditor
  // (test/platform/service-auth.test.ts tries every role on every route).
  const reader = caller(() => app.url, 'auditor');
  const sales = caller(() => app.url, 'sales');
  const admin = caller(() => app.url, 'admin');

  beforeAll(async () => {
    app = await startApp('crm');
    crm = activitiesOf(app.app, CrmActivities);
  });

  afterAll(async () => {
    expect(await invariantViolations(app.app)).toEqual([]);
    await app?.app.close();
    await closeSql();
  });

  describe('leads', () => {
    it('captures a lead from the web form once per open email: 201, then 200 with the same lead', async () => {
      const email = uniqueEmail('rest');
      const body = {
        source: 'web',
        contactName: 'Web Visitor',
        email,
        phone: '+49 30 9999999',
        itemsOfInterest: ['PUMP-100'],
      };
      const created = await sales<{ id: string; leadNo: string }>('POST', '/leads', {
        json: body,
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(`/leads/${created.body.id}`);
      const again = await sales<{ id: string }>('POST', '/leads', {
        json: { ...body, email: email.toUpperCase() },
      });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(created.body.id);

      const detail = await reader('GET', `/leads/${created.body.leadNo}`);
      expect(detail.body).toMatchObject({ id: created.body.id, email, status: 'new' });
      const found = await reader<PageBody>(
        'GET',
        `/leads?search=${encodeURIComponent('9999999')}&status=new`,
      );
      expect(found.body.items.map((l) => l.id)).toContain(created.body.id);
    });

    // Bodies built around a unique email and name, so "nothing recorded" is checked on exactly
    // what this request could have written while other suites write leads in parallel.
    it.each<[string, (email: string, name: string) => unknown]>([
      [
        'an unknown field',
        (email, name) => ({ source: 'web', contactName: name, email, admin: true }),
      ],
      ['a missing contact name', (email) => ({ source: 'web', email })],
      ['an invalid email', (_, name) => ({ source: 'web', contactName: name, email: name })],
      ['an unknown source', (email, name) => ({ source: 'fax', contactName: name, email })],
      [
        'a fractional value',
        (email, name) => ({ source: 'web', contactName: name, email, estimatedValueMinor: 10.5 }),
      ],
      [
        'a negative value',
        (email, name) => ({ source: 'web', contactName: name, email, estimatedValueMinor: -1 }),
      ],
      ['a body that is not an object', (email, name) => ['web', name, email]],
    ])('refuses %s with 400 problem+json and records nothing', async (_, makeBody) => {
      const email = uniqueEmail('bad');
      const name = unique('bad-input');
      const response = await sales<{ code: string }>('POST', '/leads', {
        json: makeBody(email, name),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body.code).toBe('validation');
      expect(
        await count('lead', 'email in ($1, lower($2)) or contact_name = $2', [email, name]),
      ).toBe(0);
    });

    // PostgreSQL refuses NUL in text: such a lead failed with 500 (and in a process, for ever).
    it.each<[string, string, (email: string, name: string) => Record<string, unknown>]>([
      ['NUL in the company', 'company', () => ({ company: 'Evil\u0000Corp' })],
      ['NUL in the contact name', 'contactName', (_, name) => ({ contactName: `${name}\u0000` })],
      ['a line break in the company', 'company', () => ({ company: 'Evil\nCorp' })],
      [
        'a C1 control in the contact name',
        'contactName',
        (_, n) => ({ contactName: `${n}\u009b` }),
      ],
      ['an unpaired surrogate in the company', 'company', () => ({ company: 'Evil \uDC00 Corp' })],
      [
        'NUL in an item of interest',
        'itemsOfInterest.1',
        () => ({ itemsOfInterest: ['A', 'B\u0000'] }),
      ],
      ['NUL in the phone', 'phone', () => ({ phone: '+49 30\u0000123456' })],
    ])('refuses %s with 400 naming %s and records nothing', async (_, field, change) => {
      const email = uniqueEmail('text');
      const name = unique('text-input');
      const response = await sales<{ code: string; errors: { field: string }[] }>(
        'POST',
        '/leads',
        { json: { source: 'web', contactName: name, email, ...change(email, name) } },
      );
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation');
      expect(response.body.errors.map((e) => e.field)).toEqual([field]);
      expect(await count('lead', 'email = $1', [email])).toBe(0);
    });

    it('refuses malformed JSON and non-JSON bodies', async () => {
      const email = uniqueEmail('malformed');
      const malformed = await sales('POST', '/leads', {
        body: `{"source":"web","contactName":"M","email":"${email}"`,
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.status).toBe(400);
      const text = await sales('POST', '/leads', {
        body: `source=web&contactName=M&email=${email}`,
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.status).toBe(415);
      expect(await count('lead', 'email = $1', [email])).toBe(0);
    });

    it('refuses bad list parameters with 400', async () => {
      for (const query of ['status=won', 'limit=0', 'limit=abc', 'offset=-1', 'unknown=1']) {
        expect((await reader('GET', `/leads?${query}`)).status).toBe(400);
      }
    });
  });

  describe('accounts, opportunities, quotes, cases and assets', () => {
    it('lists and shows a converted customer everywhere, with the account timeline', async () => {
      const { account, opportunity } = await convertedCustomer(crm);
      const quote = await crm.createQuote({
        quoteKey: `quote:${opportunity.opportunityNo}:1`,
        opportunityId: opportunity.id,
        currency: 'EUR',
        taxRatePercent: 19,
        validUntil: new Date(Date.now() + 86_400_000).toISOString(),
        lines: [{ sku: 'PUMP-100', quantity: 2, unitPriceMinor: 49_999, discountPercent: 5 }],
      });
      const serialNo = unique('SN');
      // Delivered a month ago with a year of warranty: in warranty whatever day this runs.
      const deliveredOn = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      await crm.registerAssets({
        customerNo: account.customerNo,
        shipmentNo: unique('SH'),
        items: [
          {
            serialNo,
            sku: 'PUMP-100',
            itemName: 'Pump 100',
            deliveredOn,
            warrantyMonths: 12,
          },
        ],
      });
      const serviceCase = await crm.openCase({
        intakeKey: unique('call'),
        customerNo: account.customerNo,
        serialNo,
        kind: 'warranty-claim',
        symptom: 'Motor hums',
      });

      const accountDetail = await reader<{
        customerNo: string;
        contacts: unknown[];
        timeline: { kind: string; position: number }[];
      }>('GET', `/accounts/${account.customerNo}`);
      expect(accountDetail.status).toBe(200);
      expect(accountDetail.body.contacts).toHaveLength(1);
      expect(accountDetail.body.timeline.map((e) => e.kind)).toEqual([
        'case-opened',
        'assets-handed-over',
        'lead-converted',
      ]);
      expect(accountDetail.body.timeline.map((e) => e.position)).toEqual([3, 2, 1]);

      const byPhone = await reader<PageBody>(
        'GET',
        `/accounts?search=${encodeURIComponent(account.phone!)}`,
      );
      expect(byPhone.body.items.map((a) => a.customerNo)).toEqual([account.customerNo]);
      const byName = await reader<PageBody>(
        'GET',
        `/accounts?search=${encodeURIComponent(account.name.toLowerCase())}&serviceLevel=standard&creditHold=false`,
      );
      expect(byName.body.items.map((a) => a.customerNo)).toEqual([account.customerNo]);
      const byEmail = await reader<PageBody>(
        'GET',
        `/accounts?search=${encodeURIComponent(account.email)}`,
      );
      expect(byEmail.body.total).toBe(1);

      const opportunities = await reader<PageBody>(
        'GET',
        `/opportunities?customerNo=${account.customerNo}&stage=proposal`,
      );
      expect(opportunities.body.items.map((o) => o.id)).toEqual([opportunity.id]);
      const opportunityDetail = await reader<{ quotes: { id: string }[] }>(
        'GET',
        `/opportunities/${opportunity.opportunityNo}`,
      );
      expect(opportunityDetail.body.quotes.map((q) => q.id)).toEqual([quote.id]);

      const quotes = await reader<PageBody>(
        'GET',
        `/quotes?customerNo=${account.customerNo}&status=draft`,
      );
      expect(quotes.body.items).toHaveLength(1);
      const quoteDetail = await reader('GET', `/quotes/${quote.quoteNo}`);
      expect(quoteDetail.body).toMatchObject({
        totalMinor: quote.totalMinor,
        lines: [{ sku: 'PUMP-100', grossMinor: 99_998, discountMinor: 5000 }],
      });

      const cases = await reader<PageBody>(
        'GET',
        `/cases?customerNo=${account.customerNo}&status=open&kind=warranty-claim`,
      );
      expect(cases.body.items.map((c) => c.caseNo)).toEqual([serviceCase.caseNo]);
      const caseDetail = await reader('GET', `/cases/${serviceCase.caseNo}`);
      expect(caseDetail.body).toMatchObject({ serialNo, inWarranty: true, status: 'open' });

      const assets = await reader<PageBody>('GET', `/assets?search=${serialNo}`);
      expect(assets.body.items.map((a) => a.serialNo)).toEqual([serialNo]);
      expect((await reader('GET', `/assets/${serialNo}`)).body).toMatchObject({
        customerNo: account.customerNo,
      });
    });

    it('pages through lists', async () => {
      for (let i = 0; i < 3; i += 1)
        await crm.captureLead({
          source: 'dealer',
          contactName: `Pager ${i}`,
          email: uniqueEmail('pager'),
        });
      const first = await reader<PageBody>('GET', '/leads?source=dealer&limit=2&offset=0');
      const second = await reader<PageBody>('GET', '/leads?source=dealer&limit=2&offset=2');
      expect(first.body.items).toHaveLength(2);
      expect(first.body.total).toBeGreaterThanOrEqual(3);
      expect(second.body.offset).toBe(2);
      const ids = [...first.body.items, ...second.body.items].map((l) => l.id);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it.each([
      '/accounts/C-999999',
      '/leads/L-999999',
      '/opportunities/OP-999999',
      '/quotes/Q-999999',
      '/cases/CS-999999',
      '/assets/NO-SUCH',
      '/dealers/NO-SUCH',
      // 36 characters that look like a uuid to a loose check but are none.
      `/dealers/${'-'.repeat(36)}`,
      `/assets/${'a'.repeat(36)}`,
    ])('answers 404 problem+json for %s', async (path) => {
      const response = await reader<{ status: number; code: string }>('GET', path);
      expect(response.status).toBe(404);
      expect(response.body.code).toMatch(/-not-found$/);
    });
    it.each([
      '/accounts/C-%00',
      '/leads/L-%00',
      '/opportunities/OP%0A1',
      '/quotes/Q-%C2%85',
      '/cases/CS%00',
      '/assets/SN%00',
      '/dealers/D%00',
    ])('answers 404 problem+json for %s (a control character names nothing)', async (path) => {
      const response = await reader<{ status: number; code: string }>('GET', path);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not-found');
    });

    it('refuses a filter with a control character with 400 naming it', async () => {
      for (const [path, field] of [
        ['/dealers?city=Ber%00lin', 'city'],
        ['/cases?dealerCode=D%00', 'dealerCode'],
        ['/assets?sku=A%0AB', 'sku'],
      ]) {
        const response = await reader<{ errors: { field: string }[] }>('GET', path);
        expect(response.status).toBe(400);
        expect(response.body.errors.map((e) => e.field)).toEqual([field]);
      }
    });
  });

  describe('the customer profile (the CRM half of the customer 360)', () => {
    it('shows the profile by customerNo and finds it by phone, e-mail or asset serial number', async () => {
      const { account } = await convertedCustomer(crm);
      const serialNo = unique('SN');
      const deliveredOn = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
      await crm.registerAssets({
        customerNo: account.customerNo,
        shipmentNo: unique('SH'),
        items: [
          {
            serialNo,
            sku: 'PUMP-100',
            itemName: 'Pump 100',
            deliveredOn,
            warrantyMonths: 12,
            maintenanceIntervalMonths: 6,
          },
        ],
      });
      await crm.openCase({
        intakeKey: unique('call'),
        customerNo: account.customerNo,
        serialNo,
        kind: 'repair',
        symptom: 'Leaks',
      });
      const profile = await reader<{
        account: { customerNo: string };
        slaHours: number;
        assets: { serialNo: string; warrantyEndsOn: string; nextMaintenanceOn: string }[];
        openCases: { serialNo: string }[];
        recentTimeline: { kind: string }[];
      }>('GET', `/accounts/${account.customerNo}/profile`);
      expect(profile.status).toBe(200);
      expect(profile.body).toMatchObject({
        account: { customerNo: account.customerNo },
        serviceLevel: 'standard',
        slaHours: 72,
        assets: [{ serialNo, inWarranty: true }],
        openCases: [{ serialNo, kind: 'repair' }],
      });
      expect(profile.body.assets[0].nextMaintenanceOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(profile.body.recentTimeline[0].kind).toBe('case-opened');

      // "+49 30 1234567" stored; asked as "+49-(30)-1234567": the same digits and the leading +.
      const phone = account.phone!.replace(/^\+49 30 /, '+49-(30)-');
      for (const query of [
        `phone=${encodeURIComponent(phone)}`,
        `email=${encodeURIComponent(account.email.toUpperCase())}`,
        `serialNo=${encodeURIComponent(serialNo)}`,
      ]) {
        const found = await reader('GET', `/accounts/profile?${query}`);
        expect({ query, status: found.status, body: found.body }).toMatchObject({
          query,
          status: 200,
          body: { account: { customerNo: account.customerNo } },
        });
      }
      // Without the leading + it is another number.
      const national = await reader<{ code: string; detail: string }>(
        'GET',
        `/accounts/profile?phone=${encodeURIComponent(account.phone!.slice(1))}`,
      );
      expect(national.status).toBe(404);
      expect(national.body.code).toBe('account-not-found');
      expect(national.body.detail).not.toContain(account.phone!.slice(4));
    });

    it('takes exactly one of phone, email and serialNo, and says when no account matches', async () => {
      for (const query of ['', 'phone=%2B49&email=a%40example.com', 'phone=12', 'nickname=x']) {
        const response = await reader<{ code: string }>('GET', `/accounts/profile?${query}`);
        expect({ query, status: response.status, code: response.body.code }).toEqual({
          query,
          status: 400,
          code: 'validation',
        });
      }
      const unknown = await reader<{ code: string }>('GET', '/accounts/C-999999999/profile');
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('account-not-found');
      const noSerial = await reader<{ code: string }>(
        'GET',
        `/accounts/profile?serialNo=${unique('SN')}`,
      );
      expect(noSerial.status).toBe(404);
    });
  });

  describe('dealers and their administration', () => {
    const dealer = (code: string): Record<string, unknown> => ({
      code,
      name: 'Bremen Service',
      city: 'Bremen',
      latitude: 53.0793,
      longitude: 8.8017,
      capabilities: ['repair', 'maintenance'],
      serviceLevels: ['standard', 'gold'],
      openCapacity: 3,
    });

    it('creates, changes, lists and shows a dealer; a second dealer with the code is 409', async () => {
      const code = unique('D-HB').toUpperCase();
      const created = await admin('POST', '/admin/dealers', { json: dealer(code) });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code, active: true, openCapacity: 3 });
      const duplicate = await admin<{ code: string }>('POST', '/admin/dealers', {
        json: dealer(code),
      });
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('dealer-exists');

      const changed = await admin('PATCH', `/admin/dealers/${code}`, {
        json: { openCapacity: 7, serviceLevels: ['gold', 'platinum'] },
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ openCapacity: 7, serviceLevels: ['gold', 'platinum'] });

      const listed = await reader<PageBody>(
        'GET',
        `/dealers?city=bremen&capability=repair&serviceLevel=platinum&active=true&search=${code}`,
      );
      expect(listed.body.items.map((d) => d.code)).toEqual([code]);
      expect((await reader('GET', `/dealers/${code}`)).body).toMatchObject({
        name: 'Bremen Service',
      });
      expect(
        (await admin('PATCH', '/admin/dealers/D-NO-SUCH', { json: { openCapacity: 1 } })).status,
      ).toBe(404);
    });

    it('audits every change of a dealer: who, when, before and after; others may not change one', async () => {
      const code = unique('D-AU').toUpperCase();
      const started = Date.now();
      expect((await admin('POST', '/admin/dealers', { json: dealer(code) })).status).toBe(201);
      expect(
        (await admin('PATCH', `/admin/dealers/${code}`, { json: { openCapacity: 9 } })).status,
      ).toBe(200);
      // The same value again changes nothing and records nothing; the duplicate is refused.
      await admin('PATCH', `/admin/dealers/${code}`, { json: { openCapacity: 9 } });
      expect((await admin('POST', '/admin/dealers', { json: dealer(code) })).status).toBe(409);
      for (const role of ['sales', 'ops', 'auditor', 'service'] as const) {
        const refused = await caller(() => app.url, role)('PATCH', `/admin/dealers/${code}`, {
          json: { openCapacity: 0 },
        });
        expect(refused.status).toBe(403);
      }

      const history = await reader<PageBody<AdminChange>>(
        'GET',
        `/admin/changes?entityType=dealer&entityId=${code}`,
      );
      expect(history.status).toBe(200);
      expect(history.body.items.map((c) => [c.action, c.actor])).toEqual([
        ['update', 'ada.admin'],
        ['create', 'ada.admin'],
      ]);
      const [update, create] = history.body.items;
      expect(create.before).toBeNull();
      expect(create.after).toMatchObject({ code, openCapacity: 3, active: true });
      expect(update.before).toMatchObject({ code, openCapacity: 3 });
      expect(update.after).toMatchObject({ code, openCapacity: 9 });
      expect(Date.parse(update.at)).toBeGreaterThanOrEqual(started - 1000);
      expect((await reader('GET', `/dealers/${code}`)).body).toMatchObject({ openCapacity: 9 });
      // The trail is append-only.
      await expect(
        sql(`update crm.admin_change set actor = 'someone' where entity_id = $1`, [code]),
      ).rejects.toThrow(/audit trail/);
    });

    it.each<[string, (code: string) => Record<string, unknown>]>([
      ['an unknown field', (code) => ({ ...dealer(code), rating: 5 })],
      ['a latitude off the globe', (code) => ({ ...dealer(code), latitude: 91 })],
      ['an unknown capability', (code) => ({ ...dealer(code), capabilities: ['painting'] })],
      ['no service level', (code) => ({ ...dealer(code), serviceLevels: [] })],
      ['a negative capacity', (code) => ({ ...dealer(code), openCapacity: -1 })],
      ['a lower-case code', (code) => ({ ...dealer(code), code: code.toLowerCase() })],
      ['a missing name', (code) => ({ ...dealer(code), name: undefined })],
      ['NUL in the name', (code) => ({ ...dealer(code), name: 'Bremen\u0000Service' })],
      ['a line break in the city', (code) => ({ ...dealer(code), city: 'Bre\nmen' })],
    ])('refuses a new dealer with %s: 400 and nothing created', async (_, make) => {
      const code = unique('D-BAD').toUpperCase();
      const response = await admin<{ code: string }>('POST', '/admin/dealers', {
        json: make(code),
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation');
      expect(await count('dealer', 'upper(code) = $1', [code])).toBe(0);
    });

    it.each<[string, unknown]>([
      ['an empty change', {}],
      ['a change of the code', { code: 'D-OTHER' }],
      ['a negative capacity', { openCapacity: -5 }],
      ['a capacity of the wrong type', { openCapacity: 'many' }],
      ['active as a string', { active: 'yes' }],
      ['NUL in the name', { name: 'Bremen\u0000Service' }],
    ])('refuses a dealer change with %s: 400 and the dealer unchanged', async (_, change) => {
      const code = unique('D-KEEP').toUpperCase();
      await admin('POST', '/admin/dealers', { json: dealer(code) });
      const [before] = await sql(`select * from crm.dealer where code = $1`, [code]);
      const response = await admin('PATCH', `/admin/dealers/${code}`, { json: change });
      expect(response.status).toBe(400);
      const [after] = await sql(`select * from crm.dealer where code = $1`, [code]);
      expect(after).toEqual(before);
    });

    it('proposes candidate dealers for a customer, nearest first', async () => {
      const { account } = await convertedCustomer(crm, {
        latitude: 53.0758,
        longitude: 8.8072,
        city: 'Bremen',
      });
      const code = unique('D-HB').toUpperCase();
      await admin('POST', '/admin/dealers', {
        json: { ...dealer(code), latitude: 53.076, longitude: 8.807 },
      });
      const response = await reader<{ code: string; distanceKm: number }[]>(
        'GET',
        `/dealers/candidates?customerNo=${account.customerNo}&capability=repair`,
      );
      expect(response.status).toBe(200);
      expect(response.body[0]).toMatchObject({ code });
      expect(response.body[0].distanceKm).toBeLessThan(1);
      expect(
        (
          await reader(
            'GET',
            `/dealers/candidates?customerNo=${account.customerNo}&capability=flying`,
          )
        ).status,
      ).toBe(400);
    });
  });
});
