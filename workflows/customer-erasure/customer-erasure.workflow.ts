import {
  CUSTOMER_ERASURE,
  type CustomerErasureResult,
  type CustomerErasureStage,
  type CustomerErasureWorkflowInput,
} from '@throughline/contracts';
import { Attention } from '../shared/attention';
import { ProcessRuntime } from '../shared/process-runtime';
import { refusalOf, systems } from '../shared/systems';

/** The erasure never deletes or counts itself: its history is the audit trail. */
const SELF = ['customerErasureWorkflow'];

/** An admin decides about running processes within this, else it asks again (a day). */
const BLOCKED_TASK_DUE_MS = 24 * 60 * 60 * 1000;

/**
 * The right to be forgotten for one customer, as one process with its own audit trail:
 * 1. Wait until the customer has no running process (an admin cancels them or lets them finish,
 *    then retries; or aborts the erasure).
 * 2. CRM erases the personal data (account, contacts, leads, free text).
 * 3. ERP replaces the name and contact data; invoices, payments and ledger stay, as the law
 *    requires.
 * 4. Temporal forgets: the customer's closed process histories (whose encrypted payloads hold the
 *    person's data) are deleted.
 * Each step is idempotent, so a retry or a crashed worker repeats nothing twice. The erasure's
 * own history and result hold the customerNo and counts, never personal data.
 */
export async function customerErasureWorkflow(
  input: CustomerErasureWorkflowInput,
): Promise<CustomerErasureResult> {
  const { customerNo } = input.request;
  const runtime = new ProcessRuntime<CustomerErasureResult>({
    type: CUSTOMER_ERASURE,
    businessKey: input.businessKey,
    startedBy: input.startedBy,
    summary: `Erase the personal data of customer ${customerNo}`,
  });
  const { crm, erp, records } = systems(input.policy.activityTimeoutMs, {
    attention: new Attention(runtime),
    // A customer one system does not know: nothing to erase there (refusals reach the process).
    handled: { eraseCustomerPersonalData: '*', anonymizeCustomer: '*' },
  });
  const stage = (name: CustomerErasureStage): void => runtime.stage(name);
  const erasureRef = input.businessKey;
  runtime.customer(customerNo);

  for (;;) {
    stage('checking-open-processes');
    const processes = await records.customerProcesses({
      customerNo,
      excludeWorkflowTypes: SELF,
    });
    if (processes.running.length === 0) break;
    stage('blocked-by-open-processes');
    runtime.step('blocked-by-open-processes', processes.running.join(', '));
    const task = await runtime.ask({
      kind: 'erasure-blocked',
      role: 'admin',
      dueInMs: BLOCKED_TASK_DUE_MS,
      decisions: ['retry', 'abort'],
      summary: `Customer ${customerNo} has ${processes.running.length} running process(es); cancel them or let them finish, then retry (or abort the erasure)`,
      context: { customerNo, runningProcesses: processes.running },
    });
    if (task.completion?.decision === 'abort') {
      runtime.step('aborted', `by ${task.completion.by}`);
      stage('aborted');
      runtime.state.result = { customerNo, outcome: 'aborted' };
      return runtime.state.result;
    }
  }

  stage('erasing-crm');
  const crmErased = await unlessUnknown(crm.eraseCustomerPersonalData({ customerNo, erasureRef }));
  runtime.step(crmErased ? 'crm-personal-data-erased' : 'crm-customer-unknown', customerNo);

  stage('anonymizing-erp');
  const erpErased = await unlessUnknown(erp.anonymizeCustomer({ customerNo, erasureRef }));
  runtime.step(erpErased ? 'erp-customer-anonymized' : 'erp-customer-unknown', customerNo);
  if (!crmErased && !erpErased) {
    stage('completed');
    runtime.state.result = { customerNo, outcome: 'unknown-customer' };
    return runtime.state.result;
  }

  stage('deleting-histories');
  const { deleted } = await records.deleteClosedCustomerProcesses({
    customerNo,
    excludeWorkflowTypes: SELF,
  });
  runtime.step('process-histories-deleted', String(deleted));

  stage('completed');
  runtime.state.result = {
    customerNo,
    outcome: 'erased',
    ...(crmErased ? { crm: countsOf(crmErased) } : {}),
    ...(erpErased ? { erp: countsOf(erpErased) } : {}),
    historiesDeleted: deleted,
  };
  return runtime.state.result;
}

/** The step's result, or undefined where the system does not know the customer. */
async function unlessUnknown<T>(step: Promise<T>): Promise<T | undefined> {
  try {
    return await step;
  } catch (error) {
    if (refusalOf(error)?.code.endsWith('-not-found')) return undefined;
    throw error;
  }
}

/** The numbers and the timestamp of an erasure result (never text that could quote a person). */
function countsOf(result: object): Record<string, number | string> {
  return Object.fromEntries(
    Object.entries(result).filter(
      ([key, value]) => typeof value === 'number' || key === 'customerNo' || key === 'erasedAt',
    ),
  ) as Record<string, number | string>;
}
