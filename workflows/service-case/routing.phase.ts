import { ServiceCaseEvents, type ServiceCaseResult } from '@throughline/contracts';
import type { ServiceCase } from './service-case.process';

export interface AssignedDealer {
  code: string;
  city?: string;
  latitude?: number;
  longitude?: number;
}

/**
 * Routing: the nearest fitting dealer (capability, service level, capacity; one that served the
 * customer before is preferred at equal fitness) is offered the case and accepts or declines
 * within a deadline; on decline or silence the next is asked. With none left, a service manager
 * assigns one by hand (or closes the case). Returns the dealer, or the result when it ends here.
 */
export async function route(p: ServiceCase): Promise<AssignedDealer | ServiceCaseResult> {
  const { runtime, crm, result, policy } = p;
  const serviceCase = p.caseRecord;
  p.stage('routing');
  const asked: string[] = [];
  for (;;) {
    const { dealers } = await crm.findCandidateDealers({
      customerNo: result.customerNo,
      capability: p.request.kind,
      excludeDealerIds: asked,
      limit: 1,
    });
    const dealer = dealers[0];
    if (!dealer) break;
    asked.push(dealer.id);
    p.dealer(dealer.code);
    p.stage('awaiting-dealer');
    runtime.step('offered-to-dealer', `${dealer.code} (${dealer.distanceKm} km)`);
    runtime.acceptEvents(ServiceCaseEvents.dealerAccepted, ServiceCaseEvents.dealerDeclined);
    const answer = await runtime.nextEvent(
      [ServiceCaseEvents.dealerAccepted, ServiceCaseEvents.dealerDeclined],
      policy.dealerAnswerMs,
    );
    runtime.acceptEvents();
    if (answer?.event === ServiceCaseEvents.dealerAccepted) {
      await assign(p, dealer.code, `accepted by ${answer.by}`);
      const appointmentAt = answer.payload.appointmentAt;
      if (typeof appointmentAt === 'string') {
        p.details.appointmentAt = appointmentAt;
        runtime.step('appointment-set', appointmentAt);
      }
      return {
        code: dealer.code,
        city: dealer.city,
        latitude: dealer.latitude,
        longitude: dealer.longitude,
      };
    }
    result.declinedBy.push(dealer.code);
    runtime.step(answer ? 'dealer-declined' : 'dealer-did-not-answer', dealer.code);
  }

  // Nobody left: a person assigns by hand.
  p.dealer(undefined);
  p.stage('awaiting-manual-assignment');
  const task = await runtime.ask({
    kind: 'assign-dealer',
    role: 'service-manager',
    escalateTo: 'ops',
    dueInMs: policy.manualAssignmentMs,
    decisions: ['assign', 'close'],
    summary: `No dealer took case ${serviceCase.caseNo} (${p.request.kind}); assign one by hand (data.dealerCode) or close it`,
    context: {
      caseNo: serviceCase.caseNo,
      customerNo: result.customerNo,
      capability: p.request.kind,
      declinedBy: [...result.declinedBy],
    },
  });
  const code = task.completion?.data?.dealerCode;
  if (task.completion?.decision !== 'assign' || typeof code !== 'string') {
    return p.close('no-dealer', `no dealer took the case; closed by ${task.completion?.by}`);
  }
  await assign(p, code, `assigned by hand by ${task.completion.by}`);
  return { code };
}

async function assign(p: ServiceCase, code: string, how: string): Promise<void> {
  await p.crm.assignDealer({ caseId: p.caseRecord.id, dealer: code, processId: p.processId });
  p.dealer(code);
  p.runtime.step('dealer-assigned', `${code}, ${how}`);
}
