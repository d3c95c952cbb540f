// `npm run fixtures:histories`: runs each process once on a fresh stack and records its
// history in test/fixtures/histories/<name>.json. The replay suite runs every recorded history
// against the current workflow code, so a change that would break processes in flight fails.
// Record a new fixture when a process changes shape; keep the old ones.
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { ErpHarness, places } from '../erp/erp-fixtures';
import { eventually, startStack, type TestStack } from './apps';
import { type DemoRole, http } from './http';
import { projectRoot, startOwnInfrastructure } from './infrastructure';

async function main(): Promise<void> {
  const version = process.argv[2] ?? 'v1';
  const infrastructure = await startOwnInfrastructure('record', 'test');
  let stack: TestStack;
  try {
    stack = await startStack(['crm', 'erp', 'orchestrator'], {
      // Waits short enough that the recorded run takes the delivery timer and dunning paths.
      LTC_DELIVERY_TIMEOUT_MS: '4000',
      LTC_DAY_MS: '100',
    });
  } catch (error) {
    await infrastructure.stop();
    throw error;
  }
  const connection = await Connection.connect({ address: infrastructure.temporalAddress });
  const dir = path.join(projectRoot(), 'test/fixtures/histories');
  mkdirSync(dir, { recursive: true });
  try {
    const client = new Client({ connection, namespace: 'record' });
    const record = async (workflowId: string, name: string): Promise<void> => {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const file = path.join(dir, `${name}.${version}.json`);
      if (existsSync(file)) {
        process.stdout.write(`kept ${file} (recorded before; pass a new version to add one)\n`);
        return;
      }
      writeFileSync(file, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
      // Replays run under the recorded id: task ids and child ids are derived from it.
      const idsFile = path.join(dir, 'workflow-ids.json');
      const ids = existsSync(idsFile)
        ? (JSON.parse(readFileSync(idsFile, 'utf8')) as Record<string, string>)
        : {};
      ids[path.basename(file)] = workflowId;
      writeFileSync(idsFile, `${JSON.stringify(ids, null, 2)}\n`);
      process.stdout.write(`recorded ${file}\n`);
    };
    const completed = (workflowId: string): Promise<true> =>
      eventually(
        `${workflowId} to complete`,
        async () =>
          (await client.workflow.getHandle(workflowId).describe()).status.name === 'COMPLETED' ||
          undefined,
        120_000,
      );

    const onboarding = await call(
      stack.api.url,
      'sales',
      'POST',
      '/processes/customer-onboarding',
      {
        name: 'Replay Fixture GmbH',
        email: 'replay-fixture@example.com',
        address: { line1: 'Am Sandtorkai 1', city: 'Hamburg', postalCode: '20457', country: 'DE' },
      },
    );
    await completed(onboarding.id);
    await record(onboarding.id, 'customer-onboarding');

    const leadToCash = await runLeadToCash(stack);
    await completed(leadToCash);
    await record(leadToCash, 'lead-to-cash');
    // The children, one of each kind, from the parent's history.
    const parent = await client.workflow.getHandle(leadToCash).fetchHistory();
    const children = (parent.events ?? [])
      .map((event) => event.startChildWorkflowExecutionInitiatedEventAttributes)
      .filter((started) => started?.workflowId)
      .map((started) => ({ id: started!.workflowId!, type: started!.workflowType!.name! }));
    const names: Record<string, string> = {
      fulfillmentWorkflow: 'lead-to-cash.fulfillment',
      procureToPayWorkflow: 'lead-to-cash.procure-to-pay',
      collectionWorkflow: 'lead-to-cash.collection',
    };
    for (const [type, name] of Object.entries(names)) {
      // The last child of a kind: for collection, the one that went through dunning.
      const child = children.filter((c) => c.type === type).at(-1);
      if (!child) throw new Error(`the recorded run started no ${type}`);
      await completed(child.id);
      await record(child.id, name);
    }
  } finally {
    await connection.close();
    await stack.close();
    await infrastructure.stop();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A call that must succeed; its parsed body. */
async function call(
  base: string,
  role: DemoRole,
  method: string,
  url: string,
  body?: unknown,
): Promise<Json> {
  const response = await http<Json>(base, method, url, {
    as: role,
    ...(body === undefined ? {} : { json: body }),
  });
  if (response.status >= 400) {
    throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return response.body;
}

/**
 * One lead to cash through as many paths as one run can take: the rules send the lead to a
 * person, a discount needs approval, one item is short (backorder, two shipments, one delivered
 * by the carrier, one by the timer), serialized items become assets, the first invoice is paid
 * in two parts, the second goes through reminders and credit hold before it is paid.
 */
async function runLeadToCash(stack: TestStack): Promise<string> {
  const erp = ErpHarness.of(stack.erp!);
  const warehouse = await erp.warehouse(places.hamburg, 'REC-HAM');
  const bike = await erp.item({ sku: 'REC-BIKE', serialized: true, warrantyMonths: 24 });
  const helmet = await erp.item({ sku: 'REC-HELMET' });
  await erp.stock(bike, warehouse, 1);
  await erp.stock(helmet, warehouse, 10);
  const api = (role: DemoRole, method: string, url: string, body?: unknown) =>
    call(stack.api.url, role, method, url, body);
  const { id } = await api('sales', 'POST', '/processes/lead-to-cash', {
    leadRef: 'replay-fixture',
    lead: {
      source: 'web',
      company: 'Replay Fixture Cargo GmbH',
      contactName: 'Rita Replay',
      email: 'rita@replay-fixture.example',
      phone: '+49 40 1234567',
    },
    address: places.potsdam,
    lines: [
      { sku: bike, quantity: 2 },
      { sku: helmet, quantity: 2, discountPercent: 20 },
    ],
  });
  const at = `/processes/${encodeURIComponent(id)}`;
  const view = (): Promise<Json> => api('ops', 'GET', at);
  const until = <T>(what: string, probe: (process: Json) => T | undefined): Promise<T> =>
    eventually(what, async () => probe(await view()), 120_000);
  const task = (kind: string) =>
    until(kind, (p) => p.openTasks.find((t: { kind: string }) => t.kind === kind));

  await api('sales', 'POST', `/tasks/${(await task('qualify-lead')).id}/complete`, {
    decision: 'qualify',
  });
  await api('sales-manager', 'POST', `/tasks/${(await task('approve-quote')).id}/complete`, {
    decision: 'approve',
    comment: 'recorded run',
  });
  await until('the quote', (p) => p.acceptedEvents.includes('quote-accepted') || undefined);
  await api('sales', 'POST', `${at}/events/quote-accepted`, {});

  // The first shipment in transit: the carrier reports it; the backorder arrives.
  const first = await until('the first shipment', (p) =>
    p.acceptedEvents.includes('carrier-delivered') ? p.details.shipments[0] : undefined,
  );
  await api('ops', 'POST', `${at}/events/carrier-delivered`, { shipmentNo: first.shipmentNo });
  const po = await until('the purchase order', (p) =>
    p.acceptedEvents.includes('goods-received') ? p.details.purchaseOrders[0] : undefined,
  );
  await api('ops', 'POST', `${at}/events/goods-received`, { poNo: po.poNo, deliveryNote: 'DN-1' });

  // The first invoice paid in two parts.
  const invoice = await until('the first invoice', (p) => p.details.invoices[0]);
  const half = Math.floor(invoice.balanceMinor / 2);
  for (const [ref, amountMinor] of [
    ['replay-bank-1', half],
    ['replay-bank-2', invoice.balanceMinor - half],
  ] as const) {
    await api('finance', 'POST', `${at}/events/payment-received`, {
      externalRef: ref,
      amountMinor,
      invoiceNo: invoice.invoiceNo,
    });
  }
  // The second (delivered by the timer) is dunned until finance gets a task, then paid.
  await task('overdue-invoice');
  const second = await until('the second invoice', (p) => p.details.invoices[1]);
  await api('finance', 'POST', `${at}/events/payment-received`, {
    externalRef: 'replay-bank-3',
    amountMinor: second.balanceMinor,
  });
  return id;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `recording failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
