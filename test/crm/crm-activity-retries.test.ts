import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ApplicationFailure, ActivityFailure, WorkflowFailedError } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { CrmActivities } from '@throughline/activities/crm';
import { createLogger } from '@throughline/common';
import { bundleWorkflows, installTemporalRuntime, WorkerHost } from '@throughline/temporal';
import { activitiesOf } from '../support/activities';
import { eventually, startApp, type RunningApp } from '../support/apps';
import { closeSql, sql } from '../support/db';
import {
  activityAttempts,
  closeTemporalClient,
  temporalClient,
  testDataConverter,
} from '../support/temporal';
import { count, invariantViolations, quoteRequest, unique, uniqueEmail } from './crm-fixtures';
import type { CrmProbeInput } from './probe/crm-probe.workflow';

describe('CRM activities through Temporal', () => {
  const apps: RunningApp[] = [];
  let probeWorker: Worker;
  let probeRun: Promise<void>;
  let connection: NativeConnection;
  const probeQueue = unique('crm-probe');

  beforeAll(async () => {
    const logger = createLogger('probe', process.env.LOG_LEVEL ?? 'warn');
    // The apps install the SDK runtime on their first worker; this worker starts before them.
    installTemporalRuntime(logger);
    connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
    probeWorker = await Worker.create({
      connection,
      namespace: process.env.TEMPORAL_NAMESPACE,
      taskQueue: probeQueue,
      // The CRM worker encrypts its results; the probe reads them as any process worker does.
      dataConverter: testDataConverter(),
      workflowBundle: await bundleWorkflows(
        path.join(__dirname, 'probe/crm-probe.workflow.ts'),
        logger,
      ),
    });
    probeRun = probeWorker.run();
  });

  afterAll(async () => {
    expect(await invariantViolations(apps.at(-1)!.app)).toEqual([]);
    probeWorker?.shutdown();
    await probeRun;
    await connection?.close();
    await Promise.all(apps.map((app) => app.app.close()));
    await closeTemporalClient();
    await closeSql();
  });

  const startProbe = async (
    input: CrmProbeInput,
  ): Promise<{ id: string; result: () => Promise<unknown> }> => {
    const client = await temporalClient();
    const id = `crm-probe:${randomUUID()}`;
    const handle = await client.workflow.start('crmProbeWorkflow', {
      taskQueue: probeQueue,
      workflowId: id,
      args: [input],
    });
    return { id, result: () => handle.result() };
  };

  interface RetryCase {
    /** What the retried attempt must not repeat. */
    prepare: (crm: CrmActivities) => Promise<{
      args: unknown[];
      /** True once the first attempt's work is committed. */
      written: () => Promise<boolean>;
      verify: (result: unknown) => Promise<void>;
    }>;
  }

  const qualifiedLead = async (
    crm: CrmActivities,
  ): Promise<Awaited<ReturnType<CrmActivities['captureLead']>>> => {
    const lead = await crm.captureLead({
      source: 'partner',
      company: unique('Retry GmbH'),
      contactName: 'Rita Retry',
      email: uniqueEmail('retry'),
      phone: '+49 30 7777777',
      itemsOfInterest: ['PUMP-100', 'VALVE-20'],
      estimatedValueMinor: 2_000_000,
    });
    await crm.scoreLead({ leadId: lead.id });
    return lead;
  };

  /** A case assigned to a fresh dealer with capacity 3 (2 left). */
  const assignedCase = async (
    crm: CrmActivities,
  ): Promise<{ caseId: string; accountId: string; dealerCode: string }> => {
    const { account } = await crm.convertLead({ leadId: (await qualifiedLead(crm)).id });
    const dealerCode = unique('D-RTY').toUpperCase();
    await sql(
      `insert into crm.dealer (id, code, name, city, latitude, longitude, capabilities, service_levels, open_capacity, active, created_at, updated_at)
       values (gen_random_uuid(), $1, 'Retry Service', 'Berlin', 52.52, 13.40, '["repair"]', '["standard"]', 3, true, now(), now())`,
      [dealerCode],
    );
    const opened = await crm.openCase({
      intakeKey: unique('call'),
      customerNo: account.customerNo,
      kind: 'repair',
      symptom: 'Leak',
    });
    await crm.assignDealer({ caseId: opened.id, dealer: dealerCode });
    return { caseId: opened.id, accountId: account.id, dealerCode };
  };

  const retryCases: Record<string, RetryCase> = {
    openAccount: {
      prepare: async () => {
        const email = uniqueEmail('account');
        return {
          args: [{ name: 'Retried Account', email, kind: 'consumer' }],
          written: async () => (await count('account', 'email = $1', [email])) === 1,
          verify: async () => expect(await count('account', 'email = $1', [email])).toBe(1),
        };
      },
    },
    linkErpCustomer: {
      prepare: async (crm) => {
        const account = await crm.openAccount({
          name: 'Linked',
          email: uniqueEmail('link'),
          kind: 'business',
        });
        const erpCustomerId = randomUUID();
        return {
          args: [{ customerNo: account.customerNo, erpCustomerId }],
          written: async () =>
            (await count('account', 'id = $1 and erp_customer_id is not null', [account.id])) === 1,
          verify: async (result) => expect(result).toMatchObject({ erpCustomerId }),
        };
      },
    },
    scoreLead: {
      prepare: async (crm) => {
        const lead = await crm.captureLead({
          source: 'partner',
          company: unique('Score AG'),
          contactName: 'Sid',
          email: uniqueEmail('score'),
          phone: '+49 30 1111111',
          itemsOfInterest: ['A'],
          estimatedValueMinor: 2_000_000,
        });
        return {
          args: [{ leadId: lead.id }],
          written: async () =>
            (await count('lead', `id = $1 and status = 'qualified'`, [lead.id])) === 1,
          verify: async (result) =>
            expect(result).toMatchObject({ outcome: 'qualified', lead: { score: 95 } }),
        };
      },
    },
    decideLead: {
      prepare: async (crm) => {
        const lead = await crm.captureLead({
          source: 'web',
          company: 'Maybe Co',
          contactName: 'May',
          email: uniqueEmail('decide'),
          itemsOfInterest: ['A'],
          estimatedValueMinor: 150_000,
        });
        await crm.scoreLead({ leadId: lead.id });
        return {
          args: [{ leadId: lead.id, decision: 'disqualify', reason: 'no budget' }],
          written: async () =>
            (await count('lead', `id = $1 and status = 'disqualified'`, [lead.id])) === 1,
          verify: async (result) =>
            expect(result).toMatchObject({
              status: 'disqualified',
              disqualifiedReason: 'no budget',
            }),
        };
      },
    },
    captureLead: {
      prepare: async () => {
        const email = uniqueEmail('retry');
        return {
          args: [{ source: 'web', contactName: 'Retried Capture', email }],
          written: async () => (await count('lead', 'email = $1', [email])) === 1,
          verify: async () => expect(await count('lead', 'email = $1', [email])).toBe(1),
        };
      },
    },
    convertLead: {
      prepare: async (crm) => {
        const lead = await qualifiedLead(crm);
        return {
          args: [{ leadId: lead.id }],
          written: async () => (await count('account', 'email = $1', [lead.email])) === 1,
          verify: async (result) => {
            // The retry found the conversion done and returned the same records.
            expect(result).toMatchObject({
              converted: false,
              account: { customerNo: expect.stringMatching(/^C-\d{6,}$/) },
            });
            expect(await count('account', 'email = $1', [lead.email])).toBe(1);
            expect(await count('opportunity', 'source_lead_id = $1', [lead.id])).toBe(1);
            expect(
              await count('timeline_entry', 'source_key = $1', [`lead-converted:${lead.leadNo}`]),
            ).toBe(1);
          },
        };
      },
    },
    createQuote: {
      prepare: async (crm) => {
        const { opportunity } = await crm.convertLead({ leadId: (await qualifiedLead(crm)).id });
        const request = quoteRequest(opportunity);
        return {
          args: [request],
          written: async () => (await count('quote', 'quote_key = $1', [request.quoteKey])) === 1,
          verify: async (result) => {
            expect(result).toMatchObject({ totalMinor: 23_799 });
            expect(await count('quote', 'quote_key = $1', [request.quoteKey])).toBe(1);
            expect(
              await count(
                'quote_line',
                'quote_id = (select id from crm.quote where quote_key = $1)',
                [request.quoteKey],
              ),
            ).toBe(2);
          },
        };
      },
    },
    setQuoteStatus: {
      prepare: async (crm) => {
        const { opportunity } = await crm.convertLead({ leadId: (await qualifiedLead(crm)).id });
        const quote = await crm.createQuote(quoteRequest(opportunity));
        await crm.setQuoteStatus({ quoteId: quote.id, status: 'approved', by: 'rules' });
        return {
          args: [{ quoteId: quote.id, status: 'sent' }],
          written: async () =>
            (await count('quote', `id = $1 and status = 'sent'`, [quote.id])) === 1,
          verify: async () =>
            expect(
              await count('timeline_entry', 'source_key = $1', [`quote-sent:${quote.quoteNo}`]),
            ).toBe(1),
        };
      },
    },
    markOpportunityWon: {
      prepare: async (crm) => {
        const { opportunity } = await crm.convertLead({ leadId: (await qualifiedLead(crm)).id });
        await crm.createQuote(quoteRequest(opportunity));
        return {
          args: [{ opportunityId: opportunity.id, orderNo: 'SO-000042' }],
          written: async () =>
            (await count('opportunity', `id = $1 and stage = 'won'`, [opportunity.id])) === 1,
          verify: async (result) => {
            expect(result).toMatchObject({ stage: 'won', erpDocuments: { orderNo: 'SO-000042' } });
            expect(
              await count('timeline_entry', 'source_key = $1', [
                `opportunity-won:${opportunity.opportunityNo}`,
              ]),
            ).toBe(1);
          },
        };
      },
    },
    appendTimeline: {
      prepare: async (crm) => {
        const { account } = await crm.convertLead({ leadId: (await qualifiedLead(crm)).id });
        const sourceKey = unique('shipped');
        return {
          args: [
            {
              customerNo: account.customerNo,
              sourceKey,
              kind: 'shipped',
              summary: 'Shipped with tracking 1Z999',
            },
          ],
          written: async () =>
            (await count('timeline_entry', 'source_key = $1', [sourceKey])) === 1,
          verify: async (result) => {
            expect(result).toMatchObject({ position: 2 });
            expect(await count('timeline_entry', 'account_id = $1', [account.id])).toBe(2);
          },
        };
      },
    },
    registerAssets: {
      prepare: async (crm) => {
        const { account } = await crm.convertLead({ leadId: (await qualifiedLead(crm)).id });
        const serialNo = unique('VIN');
        return {
          args: [
            {
              customerNo: account.customerNo,
              shipmentNo: unique('SH'),
              items: [
                {
                  serialNo,
                  sku: 'PUMP-100',
                  itemName: 'Pump',
                  deliveredOn: '2026-11-20',
                  warrantyMonths: 24,
                },
              ],
            },
          ],
          written: async () => (await count('asset', 'serial_no = $1', [serialNo])) === 1,
          verify: async () => {
            expect(await count('asset', 'serial_no = $1', [serialNo])).toBe(1);
            expect(
              await count('timeline_entry', `account_id = $1 and kind = 'assets-handed-over'`, [
                account.id,
              ]),
            ).toBe(1);
          },
        };
      },
    },
    openCase: {
      prepare: async (crm) => {
        const { account } = await crm.convertLead({ leadId: (await qualifiedLead(crm)).id });
        const intakeKey = unique('call');
        return {
          args: [
            {
              intakeKey,
              customerNo: account.customerNo,
              kind: 'complaint',
              symptom: 'Invoice unclear',
            },
          ],
          written: async () => (await count('service_case', 'intake_key = $1', [intakeKey])) === 1,
          verify: async () => {
            expect(await count('service_case', 'intake_key = $1', [intakeKey])).toBe(1);
            expect(
              await count('timeline_entry', `account_id = $1 and kind = 'case-opened'`, [
                account.id,
              ]),
            ).toBe(1);
          },
        };
      },
    },
    assignDealer: {
      prepare: async (crm) => {
        const { account } = await crm.convertLead({ leadId: (await qualifiedLead(crm)).id });
        const dealerCode = unique('D-RTY').toUpperCase();
        await sql(
          `insert into crm.dealer (id, code, name, city, latitude, longitude, capabilities, service_levels, open_capacity, active, created_at, updated_at)
           values (gen_random_uuid(), $1, 'Retry Service', 'Berlin', 52.52, 13.40, '["repair"]', '["standard"]', 3, true, now(), now())`,
          [dealerCode],
        );
        const opened = await crm.openCase({
          intakeKey: unique('call'),
          customerNo: account.customerNo,
          kind: 'repair',
          symptom: 'Leak',
        });
        return {
          args: [{ caseId: opened.id, dealer: dealerCode }],
          written: async () =>
            (await count('service_case', `id = $1 and status = 'assigned'`, [opened.id])) === 1,
          verify: async () => {
            // Capacity taken once, not once per attempt.
            expect(await count('dealer', 'code = $1 and open_capacity = 2', [dealerCode])).toBe(1);
            expect(
              await count('timeline_entry', `account_id = $1 and kind = 'case-assigned'`, [
                account.id,
              ]),
            ).toBe(1);
          },
        };
      },
    },
    markOpportunityLost: {
      prepare: async (crm) => {
        const { opportunity } = await crm.convertLead({ leadId: (await qualifiedLead(crm)).id });
        return {
          args: [{ opportunityId: opportunity.id, reason: 'expired' }],
          written: async () =>
            (await count('opportunity', `id = $1 and stage = 'lost'`, [opportunity.id])) === 1,
          verify: async () =>
            expect(
              await count('timeline_entry', 'source_key = $1', [
                `opportunity-lost:${opportunity.opportunityNo}`,
              ]),
            ).toBe(1),
        };
      },
    },
    linkErpDocuments: {
      prepare: async (crm) => {
        const { opportunity } = await crm.convertLead({ leadId: (await qualifiedLead(crm)).id });
        return {
          args: [
            {
              opportunityId: opportunity.id,
              orderNo: 'SO-000043',
              shipmentNos: ['SH-000001', 'SH-000002'],
              invoiceNos: ['INV-000001'],
            },
          ],
          written: async () =>
            (await count('opportunity', `id = $1 and erp_order_no is not null`, [
              opportunity.id,
            ])) === 1,
          verify: async (result) =>
            expect(result).toMatchObject({
              erpDocuments: {
                orderNo: 'SO-000043',
                shipmentNos: ['SH-000001', 'SH-000002'],
                invoiceNos: ['INV-000001'],
              },
            }),
        };
      },
    },
    updateCase: {
      prepare: async (crm) => {
        const { caseId, accountId } = await assignedCase(crm);
        return {
          args: [{ caseId, status: 'in-progress' }],
          written: async () =>
            (await count('service_case', `id = $1 and status = 'in-progress'`, [caseId])) === 1,
          verify: async () =>
            expect(
              await count('timeline_entry', `account_id = $1 and kind = 'case-in-progress'`, [
                accountId,
              ]),
            ).toBe(1),
        };
      },
    },
    closeCase: {
      prepare: async (crm) => {
        const { caseId, accountId, dealerCode } = await assignedCase(crm);
        await crm.updateCase({ caseId, status: 'in-progress' });
        await crm.updateCase({ caseId, status: 'resolved', resolution: 'Seal replaced' });
        return {
          args: [{ caseId, satisfaction: 4 }],
          written: async () =>
            (await count('service_case', `id = $1 and status = 'closed'`, [caseId])) === 1,
          verify: async (result) => {
            expect(result).toMatchObject({ status: 'closed', satisfaction: 4 });
            expect(
              await count('timeline_entry', `account_id = $1 and kind = 'case-closed'`, [
                accountId,
              ]),
            ).toBe(1);
            expect(await count('dealer', 'code = $1 and open_capacity = 3', [dealerCode])).toBe(1);
          },
        };
      },
    },
    setCreditHoldFlag: {
      prepare: async (crm) => {
        const { account } = await crm.convertLead({ leadId: (await qualifiedLead(crm)).id });
        return {
          args: [{ customerNo: account.customerNo, creditHold: true, reason: '30 days overdue' }],
          written: async () =>
            (await count('account', 'id = $1 and credit_hold', [account.id])) === 1,
          verify: async () =>
            expect(
              await count('timeline_entry', `account_id = $1 and kind = 'credit-hold-set'`, [
                account.id,
              ]),
            ).toBe(1),
        };
      },
    },
  };

  it.each(Object.keys(retryCases))(
    '%s writes once when the worker that did it never reported back and the attempt is retried on another',
    async (activity) => {
      // This worker commits its work, then holds the result past the 1 s attempt timeout.
      const stuck = await startApp('crm', { FAULT_ACTIVITY_DELAY_MS: '3000' });
      apps.push(stuck);
      const { args, written, verify } = await retryCases[activity].prepare(
        activitiesOf(stuck.app, CrmActivities),
      );
      const probe = await startProbe({ activity, args, attemptTimeout: '1s' });
      await eventually(`the first attempt of ${activity}`, written);
      // Stop it polling, so the retry goes to a healthy worker.
      stuck.app.get(WorkerHost).shutdown();
      const healthy = await startApp('crm');
      try {
        const result = await probe.result();
        // History keeps the started event of the last attempt only: its number says it was retried.
        expect(Math.max(...(await activityAttempts(probe.id))[activity])).toBeGreaterThanOrEqual(2);
        await verify(result);
      } finally {
        // The next case's first attempt must land on its own stuck worker.
        await healthy.app.close();
      }
    },
  );

  // PostgreSQL refuses NUL in text on every attempt: such an activity used to retry for ever.
  let textRefusingApp: RunningApp | undefined;
  it.each<[string, string, string, (email: string) => Record<string, unknown>]>([
    [
      'captureLead',
      'NUL in the company',
      'company',
      (email) => ({ source: 'web', company: 'Evil\u0000Corp', contactName: 'Eve', email }),
    ],
    [
      'openAccount',
      'a C1 control in an address line',
      'address.line1',
      (email) => ({
        name: 'Eve Ltd',
        email,
        kind: 'business',
        address: { line1: 'Main\u0085St', city: 'Berlin', postalCode: '10115', country: 'DE' },
      }),
    ],
    [
      'appendTimeline',
      'an unpaired surrogate in a summary',
      'summary',
      () => ({ customerNo: 'C-000001', sourceKey: unique('k'), kind: 'note', summary: 'x\uD800' }),
    ],
  ])(
    '%s with %s fails at once: non-retryable invalid-text naming %s, one attempt, nothing written',
    async (activity, _, field, makeRequest) => {
      if (!textRefusingApp) {
        textRefusingApp = await startApp('crm');
        apps.push(textRefusingApp);
      }
      const email = uniqueEmail('text');
      const probe = await startProbe({ activity, args: [makeRequest(email)] });
      const failure = await probe.result().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(WorkflowFailedError);
      const cause = ((failure as WorkflowFailedError).cause as ActivityFailure).cause;
      expect(cause).toBeInstanceOf(ApplicationFailure);
      expect(cause).toMatchObject({ type: 'invalid-text', nonRetryable: true });
      expect((cause as ApplicationFailure).message).toContain(field);
      expect((await activityAttempts(probe.id))[activity]).toEqual([1]);
      expect(await count('lead', 'email = $1', [email])).toBe(0);
      expect(await count('account', 'email = $1', [email])).toBe(0);
    },
  );

  it('fails fast on a refused state change: a non-retryable failure typed with the domain code', async () => {
    const healthy = await startApp('crm');
    apps.push(healthy);
    const direct = activitiesOf(healthy.app, CrmActivities);
    const lead = await direct.captureLead({
      source: 'web',
      contactName: 'Unqualified',
      email: uniqueEmail(),
    });
    const probe = await startProbe({ activity: 'convertLead', args: [{ leadId: lead.id }] });
    const failure = await probe.result().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const activityFailure = (failure as WorkflowFailedError).cause;
    expect(activityFailure).toBeInstanceOf(ActivityFailure);
    const cause = (activityFailure as ActivityFailure).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: 'illegal-lead-transition', nonRetryable: true });
    expect((await activityAttempts(probe.id)).convertLead).toEqual([1]);
    expect(await count('account', 'email = $1', [lead.email])).toBe(0);
  });
});
