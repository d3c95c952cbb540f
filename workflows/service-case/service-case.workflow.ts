import { CancellationScope, condition, isCancellation, sleep } from '@temporalio/workflow';
import {
  ServiceCaseEvents,
  type ServiceCaseResult,
  type ServiceCaseWorkflowInput,
} from '@throughline/contracts';
import { describeFailure } from '../shared/attention';
import { intakeAndEntitlement } from './intake-and-entitlement.phase';
import { repairAndBill } from './repair-and-bill.phase';
import { route } from './routing.phase';
import { ServiceCase } from './service-case.process';

/** After a cancellation through the API, how long the process waits for Temporal's own cancel. */
const CANCEL_CONFIRMATION_MS = 60_000;

/**
 * The service case, DOMAIN.md "Process 2" (the call-center example), as one process across CRM
 * and ERP: intake and entitlement, routing to a dealer, the work order and the dealer's report,
 * the warranty posting or the service invoice and its collection, the survey and the closed
 * case. The SLA runs beside it: when it passes with the work not done, the breach is recorded and
 * a service manager is told. Cancellable until the dealer reports the work: the work order is
 * cancelled (its parts go back to stock) and the case closes (the dealer's capacity comes back). State in service-case.process.ts, one phase per file.
 */
export async function serviceCaseWorkflow(
  input: ServiceCaseWorkflowInput,
): Promise<ServiceCaseResult> {
  const p = new ServiceCase(input);
  p.runtime.setCancellable(true);
  const work = new CancellationScope();
  p.runtime.onCancelRequested(() => work.cancel());
  try {
    return await work.run(async () => {
      const ended = await intakeAndEntitlement(p);
      if (ended) return ended;
      void watchSla(p);
      const routed = await route(p);
      if ('outcome' in routed) return routed;
      await repairAndBill(p, routed);
      return await survey(p);
    });
  } catch (error) {
    if (!isCancellation(error) || p.workStarted) throw error;
    const reason = `cancelled by ${p.runtime.state.cancellation?.by ?? 'ops'}: ${p.runtime.state.cancellation?.reason ?? 'no reason given'}`;
    await CancellationScope.nonCancellable(async () => {
      p.attention.compensating = true;
      for (const undone of await p.saga.run(reason.slice(0, 300))) p.runtime.step('undone', undone);
      // The case is resolved and closed: the dealer's capacity comes back.
      await p.close('cancelled', reason);
    });
    return closeCancelled(p, error);
  }
}

/** The satisfaction survey (or its timeout), then the case closes. */
async function survey(p: ServiceCase): Promise<ServiceCaseResult> {
  const { runtime, crm, result } = p;
  p.stage('awaiting-survey');
  runtime.acceptEvents(ServiceCaseEvents.surveyAnswered);
  const answer = await runtime.nextEvent([ServiceCaseEvents.surveyAnswered], p.policy.surveyMs);
  runtime.acceptEvents();
  const score = answer ? Number(answer.payload.score) : undefined;
  if (score !== undefined) result.satisfaction = score;
  runtime.step('survey', score !== undefined ? `${score}/5` : 'no answer');
  await crm.closeCase({
    caseId: p.caseRecord.id,
    ...(score !== undefined ? { satisfaction: score } : {}),
    processId: p.processId,
  });
  runtime.step('case-closed', 'completed');
  p.stage('closed');
  runtime.state.result = result;
  return result;
}

/**
 * The SLA: at its due time, a case whose work is not done is in breach. The breach goes on the
 * customer's timeline and into the process; a service manager gets a task (which escalates to
 * ops when nobody acts).
 */
async function watchSla(p: ServiceCase): Promise<void> {
  const serviceCase = p.caseRecord;
  const dueIn = Math.max(0, Date.parse(serviceCase.slaDueAt) - Date.now());
  try {
    if (await condition(() => p.resolved, dueIn)) return;
    p.result.slaBreached = true;
    p.runtime.step('sla-breached', serviceCase.slaDueAt);
    await p.timeline(
      'sla-breached',
      `sla-breached:${serviceCase.caseNo}`,
      `Case ${serviceCase.caseNo} missed its SLA (due ${serviceCase.slaDueAt})`,
      { slaDueAt: serviceCase.slaDueAt },
    );
    await p.runtime.ask({
      kind: 'sla-breached',
      role: 'service-manager',
      escalateTo: 'ops',
      dueInMs: 60 * 60 * 1000,
      expireInMs: 7 * 24 * 60 * 60 * 1000,
      decisions: ['acknowledged'],
      summary: `Case ${serviceCase.caseNo} missed its SLA (due ${serviceCase.slaDueAt}); dealer ${p.result.dealerCode ?? 'none yet'}`,
      context: { caseNo: serviceCase.caseNo, dealerCode: p.result.dealerCode },
    });
  } catch (error) {
    // The case was cancelled or closed meanwhile: nobody needs the breach task any more.
    if (isCancellation(error)) return;
    // This branch runs beside the case: a failure here must not end in a rejection nobody
    // awaits (that fails workflow tasks for ever). The case goes on; the step says what failed.
    p.runtime.step('sla-notice-failed', describeFailure(error).message.slice(0, 200));
  }
}

/**
 * Closes a cancelled case: as Canceled in Temporal when Temporal's cancellation arrived (the UI,
 * the CLI, or the API's confirmation); else, after a bounded wait, completed as `cancelled`.
 */
async function closeCancelled(p: ServiceCase, error: unknown): Promise<ServiceCaseResult> {
  const root = CancellationScope.current();
  if (!root.consideredCancelled) {
    await Promise.race([root.cancelRequested, sleep(CANCEL_CONFIRMATION_MS)]);
  }
  if (root.consideredCancelled) throw error;
  return p.result;
}
