import { randomUUID } from 'node:crypto';
import { CrmActivities } from '@throughline/activities/crm';
import { ErpActivities } from '@throughline/activities/erp';
import { DealerService } from '@throughline/crm';
import type { HumanTask } from '@throughline/contracts';
import demoApiKeyList from '../../apps/api/src/auth/demo-api-keys.json';
import { activitiesOf } from '../support/activities';
import { http } from '../support/http';
import { closeSql, sql } from '../support/db';
import { closeTemporalClient, terminateRunningProcesses } from '../support/temporal';
import { LeadToCashHarness } from './lead-to-cash.harness';
import { type AssetOptions, day, serviceCustomer } from './service-case.fixtures';

interface ServiceCaseBody {
  id: string;
  status: string;
  stage: string;
  customerNo?: string;
  acceptedEvents: string[];
  openTasks: HumanTask[];
  steps: { step: string; detail?: string }[];
  result?: {
    outcome: string;
    caseNo: string;
    customerNo: string;
    inWarranty: boolean;
    dealerCode?: string;
    workOrderNo?: string;
    invoiceNo?: string;
    estimateMinor?: number;
    satisfaction?: number;
    declinedBy: string[];
  };
}

/**
 * The service case end to end: real CRM, ERP and orchestrator workers, real Temporal and
 * PostgreSQL. Each test's customer and dealers sit at their own spot in the South Pacific, out of
 * routing reach of every other test's and suite's dealers, so routing sees only them.
 */
const suiteTag = randomUUID().slice(0, 6).toUpperCase();
const keyedDealers = [`SVCK-${suiteTag}-1`, `SVCK-${suiteTag}-2`];
const dealerKeys = keyedDealers.map((code) => `tl_test_${code.toLowerCase()}`);

describe('service case', () => {
  let h: LeadToCashHarness;
  let crm: CrmActivities;
  let erp: ErpActivities;
  let spot = 0;

  beforeAll(async () => {
    h = await LeadToCashHarness.start(['crm', 'erp', 'orchestrator'], {
      // The demo keys, and a key for each of two dealers of this suite.
      API_KEYS: JSON.stringify([
        ...demoApiKeyList,
        ...dealerKeys.map((key, i) => ({
          key,
          userId: `dealer-${i + 1}`,
          roles: ['dealer'],
          dealerCode: keyedDealers[i],
        })),
      ]),
      // Platinum cases are due within 3.6 s here, to see the SLA breached.
      CRM_SLA_HOURS: JSON.stringify({ platinum: 0.001, gold: 24, standard: 72 }),
      SVC_DEALER_ANSWER_MS: '60000',
      SVC_SURVEY_MS: '1500',
      SVC_ESTIMATE_VALIDITY_MS: '60000',
    });
    crm = activitiesOf(h.stack.crm!.app, CrmActivities);
    erp = activitiesOf(h.stack.erp!.app, ErpActivities);
  });

  afterEach(async () => {
    expect(await h.violations()).toEqual({ erp: [], crm: [], cross: [] });
  });

  afterAll(async () => {
    await terminateRunningProcesses('service case suite finished');
    await h?.close();
    await closeSql();
    await closeTemporalClient();
  });

  const customerWithAsset = (options: AssetOptions = {}) =>
    serviceCustomer(h, { ...options, spot: spot++ });

  const start = async (input: Record<string, unknown>) => {
    const started = await h.call<ServiceCaseBody>(
      'service-agent',
      'POST',
      '/processes/service-case',
      {
        intakeKey: `call-${randomUUID().slice(0, 8)}`,
        kind: 'repair',
        symptom: 'Rear brake grinds',
        ...input,
      },
    );
    expect(started.status).toBe(201);
    return started.body;
  };
  const get = async (id: string) => (await h.process(id)) as unknown as ServiceCaseBody;
  const event = async (id: string, name: string, payload: Record<string, unknown> = {}) => {
    const sent = await h.event(id, name, payload, 'ops');
    expect(sent.status).toBe(202);
  };
  const offeredTo = async (id: string, dealer: string) => {
    await h.atStage(id, 'awaiting-dealer');
    await h.accepting(id, 'dealer-accepted');
    const process = await get(id);
    expect(process.steps.filter((s) => s.step === 'offered-to-dealer').at(-1)?.detail).toMatch(
      new RegExp(`^${dealer} `),
    );
  };

  it('in warranty: the nearest dealer declines, the next repairs, nothing is billed', async () => {
    const { customerNo, serialNo, dealers } = await customerWithAsset();
    const started = await start({ serialNo });
    expect(started.id).toMatch(/^service-case:call-/);

    await offeredTo(started.id, dealers[0]);
    await event(started.id, 'dealer-declined', { reason: 'fully booked' });
    await offeredTo(started.id, dealers[1]);
    await event(started.id, 'dealer-accepted', { appointmentAt: '2026-12-02T09:00:00Z' });
    await h.atStage(started.id, 'in-repair');
    await h.accepting(started.id, 'work-completed');
    await event(started.id, 'work-completed', { labourMinutes: 45, notes: 'Brake pads replaced' });
    await h.atStage(started.id, 'awaiting-survey');
    await event(started.id, 'survey-answered', { score: 5 });

    const done = (await h.closed(started.id)) as unknown as ServiceCaseBody;
    expect(done.status).toBe('completed');
    expect(done.result).toMatchObject({
      outcome: 'completed',
      customerNo,
      inWarranty: true,
      dealerCode: dealers[1],
      declinedBy: [dealers[0]],
      satisfaction: 5,
    });
    expect(done.result?.invoiceNo).toBeUndefined();
    const [workOrder] = await sql<{ status: string; warranty: boolean; labour_minutes: number }>(
      `select status, warranty, labour_minutes from erp.work_order where work_order_no = $1`,
      [done.result?.workOrderNo],
    );
    expect(workOrder).toEqual({ status: 'completed', warranty: true, labour_minutes: 45 });
    const [serviceCase] = await sql<{ status: string; satisfaction: number }>(
      `select status, satisfaction from crm.service_case where case_no = $1`,
      [done.result?.caseNo],
    );
    expect(serviceCase).toEqual({ status: 'closed', satisfaction: 5 });

    // The customer calls again: the dealer that served it comes first (both are equally near).
    const again = await start({ serialNo, kind: 'maintenance', symptom: 'Yearly check' });
    await offeredTo(again.id, dealers[1]);
  });

  it('out of warranty: the customer accepts the estimate, the work is invoiced and collected', async () => {
    const { serialNo, dealers } = await customerWithAsset({
      deliveredOn: day(-3 * 365),
      warrantyMonths: 12,
    });
    const started = await start({ serialNo, estimatedLabourMinutes: 60 });
    await h.atStage(started.id, 'awaiting-estimate-answer');
    const quoted = await get(started.id);
    expect(quoted.steps.map((s) => s.step)).toContain('estimate-made');
    await event(started.id, 'estimate-accepted', { comment: 'go ahead' });
    await offeredTo(started.id, dealers[0]);
    await event(started.id, 'dealer-accepted');
    await h.atStage(started.id, 'in-repair');
    await event(started.id, 'work-completed', { labourMinutes: 30 });

    // The survey is not answered: the case closes when it times out.
    const done = (await h.closed(started.id)) as unknown as ServiceCaseBody;
    expect(done.result).toMatchObject({ outcome: 'completed', inWarranty: false });
    expect(done.result?.estimateMinor).toBeGreaterThan(0);
    expect(done.result?.satisfaction).toBeUndefined();
    const invoiceNo = done.result?.invoiceNo;
    expect(invoiceNo).toBeDefined();
    const [invoice] = await sql<{ status: string; net_minor: string }>(
      `select status, net_minor from erp.invoice where invoice_no = $1`,
      [invoiceNo],
    );
    expect(Number(invoice.net_minor)).toBeGreaterThan(0);
    // Its collection runs on, after the case has closed.
    const collection = await h.call<{ status: string; stage: string }>(
      'ops',
      'GET',
      `/processes/${encodeURIComponent(`${started.id}/invoice/${invoiceNo}`)}`,
    );
    expect(collection.status).toBe(200);
  });

  it('out of warranty: a declined estimate closes the case without work', async () => {
    const { serialNo } = await customerWithAsset({
      deliveredOn: day(-3 * 365),
      warrantyMonths: 12,
    });
    const started = await start({ serialNo });
    await h.atStage(started.id, 'awaiting-estimate-answer');
    await event(started.id, 'estimate-declined', { comment: 'too expensive' });
    const done = (await h.closed(started.id)) as unknown as ServiceCaseBody;
    expect(done.result).toMatchObject({ outcome: 'estimate-declined' });
    expect(done.result?.workOrderNo).toBeUndefined();
    const [serviceCase] = await sql<{ status: string }>(
      `select status from crm.service_case where case_no = $1`,
      [done.result?.caseNo],
    );
    expect(serviceCase.status).toBe('closed');
  });

  it('dealers act with their own keys, each only on the case offered or assigned to it', async () => {
    const { serialNo } = await customerWithAsset({ dealerCodes: keyedDealers });
    const started = await start({ serialNo });
    const asDealer = (i: number) => ({ authorization: `Bearer ${dealerKeys[i]}` });
    const path = `/processes/${encodeURIComponent(started.id)}`;
    await offeredTo(started.id, keyedDealers[0]);

    // The offered dealer reads what to repair; the other one does not see the case at all.
    const seen = await http<{ details: Record<string, unknown>; steps?: unknown[] }>(
      h.stack.api.url,
      'GET',
      path,
      { headers: asDealer(0) },
    );
    expect(seen.status).toBe(200);
    expect(seen.body.details).toMatchObject({
      symptom: 'Rear brake grinds',
      serialNo,
      dealerCode: keyedDealers[0],
    });
    expect((await http(h.stack.api.url, 'GET', path, { headers: asDealer(1) })).status).toBe(404);

    const post = (i: number, name: string, json: Record<string, unknown> = {}) =>
      http(h.stack.api.url, 'POST', `${path}/events/${name}`, { headers: asDealer(i), json });
    expect((await post(1, 'dealer-accepted')).status).toBe(404);
    expect((await post(0, 'dealer-declined', { reason: 'no capacity this week' })).status).toBe(
      202,
    );
    await offeredTo(started.id, keyedDealers[1]);
    // The offer moved on: the first dealer's late yes is not its to give.
    expect((await post(0, 'dealer-accepted')).status).toBe(404);
    expect((await post(1, 'dealer-accepted')).status).toBe(202);
    await h.atStage(started.id, 'in-repair');
    expect((await post(1, 'work-completed', { labourMinutes: 40 })).status).toBe(202);
    const done = (await h.closed(started.id)) as unknown as ServiceCaseBody;
    expect(done.result).toMatchObject({
      dealerCode: keyedDealers[1],
      declinedBy: [keyedDealers[0]],
    });
  });

  it('a case past its SLA is recorded as breached and a service manager is told', async () => {
    const { customerNo, serialNo, dealers } = await customerWithAsset({ dealers: 1 });
    await sql(`update crm.account set service_level = 'platinum' where customer_no = $1`, [
      customerNo,
    ]);
    const started = await start({ serialNo, priority: 'urgent' });
    await offeredTo(started.id, dealers[0]);
    // Nobody answers: the SLA passes while the dealer is still asked.
    const task = await h.openTask(started.id, 'sla-breached', 30_000);
    expect(task.roles).toEqual(['service-manager']);
    expect((await get(started.id)).steps.map((s) => s.step)).toContain('sla-breached');
    const [breach] = await sql<{ kind: string }>(
      `select t.kind from crm.timeline_entry t join crm.account a on a.id = t.account_id
        where a.customer_no = $1 and t.kind = 'sla-breached'`,
      [customerNo],
    );
    expect(breach).toEqual({ kind: 'sla-breached' });
    // The case goes on: the dealer takes it.
    await event(started.id, 'dealer-accepted');
    await h.atStage(started.id, 'in-repair');
  });

  it('cancelled before the dealer reports the work: the work order goes, its parts come back', async () => {
    const { sku } = await h.stockedItem(3);
    const { serialNo, dealers } = await customerWithAsset({ dealers: 1 });
    const started = await start({ serialNo, parts: [{ sku, quantity: 2 }] });
    await offeredTo(started.id, dealers[0]);
    await event(started.id, 'dealer-accepted');
    await h.atStage(started.id, 'in-repair');
    const { workOrderNo } = (await get(started.id)).steps.reduce(
      (found, s) => (s.step === 'work-order-created' ? { workOrderNo: s.detail } : found),
      {} as { workOrderNo?: string },
    );
    const held = () =>
      sql<{ n: string }>(
        `select coalesce(sum(r.quantity), 0) as n from erp.reservation r
           join erp.work_order_part p on p.id = r.work_order_part_id
           join erp.work_order w on w.id = p.work_order_id
          where w.work_order_no = $1 and r.status = 'active'`,
        [workOrderNo],
      );
    expect(Number((await held())[0].n)).toBe(2);
    const capacity = async () =>
      (
        await sql<{ open_capacity: number }>(
          `select open_capacity from crm.dealer where code = $1`,
          [dealers[0]],
        )
      )[0].open_capacity;
    expect(await capacity()).toBe(1);

    const cancelled = await h.call(
      'service-agent',
      'POST',
      `/processes/${encodeURIComponent(started.id)}/cancel`,
      {
        reason: 'the customer sold the bike',
      },
    );
    expect(cancelled.status).toBe(202);
    expect((await h.closed(started.id)).status).toBe('cancelled');
    const [workOrder] = await sql<{ status: string }>(
      `select status from erp.work_order where work_order_no = $1`,
      [workOrderNo],
    );
    expect(workOrder.status).toBe('cancelled');
    expect(Number((await held())[0].n)).toBe(0);
    expect(await capacity()).toBe(2);
  });

  it('billable work for a customer on credit hold waits for finance', async () => {
    const { customerNo, serialNo, dealers } = await customerWithAsset({
      deliveredOn: day(-3 * 365),
      warrantyMonths: 12,
    });
    const reason = 'invoice overdue (test)';
    await erp.placeCreditHold({ customerNo, reason });
    await crm.setCreditHoldFlag({ customerNo, creditHold: true, reason });
    const started = await start({ serialNo });
    await h.atStage(started.id, 'awaiting-estimate-answer');
    await event(started.id, 'estimate-accepted');
    const task = await h.openTask(started.id, 'release-service-credit');
    expect(task.roles).toEqual(['finance']);
    expect(task.context).toMatchObject({ customerNo });
    expect(
      (await h.call('service-agent', 'POST', `/tasks/${task.id}/complete`, { decision: 'release' }))
        .status,
    ).toBe(403);
    await h.complete(task, 'finance', 'release', 'known customer, approved');
    await offeredTo(started.id, dealers[0]);
    expect((await get(started.id)).steps.map((s) => s.step)).toContain('credit-released');
  });

  it('when every dealer declines, a service manager assigns one by hand', async () => {
    const { serialNo, dealers } = await customerWithAsset({ dealers: 1 });
    const started = await start({ serialNo });
    await offeredTo(started.id, dealers[0]);
    await event(started.id, 'dealer-declined', { reason: 'no parts' });
    const task = await h.openTask(started.id, 'assign-dealer');
    expect(task.roles).toEqual(['service-manager']);
    expect(task.context).toMatchObject({ declinedBy: [dealers[0]] });
    // A dealer the CRM does not know is refused, and the service manager is asked again.
    const wrong = await h.call<HumanTask>('admin', 'POST', `/tasks/${task.id}/complete`, {
      decision: 'assign',
      data: { dealerCode: 'NO-SUCH-DEALER' },
    });
    expect(wrong.status).toBe(200);
    const again = await h.openTask(started.id, 'assign-dealer', 60_000, (t) => t.id !== task.id);
    expect(again.context).toMatchObject({ refused: 'the CRM refused dealer NO-SUCH-DEALER' });
    const done = await h.call<HumanTask>('admin', 'POST', `/tasks/${again.id}/complete`, {
      decision: 'assign',
      data: { dealerCode: dealers[0] },
      comment: 'called them, they will do it',
    });
    expect(done.status).toBe(200);
    await h.atStage(started.id, 'in-repair');
    expect((await get(started.id)).result).toBeUndefined();
  });

  it('refuses an unknown asset or customer with 400 and starts nothing; one intake key is one process', async () => {
    const intakeKey = `call-${randomUUID().slice(0, 8)}`;
    const unknown = await h.call<{ errors: { field: string }[] }>(
      'service-agent',
      'POST',
      '/processes/service-case',
      { intakeKey, serialNo: 'SN-NOPE', kind: 'repair', symptom: 'x' },
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e) => e.field)).toEqual(['serialNo']);
    const noCustomer = await h.call<{ errors: { field: string }[] }>(
      'service-agent',
      'POST',
      '/processes/service-case',
      { intakeKey, customerNo: 'C-999999', kind: 'repair', symptom: 'x' },
    );
    expect(noCustomer.status).toBe(400);
    expect(
      (await h.call('ops', 'GET', `/processes/${encodeURIComponent(`service-case:${intakeKey}`)}`))
        .status,
    ).toBe(404);

    const { serialNo } = await customerWithAsset({ dealers: 1 });
    const first = await start({ intakeKey, serialNo });
    const again = await h.call<ServiceCaseBody>(
      'service-agent',
      'POST',
      '/processes/service-case',
      {
        intakeKey,
        serialNo,
        kind: 'repair',
        symptom: 'Rear brake grinds',
      },
    );
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.id);
    // The same call twice at once: one process.
    const twiceKey = `call-${randomUUID().slice(0, 8)}`;
    const twice = await Promise.all(
      [1, 2].map(() =>
        h.call<ServiceCaseBody>('service-agent', 'POST', '/processes/service-case', {
          intakeKey: twiceKey,
          serialNo,
          kind: 'repair',
          symptom: 'Rear brake grinds',
        }),
      ),
    );
    expect(twice.map((r) => r.status).sort()).toEqual([200, 201]);
    expect(twice[0].body.id).toBe(twice[1].body.id);
    // Cancelled before work starts: the case closes and the dealer's capacity comes back.
    await h.atStage(first.id, 'awaiting-dealer');
    const cancelled = await h.call(
      'service-agent',
      'POST',
      `/processes/${encodeURIComponent(first.id)}/cancel`,
      {
        reason: 'the customer fixed it',
      },
    );
    expect(cancelled.status).toBe(202);
    expect((await h.closed(first.id)).status).toBe('cancelled');
  });

  it('the whole chain: lead to cash delivers a serialized bike, its repair is a warranty case', async () => {
    const { sku } = await h.stockedItem(2, { serialized: true, warrantyMonths: 24 });
    const input = h.request([{ sku, quantity: 1 }]);
    const sold = await h.start(input);
    await h.accept(sold.id);
    await h.deliverInTransit(sold.id);
    await h.payAll(sold.id);
    const paid = await h.closed(sold.id);
    expect(paid.status).toBe('completed');
    const [serialNo] = (paid.result as { assetSerials: string[] }).assetSerials;
    // A dealer at the customer's door, nearer than any other suite's.
    const code = `SVC-CHAIN-${randomUUID().slice(0, 6).toUpperCase()}`;
    await activitiesOf(h.stack.crm!.app, DealerService).create({
      code,
      name: 'Chain test workshop',
      city: input.address?.city ?? 'Potsdam',
      latitude: input.address!.latitude!,
      longitude: input.address!.longitude!,
      capabilities: ['repair', 'maintenance', 'warranty-claim', 'complaint'],
      serviceLevels: ['standard', 'gold', 'platinum'],
      openCapacity: 50,
    });
    const started = await start({ serialNo, kind: 'warranty-claim', symptom: 'Motor cuts out' });
    await offeredTo(started.id, code);
    await event(started.id, 'dealer-accepted');
    await h.atStage(started.id, 'in-repair');
    await event(started.id, 'work-completed', { labourMinutes: 20 });
    const done = (await h.closed(started.id)) as unknown as ServiceCaseBody;
    expect(done.result).toMatchObject({
      outcome: 'completed',
      customerNo: paid.customerNo,
      inWarranty: true,
      dealerCode: code,
    });
    expect(done.result?.invoiceNo).toBeUndefined();
  });
});
