// `npm run fixtures:histories`: runs each process once on a fresh stack and records its
// history in test/fixtures/histories/<name>.json. The replay suite runs every recorded history
// against the current workflow code, so a change that would break processes in flight fails.
// Record a new fixture when a process changes shape; keep the old ones. Payloads are encrypted,
// as in production, with the fixture keys in test/fixtures/histories/payload-keys.txt, which
// the replay suite decrypts with.
import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { loadConfig } from '@throughline/common';
import { temporalDataConverter, temporalEnvSchema } from '@throughline/temporal';
import { ErpHarness, places } from '../erp/erp-fixtures';
import { eventually, startApp, startStack, type TestStack } from './apps';
import { type DemoRole, http } from './http';
import { projectRoot, startOwnInfrastructure } from './infrastructure';
import { serviceCustomer } from '../processes/service-case.fixtures';

async function main(): Promise<void> {
  const version = process.argv[2] ?? 'v1';
  const dir = path.join(projectRoot(), 'test/fixtures/histories');
  const fixtureKeys = readFileSync(path.join(dir, 'payload-keys.txt'), 'utf8');
  const infrastructure = await startOwnInfrastructure('record', 'test', fixtureKeys);
  let stack: TestStack;
  try {
    stack = await startStack(['crm', 'erp', 'orchestrator'], {
      // Waits short enough that the recorded run takes the delivery timer and dunning paths.
      LTC_DELIVERY_TIMEOUT_MS: '4000',
      LTC_DAY_MS: '100',
      // The needs-attention runs: an activity fails in processes whose id names it.
      FAULT_ACTIVITY_FAILURES: '2',
      ACTIVITY_UNEXPECTED_ATTEMPTS: '2',
      LTC_CANCEL_CONFIRMATION_MS: '5000',
      // The service case's survey times out at once.
      SVC_SURVEY_MS: '1000',
    });
  } catch (error) {
    await infrastructure.stop();
    throw error;
  }
  const connection = await Connection.connect({ address: infrastructure.temporalAddress });
  mkdirSync(dir, { recursive: true });
  try {
    const client = new Client({
      connection,
      namespace: 'record',
      // The apps' codec (the fixture keys), to read results and children from the histories.
      dataConverter: temporalDataConverter(loadConfig(temporalEnvSchema)),
    });
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

    // The branches one run cannot take, each a process of its own.
    const closed = (workflowId: string): Promise<true> =>
      eventually(
        `${workflowId} to close`,
        async () =>
          (await client.workflow.getHandle(workflowId).describe()).status.name !== 'RUNNING' ||
          undefined,
        120_000,
      );
    for (const [name, run] of Object.entries(branches)) {
      const id = await run(stack);
      await closed(id);
      await record(id, `lead-to-cash.${name}`);
    }
    let spot = 0;
    for (const [name, run] of Object.entries(serviceBranches)) {
      const id = await run(stack, spot++);
      await closed(id);
      await record(id, name);
    }
    const erasure = await call(stack.api.url, 'admin', 'POST', '/customers/C-999999/erase', {
      reason: 'replay fixture',
    });
    await closed(erasure.id);
    await record(erasure.id, 'customer-erasure');
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

/** A lead to cash that waits for nobody until the quote is out; its id and API calls. */
async function startBranch(
  stack: TestStack,
  name: string,
  line: { listPriceMinor?: number; stock?: number },
  extra: { leadRef?: string; lead?: Record<string, unknown>; apiUrl?: string } = {},
): Promise<{
  id: string;
  api: (role: DemoRole, method: string, url: string, body?: unknown) => Promise<Json>;
  until: <T>(what: string, probe: (process: Json) => T | undefined) => Promise<T>;
  task: (kind: string) => Promise<{ id: string }>;
}> {
  const erp = ErpHarness.of(stack.erp!);
  const warehouse = await erp.warehouse(places.hamburg);
  const sku = await erp.item({
    sku: `REC-${name.toUpperCase()}`.slice(0, 40),
    listPriceMinor: line.listPriceMinor ?? 10_000,
  });
  if (line.stock) await erp.stock(sku, warehouse, line.stock);
  const api = (role: DemoRole, method: string, url: string, body?: unknown) =>
    call(extra.apiUrl ?? stack.api.url, role, method, url, body);
  const { id } = await api('sales', 'POST', '/processes/lead-to-cash', {
    leadRef: extra.leadRef ?? `replay-${name}`,
    lead: {
      source: 'partner',
      company: `Replay ${name} GmbH`,
      contactName: 'Rita Replay',
      email: `${name}@replay-fixture.example`,
      phone: '+49 40 1234567',
      estimatedValueMinor: 2_000_000,
      ...extra.lead,
    },
    address: places.potsdam,
    lines: [{ sku, quantity: 1 }],
    allowPartialShipments: false,
  });
  const at = `/processes/${encodeURIComponent(id)}`;
  const until = <T>(what: string, probe: (process: Json) => T | undefined): Promise<T> =>
    eventually(what, async () => probe(await api('ops', 'GET', at)), 120_000);
  const task = (kind: string) =>
    until(kind, (p) => p.openTasks.find((t: { kind: string }) => t.kind === kind));
  return { id, api, until, task };
}

const accept = async (branch: Awaited<ReturnType<typeof startBranch>>): Promise<void> => {
  await branch.until('the quote', (p) => p.acceptedEvents.includes('quote-accepted') || undefined);
  await branch.api(
    'sales',
    'POST',
    `/processes/${encodeURIComponent(branch.id)}/events/quote-accepted`,
    {
      comment: 'recorded run',
    },
  );
};

/**
 * The paths of lead to cash the full run does not take, so the replay suite covers every branch:
 * disqualification, rejection, expiry, credit refused, the cancel saga, and a failed step that
 * ops retry or compensate.
 */
const branches: Record<string, (stack: TestStack) => Promise<string>> = {
  disqualified: async (stack) => {
    const branch = await startBranch(
      stack,
      'disqualified',
      { stock: 1 },
      {
        lead: { source: 'web', estimatedValueMinor: undefined },
      },
    );
    await branch.api('sales', 'POST', `/tasks/${(await branch.task('qualify-lead')).id}/complete`, {
      decision: 'disqualify',
      comment: 'a student project',
    });
    return branch.id;
  },
  'quote-rejected': async (stack) => {
    const branch = await startBranch(stack, 'rejected', { stock: 1 });
    await branch.until(
      'the quote',
      (p) => p.acceptedEvents.includes('quote-rejected') || undefined,
    );
    await branch.api(
      'sales',
      'POST',
      `/processes/${encodeURIComponent(branch.id)}/events/quote-rejected`,
      {
        reason: 'too expensive',
      },
    );
    return branch.id;
  },
  'quote-expired': async (stack) => {
    const api = await startApp('api', {
      LTC_QUOTE_VALIDITY_MS: '2000',
      CRM_URL: stack.crm!.url,
      ERP_URL: stack.erp!.url,
    });
    try {
      const branch = await startBranch(stack, 'expired', { stock: 1 }, { apiUrl: api.url });
      await branch.until('the expiry', (p) => (p.status !== 'running' ? true : undefined));
      return branch.id;
    } finally {
      await api.app.close();
    }
  },
  'credit-refused': async (stack) => {
    // Above the approval limit and the new customer's credit limit (50 000.00).
    const branch = await startBranch(stack, 'credit', { listPriceMinor: 6_000_000, stock: 1 });
    await branch.api(
      'sales-manager',
      'POST',
      `/tasks/${(await branch.task('approve-quote')).id}/complete`,
      {
        decision: 'approve',
      },
    );
    await accept(branch);
    await branch.api(
      'finance',
      'POST',
      `/tasks/${(await branch.task('release-credit')).id}/complete`,
      {
        decision: 'refuse',
        comment: 'no guarantee',
      },
    );
    return branch.id;
  },
  cancelled: async (stack) => {
    // Nothing in stock: backordered, then cancelled (reservations, PO, order, opportunity).
    const branch = await startBranch(stack, 'cancelled', {});
    await accept(branch);
    await branch.until(
      'the backorder',
      (p) => p.acceptedEvents.includes('goods-received') || undefined,
    );
    await branch.api('ops', 'POST', `/processes/${encodeURIComponent(branch.id)}/cancel`, {
      reason: 'customer cancelled',
    });
    return branch.id;
  },
  'attention-retried': async (stack) => {
    const branch = await startBranch(
      stack,
      'retried',
      {},
      {
        leadRef: 'replay-fault-createSalesOrder',
      },
    );
    await accept(branch);
    await branch.api(
      'ops',
      'POST',
      `/tasks/${(await branch.task('needs-attention')).id}/complete`,
      {
        decision: 'retry',
      },
    );
    await branch.until(
      'the backorder',
      (p) => p.acceptedEvents.includes('goods-received') || undefined,
    );
    await branch.api('ops', 'POST', `/processes/${encodeURIComponent(branch.id)}/cancel`, {
      reason: 'recorded run',
    });
    return branch.id;
  },
  'attention-compensated': async (stack) => {
    const branch = await startBranch(
      stack,
      'compensated',
      { stock: 1 },
      {
        leadRef: 'replay-fault-reserveStock',
      },
    );
    await accept(branch);
    await branch.api(
      'ops',
      'POST',
      `/tasks/${(await branch.task('needs-attention')).id}/complete`,
      {
        decision: 'compensate',
      },
    );
    return branch.id;
  },
};

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `recording failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);

/** The service case's paths, each a process: in warranty, declined estimate, by hand, cancelled. */
const serviceBranches: Record<string, (stack: TestStack, spot: number) => Promise<string>> = {
  'service-case': async (stack, spot) => {
    const { serialNo } = await serviceCustomer({ stack }, { spot });
    const { id, event, until } = await startServiceCase(stack, 'replay-svc-warranty', serialNo);
    await until('the first offer', (p) => p.stage === 'awaiting-dealer' || undefined);
    await event('dealer-declined', { reason: 'booked' });
    await until('the second offer', (p) =>
      p.steps.filter((s: { step: string }) => s.step === 'offered-to-dealer').length === 2
        ? true
        : undefined,
    );
    await event('dealer-accepted', { appointmentAt: '2026-12-02T09:00:00Z' });
    await until('the repair', (p) => p.acceptedEvents.includes('work-completed') || undefined);
    await event('appointment-set', { appointmentAt: '2026-12-03T09:00:00Z' });
    await event('work-completed', { labourMinutes: 30, notes: 'pads replaced' });
    await until('the survey', (p) => p.acceptedEvents.includes('survey-answered') || undefined);
    await event('survey-answered', { score: 4 });
    return id;
  },
  'service-case.estimate-declined': async (stack, spot) => {
    const { serialNo } = await serviceCustomer(
      { stack },
      { spot, deliveredOn: '2020-01-15', warrantyMonths: 12 },
    );
    const { id, event, until } = await startServiceCase(stack, 'replay-svc-declined', serialNo);
    await until('the estimate', (p) => p.acceptedEvents.includes('estimate-declined') || undefined);
    await event('estimate-declined', { comment: 'too dear' });
    return id;
  },
  'service-case.invoiced': async (stack, spot) => {
    const { serialNo } = await serviceCustomer(
      { stack },
      { spot, deliveredOn: '2020-01-15', warrantyMonths: 12, dealers: 1 },
    );
    const { id, event, until, api } = await startServiceCase(
      stack,
      'replay-svc-invoiced',
      serialNo,
    );
    await until('the estimate', (p) => p.acceptedEvents.includes('estimate-accepted') || undefined);
    await event('estimate-accepted', {});
    await until('the offer', (p) => p.acceptedEvents.includes('dealer-declined') || undefined);
    await event('dealer-declined', { reason: 'no parts' });
    const task = await until('the assignment task', (p) =>
      p.openTasks.find((t: { kind: string }) => t.kind === 'assign-dealer'),
    );
    const dealerCode = task.context.declinedBy[0];
    await api('service-manager', 'POST', `/tasks/${task.id}/complete`, {
      decision: 'assign',
      data: { dealerCode },
    });
    await until('the repair', (p) => p.acceptedEvents.includes('work-completed') || undefined);
    await event('work-completed', { labourMinutes: 50 });
    return id;
  },
  'service-case.cancelled': async (stack, spot) => {
    const { serialNo } = await serviceCustomer({ stack }, { spot, dealers: 1 });
    const { id, api, until } = await startServiceCase(stack, 'replay-svc-cancelled', serialNo);
    await until('the offer', (p) => p.stage === 'awaiting-dealer' || undefined);
    await api('service-agent', 'POST', `/processes/${encodeURIComponent(id)}/cancel`, {
      reason: 'fixed it himself',
    });
    return id;
  },
};

async function startServiceCase(stack: TestStack, intakeKey: string, serialNo: string) {
  const api = (role: DemoRole, method: string, url: string, body?: unknown) =>
    call(stack.api.url, role, method, url, body);
  const { id } = await api('service-agent', 'POST', '/processes/service-case', {
    intakeKey,
    serialNo,
    kind: 'repair',
    symptom: 'Brake grinds',
    parts: [],
  });
  const at = `/processes/${encodeURIComponent(id)}`;
  const until = <T>(what: string, probe: (process: Json) => T | undefined): Promise<T> =>
    eventually(what, async () => probe(await api('ops', 'GET', at)), 120_000);
  const event = (name: string, payload: Record<string, unknown>) =>
    api('ops', 'POST', `${at}/events/${name}`, payload);
  return { id: id as string, api, until, event };
}
