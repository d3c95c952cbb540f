import { MikroORM } from '@mikro-orm/postgresql';
import { crmSchemaContext } from '@throughline/crm';
import { ormOptions, type SchemaContext } from '@throughline/database';
import { erpSchemaContext } from '@throughline/erp';
import { apiSchemaContext } from '../../apps/api/src/api.context';
import { eventually, spawnApp, startStack, type TestStack } from '../support/apps';
import { http } from '../support/http';

describe('the apps', () => {
  describe('running together', () => {
    let stack: TestStack;

    beforeAll(async () => {
      stack = await startStack(['crm', 'erp', 'orchestrator']);
    });

    afterAll(async () => {
      await stack?.close();
    });

    it('report ready when their database and Temporal answer', async () => {
      for (const app of [stack.crm!, stack.erp!]) {
        const { status, body } = await http(app.url, 'GET', '/health/ready');
        expect(status).toBe(200);
        expect(body).toMatchObject({
          status: 'ok',
          info: { database: { status: 'up' }, temporal: { status: 'up' } },
        });
      }
      const orchestrator = await http(stack.orchestrator!.url, 'GET', '/health/ready');
      expect(orchestrator.body).toMatchObject({
        status: 'ok',
        info: { temporal: { status: 'up' } },
      });
      const api = await http(stack.api.url, 'GET', '/health/ready');
      expect(api.body).toMatchObject({
        status: 'ok',
        info: { temporal: { status: 'up' }, crm: { status: 'up' }, erp: { status: 'up' } },
      });
    });

    it('serve their OpenAPI documents', async () => {
      const api = await http<{ paths: Record<string, unknown> }>(
        stack.api.url,
        'GET',
        '/docs-json',
      );
      expect(Object.keys(api.body.paths)).toEqual(
        expect.arrayContaining([
          '/processes/types',
          '/processes/{type}',
          '/processes/{id}',
          '/health/ready',
        ]),
      );
      const crm = await http<{ paths: Record<string, unknown> }>(
        stack.crm!.url,
        'GET',
        '/docs-json',
      );
      expect(Object.keys(crm.body.paths)).toContain('/accounts/{customerNo}');
      const docs = await fetch(new URL('/docs', stack.api.url));
      expect(docs.status).toBe(200);
    });
  });

  describe('started alone, as in production', () => {
    it('refuse to start on bad configuration, naming every bad variable', async () => {
      const crm = spawnApp('crm', {
        CRM_PORT: 'eighty',
        DATABASE_URL: 'mysql://nope',
        TEMPORAL_TLS: 'maybe',
      });
      expect(await crm.exited).toBe(1);
      expect(crm.output()).toMatch(/CRM_PORT: expected a TCP port number \(got "eighty"\)/);
      expect(crm.output()).toMatch(/DATABASE_URL: expected a PostgreSQL URL/);
      expect(crm.output()).toMatch(/TEMPORAL_TLS: expected true or false \(got "maybe"\)/);
    });

    it('exit non-zero when the worker cannot run', async () => {
      const orchestrator = spawnApp('orchestrator', {
        ORCHESTRATOR_PORT: '0',
        TEMPORAL_ADDRESS: '127.0.0.1:1',
      });
      expect(await orchestrator.exited).not.toBe(0);
    });

    it('drain and exit 0 on SIGTERM', async () => {
      const erp = spawnApp('erp', { ERP_PORT: '0', LOG_LEVEL: 'info' });
      await eventually(
        'the ERP worker to start',
        async () => erp.output().includes('worker started') || undefined,
        60_000,
      );
      erp.process.kill('SIGTERM');
      expect(await erp.exited).toBe(0);
      expect(erp.output()).toContain('"msg":"stopped"');
    });
  });
});

describe('the migrations', () => {
  it.each<[string, SchemaContext]>([
    ['crm', crmSchemaContext],
    ['erp', erpSchemaContext],
    ['api', apiSchemaContext],
  ])('of %s create exactly the schema its entities describe', async (_, context) => {
    const orm = await MikroORM.init(
      ormOptions(context, {
        DATABASE_URL: process.env.DATABASE_URL!,
        DATABASE_POOL_MAX: 2,
        DATABASE_DEBUG: false,
      }),
    );
    try {
      const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, schema: context.schema });
      expect(diff.trim()).toBe('');
    } finally {
      await orm.close(true);
    }
  });
});
