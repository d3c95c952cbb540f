import { randomUUID } from 'node:crypto';
import type { HumanTask, LeadToCashInput, LeadToCashResult } from '@throughline/contracts';
import { checkCrossSystemInvariants } from '@throughline/cross-system';
import {
  eventually,
  startApp,
  startStack,
  type RunningApp,
  type StackOptions,
  type TestStack,
} from '../support/apps';
import { sql } from '../support/db';
import { runScript } from '../support/node-script';
import { http, type DemoRole, type HttpResult } from '../support/http';
import { ErpHarness, places } from '../erp/erp-fixtures';
import { invariantViolations } from '../crm/crm-fixtures';

export interface ProcessBody {
  id: string;
  status: string;
  stage?: string;
  customerNo?: string;
  cancellable: boolean;
  documents: Record<string, string[]>;
  steps: { step: string; detail?: string }[];
  tasks: HumanTask[];
  openTasks: HumanTask[];
  acceptedEvents: string[];
  details?: { invoices?: unknown[]; shipments?: unknown[]; purchaseOrders?: unknown[] };
  result?: LeadToCashResult;
  failure?: { message: string };
}

/** Short waits that still leave a test time to act (events, approvals) before they run out. */
export const standardPolicy = {
  PROCESS_ACTIVITY_TIMEOUT_MS: '10000',
  LTC_QUALIFY_SLA_MS: '60000',
  LTC_APPROVAL_SLA_MS: '60000',
  LTC_QUOTE_VALIDITY_MS: '120000',
  LTC_CREDIT_RELEASE_MS: '120000',
  LTC_DELIVERY_TIMEOUT_MS: '120000',
  LTC_DAY_MS: '1000',
  LTC_APPROVAL_MAX_DISCOUNT_PERCENT: '15',
  LTC_APPROVAL_MAX_TOTAL_MINOR: '5000000',
};

/**
 * Waits that run out within seconds: escalation, credit release, the delivery timer and dunning.
 * The quote stays valid as long as under the standard policy, so a test that accepts it or
 * decides its approval never races its expiry; only the expiry tests use `expiry`.
 */
export const timerPolicy = {
  ...standardPolicy,
  LTC_APPROVAL_SLA_MS: '1000',
  LTC_CREDIT_RELEASE_MS: '2000',
  LTC_DELIVERY_TIMEOUT_MS: '300',
  LTC_DAY_MS: '150',
};

/** The short waits, and a quote that expires a few seconds after it goes out. */
export const expiryPolicy = {
  ...timerPolicy,
  LTC_QUOTE_VALIDITY_MS: '3000',
};

/**
 * Short days, but the first reminder and the credit hold come long after the due date (200
 * and 250 days, 30 s and more of 150 ms days): what a test does between the invoice and the
 * due date may take its time without a reminder going out meanwhile.
 */
export const lateDunningPolicy = {
  ...timerPolicy,
  LTC_REMINDER_DAYS: '200',
  LTC_CREDIT_HOLD_DAYS: '250',
};

/** The APIs a test can start processes through, each with its policy. */
const policies = {
  api: standardPolicy,
  timers: timerPolicy,
  expiry: expiryPolicy,
  'late-dunning': lateDunningPolicy,
};

export type Via = keyof typeof policies;

/**
 * CRM, ERP and orchestrator with their workers, and an API per policy: `api` (long waits, the
 * test acts) and the others (waits that run out), each started the first time a test uses it.
 */
export class LeadToCashHarness {
  /** The APIs of the other policies, started on first use. */
  private readonly apis = new Map<Exclude<Via, 'api'>, Promise<RunningApp>>();

  /** The lead-to-cash processes started through this harness, and their customers once known. */
  private readonly customers = new Map<string, string | undefined>();

  private constructor(
    readonly stack: TestStack,
    private readonly overrides: Record<string, string>,
    private readonly options: StackOptions = {},
  ) {}

  /** Fixtures on the stack's ERP app (items, warehouses, stock). */
  get erp(): ErpHarness {
    if (!this.stack.erp) throw new Error('this stack runs no ERP app in process');
    return ErpHarness.of(this.stack.erp);
  }

  static async start(
    apps: ('crm' | 'erp' | 'orchestrator')[] = ['crm', 'erp', 'orchestrator'],
    overrides: Record<string, string> = {},
    options: StackOptions = {},
  ): Promise<LeadToCashHarness> {
    const stack = await startStack(apps, { ...standardPolicy, ...overrides }, options);
    return new LeadToCashHarness(stack, overrides, options);
  }

  async close(): Promise<void> {
    const apis = await Promise.allSettled(this.apis.values());
    this.apis.clear();
    for (const api of apis) if (api.status === 'fulfilled') await api.value.app.close();
    await this.stack.close();
  }

  /** The API whose processes run with the policy `via`. */
  private apiFor(via: Via): Promise<RunningApp> {
    if (via === 'api') return Promise.resolve(this.stack.api);
    let api = this.apis.get(via);
    if (!api) {
      api = startApp(
        'api',
        {
          ...policies[via],
          ...(this.stack.crm ? { CRM_URL: this.stack.crm.url } : {}),
          ...(this.stack.erp ? { ERP_URL: this.stack.erp.url } : {}),
          ...this.overrides,
        },
        this.options,
      );
      this.apis.set(via, api);
    }
    return api;
  }

  async call<T = ProcessBody>(
    role: DemoRole,
    method: string,
    path: string,
    json?: unknown,
    via: Via = 'api',
  ): Promise<HttpResult<T>> {
    const base = (await this.apiFor(via)).url;
    const result = await http<T>(base, method, path, {
      as: role,
      ...(json !== undefined ? { json } : {}),
    });
    const started = result.body as { id?: unknown } | undefined;
    if (
      method === 'POST' &&
      path === '/processes/lead-to-cash' &&
      (result.status === 200 || result.status === 201) &&
      typeof started?.id === 'string' &&
      !this.customers.has(started.id)
    ) {
      this.customers.set(started.id, undefined);
    }
    return result;
  }

  /** A warehouse in Hamburg (the default) or elsewhere, and a stocked item in it. */
  async stockedItem(
    quantity: number,
    item: { listPriceMinor?: number; serialized?: boolean; warrantyMonths?: number } = {},
    place: keyof typeof places = 'hamburg',
  ): Promise<{ sku: string; warehouseCode: string }> {
    const warehouseCode = await this.erp.warehouse(places[place]);
    const sku = await this.erp.item({ listPriceMinor: 10_000, ...item });
    if (quantity > 0) await this.erp.stock(sku, warehouseCode, quantity);
    return { sku, warehouseCode };
  }

  /** A lead that the scoring rules qualify on their own (partner, company, phone, value). */
  request(lines: LeadToCashInput['lines'], extra: Partial<LeadToCashInput> = {}): LeadToCashInput {
    const tag = randomUUID().slice(0, 8);
    return {
      lead: {
        source: 'partner',
        company: `Ltc ${tag} GmbH`,
        contactName: `Lena ${tag}`,
        email: `ltc-${tag}@example.com`,
        phone: '+49 30 1234567',
        estimatedValueMinor: 2_000_000,
      },
      address: places.potsdam,
      lines,
      ...extra,
    };
  }

  async start(input: LeadToCashInput, via: Via = 'api'): Promise<ProcessBody> {
    const started = await this.call('sales', 'POST', '/processes/lead-to-cash', input, via);
    expect(started.status).toBe(201);
    return started.body;
  }

  async process(id: string): Promise<ProcessBody> {
    const got = await this.call('ops', 'GET', `/processes/${encodeURIComponent(id)}`);
    expect(got.status).toBe(200);
    return got.body;
  }

  /** Waits until the process is at `stage` (or closed, which fails the wait with its state). */
  async atStage(id: string, stage: string, timeoutMs = 60_000): Promise<ProcessBody> {
    return eventually(
      `${id} at ${stage}`,
      async () => {
        const process = await this.process(id);
        if (process.stage === stage) return process;
        if (process.status !== 'running') {
          throw new Error(
            `closed at ${process.stage}: ${JSON.stringify(process.failure ?? process.result)}`,
          );
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  async accepting(id: string, event: string, timeoutMs = 60_000): Promise<ProcessBody> {
    return eventually(
      `${id} to accept ${event}`,
      async () => {
        const process = await this.process(id);
        return process.acceptedEvents.includes(event) ? process : undefined;
      },
      timeoutMs,
    );
  }

  async openTask(
    id: string,
    kind: string,
    timeoutMs = 60_000,
    matches: (task: HumanTask) => boolean = () => true,
  ): Promise<HumanTask> {
    return eventually(
      `an open ${kind} task on ${id}`,
      async () =>
        (await this.process(id)).openTasks.find((task) => task.kind === kind && matches(task)),
      timeoutMs,
    );
  }

  /** The customer accepts the quote as soon as it is out. */
  async accept(id: string): Promise<void> {
    await this.accepting(id, 'quote-accepted');
    const accepted = await this.event(id, 'quote-accepted', { comment: 'go ahead' }, 'sales');
    expect(accepted.status).toBe(202);
  }

  async complete(
    task: HumanTask,
    role: DemoRole,
    decision: string,
    comment?: string,
  ): Promise<HumanTask> {
    const done = await this.call<HumanTask>(role, 'POST', `/tasks/${task.id}/complete`, {
      decision,
      ...(comment ? { comment } : {}),
    });
    expect(done.status).toBe(200);
    return done.body;
  }

  async event(
    id: string,
    event: string,
    payload: Record<string, unknown>,
    role: DemoRole = 'ops',
  ): Promise<HttpResult<ProcessBody>> {
    return this.call(role, 'POST', `/processes/${encodeURIComponent(id)}/events/${event}`, payload);
  }

  /** Waits until the process has `count` documents of a kind (shipment, invoice, ...). */
  async documents(id: string, kind: string, count: number, timeoutMs = 60_000): Promise<string[]> {
    return eventually(
      `${count} ${kind} document(s) on ${id}`,
      async () => {
        const numbers = (await this.process(id)).documents[kind] ?? [];
        return numbers.length >= count ? numbers : undefined;
      },
      timeoutMs,
    );
  }

  /** Waits until the process has closed; returns it. */
  async closed(id: string, timeoutMs = 90_000): Promise<ProcessBody> {
    return eventually(
      `${id} to close`,
      async () => {
        const process = await this.process(id);
        return process.status !== 'running' ? process : undefined;
      },
      timeoutMs,
    );
  }

  /** Waits until the process takes payments for `count` invoices; returns them. */
  async invoices(
    id: string,
    count: number,
    timeoutMs = 60_000,
  ): Promise<{ invoiceNo: string; balanceMinor: number }[]> {
    return eventually(
      `${count} invoice(s) open for payment on ${id}`,
      async () => {
        const process = await this.process(id);
        const shown = (process.details?.invoices ?? []) as {
          invoiceNo: string;
          balanceMinor: number;
        }[];
        return shown.length >= count && process.acceptedEvents.includes('payment-received')
          ? shown
          : undefined;
      },
      timeoutMs,
    );
  }

  /** The open invoices of the process (as ERP has them), oldest first. */
  async openInvoices(id: string): Promise<{ invoiceNo: string; balanceMinor: number }[]> {
    const process = await this.process(id);
    const numbers = process.documents.invoice ?? [];
    const rows = await sql<{ invoice_no: string; balance: string }>(
      `select invoice_no, (gross_minor - paid_minor - credited_minor)::text as balance
         from erp.invoice where invoice_no = any($1::text[]) order by invoice_no`,
      [numbers],
    );
    return rows
      .map((r) => ({ invoiceNo: r.invoice_no, balanceMinor: Number(r.balance) }))
      .filter((r) => r.balanceMinor > 0);
  }

  /**
   * Delivers every shipment in transit through the carrier event; returns their numbers. Only
   * those: the same report sent again is the same request, and is answered as the first was.
   */
  async deliverInTransit(id: string): Promise<string[]> {
    const process = await this.accepting(id, 'carrier-delivered');
    const shipments = (process.details?.shipments ?? []) as {
      shipmentNo: string;
      status: string;
    }[];
    const shipmentNos = shipments.filter((s) => s.status === 'in-transit').map((s) => s.shipmentNo);
    const delivered: string[] = [];
    for (const shipmentNo of shipmentNos) {
      const sent = await this.event(id, 'carrier-delivered', { shipmentNo });
      if (sent.status === 202) delivered.push(shipmentNo);
    }
    return delivered;
  }

  /** Pays each open invoice in full, one payment each. */
  async payAll(id: string, invoiceCount = 1): Promise<void> {
    await this.invoices(id, invoiceCount);
    for (const invoice of await this.openInvoices(id)) {
      const paid = await this.event(
        id,
        'payment-received',
        {
          externalRef: `bank-${randomUUID()}`,
          amountMinor: invoice.balanceMinor,
          invoiceNo: invoice.invoiceNo,
        },
        'finance',
      );
      expect(paid.status).toBe(202);
    }
  }

  /**
   * Both systems' invariant checkers (in process, or their scripts when the app runs elsewhere),
   * and the cross-system checker on the customers of the processes this harness started (other
   * suites share the database and leave one-sided CRM or ERP records on purpose). Differences
   * younger than 2 s are a process between two steps (e.g. a credit hold not yet mirrored).
   */
  async violations(): Promise<{ erp: unknown[]; crm: string[]; cross: string[] }> {
    const script = async (system: 'crm' | 'erp'): Promise<string[]> => {
      const run = await runScript(`dist/apps/${system}/src/check.main.js`);
      return run.status === 0 ? [] : [`${run.stdout}${run.stderr}`];
    };
    const customerNos = await this.customerNos();
    const cross =
      customerNos.length === 0
        ? []
        : await checkCrossSystemInvariants(process.env.DATABASE_URL!, {
            customerNos,
            settleMs: 2_000,
          });
    return {
      erp: this.stack.erp ? await this.erp.invariants() : await script('erp'),
      crm: this.stack.crm ? await invariantViolations(this.stack.crm.app) : await script('crm'),
      cross: cross.map((v) => `${v.invariant}: ${v.detail}`),
    };
  }

  /** The customerNos of the processes started through this harness (a process knows it once converted). */
  private async customerNos(): Promise<string[]> {
    for (const [id, customerNo] of this.customers) {
      if (customerNo) continue;
      const got = await this.call('ops', 'GET', `/processes/${encodeURIComponent(id)}`);
      if (got.status === 200 && got.body.customerNo) this.customers.set(id, got.body.customerNo);
    }
    return [...new Set([...this.customers.values()].filter((no): no is string => !!no))];
  }
}

/** The documents of a single-shipment lead to cash: one of each, never two. */
export const oneOfEach = {
  leads: 1,
  accounts: 1,
  opportunities: 1,
  quotes: 1,
  customers: 1,
  orders: 1,
  shipments: 1,
  invoices: 1,
  payments: 1,
};

/** Counts of the documents of one lead-to-cash process, by its customer. */
export async function documentCounts(
  customerNo: string,
  email: string,
): Promise<Record<string, number>> {
  const [row] = await sql<Record<string, number>>(
    `select
       (select count(*) from crm.lead where email = $2)::int as leads,
       (select count(*) from crm.account where customer_no = $1)::int as accounts,
       (select count(*) from crm.opportunity o join crm.account a on a.id = o.account_id where a.customer_no = $1)::int as opportunities,
       (select count(*) from crm.quote q join crm.account a on a.id = q.account_id where a.customer_no = $1)::int as quotes,
       (select count(*) from erp.customer where customer_no = $1)::int as customers,
       (select count(*) from erp.sales_order where customer_no = $1)::int as orders,
       (select count(*) from erp.shipment s join erp.sales_order o on o.id = s.order_id where o.customer_no = $1 and s.status <> 'cancelled')::int as shipments,
       (select count(*) from erp.invoice i join erp.customer c on c.id = i.customer_id where c.customer_no = $1)::int as invoices,
       (select count(*) from erp.payment p join erp.customer c on c.id = p.customer_id where c.customer_no = $1)::int as payments`,
    [customerNo, email],
  );
  return row;
}
