import { upsertSearchAttributes } from '@temporalio/workflow';
import {
  SearchAttributes,
  ServiceCaseEvents,
  type ServiceCaseResult,
} from '@throughline/contracts';
import type { ServiceCase } from './service-case.process';

/**
 * Intake and entitlement: the CRM case (the SLA from the customer's service level, warranty from
 * the asset); out of warranty, an estimate the customer accepts (or the case closes); for a
 * customer on credit hold, finance's release of the billable work (or the case closes).
 * Returns the result when the process ends here.
 */
export async function intakeAndEntitlement(p: ServiceCase): Promise<ServiceCaseResult | undefined> {
  const { runtime, request, crm, erp, result, policy } = p;
  p.stage('opening-case');
  const opened = await crm.openCase({
    intakeKey: `process:${p.processId}`,
    customerNo: request.customerNo,
    serialNo: request.serialNo,
    kind: request.kind,
    priority: request.priority,
    symptom: request.symptom,
    processId: p.processId,
  });
  p.case = opened;
  result.caseNo = opened.caseNo;
  result.customerNo = opened.customerNo;
  result.inWarranty = opened.inWarranty;
  if (opened.serialNo) result.serialNo = opened.serialNo;
  Object.assign(p.details, {
    caseNo: opened.caseNo,
    inWarranty: opened.inWarranty,
    slaDueAt: opened.slaDueAt,
    ...(opened.serialNo ? { serialNo: opened.serialNo } : {}),
  });
  runtime.customer(opened.customerNo);
  runtime.document('case', opened.caseNo);
  upsertSearchAttributes([
    { key: SearchAttributes.caseNo, value: opened.caseNo },
    ...(opened.serialNo ? [{ key: SearchAttributes.assetSerial, value: opened.serialNo }] : []),
  ]);
  runtime.step('case-opened', `${opened.caseNo}, SLA due ${opened.slaDueAt}`);
  p.memo();

  if (opened.inWarranty) {
    runtime.step('in-warranty', opened.serialNo);
    return undefined;
  }
  // Out of warranty: the customer decides on an estimate before anything is done.
  const estimate = await erp.estimateServiceWork({
    customerNo: opened.customerNo,
    parts: request.parts,
    labourMinutes: request.estimatedLabourMinutes,
  });
  result.estimateMinor = estimate.netMinor;
  runtime.step('estimate-made', `${estimate.netMinor} ${estimate.currency} minor units before tax`);
  await p.timeline(
    'estimate-sent',
    `estimate:${opened.caseNo}`,
    `Estimate for case ${opened.caseNo}: ${estimate.netMinor} ${estimate.currency} minor units before tax (parts ${estimate.partsMinor}, labour ${estimate.labourMinor})`,
    { estimateMinor: estimate.netMinor },
  );
  p.stage('awaiting-estimate-answer');
  runtime.acceptEvents(ServiceCaseEvents.estimateAccepted, ServiceCaseEvents.estimateDeclined);
  const answer = await runtime.nextEvent(
    [ServiceCaseEvents.estimateAccepted, ServiceCaseEvents.estimateDeclined],
    policy.estimateValidityMs,
  );
  runtime.acceptEvents();
  if (answer?.event !== ServiceCaseEvents.estimateAccepted) {
    return p.close(
      'estimate-declined',
      answer ? `estimate declined (${answer.by})` : 'estimate not answered in time',
    );
  }
  runtime.step('estimate-accepted', `by ${answer.by}`);

  // Billable work for a customer on credit hold waits for finance.
  const account = await erp.getAccountSummary({ customerNo: opened.customerNo });
  if (account.creditHold) {
    p.stage('awaiting-credit-release');
    const task = await runtime.ask({
      kind: 'release-service-credit',
      role: 'finance',
      dueInMs: policy.creditReleaseMs,
      expireInMs: policy.creditReleaseMs,
      decisions: ['release', 'refuse'],
      summary: `Customer ${opened.customerNo} is on credit hold: release billable work on case ${opened.caseNo} (estimate ${estimate.netMinor})?`,
      context: {
        customerNo: opened.customerNo,
        caseNo: opened.caseNo,
        estimateMinor: estimate.netMinor,
        openBalanceMinor: account.openBalanceMinor,
        overdueBalanceMinor: account.overdueBalanceMinor,
      },
    });
    if (task.completion?.decision !== 'release') {
      return p.close(
        'credit-refused',
        task.completion
          ? `finance refused billable work (${task.completion.by})`
          : 'finance did not release the credit hold in time',
      );
    }
    runtime.step('credit-released', `by ${task.completion.by}`);
  }
  return undefined;
}
