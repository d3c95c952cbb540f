import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { CrmActivities } from '@throughline/activities/crm';
import { activitiesOf } from '../support/activities';
import {
  type RunningApp,
  startApp,
  startStack,
  type TestStack,
  unreachableBackends,
} from '../support/apps';
import { closeSql } from '../support/db';
import { caller, type DemoRole, demoKeys } from '../support/http';
import { convertedCustomer } from '../crm/crm-fixtures';
import { ErpHarness } from '../erp/erp-fixtures';
import { customerWithHistory, type CustomerWithHistory } from './customer-360.fixtures';

interface Missing {
  system: 'crm' | 'erp';
  reason: string;
}

interface View {
  customerNo: string;
  name: string;
  crm: {
    account: { customerNo: string; email: string };
    serviceLevel: string;
    slaHours: number;
    assets: { serialNo: string; warrantyEndsOn: string; nextMaintenanceOn?: string }[];
    openCases: { caseNo: string }[];
    recentTimeline: { kind: string }[];
  } | null;
  erp: {
    overdueInvoices: { invoiceNo: string; daysOverdue: number }[];
    openOrders: { orderNo: string }[];
    exposureMinor: number;
  } | null;
  missing: Missing[];
}

interface Problem {
  status: number;
  code: string;
  detail: string;
  missing?: Missing[];
  errors?: { field: string; message: string }[];
}

/** The roles that see the customer 360 (admin may do everything). */
const viewers: readonly string[] = [
  'service-agent',
  'service-manager',
  'sales',
  'sales-manager',
  'sales-director',
  'finance',
  'ops',
  'admin',
];

/**
 * The customer 360 of the Process API, read from the real CRM and ERP over their REST APIs: the
 * whole view, the lookups of a caller, who may see it, and what it shows while a system is down,
 * slow, or does not know the customer.
 */
describe('the customer 360', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  let stack: TestStack;
  let crm: CrmActivities;
  let h: ErpHarness;
  let c: CustomerWithHistory;
  const agent = caller(() => stack.api.url, 'service-agent');

  beforeAll(async () => {
    stack = await startStack(['crm', 'erp'], {}, { logs: { destination: sink, level: 'debug' } });
    crm = activitiesOf(stack.crm!.app, CrmActivities);
    h = ErpHarness.of(stack.erp!);
    c = await customerWithHistory(crm, h);
  });

  afterAll(async () => {
    await stack?.close();
    await closeSql();
  });

  /** An API of its own, with CRM_URL / ERP_URL and more overridden; closed after `use`. */
  async function withApi(
    overrides: Record<string, string>,
    use: (call: ReturnType<typeof caller>) => Promise<void>,
  ): Promise<void> {
    const api: RunningApp = await startApp(
      'api',
      { CRM_URL: stack.crm!.url, ERP_URL: stack.erp!.url, ...overrides },
      { logs: { destination: sink, level: 'debug' } },
    );
    try {
      await use(caller(() => api.url, 'service-agent'));
    } finally {
      await api.app.close();
    }
  }

  it('shows both halves at once: account, assets, cases, timeline; overdue invoice, open order, exposure', async () => {
    const response = await agent<View>('GET', `/customers/${c.customerNo}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      customerNo: c.customerNo,
      name: c.name,
      missing: [],
      crm: {
        account: { customerNo: c.customerNo, email: c.email, phone: c.phone },
        contacts: [{ name: 'Grace Hopper' }],
        serviceLevel: 'standard',
        slaHours: 72,
        creditHold: false,
        openCases: [{ caseNo: c.caseNo, serialNo: c.serials[0], kind: 'repair', status: 'open' }],
        recentCases: [{ caseNo: c.caseNo }],
      },
      erp: {
        currency: 'EUR',
        creditHold: false,
        openBalanceMinor: c.overdueInvoiceGrossMinor,
        overdueBalanceMinor: c.overdueInvoiceGrossMinor,
        exposureMinor: c.overdueInvoiceGrossMinor + c.openOrderGrossMinor,
        overdueInvoices: [{ invoiceNo: c.overdueInvoiceNo, overdue: true, daysOverdue: 30 }],
        openOrderCount: 1,
        openOrders: [{ orderNo: c.openOrderNo, status: 'confirmed' }],
        recentInvoices: [{ invoiceNo: c.overdueInvoiceNo }],
      },
    });
    const { crm: crmPart, erp: erpPart } = response.body;
    expect(crmPart!.assets.map((a) => a.serialNo).sort()).toEqual([...c.serials].sort());
    for (const asset of crmPart!.assets) {
      expect(asset).toMatchObject({ inWarranty: true });
      // Delivered 60 days ago: 24 months' warranty, maintenance due 6 months after delivery.
      expect(asset.warrantyEndsOn > asset.nextMaintenanceOn!).toBe(true);
      expect(asset.nextMaintenanceOn! > new Date().toISOString().slice(0, 10)).toBe(true);
    }
    expect(crmPart!.recentTimeline[0].kind).toBe('case-opened');
    expect(erpPart!.exposureMinor).toBeGreaterThan(0);
    // Nothing of the systems' internals: no ids, no timeline details.
    expect(crmPart!.account).not.toHaveProperty('id');
    expect(crmPart!.recentTimeline[0]).not.toHaveProperty('details');
  });

  it('finds the caller by phone in any formatting, by e-mail in any case, or by an asset serial', async () => {
    const otherFormat = c.phone.replace(/^\+49 30 /, '+49-(30)-');
    for (const query of [
      `phone=${encodeURIComponent(otherFormat)}`,
      `email=${encodeURIComponent(c.email.toUpperCase())}`,
      `serial=${encodeURIComponent(c.serials[1])}`,
    ]) {
      const response = await agent<View>('GET', `/customers?${query}`);
      expect({ query, status: response.status }).toEqual({ query, status: 200 });
      expect(response.body).toMatchObject({
        customerNo: c.customerNo,
        missing: [],
        crm: { openCases: [{ caseNo: c.caseNo }] },
        erp: { overdueInvoices: [{ invoiceNo: c.overdueInvoiceNo }] },
      });
    }
    // The same digits without the leading + are another number.
    const national = await agent<Problem>(
      'GET',
      `/customers?phone=${encodeURIComponent(c.phone.slice(1))}`,
    );
    expect([national.status, national.body.code]).toEqual([404, 'customer-not-found']);
  });

  it.each(Object.keys(demoKeys) as DemoRole[])(
    'as %s: the view if the role may see it, else 403',
    async (role) => {
      const as = caller(() => stack.api.url, role);
      for (const path of [`/customers/${c.customerNo}`, `/customers?serial=${c.serials[0]}`]) {
        const response = await as<Problem>('GET', path);
        if (viewers.includes(role)) {
          expect({ role, path, status: response.status }).toEqual({ role, path, status: 200 });
        } else {
          expect({ role, path, status: response.status, code: response.body.code }).toEqual({
            role,
            path,
            status: 403,
            code: 'forbidden',
          });
        }
      }
    },
  );

  it('takes exactly one of phone, email and serial, and a customer number', async () => {
    for (const path of [
      '/customers',
      '/customers?phone=%2B4930123456&email=a%40example.com',
      '/customers?nickname=Grace',
      '/customers?phone=%2B49%2030',
      '/customers?email=',
      '/customers/42',
    ]) {
      const response = await agent<Problem>('GET', path);
      expect({ path, status: response.status, code: response.body.code }).toEqual({
        path,
        status: 400,
        code: 'validation',
      });
    }
  });

  it('is 404 problem+json when neither system knows the customer', async () => {
    for (const path of [
      '/customers/C-999999999',
      '/customers?phone=%2B1%20555%200100%20999',
      '/customers?email=nobody-360%40example.com',
      '/customers?serial=SN-NOBODY',
    ]) {
      const response = await agent<Problem>('GET', path);
      expect({ path, status: response.status, code: response.body.code }).toEqual({
        path,
        status: 404,
        code: 'customer-not-found',
      });
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('shows what exists when only one system knows the customer, naming the other not-found', async () => {
    const { account } = await convertedCustomer(crm);
    const crmOnly = await agent<View>('GET', `/customers/${account.customerNo}`);
    expect(crmOnly.status).toBe(200);
    expect(crmOnly.body).toMatchObject({
      customerNo: account.customerNo,
      name: account.name,
      crm: { account: { customerNo: account.customerNo } },
      erp: null,
      missing: [{ system: 'erp', reason: 'not-found' }],
    });

    const erpOnly = await h.customer({ customerNo: `C-9${Date.now().toString().slice(-8)}` });
    const byNo = await agent<View>('GET', `/customers/${erpOnly}`);
    expect(byNo.status).toBe(200);
    expect(byNo.body).toMatchObject({
      customerNo: erpOnly,
      name: `Test Customer ${erpOnly}`,
      crm: null,
      erp: { creditHold: false, overdueInvoices: [], openOrders: [] },
      missing: [{ system: 'crm', reason: 'not-found' }],
    });
    // The CRM does not know the e-mail; the ERP's customer master has it.
    const byEmail = await agent<View>(
      'GET',
      `/customers?email=${encodeURIComponent(`${erpOnly.toLowerCase()}@example.com`)}`,
    );
    expect(byEmail.status).toBe(200);
    expect(byEmail.body).toMatchObject({
      customerNo: erpOnly,
      missing: [{ system: 'crm', reason: 'not-found' }],
    });
  });

  it('with the ERP down: 200 with the CRM part, the ERP named unavailable', async () => {
    await withApi({ ERP_URL: unreachableBackends.ERP_URL }, async (call) => {
      for (const path of [
        `/customers/${c.customerNo}`,
        `/customers?phone=${encodeURIComponent(c.phone)}`,
      ]) {
        const response = await call<View>('GET', path);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect(response.body).toMatchObject({
          customerNo: c.customerNo,
          crm: { openCases: [{ caseNo: c.caseNo }] },
          erp: null,
          missing: [{ system: 'erp', reason: 'unavailable' }],
        });
      }
    });
  });

  it('with the CRM down: 200 with the ERP part (found by number, e-mail or serial); a phone only the CRM resolves', async () => {
    await withApi({ CRM_URL: unreachableBackends.CRM_URL }, async (call) => {
      for (const path of [
        `/customers/${c.customerNo}`,
        `/customers?email=${encodeURIComponent(c.email)}`,
        `/customers?serial=${encodeURIComponent(c.serials[0])}`,
      ]) {
        const response = await call<View>('GET', path);
        expect({ path, status: response.status }).toEqual({ path, status: 200 });
        expect(response.body).toMatchObject({
          customerNo: c.customerNo,
          name: c.name,
          crm: null,
          erp: { overdueInvoices: [{ invoiceNo: c.overdueInvoiceNo }] },
          missing: [{ system: 'crm', reason: 'unavailable' }],
        });
      }
      const byPhone = await call<Problem>('GET', `/customers?phone=${encodeURIComponent(c.phone)}`);
      expect(byPhone.status).toBe(503);
      expect(byPhone.headers.get('retry-after')).toBe('5');
      expect(byPhone.body).toMatchObject({
        code: 'customer-360-unavailable',
        missing: [{ system: 'crm', reason: 'unavailable' }],
      });
    });
  });

  it('with both down: 503 naming both, never a 500', async () => {
    await withApi(
      { CRM_URL: unreachableBackends.CRM_URL, ERP_URL: unreachableBackends.ERP_URL },
      async (call) => {
        const response = await call<Problem>('GET', `/customers/${c.customerNo}`);
        expect(response.status).toBe(503);
        expect(response.body).toMatchObject({
          code: 'customer-360-unavailable',
          missing: [
            { system: 'crm', reason: 'unavailable' },
            { system: 'erp', reason: 'unavailable' },
          ],
        });
      },
    );
  });

  it('does not wait for a system that does not answer: the part is missing with reason timeout', async () => {
    // Accepts connections and never answers.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      await withApi({ ERP_URL: silentUrl, CUSTOMER_360_TIMEOUT_MS: '300' }, async (call) => {
        const started = Date.now();
        const response = await call<View>('GET', `/customers/${c.customerNo}`);
        expect(Date.now() - started).toBeLessThan(1500);
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({
          crm: { account: { customerNo: c.customerNo } },
          erp: null,
          missing: [{ system: 'erp', reason: 'timeout' }],
        });
      });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('logs neither the e-mails nor the phone numbers it was asked for', () => {
    const log = lines.join('\n').toLowerCase();
    expect(log).toContain('/customers?email=[redacted]');
    expect(log).not.toContain(c.email.toLowerCase());
    expect(log).not.toContain(encodeURIComponent(c.email).toLowerCase());
    const localNumber = c.phone.slice(-7);
    expect(log).not.toContain(localNumber);
  });
});
