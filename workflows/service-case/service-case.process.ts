import { upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { CrmActivities } from '@throughline/activities/crm';
import {
  SearchAttributes,
  SERVICE_CASE,
  ServiceCaseEvents,
  type ServiceCaseInput,
  type ServiceCaseOutcome,
  type ServiceCasePolicy,
  type ServiceCaseResult,
  type ServiceCaseStage,
  type ServiceCaseWorkflowInput,
} from '@throughline/contracts';
import { Attention } from '../shared/attention';
import { Compensations } from '../shared/compensations';
import { ProcessRuntime, refuseEvent } from '../shared/process-runtime';
import { systems } from '../shared/systems';

export type ServiceCaseRecord = Awaited<ReturnType<CrmActivities['openCase']>>;

/**
 * The state of one service case, shared by its phases (intake and entitlement, routing, repair
 * and billing, survey): the CRM case, the dealer, the work order, the result, the saga, and the
 * helpers every phase uses. service-case.workflow.ts runs the phases in order.
 */
export class ServiceCase {
  readonly request: ServiceCaseInput;
  readonly policy: ServiceCasePolicy;
  readonly processId = workflowInfo().workflowId;
  readonly runtime: ProcessRuntime<ServiceCaseResult>;
  readonly attention: Attention;
  readonly crm: ReturnType<typeof systems>['crm'];
  readonly erp: ReturnType<typeof systems>['erp'];
  readonly saga = new Compensations();
  readonly result: ServiceCaseResult;
  case?: ServiceCaseRecord;
  /** The case as the dealer needs it: what to repair, where it stands, the appointment. */
  readonly details: {
    kind: string;
    priority: string;
    symptom: string;
    caseNo?: string;
    serialNo?: string;
    inWarranty?: boolean;
    slaDueAt?: string;
    dealerCode?: string;
    appointmentAt?: string;
    parts: { sku: string; quantity: number }[];
    workOrderNo?: string;
  };
  /** Set once the dealer has started: from then on the case cannot be cancelled. */
  workStarted = false;
  /** Set once the work is done (or the case ended without it): the SLA is met. */
  resolved = false;

  constructor(input: ServiceCaseWorkflowInput) {
    this.request = input.request;
    this.policy = input.policy;
    this.details = {
      kind: input.request.kind,
      priority: input.request.priority,
      symptom: input.request.symptom,
      ...(input.request.serialNo ? { serialNo: input.request.serialNo } : {}),
      parts: input.request.parts,
    };
    this.runtime = new ProcessRuntime<ServiceCaseResult>({
      type: SERVICE_CASE,
      businessKey: input.businessKey,
      startedBy: input.startedBy,
      summary: `Service case ${input.request.kind} (${input.request.channel}, ${input.request.priority})`,
    });
    this.attention = new Attention(this.runtime, (stage) => this.stage(stage as ServiceCaseStage));
    const { crm, erp } = systems(input.policy.activityTimeoutMs, {
      attention: this.attention,
      // A dealer the CRM refuses (unknown, full, unfit) goes back to routing, not to ops.
      handled: { assignDealer: '*' },
    });
    this.crm = crm;
    this.erp = erp;
    // What a dealer reads of the case (its key sees no steps or tasks): the work, not the people.
    this.runtime.state.details = this.details as unknown as Record<string, unknown>;
    // A dealer answers only for itself: an offer that moved on to the next dealer is not its own.
    for (const event of [
      ServiceCaseEvents.dealerAccepted,
      ServiceCaseEvents.dealerDeclined,
      ServiceCaseEvents.appointmentSet,
      ServiceCaseEvents.workCompleted,
    ]) {
      this.runtime.checkEvent(event, (_payload, actor) => {
        if (actor.dealerCode && actor.dealerCode !== this.result.dealerCode) {
          refuseEvent(`The case is not with dealer ${actor.dealerCode} (any more).`);
        }
      });
    }
    this.result = {
      outcome: 'completed',
      caseNo: '',
      customerNo: input.request.customerNo ?? '',
      ...(input.request.serialNo ? { serialNo: input.request.serialNo } : {}),
      inWarranty: false,
      slaBreached: false,
      declinedBy: [],
    };
  }

  get caseRecord(): ServiceCaseRecord {
    if (!this.case) throw new Error('the case is not open yet');
    return this.case;
  }

  stage(name: ServiceCaseStage): void {
    this.runtime.stage(name);
    this.memo();
  }

  /** Document numbers and the stage: what ops read in the Temporal UI. */
  memo(): void {
    this.runtime.memo({
      caseNo: this.result.caseNo || undefined,
      customerNo: this.result.customerNo || undefined,
      dealer: this.result.dealerCode,
      workOrderNo: this.result.workOrderNo,
      invoiceNo: this.result.invoiceNo,
      stage: this.runtime.state.stage,
    });
  }

  /** The dealer the case is offered to or assigned to: a dealer's key sees only its cases. */
  dealer(code: string | undefined): void {
    this.result.dealerCode = code;
    this.details.dealerCode = code;
    upsertSearchAttributes([{ key: SearchAttributes.dealerCode, value: code ?? null }]);
    this.memo();
  }

  /** An entry on the customer's CRM timeline. */
  async timeline(
    kind: string,
    sourceKey: string,
    summary: string,
    details?: Record<string, unknown>,
  ): Promise<void> {
    await this.crm.appendTimeline({
      customerNo: this.result.customerNo,
      sourceKey,
      kind,
      summary,
      processId: this.processId,
      details: { caseNo: this.result.caseNo, ...details },
    });
  }

  /** Ends the process with an outcome other than a completed repair; the case closes. */
  async close(outcome: ServiceCaseOutcome, resolution: string): Promise<ServiceCaseResult> {
    this.result.outcome = outcome;
    this.resolved = true;
    if (this.case) {
      await this.crm.updateCase({
        caseId: this.case.id,
        status: 'resolved',
        resolution,
        processId: this.processId,
      });
      await this.crm.closeCase({ caseId: this.case.id, processId: this.processId });
    }
    this.runtime.step('case-closed', `${outcome}: ${resolution}`);
    this.stage(outcome === 'cancelled' ? 'cancelled' : 'closed');
    this.runtime.state.result = this.result;
    return this.result;
  }
}
