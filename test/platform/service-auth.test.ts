import type { NestExpressApplication } from '@nestjs/platform-express';
import { PARTNER_ROLES, ROLES, type Role } from '@throughline/contracts';
import { PriceListService } from '@throughline/erp';
import { startApp, type RunningApp } from '../support/apps';
import { closeSql, sql } from '../support/db';
import { caller, type DemoRole, demoKeys, http } from '../support/http';
import { ErpHarness, places, unique } from '../erp/erp-fixtures';

/**
 * Every service authenticates (issue 12): every route of the CRM and ERP, as the running Nest
 * router has them, anonymously and with every role. The tables are the policy of
 * docs/security.md; a route that is not in its table fails the suite, so none can be added and
 * forgotten.
 */

/**
 * `public`, every internal role (`any`: every key but a partner's, a dealer's, which no CRM or
 * ERP route takes), or the roles besides admin that may call.
 */
type Access = 'public' | 'any' | readonly Role[];

const admin: readonly Role[] = [];
const leadCapturers: readonly Role[] = [
  'sales',
  'sales-manager',
  'sales-director',
  'service-agent',
  'service',
];

/** The customer profile: every role but a dealer's key. */
const profileReaders: readonly Role[] = ROLES.filter((role) => role !== 'dealer');

const crmPolicy: Record<string, Access> = {
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /accounts': 'any',
  'GET /accounts/profile': profileReaders,
  'GET /accounts/:customerNo': 'any',
  'GET /accounts/:customerNo/profile': profileReaders,
  'POST /leads': leadCapturers,
  'GET /leads': 'any',
  'GET /leads/:id': 'any',
  'GET /opportunities': 'any',
  'GET /opportunities/:id': 'any',
  'GET /quotes': 'any',
  'GET /quotes/:id': 'any',
  'GET /cases': 'any',
  'GET /cases/:id': 'any',
  'GET /assets': 'any',
  'GET /assets/:serialNo': 'any',
  'GET /dealers': 'any',
  'GET /dealers/candidates': 'any',
  'GET /dealers/:code': 'any',
  'POST /admin/dealers': admin,
  'PATCH /admin/dealers/:code': admin,
  'GET /admin/changes': ['auditor', 'ops'],
};

const ledgerReaders: readonly Role[] = ['finance', 'ops', 'auditor'];

const erpPolicy: Record<string, Access> = {
  'GET /health/live': 'public',
  'GET /health/ready': 'public',
  'GET /customers': 'any',
  'GET /customers/:customerNo': 'any',
  'PATCH /customers/:customerNo': admin,
  'GET /customers/:customerNo/credit': 'any',
  'GET /customers/:customerNo/summary': 'any',
  'GET /items': 'any',
  'GET /items/:sku': 'any',
  'GET /items/:sku/price': 'any',
  'POST /items': admin,
  'PATCH /items/:sku': admin,
  'GET /warehouses': 'any',
  'GET /warehouses/:code': 'any',
  'POST /warehouses': admin,
  'GET /price-lists': 'any',
  'GET /price-lists/:code': 'any',
  'POST /price-lists': admin,
  'POST /price-lists/:code/prices': admin,
  'GET /stock-levels': 'any',
  'GET /stock-ledger': 'any',
  'POST /stock-adjustments': admin,
  'GET /reservations': 'any',
  'GET /sales-orders': 'any',
  'GET /sales-orders/:orderNo': 'any',
  'GET /sales-orders/:orderNo/reservations': 'any',
  'GET /shipments': 'any',
  'GET /shipments/:shipmentNo': 'any',
  'GET /invoices': 'any',
  'GET /invoices/:invoiceNo': 'any',
  'GET /credit-notes': 'any',
  'GET /credit-notes/:creditNoteNo': 'any',
  'GET /payments': 'any',
  'GET /payments/:paymentNo': 'any',
  'GET /purchase-orders': 'any',
  'GET /purchase-orders/:poNo': 'any',
  'GET /goods-receipts': 'any',
  'GET /goods-receipts/:receiptNo': 'any',
  'GET /work-orders': 'any',
  'GET /work-orders/:workOrderNo': 'any',
  'GET /ledger/accounts': ledgerReaders,
  'GET /journal-entries': ledgerReaders,
  'GET /journal-entries/:entryNo': ledgerReaders,
  'GET /admin/invariants': ledgerReaders,
  'GET /admin/changes': ['auditor', 'finance', 'ops'],
};

const roles = Object.keys(demoKeys) as DemoRole[];

interface ExpressRoute {
  route?: { path: string; methods: Record<string, boolean> };
}

/**
 * The routes of the app's Nest controllers, from the running Express router: `GET /items/:sku`.
 * Left out: the OpenAPI routes SwaggerModule adds (/docs…, public, asserted on their own) and
 * the wildcard layers Nest binds middleware with.
 */
function routesOf(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressRoute[] } };
  return express.router.stack.flatMap(({ route }) =>
    route && !route.path.includes('*') && !route.path.startsWith('/docs')
      ? Object.keys(route.methods).map((method) => `${method.toUpperCase()} ${route.path}`)
      : [],
  );
}

function mayCall(access: Access, role: DemoRole): boolean {
  if (access === 'public' || role === 'admin') return true;
  if (access === 'any') return !PARTNER_ROLES.includes(role);
  return access.includes(role);
}

/** A request that changes nothing even when allowed: unknown ids, an empty (invalid) body. */
function probe(route: string): { method: string; path: string; json?: unknown } {
  const [method, template] = route.split(' ');
  const path = template.replace(/:[A-Za-z]+/g, 'NO-SUCH-1');
  return method === 'GET' ? { method, path } : { method, path, json: {} };
}

// One CRM and one ERP for the whole suite.
let crm: RunningApp;
let erp: ErpHarness;

beforeAll(async () => {
  crm = await startApp('crm');
  erp = ErpHarness.of(await startApp('erp'));
});

afterAll(async () => {
  await crm?.app.close();
  await erp?.close();
  await closeSql();
});

describe.each<[string, () => RunningApp, Record<string, Access>]>([
  ['CRM', () => crm, crmPolicy],
  ['ERP', () => erp.running, erpPolicy],
])('the %s REST API', (_, app, policy) => {
  let running: RunningApp;

  beforeAll(() => {
    running = app();
  });

  it('has exactly the routes of its policy table (docs/security.md)', () => {
    expect(routesOf(running.app).sort()).toEqual(Object.keys(policy).sort());
  });

  it.each(Object.entries(policy))('%s: anonymous, then every role', async (route, access) => {
    const { method, path, json } = probe(route);
    const anonymous = await http<{ code: string }>(running.url, method, path, { json });
    if (access === 'public') {
      expect([200, 503]).toContain(anonymous.status);
    } else {
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
      expect(anonymous.body.code).toBe('unauthorized');
      const unknownKey = await http(running.url, method, path, {
        json,
        headers: { 'x-api-key': 'tl_not_a_key' },
      });
      expect(unknownKey.status).toBe(401);
    }
    for (const role of roles) {
      const response = await caller(() => running.url, role)<{ code: string; detail: string }>(
        method,
        path,
        { json },
      );
      if (mayCall(access, role)) {
        expect({ role, refused: [401, 403].includes(response.status) }).toEqual({
          role,
          refused: false,
        });
      } else {
        expect({ role, status: response.status }).toEqual({ role, status: 403 });
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.body.code).toBe('forbidden');
      }
    }
  });

  it("a dealer's key reaches no route but the public ones", () => {
    for (const [route, access] of Object.entries(policy)) {
      expect({ route, dealer: mayCall(access, 'dealer') }).toEqual({
        route,
        dealer: access === 'public',
      });
    }
  });

  it('the read-only role writes nothing and every write names its roles', () => {
    for (const [route, access] of Object.entries(policy)) {
      if (route.startsWith('GET ')) continue;
      expect({ route, access }).toEqual({ route, access: expect.any(Array) });
      expect({ route, auditor: mayCall(access, 'auditor') }).toEqual({ route, auditor: false });
    }
  });

  it('serves its OpenAPI document and UI openly, with the key schemes on every operation', async () => {
    expect((await http(running.url, 'GET', '/docs')).status).toBe(200);
    const document = await http<{
      components: { securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    }>(running.url, 'GET', '/docs-json');
    expect(document.status).toBe(200);
    expect(document.body.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      'api-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-API-Key' }),
    });
    for (const [path, operations] of Object.entries(document.body.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const expected = path.startsWith('/health/') ? [] : [{ bearer: [] }, { 'api-key': [] }];
        expect({ operation: `${method} ${path}`, security: operation.security }).toEqual({
          operation: `${method} ${path}`,
          security: expected,
        });
      }
    }
  });
});

/** A valid request of every admin write, and the audit row it must leave. */
interface AdminWrite {
  path: string;
  json: Record<string, unknown>;
  entityType: string;
  entityId: string;
  /** Whether the row has a `before` (an update, a stock level), or null (a creation). */
  existed: boolean;
}

describe('administrative writes', () => {
  const asAdmin = (app: () => RunningApp) => caller(() => app().url, 'admin');

  const dealer = (code: string) => ({
    code,
    name: 'Audit Service',
    city: 'Bremen',
    latitude: 53.0793,
    longitude: 8.8017,
    capabilities: ['repair'],
    serviceLevels: ['standard'],
    openCapacity: 2,
  });

  const crmWrites: Record<string, () => Promise<AdminWrite>> = {
    'POST /admin/dealers': async () => {
      const code = unique('D-AUD');
      return {
        path: '/admin/dealers',
        json: dealer(code),
        entityType: 'dealer',
        entityId: code,
        existed: false,
      };
    },
    'PATCH /admin/dealers/:code': async () => {
      const code = unique('D-AUD');
      expect(
        (await asAdmin(() => crm)('POST', '/admin/dealers', { json: dealer(code) })).status,
      ).toBe(201);
      return {
        path: `/admin/dealers/${code}`,
        json: { openCapacity: 5 },
        entityType: 'dealer',
        entityId: code,
        existed: true,
      };
    },
  };

  const erpWrites: Record<string, () => Promise<AdminWrite>> = {
    'PATCH /customers/:customerNo': async () => {
      const customerNo = await erp.customer({ creditLimitMinor: 5_000_000 });
      return {
        path: `/customers/${customerNo}`,
        json: { creditLimitMinor: 5_000_001 },
        entityType: 'customer',
        entityId: customerNo,
        existed: true,
      };
    },
    'POST /items': async () => {
      const sku = unique('AUD');
      return {
        path: '/items',
        json: { sku, name: 'Audited item', standardCostMinor: 100, listPriceMinor: 200 },
        entityType: 'item',
        entityId: sku,
        existed: false,
      };
    },
    'PATCH /items/:sku': async () => {
      const sku = await erp.item();
      return {
        path: `/items/${sku}`,
        json: { listPriceMinor: 12_345 },
        entityType: 'item',
        entityId: sku,
        existed: true,
      };
    },
    'POST /warehouses': async () => {
      const code = unique('WA').slice(0, 11);
      return {
        path: '/warehouses',
        json: { code, name: 'Audited warehouse', location: places.potsdam },
        entityType: 'warehouse',
        entityId: code,
        existed: false,
      };
    },
    'POST /price-lists': async () => {
      const code = unique('PA').slice(0, 11);
      return {
        path: '/price-lists',
        json: { code, name: 'Audited' },
        entityType: 'price-list',
        entityId: code,
        existed: false,
      };
    },
    'POST /price-lists/:code/prices': async () => {
      const code = unique('PA').slice(0, 11);
      await erp.run(() =>
        erp.service(PriceListService).create({ code, name: 'Audited', isDefault: false }),
      );
      const sku = await erp.item();
      return {
        path: `/price-lists/${code}/prices`,
        json: { sku, unitPriceMinor: 9_999 },
        entityType: 'price-list',
        entityId: code,
        existed: false,
      };
    },
    'POST /stock-adjustments': async () => {
      const sku = await erp.item();
      const warehouse = await erp.warehouse(places.augsburg);
      return {
        path: '/stock-adjustments',
        json: {
          adjustmentKey: unique('count'),
          sku,
          warehouseCode: warehouse,
          quantity: 4,
          reason: 'count',
        },
        entityType: 'stock-level',
        entityId: `${sku}@${warehouse}`,
        // The level before: none yet, which is 0 units of no value.
        existed: true,
      };
    },
  };

  it.each<[string, Record<string, Access>, Record<string, unknown>]>([
    ['crm', crmPolicy, crmWrites],
    ['erp', erpPolicy, erpWrites],
  ])('cover every admin-only write of the %s', (_, policy, writes) => {
    const adminWrites = Object.entries(policy)
      .filter(
        ([route, access]) =>
          !route.startsWith('GET ') && Array.isArray(access) && access.length === 0,
      )
      .map(([route]) => route);
    expect(Object.keys(writes).sort()).toEqual(adminWrites.sort());
  });

  it.each([
    ...Object.entries(crmWrites).map(([route, make]) => ['crm', route, make] as const),
    ...Object.entries(erpWrites).map(([route, make]) => ['erp', route, make] as const),
  ])('%s %s leaves an audit row: admin, when, before and after', async (system, route, make) => {
    const write = await make();
    const app = system === 'crm' ? () => crm : () => erp.running;
    const trail = () =>
      sql<{ actor: string; at: Date; before: unknown; after: unknown }>(
        `select actor, at, before, after from ${system}.admin_change
          where entity_type = $1 and entity_id = $2 order by at`,
        [write.entityType, write.entityId],
      );
    const earlier = await trail();
    const started = Date.now();
    const response = await asAdmin(app)(route.split(' ')[0], write.path, { json: write.json });
    expect(response.status).toBeLessThan(300);
    const rows = await trail();
    expect(rows).toHaveLength(earlier.length + 1);
    const row = rows[rows.length - 1];
    expect(row.actor).toBe('ada.admin');
    expect(row.at.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(row.after).toEqual(expect.any(Object));
    if (write.existed) {
      expect(row.before).toEqual(expect.any(Object));
      expect(row.before).not.toEqual(row.after);
    } else {
      expect(row.before).toBeNull();
    }
  });

  it('refuses a credit limit change by anyone but admin, and it changes nothing', async () => {
    const customerNo = await erp.customer({ creditLimitMinor: 5_000_000 });
    const limit = async () =>
      (
        await sql<{ limit: string }>(
          `select credit_limit_minor as limit from erp.customer where customer_no = $1`,
          [customerNo],
        )
      )[0].limit;
    for (const role of roles.filter((r) => r !== 'admin')) {
      const refused = await caller(() => erp.url, role)<{ code: string }>(
        'PATCH',
        `/customers/${customerNo}`,
        {
          json: { creditLimitMinor: 5_000_001 },
        },
      );
      expect({ role, status: refused.status, code: refused.body.code }).toEqual({
        role,
        status: 403,
        code: 'forbidden',
      });
    }
    expect(
      (
        await http(erp.url, 'PATCH', `/customers/${customerNo}`, {
          json: { creditLimitMinor: 5_000_001 },
        })
      ).status,
    ).toBe(401);
    expect(await limit()).toBe('5000000');
    expect(await sql(`select 1 from erp.admin_change where entity_id = $1`, [customerNo])).toEqual(
      [],
    );
  });
});

describe("the Process API's service account", () => {
  /** A lead to cash that names an item the ERP does not have: it stops at the item check. */
  const request = () => ({
    lead: {
      source: 'partner',
      company: 'Key Check GmbH',
      contactName: 'Kim Check',
      email: `key-check-${unique('m').toLowerCase()}@example.com`,
    },
    address: { line1: 'Am Neuen Markt 1', city: 'Potsdam', postalCode: '14467', country: 'DE' },
    lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }],
  });

  it.each<[string, Record<string, string>, number, string]>([
    ['its service key: the ERP answers the item check', {}, 400, 'validation'],
    [
      'a key the ERP does not know: 503, and nothing starts',
      { SERVICE_API_KEY: 'tl_not_the_service_key' },
      503,
      'erp-unavailable',
    ],
  ])('calls the ERP with %s', async (_, overrides, status, code) => {
    const api = await startApp('api', {
      CRM_URL: crm.url,
      ERP_URL: erp.url,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      ...overrides,
    });
    try {
      const response = await caller(() => api.url, 'sales')<{
        code: string;
        errors?: { field: string; message: string }[];
      }>('POST', '/processes/lead-to-cash', { json: request() });
      expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
      if (status === 400) {
        expect(response.body.errors).toEqual([
          { field: 'lines.0.sku', message: 'the ERP has no item NO-SUCH-SKU' },
        ]);
      }
    } finally {
      await api.app.close();
    }
  });
});
