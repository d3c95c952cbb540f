import { ServiceCaseEvents, type ServiceCaseResult } from '@throughline/contracts';
import { refusalOf } from '../shared/systems';
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
    // The CRM may still refuse the dealer (its capacity went meanwhile): as if it declined.
    if (
      answer?.event === ServiceCaseEvents.dealerAccepted &&
      (await assign(p, dealer.code, `accepted by ${answer.by}`))
    ) {
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
    runtime.step(
      !answer
        ? 'dealer-did-not-answer'
        : answer.event === ServiceCaseEvents.dealerAccepted
          ? 'dealer-refused-by-crm'
          : 'dealer-declined',
      dealer.code,
    );
  }

  // Nobody left: a person assigns by hand, and is asked again when the CRM refuses the choice.
  p.dealer(undefined);
  p.stage('awaiting-manual-assignment');
  let refused: string | undefined;
  for (;;) {
    const task = await runtime.ask({
      kind: 'assign-dealer',
      role: 'service-manager',
      escalateTo: 'ops',
      dueInMs: policy.manualAssignmentMs,
      decisions: ['assign', 'close'],
      summary: `No dealer took case ${serviceCase.caseNo} (${p.request.kind}); assign one by hand (data.dealerCode) or close it${refused ? ` (${refused})` : ''}`,
      context: {
        caseNo: serviceCase.caseNo,
        customerNo: result.customerNo,
        capability: p.request.kind,
        declinedBy: [...result.declinedBy],
        ...(refused ? { refused } : {}),
      },
    });
    const { completion } = task;
    if (completion?.decision !== 'assign') {
      return p.close('no-dealer', `no dealer took the case; closed by ${completion?.by}`);
    }
    const code = completion.data?.dealerCode;
    if (typeof code !== 'string') {
      refused = 'assign needs data.dealerCode';
    } else if (await assign(p, code, `assigned by hand by ${completion.by}`)) {
      return { code };
    } else {
      refused = `the CRM refused dealer ${code}`;
    }
    runtime.step('assignment-refused', refused);
  }
}

/** Gives the case to the dealer; false when the CRM refuses it (unknown, full, unfit). */
async function assign(p: ServiceCase, code: string, how: string): Promise<boolean> {
  try {
    await p.crm.assignDealer({ caseId: p.caseRecord.id, dealer: code, processId: p.processId });
  } catch (error) {
    if (refusalOf(error)) return false;
    throw error;
  }
  p.dealer(code);
  p.runtime.step('dealer-assigned', `${code}, ${how}`);
  return true;
}
