import { randomUUID } from 'node:crypto';
import { eventually } from '../support/apps';
import { closeSql, sql } from '../support/db';
import {
  closeTemporalClient,
  historyPayloads,
  temporalClient,
  terminateRunningProcesses,
  testDataConverter,
} from '../support/temporal';
import { LeadToCashHarness } from './lead-to-cash.harness';

/** Every payload of a workflow's history, decrypted and decoded to text (JSON), one per line. */
async function decodedHistoryText(workflowId: string): Promise<string> {
  const client = await temporalClient();
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const codecs = testDataConverter().payloadCodecs ?? [];
  const payloads = historyPayloads(history.events).map(({ payload }) => payload);
  let decoded = payloads;
  for (const codec of [...codecs].reverse()) decoded = await codec.decode(decoded);
  expect(decoded.length).toBeGreaterThan(5);
  return decoded.map((payload) => Buffer.from(payload.data ?? []).toString('utf8')).join('\n');
}

interface Erasure {
  id: string;
  status: string;
  stage: string;
  result?: {
    outcome: string;
    customerNo: string;
    historiesDeleted?: number;
    crm?: Record<string, unknown>;
    erp?: Record<string, unknown>;
  };
}

/**
 * The right to be forgotten, end to end: real CRM, ERP and orchestrator workers, real Temporal.
 * A customer with a paid lead to cash and one still running is erased: the erasure waits for the
 * running process, then CRM, ERP and Temporal forget the person; documents and ledger stay.
 */
describe('customer erasure', () => {
  let h: LeadToCashHarness;

  beforeAll(async () => {
    h = await LeadToCashHarness.start();
  });

  afterEach(async () => {
    expect(await h.violations()).toEqual({ erp: [], crm: [], cross: [] });
  });

  afterAll(async () => {
    await terminateRunningProcesses('customer erasure suite finished');
    await h?.close();
    await closeSql();
    await closeTemporalClient();
  });

  const erase = (customerNo: string, role: 'admin' | 'sales' = 'admin') =>
    h.call<Erasure>(role, 'POST', `/customers/${customerNo}/erase`, {
      reason: `DSR ${randomUUID().slice(0, 8)}`,
    });

  it('waits for the running process, then forgets the person in CRM, ERP and Temporal', async () => {
    const { sku } = await h.stockedItem(10);
    const paidInput = h.request([{ sku, quantity: 1 }]);
    const paid = await h.start(paidInput);
    await h.accept(paid.id);
    await h.deliverInTransit(paid.id);
    await h.payAll(paid.id);
    const done = await h.closed(paid.id);
    expect(done.status).toBe('completed');
    const customerNo = done.customerNo as string;
    const [invoice] = await sql<{ invoice_no: string; gross_minor: string }>(
      `select i.invoice_no, i.gross_minor from erp.invoice i
         join erp.customer c on c.id = i.customer_id where c.customer_no = $1`,
      [customerNo],
    );

    // A second order of the same person (same e-mail, another lead) is still running.
    const open = await h.start({ ...paidInput, leadRef: `again-${randomUUID().slice(0, 8)}` });
    await h.atStage(open.id, 'awaiting-customer');

    expect((await erase(customerNo, 'sales')).status).toBe(403);
    const started = await erase(customerNo);
    expect(started.status).toBe(202);
    expect(started.body.id).toBe(`customer-erasure:${customerNo}`);
    expect(started.headers.get('location')).toBe(
      `/processes/${encodeURIComponent(started.body.id)}`,
    );
    // Asked again (a retry): the same erasure.
    const again = await erase(customerNo);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(started.body.id);

    const blocked = await h.openTask(started.body.id, 'erasure-blocked');
    expect(blocked.context).toMatchObject({ customerNo, runningProcesses: [open.id] });
    const cancelled = await h.call(
      'ops',
      'POST',
      `/processes/${encodeURIComponent(open.id)}/cancel`,
      {
        reason: 'the customer asked to be forgotten',
      },
    );
    expect(cancelled.status).toBe(202);
    expect((await h.closed(open.id)).status).toBe('cancelled');
    await h.complete(blocked, 'admin', 'retry');

    const erasure = (await h.closed(started.body.id)) as unknown as Erasure;
    expect(erasure.status).toBe('completed');
    expect(erasure.result).toMatchObject({ customerNo, outcome: 'erased' });
    // The paid process, the cancelled one and their children: all gone from Temporal.
    expect(erasure.result?.historiesDeleted).toBeGreaterThanOrEqual(3);
    // (Temporal deletes an execution asynchronously, in its own time: seconds, or a minute on a
    // busy machine.)
    for (const id of [paid.id, open.id]) {
      await eventually(
        `${id} deleted from Temporal`,
        async () => {
          const got = await h.call('ops', 'GET', `/processes/${encodeURIComponent(id)}`);
          return got.status === 404 || undefined;
        },
        150_000,
        1_000,
      );
    }

    // CRM and ERP hold nothing of the person; the invoice and its amount stay.
    const { lead } = paidInput;
    const personal = [lead.email, lead.company, lead.contactName].filter(Boolean) as string[];
    for (const schema of ['crm', 'erp']) {
      const tables = await sql<{ table_name: string }>(
        `select table_name from information_schema.tables
          where table_schema = $1 and table_type = 'BASE TABLE'`,
        [schema],
      );
      for (const { table_name } of tables) {
        const hits = await sql<{ n: string }>(
          `select count(*) as n from ${schema}.${table_name} t
            where ${personal.map((_, i) => `lower(row_to_json(t)::text) like $${i + 1}`).join(' or ')}`,
          personal.map((value) => `%${value.toLowerCase()}%`),
        );
        expect({ table: `${schema}.${table_name}`, hits: Number(hits[0].n) }).toEqual({
          table: `${schema}.${table_name}`,
          hits: 0,
        });
      }
    }
    const [kept] = await sql<{ invoice_no: string; gross_minor: string; legal_name: string }>(
      `select i.invoice_no, i.gross_minor, c.legal_name from erp.invoice i
         join erp.customer c on c.id = i.customer_id where i.invoice_no = $1`,
      [invoice.invoice_no],
    );
    expect(kept).toEqual({ ...invoice, legal_name: `Erased customer ${customerNo}` });

    // The erasure's own history is the audit trail: who and when, the customerNo and counts.
    const history = await decodedHistoryText(started.body.id);
    expect(history).toContain(customerNo);
    for (const value of personal) expect(history.toLowerCase()).not.toContain(value.toLowerCase());
    expect(erasure.result?.crm).toBeDefined();
    expect(erasure.result?.erp).toBeDefined();
  });

  it('an unknown customer is erased from nowhere: the process says so and changes nothing', async () => {
    // A number no customer has, and no other suite looks for (they share the namespace).
    const unknown = `C-7${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const started = await erase(unknown);
    expect(started.status).toBe(202);
    const erasure = (await h.closed(started.body.id)) as unknown as Erasure;
    expect(erasure.result).toMatchObject({ customerNo: unknown, outcome: 'unknown-customer' });
    // The systems' refusals are in history, their messages encrypted like any payload.
    const raw = JSON.stringify(
      await (await temporalClient()).workflow.getHandle(started.body.id).fetchHistory(),
    );
    expect(raw).toContain('activityTaskFailedEventAttributes');
    expect(raw).toContain('Encoded failure');
    expect(raw).not.toContain('does not exist');
  });

  it('refuses a bad customer number and a missing reason, starting nothing', async () => {
    const bad = await h.call('admin', 'POST', '/customers/ada@example.com/erase', { reason: 'x' });
    expect(bad.status).toBe(400);
    const customerNo = `C-8${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
    const noReason = await h.call('admin', 'POST', `/customers/${customerNo}/erase`, {});
    expect(noReason.status).toBe(400);
    const id = encodeURIComponent(`customer-erasure:${customerNo}`);
    expect((await h.call('ops', 'GET', `/processes/${id}`)).status).toBe(404);
  });
});
