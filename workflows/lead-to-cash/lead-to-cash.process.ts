import { condition, workflowInfo } from '@temporalio/workflow';
import type { ErpActivities } from '@throughline/activities/erp';
import type { CrmActivities } from '@throughline/activities/crm';
import {
  ErpErrorCodes,
  LEAD_TO_CASH,
  type LeadToCashDetails,
  type LeadToCashInput,
  type LeadToCashOutcome,
  type LeadToCashPolicy,
  type LeadToCashResult,
  type LeadToCashStage,
  type LeadToCashWorkflowInput,
} from '@throughline/contracts';
import { Attention } from '../shared/attention';
import { Compensations } from '../shared/compensations';
import { ProcessRuntime } from '../shared/process-runtime';
import { type HandledRefusals, systems } from '../shared/systems';

/**
 * Refusals lead to cash answers itself; any other failure of a step parks the process for ops.
 */
const handledRefusals: HandledRefusals = {
  // Accepted a moment after valid-until: the quote expires.
  setQuoteStatus: ['quote-past-valid-until'],
  // A payment the ERP refuses goes to finance as a task.
  recordPayment: '*',
  // A purchase order received already has nothing to undo.
  cancelPurchaseOrder: [ErpErrorCodes.invalidTransition],
};

export type Lead = Awaited<ReturnType<CrmActivities['captureLead']>>;
export type Quote = Awaited<ReturnType<CrmActivities['createQuote']>>;
export type SalesOrder = Awaited<ReturnType<ErpActivities['createSalesOrder']>>;
export type OrderReservations = Awaited<ReturnType<ErpActivities['reserveStock']>>;
export type CreditCheck = Awaited<ReturnType<ErpActivities['checkCredit']>>;

/**
 * The state of one lead-to-cash process, shared by its phases (qualify, quote and approval,
 * order and credit, deliver and bill, payments): what it knows, the documents it made, its
 * saga, and the small helpers every phase uses. Each phase is a function of this object in its
 * own file; lead-to-cash.workflow.ts runs them in order.
 */
export class LeadToCash {
  readonly request: LeadToCashInput;
  readonly policy: LeadToCashPolicy;
  readonly crm: ReturnType<typeof systems>['crm'];
  readonly erp: ReturnType<typeof systems>['erp'];
  readonly processId = workflowInfo().workflowId;
  /** The customer as people read it: company, else the contact. */
  readonly who: string;
  readonly runtime: ProcessRuntime<LeadToCashResult>;
  /** Parks the process for ops when a step fails for a reason it does not handle. */
  readonly attention: Attention;
  readonly saga = new Compensations();
  readonly result: LeadToCashResult = {
    outcome: 'paid',
    leadNo: '',
    shipmentNos: [],
    invoiceNos: [],
    purchaseOrderNos: [],
    paymentNos: [],
    assetSerials: [],
  };
  readonly details: LeadToCashDetails = { purchaseOrders: [], shipments: [], invoices: [] };

  customerNo?: string;
  opportunityId?: string;
  opportunityNo?: string;
  lead?: Lead;
  quote?: Quote;
  /** Epoch ms until which the sent quote holds. */
  validUntil = 0;
  /** A quote the customer may still hold (not accepted, rejected or expired): the saga withdraws it. */
  openQuote?: string;
  order?: SalesOrder;
  credit?: CreditCheck;
  reservation?: OrderReservations;
  partialShipments = false;

  /**
   * The first failure of a branch that runs beside the main flow (a shipment, the event router,
   * a finance task). Branches never leave a rejection unhandled (that would fail workflow tasks
   * for ever); the main flow rethrows it at its next wait.
   */
  branchFailure: unknown;

  constructor(input: LeadToCashWorkflowInput) {
    this.request = input.request;
    this.policy = input.policy;
    this.who = input.request.lead.company ?? input.request.lead.contactName;
    this.runtime = new ProcessRuntime<LeadToCashResult>({
      type: LEAD_TO_CASH,
      businessKey: input.businessKey ?? input.request.leadRef ?? input.request.lead.email,
      startedBy: input.startedBy,
      summary: `Lead to cash for ${this.who} <${input.request.lead.email}>`,
    });
    this.attention = new Attention(this.runtime, (stage) => this.stage(stage as LeadToCashStage));
    const { crm, erp } = systems(input.policy.activityTimeoutMs, {
      attention: this.attention,
      handled: handledRefusals,
    });
    this.crm = crm;
    this.erp = erp;
    this.runtime.state.details = this.details as unknown as Record<string, unknown>;
  }

  /**
   * The readable summary in the Temporal UI's memo: document numbers and the stage. The memo is
   * not encrypted, so it holds no names (the customer's name is in the encrypted state).
   */
  memo(): void {
    this.runtime.memo({
      customerNo: this.customerNo,
      quoteNo: this.result.quoteNo,
      orderNo: this.result.orderNo,
      invoices: this.result.invoiceNos.join(', ') || undefined,
      stage: this.runtime.state.stage,
    });
  }

  stage(name: LeadToCashStage): void {
    this.runtime.stage(name);
    this.memo();
  }

  /** An entry on the customer's CRM timeline (once there is a customer). */
  async timeline(
    kind: string,
    sourceKey: string,
    summary: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    if (!this.customerNo) return;
    await this.crm.appendTimeline({
      customerNo: this.customerNo,
      sourceKey,
      kind,
      summary,
      processId: this.processId,
      details,
    });
  }

  /** Ends the process without an order going through: the opportunity is lost. */
  async close(outcome: LeadToCashOutcome, reason: string): Promise<LeadToCashResult> {
    if (this.opportunityId) {
      await this.crm.markOpportunityLost({
        opportunityId: this.opportunityId,
        reason,
        processId: this.processId,
      });
    }
    this.result.outcome = outcome;
    this.runtime.step('closed', `${outcome}: ${reason}`);
    this.stage('closed-lost');
    this.runtime.state.result = this.result;
    return this.result;
  }

  /** Runs a branch beside the main flow; its failure is kept for the main flow, never lost. */
  guard(branch: Promise<unknown>): Promise<void> {
    return branch.then(
      () => undefined,
      (error: unknown) => {
        this.branchFailure ??= error;
      },
    );
  }

  /** Awaits `work`, unless a branch fails first. */
  async unlessBranchFails<T>(work: Promise<T>): Promise<T> {
    const outcome = await Promise.race([
      work.then((value) => ({ value })),
      condition(() => this.branchFailure !== undefined).then(() => undefined),
    ]);
    if (!outcome) throw this.branchFailure;
    return outcome.value;
  }
}

export function describeShortfall(reservation: OrderReservations): string {
  return reservation.shortfall.map((s) => `${s.quantity} × ${s.sku}`).join(', ');
}
